// date.h: calendar dates for the corpus, in UTC. No UI, no dependencies.
// ParseDate accepts YYYY, YYYY-MM, YYYY-MM-DD, ISO-8601 date-times with or without a zone, and RFC 2822
// (as in RSS). Times are UNIX seconds (UTC); an input with a zone offset is converted to UTC, one without a
// zone is taken as UTC. FormatDate prints a date back at the precision it was given.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lede {

enum class DatePrecision : uint8_t { kNone, kYear, kMonth, kDay, kTime };

struct Date {
  int64_t utc = 0;  // seconds since 1970-01-01T00:00:00Z; start of the period for coarse dates
  DatePrecision precision = DatePrecision::kNone;
  bool valid() const { return precision != DatePrecision::kNone; }
};

struct CivilDate { int year; int month; int day; };

// Days since 1970-01-01 for a proleptic Gregorian date, and back. The algorithms are Howard Hinnant's
// "days_from_civil" / "civil_from_days" (https://howardhinnant.github.io/date_algorithms.html).
int64_t DaysFromCivil(int year, int month, int day);
CivilDate CivilFromDays(int64_t days);
int DaysInMonth(int year, int month);

// Returns nullopt when text is not one of the accepted forms, names an impossible date (2021-02-30), or
// lies outside the years 0000..9999 once converted to UTC (FormatDate could not print it back).
std::optional<Date> ParseDate(std::string_view text);

// "2020-11-24", "2020-11", "2020" or "2020-11-24 09:30" (UTC), matching d.precision.
std::string FormatDate(const Date& d);

// "2020-11-24" for a UNIX time (UTC).
inline std::string FormatDay(int64_t t) { return FormatDate({t, DatePrecision::kDay}); }

}  // namespace lede
