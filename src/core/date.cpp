// date.cpp: date parsing for corpus files. See date.h for the accepted forms.
#include "core/date.h"

#include <cctype>
#include <cstdio>

namespace lede {

int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = int(doy - (153 * mp + 2) / 5 + 1);
  const int m = int(mp < 10 ? mp + 3 : mp - 9);
  return {int(yoe + era * 400 + (m <= 2)), m, d};
}

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

namespace {

// A tiny cursor over the input; every Read* returns false and leaves the cursor where it was on failure.
struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool Done() const { return i >= s.size(); }
  char Peek() const { return i < s.size() ? s[i] : '\0'; }
  bool Eat(char c) { if (Peek() != c) return false; ++i; return true; }
  void SkipSpaces() { while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i; }
  bool Digits(int count, int* out) {
    if (i + size_t(count) > s.size()) return false;
    int v = 0;
    for (int k = 0; k < count; ++k) {
      const char c = s[i + size_t(k)];
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
      v = v * 10 + (c - '0');
    }
    i += size_t(count);
    *out = v;
    return true;
  }
  // 1 or 2 digits (RFC 2822 days).
  bool SmallNumber(int* out) {
    if (!Digits(1, out)) return false;
    int second;
    size_t save = i;
    if (Digits(1, &second)) *out = *out * 10 + second; else i = save;
    return true;
  }
  bool Word(std::string* out) {
    size_t start = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    *out = std::string(s.substr(start, i - start));
    return i > start;
  }
};

bool ValidDay(int y, int m, int d) { return m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m); }

// HH:MM[:SS[.fraction]] -> seconds of the day.
bool ReadTime(Cursor& c, int64_t* seconds) {
  int h, mi, sec = 0;
  if (!c.Digits(2, &h) || !c.Eat(':') || !c.Digits(2, &mi)) return false;
  if (c.Eat(':')) {
    if (!c.Digits(2, &sec)) return false;
    if (c.Eat('.') || c.Eat(',')) {
      int digit;
      if (!c.Digits(1, &digit)) return false;
      while (c.Digits(1, &digit)) {}
    }
  }
  if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi || sec))) return false;
  *seconds = int64_t(h) * 3600 + mi * 60 + (sec == 60 ? 59 : sec);  // leap second clamps
  return true;
}

// Z, +HH:MM, +HHMM, +HH -> offset east of UTC in seconds.
bool ReadIsoZone(Cursor& c, int64_t* offset) {
  if (c.Eat('Z') || c.Eat('z')) { *offset = 0; return true; }
  const char sign = c.Peek();
  if (sign != '+' && sign != '-') return false;
  ++c.i;
  int h, m = 0;
  if (!c.Digits(2, &h)) return false;
  if (c.Eat(':')) { if (!c.Digits(2, &m)) return false; }
  else { size_t save = c.i; if (!c.Digits(2, &m)) c.i = save; }
  if (h > 23 || m > 59) return false;
  *offset = (sign == '-' ? -1 : 1) * (int64_t(h) * 3600 + m * 60);
  return true;
}

std::optional<Date> ParseIso(std::string_view text) {
  Cursor c{text};
  int y, m = 1, d = 1;
  if (!c.Digits(4, &y)) return std::nullopt;
  Date out;
  out.precision = DatePrecision::kYear;
  if (c.Eat('-')) {
    if (!c.Digits(2, &m)) return std::nullopt;
    out.precision = DatePrecision::kMonth;
    if (c.Eat('-')) {
      if (!c.Digits(2, &d)) return std::nullopt;
      out.precision = DatePrecision::kDay;
    }
  }
  if (m < 1 || m > 12 || !ValidDay(y, m, d)) return std::nullopt;
  int64_t seconds = 0, offset = 0;
  if (out.precision == DatePrecision::kDay && (c.Eat('T') || c.Eat('t') || c.Eat(' '))) {
    if (!ReadTime(c, &seconds)) return std::nullopt;
    out.precision = DatePrecision::kTime;
    c.SkipSpaces();
    if (!c.Done() && !ReadIsoZone(c, &offset)) return std::nullopt;
  }
  if (!c.Done()) return std::nullopt;
  out.utc = DaysFromCivil(y, m, d) * 86400 + seconds - offset;
  return out;
}

