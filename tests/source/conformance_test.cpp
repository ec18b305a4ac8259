// Source conformance: one suite of cases written against the Source interface only (source.h), run for
// every implementation. Answers are checked against the core's own, computed here from the same corpus
// (the reference engine), so a pack-backed or a remote source is held to exactly what the JSON one does.
// A new implementation is one more line in INSTANTIATE_TEST_SUITE_P at the bottom.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "core/entities.h"
#include "core/facets.h"
#include "core/index.h"
#include "core/timeline.h"
#include "source/local_source.h"

namespace lede {
namespace {

std::string SampleBytes() {
  std::ifstream in(LEDE_SOURCE_DIR "/assets/corpus.json", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The core's answers for the sample corpus, computed once.
struct Reference {
  Corpus corpus;
  LoadReport report;
  Index index;
  FacetIndex facets;
  EntityTable table;
  Reference() {
    LoadCorpus(SampleBytes(), &corpus, &report);
    index.Build(corpus);
    facets.Build(corpus);
    EntityExtractor ex;
    std::vector<ArticleMentions> mentions;
    for (const Article& a : corpus.articles) mentions.push_back(ex.Extract(a));
    ex.Harmonize(&mentions);
    table.Build(corpus, mentions, EntitySource::kBoth, Corrections{}, &ex);
  }
  Selection Sel(const Filter& f, SortOrder sort = SortOrder::kRelevance) const { return Select(index, facets, f, sort, &table); }
  std::vector<std::string> Ids(const std::vector<uint32_t>& docs, size_t from, size_t n) const {
    std::vector<std::string> out;
    for (size_t i = from; i < docs.size() && i < from + n; ++i) out.push_back(corpus.articles[docs[i]].id);
    return out;
  }
};
const Reference& Ref() {
  static const Reference* ref = new Reference();
  return *ref;
}

// A source over the sample corpus, ready (read, indexed, entities extracted).
struct SourceMaker {
  const char* name;
  std::function<std::unique_ptr<Source>()> make;
};

std::unique_ptr<Source> LocalJson() {
  auto src = std::make_unique<LocalSource>();
  src->Open(SampleBytes(), "assets/corpus.json", 0);
  src->Finish();
  return src;
}

class SourceConformance : public ::testing::TestWithParam<SourceMaker> {
 protected:
  void SetUp() override { src = GetParam().make(); }

  // Polls until the reply with this ticket comes out; every other reply of the same kind is kept in seen.
  template <class R> R Await(Ticket t, std::vector<R> SourceReplies::*field) {
    for (int i = 0; i < 100000; ++i) {
      SourceReplies r;
      src->Poll(10, &r);
      std::optional<R> found;
      for (R& x : r.*field) {
        seen.push_back(x.ticket);
        if (x.ticket == t) found = std::move(x);
      }
      if (found) return *found;
    }
    ADD_FAILURE() << "no reply for ticket " << t;
    return R{};
  }
  ExploreReply Explore(const ExploreRequest& r) { return Await(src->Explore(r), &SourceReplies::explore); }
  ExploreRequest Query(const std::string& q, size_t rows = 10, SortOrder sort = SortOrder::kRelevance) {
    ExploreRequest r;
    r.filter.query = q;
    r.row_count = rows;
    r.sort = sort;
    return r;
  }

  std::unique_ptr<Source> src;
  std::vector<Ticket> seen;
};

std::vector<std::string> RowIds(const ExploreReply& r) {
  std::vector<std::string> out;
  for (const ArticleSummary& a : r.rows) out.push_back(a.id);
  return out;
}

TEST_P(SourceConformance, StatusDescribesTheCorpus) {
  const SourceStatus& st = src->status();
  ASSERT_EQ(st.phase, SourcePhase::kReady) << st.error;
  EXPECT_EQ(st.articles, Ref().corpus.articles.size());
  EXPECT_EQ(st.progress, 1.0f);
  EXPECT_TRUE(st.has_cjk);
  EXPECT_EQ(st.report.articles_loaded, Ref().report.articles_loaded);
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (int64_t t : Ref().index.doc_dates())
    if (t != INT64_MIN) { lo = std::min(lo, t); hi = std::max(hi, t); }
  EXPECT_EQ(st.first_date, lo);
  EXPECT_EQ(st.last_date, hi);
  EXPECT_EQ(st.entity_phase, EntityPhase::kReady);
  EXPECT_GT(st.entities, 50u);
  EXPECT_FALSE(st.spark_starts.empty());
  EXPECT_EQ(src->HasArticle("lede-sample-049"), 1);
  EXPECT_EQ(src->HasArticle("no-such-article"), 0);
}

TEST_P(SourceConformance, QueryTotalsAndFirstRowsMatchTheCore) {
  for (const char* q : {"", "wuzhen", "internet governance", "\"domain name\"", "postel OR cerf", "date:2014..2018",
                        "-internet", "互联网", "entity:\"Jon Postel\""}) {
    for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
      Filter f;
      f.query = q;
      const Selection sel = Ref().Sel(f, sort);
      const ExploreReply r = Explore(Query(q, 12, sort));
      SCOPED_TRACE(std::string("query ") + q + " sort " + std::to_string(int(sort)));
      EXPECT_TRUE(r.error.empty()) << r.error;
      EXPECT_EQ(r.total, sel.ranked.size());
      EXPECT_TRUE(r.total_exact);
      EXPECT_EQ(RowIds(r), Ref().Ids(sel.ranked, 0, 12));
      EXPECT_EQ(r.highlight_terms, sel.search.highlight_terms);
      for (size_t i = 0; i < r.rows.size(); ++i) {
        const Article& a = Ref().corpus.articles[sel.ranked[i]];
        EXPECT_EQ(r.rows[i].title, a.title);
        EXPECT_EQ(r.rows[i].date.utc, a.date.utc);
        if (sort == SortOrder::kRelevance && i > 0 && !sel.search.highlight_terms.empty()) {
          EXPECT_LE(r.rows[i].score, r.rows[i - 1].score);
        }
      }
    }
  }
}

TEST_P(SourceConformance, RowsComeInPagesAndSnippetsHighlightTheQuery) {
  ExploreRequest all = Query("internet", 30);
  const ExploreReply whole = Explore(all);
  ASSERT_GE(whole.total, 30u);
  ExploreRequest second = Query("internet", 10);
  second.row_offset = 10;
  second.rows_only = true;
  const ExploreReply page = Explore(second);
  EXPECT_EQ(page.row_offset, 10u);
  EXPECT_EQ(page.total, whole.total);
  ASSERT_EQ(page.rows.size(), 10u);
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(page.rows[i].id, whole.rows[10 + i].id);
  EXPECT_TRUE(page.buckets.empty() && page.facets[kFacetLang].empty()) << "rows_only answers rows only";
  size_t highlighted = 0;  // a row matching in its title only has a snippet without highlights
  for (const ArticleSummary& a : whole.rows) {
    ASSERT_FALSE(a.snippet.text.empty()) << a.id;
    highlighted += !a.snippet.highlights.empty();
    for (const Range& h : a.snippet.highlights) {
      ASSERT_LE(h.end, a.snippet.text.size());
      EXPECT_EQ(FoldName(a.snippet.text.substr(h.start, h.end - h.start)).substr(0, 5), "inter") << a.id;
    }
  }
  EXPECT_GT(highlighted, whole.rows.size() / 2);
  ExploreRequest past = Query("internet", 10);
  past.row_offset = whole.total + 5;
  EXPECT_TRUE(Explore(past).rows.empty()) << "a page past the end is empty";
  // The row of a given article in the list.
  ExploreRequest locate = Query("internet", 1);
  locate.locate_id = whole.rows[7].id;
  EXPECT_EQ(Explore(locate).located_row, 7);
  locate.locate_id = "no-such-article";
  EXPECT_EQ(Explore(locate).located_row, -1);
}

TEST_P(SourceConformance, FacetCountsFollowTheCrossfilter) {
  ExploreRequest r = Query("");
  r.filter.facets.push_back({kFacetLang, "zh", false});
  r.filter.facets.push_back({kFacetTag, "governance", true});
  const ExploreReply reply = Explore(r);
  const Selection sel = Ref().Sel(r.filter);
  EXPECT_EQ(reply.total, sel.count);
  for (int k = 0; k < kFacetCount; ++k) {
    const auto& values = Ref().facets.facets[k].values;
    ASSERT_EQ(reply.facets[k].size(), values.size());
    for (size_t v = 0; v < values.size(); ++v) {
      EXPECT_EQ(reply.facets[k][v].value, values[v]);
      EXPECT_EQ(reply.facets[k][v].count, sel.facet_counts[k][v]) << FacetName(FacetKind(k)) << ":" << values[v];
    }
  }
  // Crossfilter: the language facet counts other languages too (its own choice does not narrow it).
  uint32_t langs = 0;
  for (const FacetValueCount& c : reply.facets[kFacetLang]) langs += c.count > 0;
  EXPECT_GT(langs, 1u);
}

TEST_P(SourceConformance, TimelineBucketsAndTheFocusedEntitysSeries) {
  ExploreRequest r = Query("internet");
  r.filter.from = ParseDate("2000-01-01")->utc;
  r.filter.to = ParseDate("2010-01-01")->utc;
  r.view_from = ParseDate("1960-01-01")->utc;
  r.view_to = ParseDate("2025-01-01")->utc;
  r.granularity = Granularity::kYear;
  r.focus_entity = "Jon Postel";
  const ExploreReply reply = Explore(r);
  const Selection sel = Ref().Sel(r.filter);
  const auto expected = Histogram(Ref().index.doc_dates(), &sel.timeline, r.view_from, r.view_to, r.granularity);
  ASSERT_EQ(reply.buckets.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(reply.buckets[i].start, expected[i].start);
    EXPECT_EQ(reply.buckets[i].total, expected[i].total);
    EXPECT_EQ(reply.buckets[i].selected, expected[i].selected) << "the timeline ignores its own date range";
  }
  ASSERT_EQ(reply.entity_buckets.size(), expected.size());
  uint32_t postel = 0;
  for (const Bucket& b : reply.entity_buckets) postel += b.selected;
  const int id = Ref().table.Find("Jon Postel");
  ASSERT_GE(id, 0);
  size_t dated = 0;
  for (uint32_t d : Ref().table.entities[size_t(id)].docs) dated += Ref().index.DocDate(d) != INT64_MIN;
  EXPECT_EQ(postel, dated);
  r.view_to = r.view_from;
  EXPECT_TRUE(Explore(r).buckets.empty()) << "no span, no buckets";
}

TEST_P(SourceConformance, ArticleByIdWithMatchesAndMentions) {
  const ExploreReply top = Explore(Query("postel", 1));
  ASSERT_EQ(top.rows.size(), 1u);
  const std::string id = top.rows[0].id;
  const ArticleReply a = Await(src->Article({id, "postel"}), &SourceReplies::article);
  ASSERT_TRUE(a.found) << a.error;
  const Article* ref = nullptr;
  for (const Article& x : Ref().corpus.articles)
    if (x.id == id) ref = &x;
  ASSERT_NE(ref, nullptr);
  EXPECT_EQ(a.id, id);
  EXPECT_EQ(a.title, ref->title);
  EXPECT_EQ(a.text, ref->text);
  EXPECT_EQ(a.tags, ref->tags);
  EXPECT_EQ(a.date.utc, ref->date.utc);
  ASSERT_FALSE(a.text_matches.size() + a.title_matches.size() == 0);
  for (const Range& m : a.text_matches) EXPECT_EQ(FoldName(a.text.substr(m.start, m.end - m.start)), "postel");
  ASSERT_FALSE(a.mentions.empty());
  bool postel = false;
  for (const ArticleMention& m : a.mentions) {
    const std::string& field = m.in_title ? a.title : a.text;
    ASSERT_LE(m.end, field.size());
    postel |= m.entity == "Jon Postel" && m.type == EntityType::kPerson && m.entity_articles > 0;
  }
  EXPECT_TRUE(postel);
  const ArticleReply plain = Await(src->Article({id, ""}), &SourceReplies::article);
  EXPECT_TRUE(plain.text_matches.empty() && plain.title_matches.empty()) << "no query, no matches";
  const ArticleReply missing = Await(src->Article({"no-such-article", ""}), &SourceReplies::article);
  EXPECT_FALSE(missing.found);
  EXPECT_NE(missing.error.find("no-such-article"), std::string::npos) << missing.error;
}

TEST_P(SourceConformance, EntityRowsDetailsAndLists) {
  ExploreRequest r = Query("postel", 5);
  r.want_entities = true;
  const ExploreReply reply = Explore(r);
  ASSERT_TRUE(reply.entities_included);
  ASSERT_FALSE(reply.entities.empty());
  const EntityRow* row = nullptr;
  for (const EntityRow& e : reply.entities) {
    EXPECT_GT(e.articles, 0u) << e.name;
    EXPECT_LE(e.articles, reply.total) << e.name;
    EXPECT_EQ(e.sparkline.size(), src->status().spark_starts.size());
    if (e.name == "Jon Postel") row = &e;
  }
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->articles, reply.total) << "every article matching postel names him";
  size_t listed = 0;
  for (const EntityRow& e : reply.entities) listed += !e.hidden;
  EXPECT_EQ(reply.entities_listed, listed);

  EntityRequest q;
  q.name = "jon postel";  // any case
  q.with_selection = true;
  q.filter.query = "postel";
  const EntityReply d = Await(src->Entity(q), &SourceReplies::entity);
  ASSERT_TRUE(d.found);
  EXPECT_EQ(d.name, "Jon Postel");
  EXPECT_EQ(d.articles, Ref().table.entities[size_t(Ref().table.Find("Jon Postel"))].docs.size());
  EXPECT_EQ(d.selected, reply.total);
  EXPECT_FALSE(d.cooccurring.empty());
  EXPECT_FALSE(Await(src->Entity({"Nobody Anybody Ever", false, {}, 10}), &SourceReplies::entity).found);

  EntityListRequest l;
  l.limit = 5;
  const EntityListReply top = Await(src->Entities(l), &SourceReplies::entity_list);
  ASSERT_EQ(top.rows.size(), 5u);
  for (size_t i = 1; i < top.rows.size(); ++i) EXPECT_GE(top.rows[i - 1].articles, top.rows[i].articles);
  EXPECT_EQ(top.rows[0].name, "United States");
  l.contains = "postel";
  l.limit = 0;
  const EntityListReply found = Await(src->Entities(l), &SourceReplies::entity_list);
  ASSERT_FALSE(found.rows.empty());
  for (const EntityListRow& e : found.rows) EXPECT_NE(FoldName(e.name).find("postel"), std::string::npos) << e.name;
}

TEST_P(SourceConformance, CorrectionsRebuildTheTable) {
  const uint64_t before = src->status().data_version;
  CorrectRequest c;
  Correction hide;
  hide.op = Correction::Op::kHide;
  hide.name = "Geneva";
  c.corrections.ops.push_back(hide);
  const CorrectReply done = Await(src->Correct(c), &SourceReplies::correct);
  EXPECT_TRUE(done.applied);
  EXPECT_GT(src->status().data_version, before) << "answers may have changed: the app asks again";
  EXPECT_TRUE(Await(src->Entity({"Geneva", false, {}, 10}), &SourceReplies::entity).hidden);
  c.corrections.ops.clear();
  Await(src->Correct(c), &SourceReplies::correct);
  EXPECT_FALSE(Await(src->Entity({"Geneva", false, {}, 10}), &SourceReplies::entity).hidden);
}

TEST_P(SourceConformance, SupersededTicketsAreNeverAnswered) {
  const Ticket first = src->Explore(Query("wuzhen"));
  const Ticket second = src->Explore(Query("wuzhen conference"));
  const Ticket article = src->Article({"lede-sample-049", ""});
  EXPECT_NE(first, 0u);
  EXPECT_NE(first, second);
  EXPECT_NE(second, article);
  src->Cancel(first);
  src->Cancel(article);
  src->Cancel(987654321);  // unknown: ignored
  const ExploreReply r = Await(second, &SourceReplies::explore);
  EXPECT_EQ(r.ticket, second);
  for (int i = 0; i < 5; ++i) {  // and nothing later either
    SourceReplies more;
    src->Poll(10, &more);
    for (const auto& e : more.explore) seen.push_back(e.ticket);
    for (const auto& a : more.article) seen.push_back(a.ticket);
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), first), 0);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), article), 0);
  // Replies of several requests come out in request order.
  const Ticket a = src->Explore(Query("a")), b = src->Explore(Query("b"));
  SourceReplies both;
  for (int i = 0; i < 1000 && both.explore.size() < 2; ++i) src->Poll(10, &both);
  ASSERT_EQ(both.explore.size(), 2u);
  EXPECT_EQ(both.explore[0].ticket, a);
  EXPECT_EQ(both.explore[1].ticket, b);
}

