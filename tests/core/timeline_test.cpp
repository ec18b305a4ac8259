// Tests for core/timeline.h and core/facets.h: calendar buckets and the explorer's combined filter.
#include "core/facets.h"
#include "core/timeline.h"

#include <gtest/gtest.h>

#include "core/date.h"

namespace lede {

static int64_t T(const char* s) { return ParseDate(s)->utc; }
static std::string D(int64_t t) { return FormatDate({t, DatePrecision::kDay}); }

TEST(Timeline, BucketsFollowTheCalendar) {
  EXPECT_EQ(D(BucketStart(T("2020-02-29T23:59:59Z"), Granularity::kMonth)), "2020-02-01");
  EXPECT_EQ(D(NextBucket(T("2020-02-01"), Granularity::kMonth)), "2020-03-01");  // leap February: 29 days
  EXPECT_EQ(NextBucket(T("2020-02-01"), Granularity::kMonth) - T("2020-02-01"), 29 * 86400);
  EXPECT_EQ(NextBucket(T("2021-02-01"), Granularity::kMonth) - T("2021-02-01"), 28 * 86400);
  EXPECT_EQ(NextBucket(T("1900-02-01"), Granularity::kMonth) - T("1900-02-01"), 28 * 86400);  // not leap
  EXPECT_EQ(NextBucket(T("2000-02-01"), Granularity::kMonth) - T("2000-02-01"), 29 * 86400);  // leap
  EXPECT_EQ(D(NextBucket(T("2020-12-01"), Granularity::kMonth)), "2021-01-01");
  EXPECT_EQ(D(BucketStart(T("2020-07-15"), Granularity::kYear)), "2020-01-01");
  EXPECT_EQ(NextBucket(T("2020-01-01"), Granularity::kYear) - T("2020-01-01"), 366 * 86400);
  EXPECT_EQ(D(BucketStart(T("1969-12-31T12:00:00Z"), Granularity::kDay)), "1969-12-31");  // before 1970
}

TEST(Timeline, WeeksStartOnMonday) {
  EXPECT_EQ(D(BucketStart(T("2020-11-24"), Granularity::kWeek)), "2020-11-23");  // Tuesday -> Monday
  EXPECT_EQ(D(BucketStart(T("2020-11-23"), Granularity::kWeek)), "2020-11-23");  // Monday stays
  EXPECT_EQ(D(BucketStart(T("2020-11-29T23:00:00Z"), Granularity::kWeek)), "2020-11-23");  // Sunday night
  EXPECT_EQ(D(BucketStart(T("1970-01-01"), Granularity::kWeek)), "1969-12-29");  // a Thursday
  EXPECT_EQ(D(BucketStart(T("1969-12-28"), Granularity::kWeek)), "1969-12-22");
}

TEST(Timeline, ZonesAreResolvedToUtcBeforeBucketing) {
  // 00:30 in Beijing on 1 December is still 30 November in UTC.
  EXPECT_EQ(D(BucketStart(T("2020-12-01T00:30:00+08:00"), Granularity::kDay)), "2020-11-30");
  EXPECT_EQ(D(BucketStart(T("2020-12-01T00:30:00+08:00"), Granularity::kMonth)), "2020-11-01");
  EXPECT_EQ(D(BucketStart(T("Mon, 30 Nov 2020 22:00:00 -0500"), Granularity::kDay)), "2020-12-01");
}

TEST(Timeline, HistogramCountsTotalAndSelected) {
  const std::vector<int64_t> dates = {T("2020-01-05"), T("2020-01-20"), T("2020-02-10"), INT64_MIN, T("2020-03-31T23:59:59Z"), T("2019-12-31")};
  std::vector<uint64_t> sel = {0};
  sel[0] |= 1u << 1;  // only the second article is selected
  sel[0] |= 1u << 4;
  const auto bars = Histogram(dates, &sel, T("2020-01-01"), T("2020-04-01"), Granularity::kMonth);
  ASSERT_EQ(bars.size(), 3u);
  EXPECT_EQ(bars[0].total, 2u);
  EXPECT_EQ(bars[0].selected, 1u);
  EXPECT_EQ(bars[1].total, 1u);
  EXPECT_EQ(bars[1].selected, 0u);
  EXPECT_EQ(bars[2].total, 1u);  // the last second of March is in March
  EXPECT_EQ(bars[2].selected, 1u);
  EXPECT_EQ(ChooseGranularity(30 * 86400), Granularity::kDay);
  EXPECT_EQ(ChooseGranularity(2 * 365 * 86400), Granularity::kWeek);
  EXPECT_EQ(ChooseGranularity(10LL * 365 * 86400), Granularity::kMonth);
  EXPECT_EQ(ChooseGranularity(55LL * 365 * 86400), Granularity::kYear);
  EXPECT_EQ(BucketLabel(T("2020-11-23"), Granularity::kWeek), "week of 23 Nov 2020");
}

class Explorer : public ::testing::Test {
 protected:
  void SetUp() override {
    auto add = [&](const char* id, const char* title, const char* date, const char* source, const char* lang,
                   std::vector<std::string> tags) {
      Article a;
      a.id = id;
      a.title = title;
      a.text = title;
      a.date = *ParseDate(date);
      a.source = source;
      a.lang = lang;
      a.tags = std::move(tags);
      corpus.articles.push_back(std::move(a));
    };
    add("a", "Internet forum in Wuzhen", "2014-11-19", "Wire", "en", {"governance", "china"});
    add("b", "Internet law", "2017-06-01", "Daily", "en", {"china"});
    add("c", "互联网 大会", "2022-07-12", "Wire", "zh", {"governance"});
    add("d", "Markets and the internet", "2019-05-01", "Review", "en", {});
    add("e", "Weather", "2018-01-01", "Daily", "en", {"weather"});
    index.Build(corpus);
    facets.Build(corpus);
  }
  std::vector<std::string> Ids(const Selection& s) {
    std::vector<std::string> out;
    for (uint32_t d : s.ranked) out.push_back(corpus.articles[d].id);
    std::sort(out.begin(), out.end());
    return out;
  }
  uint32_t Count(const Selection& s, FacetKind k, const char* value) { return s.facet_counts[k][size_t(facets.Find(k, value))]; }
  Corpus corpus;
  Index index;
  FacetIndex facets;
  using V = std::vector<std::string>;
};

TEST_F(Explorer, QueryDatesAndFacetsCombine) {
  Filter f;
  EXPECT_EQ(Ids(Select(index, facets, f, SortOrder::kRelevance)), (V{"a", "b", "c", "d", "e"}));
  f.query = "internet";
  EXPECT_EQ(Ids(Select(index, facets, f, SortOrder::kRelevance)), (V{"a", "b", "d"}));
  f.from = T("2015-01-01");
  EXPECT_EQ(Ids(Select(index, facets, f, SortOrder::kRelevance)), (V{"b", "d"}));
  f.facets.push_back({kFacetTag, "china", false});
  EXPECT_EQ(Ids(Select(index, facets, f, SortOrder::kRelevance)), (V{"b"}));
  f.facets.push_back({kFacetTag, "governance", false});  // values of one facet: OR
  f.query.clear();
  EXPECT_EQ(Ids(Select(index, facets, f, SortOrder::kRelevance)), (V{"b", "c"}));
  f.facets.push_back({kFacetLang, "zh", true});  // facets: AND; excluded values removed
  EXPECT_EQ(Ids(Select(index, facets, f, SortOrder::kRelevance)), (V{"b"}));
}

TEST_F(Explorer, EachViewIgnoresItsOwnFilter) {
  Filter f;
  f.query = "internet";
  f.from = T("2015-01-01");
  f.facets.push_back({kFacetSource, "Wire", false});
  const Selection s = Select(index, facets, f, SortOrder::kRelevance);
  EXPECT_EQ(Ids(s), V{});  // a is from Wire but before 2015
  // The source facet counts under query and dates, not under its own choice: Daily and Review show.
  EXPECT_EQ(Count(s, kFacetSource, "Daily"), 1u);
  EXPECT_EQ(Count(s, kFacetSource, "Review"), 1u);
  EXPECT_EQ(Count(s, kFacetSource, "Wire"), 0u);
  // The timeline counts under query and facets, not the dates: article a, before the range, shows.
  EXPECT_TRUE(TestBit(s.timeline, 0));
  EXPECT_FALSE(TestBit(s.timeline, 1));
  // The language facet counts under all three.
  EXPECT_EQ(Count(s, kFacetLang, "en"), 0u);
}

TEST_F(Explorer, EmptyQueryListsByDate) {
  Filter f;
  auto s = Select(index, facets, f, SortOrder::kRelevance);
  EXPECT_EQ(corpus.articles[s.ranked.front()].id, "c");  // newest first
  s = Select(index, facets, f, SortOrder::kOldest);
  EXPECT_EQ(corpus.articles[s.ranked.front()].id, "a");
  EXPECT_EQ(s.count, 5u);
}

}  // namespace lede

namespace lede {
// Regression (review): a facet's own excluded values narrow its counts, so counts match what a click gives.
TEST_F(Explorer, ExcludedValuesNarrowTheirOwnFacetsCounts) {
  Filter f;
  f.facets.push_back({kFacetTag, "china", true});
  const Selection s = Select(index, facets, f, SortOrder::kRelevance);
  // a has {governance, china}: excluded, so governance counts only c.
  EXPECT_EQ(Count(s, kFacetTag, "governance"), 1u);
  f.facets.push_back({kFacetTag, "governance", false});
  EXPECT_EQ(Select(index, facets, f, SortOrder::kRelevance).count, 1u);
}
}  // namespace lede