int MonthFromName(const std::string& w) {
  static const char* kNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() < 3) return 0;
  std::string low;
  for (char ch : w.substr(0, 3)) low += char(std::tolower(static_cast<unsigned char>(ch)));
  for (int k = 0; k < 12; ++k)
    if (low == kNames[k]) return k + 1;
  return 0;
}

// RFC 2822 section 3.3: [day-of-week ","] day month year hour ":" minute [":" second] zone.
// Obsolete zones (UT, GMT, EST ... PDT, military letters) per section 4.3 are accepted.
std::optional<Date> ParseRfc2822(std::string_view text) {
  Cursor c{text};
  c.SkipSpaces();
  std::string word;
  size_t save = c.i;
  if (c.Word(&word)) {
    c.SkipSpaces();
    if (!c.Eat(',')) return std::nullopt;
    c.SkipSpaces();
  } else {
    c.i = save;
  }
  int d, y;
  if (!c.SmallNumber(&d)) return std::nullopt;
  c.SkipSpaces();
  if (!c.Word(&word)) return std::nullopt;
  const int m = MonthFromName(word);
  if (m == 0) return std::nullopt;
  c.SkipSpaces();
  if (!c.Digits(4, &y)) {
    int yy;
    if (!c.Digits(2, &yy)) return std::nullopt;
    y = yy < 50 ? 2000 + yy : 1900 + yy;  // RFC 2822 section 4.3
  }
  if (!ValidDay(y, m, d)) return std::nullopt;
  Date out;
  out.precision = DatePrecision::kDay;
  int64_t seconds = 0, offset = 0;
  c.SkipSpaces();
  if (!c.Done()) {
    if (!ReadTime(c, &seconds)) return std::nullopt;
    out.precision = DatePrecision::kTime;
    c.SkipSpaces();
    if (c.Peek() == '+' || c.Peek() == '-') {
      if (!ReadIsoZone(c, &offset)) return std::nullopt;
    } else if (c.Word(&word)) {
      static const struct { const char* name; int hours; } kZones[] = {
          {"UT", 0}, {"UTC", 0}, {"GMT", 0}, {"Z", 0}, {"EST", -5}, {"EDT", -4}, {"CST", -6},
          {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
      bool known = false;
      for (const auto& z : kZones)
        if (word == z.name) { offset = int64_t(z.hours) * 3600; known = true; }
      if (!known) return std::nullopt;
    }
    c.SkipSpaces();
    if (!c.Done()) return std::nullopt;
  }
  out.utc = DaysFromCivil(y, m, d) * 86400 + seconds - offset;
  return out;
}

// A zone offset can carry a date out of the four-digit years ("0000-01-01T00:00+01:00" is in year -1):
// such a date could not be printed back (FormatDate writes YYYY), so it is refused like any other.
std::optional<Date> InFourDigitYears(std::optional<Date> d) {
  if (d && (d->utc < DaysFromCivil(0, 1, 1) * 86400 || d->utc >= DaysFromCivil(10000, 1, 1) * 86400)) return std::nullopt;
  return d;
}

}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(text[0])) && text.size() >= 4 &&
      std::isdigit(static_cast<unsigned char>(text[3]))) {
    if (auto iso = ParseIso(text)) return InFourDigitYears(iso);
  }
  return InFourDigitYears(ParseRfc2822(text));
}

std::string FormatDate(const Date& d) {
  if (!d.valid()) return "";
  const int64_t days = d.utc >= 0 ? d.utc / 86400 : (d.utc - 86399) / 86400;
  const CivilDate c = CivilFromDays(days);
  char buf[32];
  switch (d.precision) {
    case DatePrecision::kYear: std::snprintf(buf, sizeof buf, "%04d", c.year); break;
    case DatePrecision::kMonth: std::snprintf(buf, sizeof buf, "%04d-%02d", c.year, c.month); break;
    case DatePrecision::kDay: std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day); break;
    default: {
      const int64_t sec = d.utc - days * 86400;
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, int(sec / 3600),
                    int(sec / 60 % 60));
    }
  }
  return buf;
}

}  // namespace lede