TEST_P(SourceConformance, BadQueriesSayWhatWasWrongAndRunTheRest) {
  const ExploreReply r = Explore(Query("(wuzhen OR tencent"));
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors[0].find("parenthes"), std::string::npos) << r.errors[0];
  EXPECT_GT(r.total, 0u);
  const ExploreReply unknown = Explore(Query("nosuchfield:x wuzhen"));
  EXPECT_FALSE(unknown.errors.empty());
  EXPECT_TRUE(Explore(Query("zzzzqqqq")).rows.empty());
}

INSTANTIATE_TEST_SUITE_P(Sources, SourceConformance, ::testing::Values(SourceMaker{"LocalJson", &LocalJson}),
                         [](const ::testing::TestParamInfo<SourceMaker>& p) { return std::string(p.param.name); });

}  // namespace

// Not part of the conformance suite (only a LocalSource can be caught half-loaded): requests made while
// the corpus is still read are answered once it is ready; a broken corpus answers with its error.
TEST(LocalSource, RequestsWaitForTheIndexAndFailuresAreAnswered) {
  LocalSource src;
  ASSERT_TRUE(src.Open(SampleBytes(), "sample", 0));
  EXPECT_EQ(src.HasArticle("lede-sample-049"), -1) << "not known before the ids are read";
  const Ticket t = src.Explore({});
  SourceReplies r;
  bool answered = false;
  for (int i = 0; i < 100000 && !answered; ++i) {
    src.Poll(1, &r);
    if (!r.explore.empty()) {
      answered = true;
      EXPECT_EQ(src.status().phase, SourcePhase::kReady) << "answered only once ready";
    }
  }
  ASSERT_TRUE(answered);
  EXPECT_EQ(r.explore[0].ticket, t);
  EXPECT_EQ(r.explore[0].total, src.status().articles);

  LocalSource broken;
  EXPECT_FALSE(broken.Open("{\"articles\": [ {,] }", "broken.json", 0));
  EXPECT_EQ(broken.status().phase, SourcePhase::kFailed);
  const Ticket e = broken.Explore({});
  SourceReplies b;
  broken.Poll(1, &b);
  ASSERT_EQ(b.explore.size(), 1u);
  EXPECT_EQ(b.explore[0].ticket, e);
  EXPECT_NE(b.explore[0].error.find("line 1"), std::string::npos) << b.explore[0].error;
}

}  // namespace lede
