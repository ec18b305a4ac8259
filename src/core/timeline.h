// timeline.h: calendar buckets for the timeline, computed in UTC. No UI.
//
//   Granularity g = ChooseGranularity(view_to - view_from);          // day, week, month or year
//   std::vector<Bucket> bars = Histogram(dates, &filtered, from, to, g);
//
// Weeks start on Monday (ISO 8601). Months and years follow the proleptic Gregorian calendar, so month
// lengths and leap years are exact. A date is a UNIX time in seconds (see date.h; inputs with a zone have
// already been converted to UTC); INT64_MIN means undated and is never counted.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace lede {

enum class Granularity : uint8_t { kDay, kWeek, kMonth, kYear };
const char* GranularityName(Granularity g);  // "day", "week", "month", "year"

// Start of the bucket holding t, and the start of the next bucket.
int64_t BucketStart(int64_t t, Granularity g);
int64_t NextBucket(int64_t start, Granularity g);

// The finest granularity that shows [from, to) in at most max_buckets bars.
Granularity ChooseGranularity(int64_t span_seconds, int max_buckets = 160);

// Short label for a bucket: "2020", "Nov 2020", "24 Nov 2020", "week of 23 Nov 2020".
std::string BucketLabel(int64_t start, Granularity g);

struct Bucket {
  int64_t start, end;   // [start, end)
  uint32_t total;       // articles dated in the bucket
  uint32_t selected;    // of those, how many are in the selection bitset
};

// Buckets covering [from, to) (the first starts at or before from). selection: bitset over documents
// (bit d of word d / 64), or null to count every dated article as selected.
std::vector<Bucket> Histogram(const std::vector<int64_t>& dates, const std::vector<uint64_t>* selection,
                              int64_t from, int64_t to, Granularity g);

}  // namespace lede
