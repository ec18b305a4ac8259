// timeline.cpp: calendar bucketing (see timeline.h). Uses date.h's civil-date conversions.
#include "core/timeline.h"

#include <algorithm>
#include <cstdio>

#include "core/date.h"

namespace lede {

namespace {
constexpr int64_t kDay = 86400;
int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
}  // namespace

const char* GranularityName(Granularity g) {
  static const char* kNames[] = {"day", "week", "month", "year"};
  return kNames[int(g)];
}

int64_t BucketStart(int64_t t, Granularity g) {
  const int64_t days = FloorDiv(t, kDay);
  switch (g) {
    case Granularity::kDay: return days * kDay;
    case Granularity::kWeek: {
      const int64_t since_monday = (days + 3) - FloorDiv(days + 3, 7) * 7;  // 1970-01-05 was a Monday
      return (days - since_monday) * kDay;
    }
    case Granularity::kMonth: {
      const CivilDate c = CivilFromDays(days);
      return DaysFromCivil(c.year, c.month, 1) * kDay;
    }
    case Granularity::kYear: return DaysFromCivil(CivilFromDays(days).year, 1, 1) * kDay;
  }
  return t;
}

int64_t NextBucket(int64_t start, Granularity g) {
  switch (g) {
    case Granularity::kDay: return start + kDay;
    case Granularity::kWeek: return start + 7 * kDay;
    case Granularity::kMonth: {
      const CivilDate c = CivilFromDays(FloorDiv(start, kDay));
      return DaysFromCivil(c.month == 12 ? c.year + 1 : c.year, c.month % 12 + 1, 1) * kDay;
    }
    case Granularity::kYear: return DaysFromCivil(CivilFromDays(FloorDiv(start, kDay)).year + 1, 1, 1) * kDay;
  }
  return start + kDay;
}

Granularity ChooseGranularity(int64_t span, int max_buckets) {
  if (span <= int64_t(max_buckets) * kDay) return Granularity::kDay;
  if (span <= int64_t(max_buckets) * 7 * kDay) return Granularity::kWeek;
  if (span <= int64_t(max_buckets) * 31 * kDay) return Granularity::kMonth;
  return Granularity::kYear;
}

std::string BucketLabel(int64_t start, Granularity g) {
  const CivilDate c = CivilFromDays(FloorDiv(start, kDay));
  char buf[48];
  switch (g) {
    case Granularity::kYear: std::snprintf(buf, sizeof buf, "%d", c.year); break;
    case Granularity::kMonth: std::snprintf(buf, sizeof buf, "%s %d", kMonths[c.month - 1], c.year); break;
    case Granularity::kWeek: std::snprintf(buf, sizeof buf, "week of %d %s %d", c.day, kMonths[c.month - 1], c.year); break;
    case Granularity::kDay: std::snprintf(buf, sizeof buf, "%d %s %d", c.day, kMonths[c.month - 1], c.year); break;
  }
  return buf;
}

std::vector<Bucket> Histogram(const std::vector<int64_t>& dates, const std::vector<uint64_t>* selection,
                              int64_t from, int64_t to, Granularity g) {
  std::vector<Bucket> out;
  if (from >= to) return out;
  for (int64_t s = BucketStart(from, g); s < to && out.size() < 100000; s = NextBucket(s, g))
    out.push_back({s, NextBucket(s, g), 0, 0});
  if (out.empty()) return out;
  const int64_t lo = out.front().start, hi = out.back().end;
  for (size_t d = 0; d < dates.size(); ++d) {
    const int64_t t = dates[d];
    if (t == INT64_MIN || t < lo || t >= hi) continue;
    // Buckets are sorted: binary search by start.
    auto it = std::upper_bound(out.begin(), out.end(), t, [](int64_t x, const Bucket& b) { return x < b.start; });
    Bucket& b = *(it - 1);
    ++b.total;
    if (!selection || ((*selection)[d >> 6] >> (d & 63)) & 1) ++b.selected;
  }
  return out;
}

}  // namespace lede
