// tests/fuzz/date.cpp: the date parser (core/date.h) on arbitrary strings.
//
// Oracle: a date ParseDate accepts formats back (FormatDate) to text that ParseDate reads again as the
// same date at the same precision: exactly for years, months and days, to the minute for times (FormatDate
// prints no seconds). Coarse dates start their period (a year on January 1, a month on its 1st, a day at
// midnight UTC). DaysFromCivil and CivilFromDays invert each other on the parsed day.
//
// fuzz: -max_len=64
// seeds: dates
#include "core/date.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using lede::DatePrecision;
  using lede::fuzz::Printable;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<lede::Date> d = lede::ParseDate(text);
  if (!d) return 0;
  FUZZ_CHECK(d->valid(), "ParseDate(" << Printable(text) << ") returned a date without precision");
  const int64_t days = d->utc >= 0 ? d->utc / 86400 : (d->utc - 86399) / 86400;
  const lede::CivilDate c = lede::CivilFromDays(days);
  FUZZ_CHECK(lede::DaysFromCivil(c.year, c.month, c.day) == days, "civil round trip of day " << days);
  FUZZ_CHECK(c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= lede::DaysInMonth(c.year, c.month),
             "CivilFromDays(" << days << ") = " << c.year << "-" << c.month << "-" << c.day);
  if (d->precision != DatePrecision::kTime) {
    FUZZ_CHECK(d->utc % 86400 == 0, "a coarse date not at midnight: " << Printable(text));
    FUZZ_CHECK(c.day == 1 || d->precision == DatePrecision::kDay, "a month or year not on the 1st: " << Printable(text));
    FUZZ_CHECK(c.month == 1 || d->precision != DatePrecision::kYear, "a year not in January: " << Printable(text));
  }
  const std::string printed = lede::FormatDate(*d);
  const std::optional<lede::Date> again = lede::ParseDate(printed);
  FUZZ_CHECK(again.has_value(), Printable(text) << " parses, but its formatted form \"" << Printable(printed) << "\" does not");
  FUZZ_CHECK(again->precision == d->precision, Printable(text) << " -> \"" << printed << "\" changes precision");
  const int64_t expected = d->precision == DatePrecision::kTime ? d->utc - ((d->utc % 60) + 60) % 60 : d->utc;
  FUZZ_CHECK(again->utc == expected, Printable(text) << " is " << d->utc << " but \"" << printed << "\" is " << again->utc);
  FUZZ_CHECK(lede::FormatDate(*again) == printed, "formatting is not stable for " << Printable(text));
  return 0;
}
