// Tests for core/search.h: BM25 by hand, every query feature, snippets, and the fast top-k paths
// against the exhaustive reference on a generated corpus.
#include "core/search.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>

namespace lede {

namespace {

Corpus Make(std::vector<std::pair<std::string, std::string>> title_text) {
  Corpus c;
  int n = 0;
  for (auto& [title, text] : title_text) {
    Article a;
    a.id = "d" + std::to_string(n++);
    a.title = title;
    a.text = text;
    a.lang = "en";
    c.articles.push_back(std::move(a));
  }
  return c;
}

std::vector<std::string> Ids(const Index& index, const SearchResult& r) {
  std::vector<std::string> out;
  for (const Hit& h : r.hits) out.push_back(index.corpus().articles[h.doc].id);
  return out;
}

// The fast path with this limit returns exactly the exhaustive reference's hits and scores; *fast tells
// whether a fast path ran.
void ExpectFastEqualsExhaustive(const Index& index, const std::string& query, size_t limit, bool* fast) {
  SearchOptions o;
  o.limit = limit;
  SearchResult a = Search(index, query, o);
  o.exhaustive = true;
  SearchResult b = Search(index, query, o);
  *fast = a.fast_path;
  ASSERT_EQ(a.hits.size(), b.hits.size()) << query;
  for (size_t i = 0; i < a.hits.size(); ++i) {
    ASSERT_EQ(a.hits[i].doc, b.hits[i].doc) << query << " rank " << i;
    ASSERT_EQ(a.hits[i].score, b.hits[i].score) << query << " rank " << i;
  }
}

}  // namespace

TEST(Bm25, MatchesAHandComputedExample) {
  // Okapi BM25 with k1 = 1.2, b = 0.75 on one field. N = 3, text lengths 3, 2, 4 (avg 3).
  Corpus c = Make({{"", "apple banana apple"}, {"", "banana cherry"}, {"", "cherry date elderberry fig"}});
  Bm25Params p;
  std::fill(std::begin(p.boost), std::end(p.boost), 0.0f);
  p.boost[kFieldText] = 1.0f;
  Index index;
  index.Build(c, p);
  // apple: df 1, idf = ln(1 + 2.5/1.5) = 0.980829; d0 tf 2, norm 1 -> 0.980829 * 2 * 2.2 / 3.2 = 1.348640
  SearchResult r = Search(index, "apple");
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_NEAR(r.hits[0].score, 1.348640, 1e-4);
  // banana: df 2, idf = ln(1.6) = 0.470004; d0: tf 1, norm 1 -> 0.470004;
  // d1: tf 1, norm 0.25 + 0.75 * 2/3 = 0.75 -> tf~ 1.3333 -> 0.470004 * 1.3333 * 2.2 / 2.5333 = 0.544215
  r = Search(index, "banana");
  ASSERT_EQ(r.hits.size(), 2u);
  EXPECT_EQ(Ids(index, r), (std::vector<std::string>{"d1", "d0"}));
  EXPECT_NEAR(r.hits[0].score, 0.544215, 1e-4);
  EXPECT_NEAR(r.hits[1].score, 0.470004, 1e-4);
}

TEST(Bm25, TitleMatchesOutrankBodyMatches) {
  Corpus c = Make({{"Markets close lower", "Wuzhen was mentioned once in a long story about markets."},
                   {"Wuzhen hosts conference", "A story about the conference and markets."}});
  Index index;
  index.Build(c);
  EXPECT_EQ(Ids(index, Search(index, "wuzhen")), (std::vector<std::string>{"d1", "d0"}));
}

class SearchFeatures : public ::testing::Test {
 protected:
  void SetUp() override {
    c = Make({{"World Internet Conference opens in Wuzhen", "Leaders gathered in Wuzhen, Zhejiang."},
              {"Internet governance forum", "The conference on the world of internet governance."},
              {"E-mail turns forty", "Ray Tomlinson sent the first network email in 1971."},
              {"世界互联网大会在乌镇开幕", "第一届世界互联网大会在浙江乌镇举行。"},
              {"Markets", "Stocks rose. The government reported growth."}});
    c.articles[0].date = *ParseDate("2014-11-19");
    c.articles[1].date = *ParseDate("2006-10-30");
    c.articles[2].date = *ParseDate("2011-10-01");
    c.articles[3].date = *ParseDate("2014-11-19");
    c.articles[3].lang = "zh";
    c.articles[4].source = "Reuters";
    c.articles[4].entities.push_back({"james-baker", EntityType::kPerson, "Treasury Secretary James Baker"});
    index.Build(c);
  }
  std::vector<std::string> Q(std::string_view q, SortOrder sort = SortOrder::kRelevance) {
    SearchOptions o;
    o.sort = sort;
    auto fast = Ids(index, Search(index, q, o));
    o.exhaustive = true;
    EXPECT_EQ(fast, Ids(index, Search(index, q, o))) << q;
    std::sort(fast.begin(), fast.end());
    return fast;
  }
  using V = std::vector<std::string>;
  Corpus c;
  Index index;
};

TEST_F(SearchFeatures, BooleansPhrasesAndFields) {
  EXPECT_EQ(Q("internet conference"), (V{"d0", "d1"}));
  EXPECT_EQ(Q("wuzhen OR tomlinson"), (V{"d0", "d2"}));
  EXPECT_EQ(Q("internet -wuzhen"), (V{"d1"}));
  EXPECT_EQ(Q("internet NOT wuzhen"), (V{"d1"}));
  EXPECT_EQ(Q("\"world internet conference\""), (V{"d0"}));
  EXPECT_EQ(Q("\"internet conference\""), (V{"d0"}));
  EXPECT_EQ(Q("\"conference internet\""), V{});
  EXPECT_EQ(Q("title:conference"), (V{"d0"}));
  EXPECT_EQ(Q("(wuzhen OR governance) forum"), (V{"d1"}));
  EXPECT_EQ(Q("source:reuters"), (V{"d4"}));
  EXPECT_EQ(Q("e-mail"), (V{"d2"}));            // a phrase of "e" "mail"
  EXPECT_EQ(Q("governments"), (V{"d1", "d4"})); // stemmed: govern
  EXPECT_EQ(Q("nonexistentword"), V{});
  EXPECT_EQ(Q("internet nonexistentword"), V{});
}

TEST_F(SearchFeatures, PrefixFuzzyDatesLanguageEntities) {
  EXPECT_EQ(Q("gover*"), (V{"d1", "d4"}));
  EXPECT_EQ(Q("tomlinsen~1"), (V{"d2"}));
  EXPECT_EQ(Q("wuzen~"), (V{"d0"}));
  EXPECT_EQ(Q("internet date:2014"), (V{"d0"}));
  EXPECT_EQ(Q("date:2006..2011-12"), (V{"d1", "d2"}));
  EXPECT_EQ(Q("date:>2011-10-01"), (V{"d0", "d3"}));
  EXPECT_EQ(Q("lang:zh"), (V{"d3"}));
  EXPECT_EQ(Q("entity:\"James Baker\""), (V{"d4"}));
  EXPECT_EQ(Q("entity:james-baker"), (V{"d4"}));
  EXPECT_EQ(Q("entity:\"Treasury Secretary James Baker\" growth"), (V{"d4"}));
}

TEST_F(SearchFeatures, ChineseIsFoundByItsWordsInsideLongerOnes) {
  EXPECT_EQ(Q("互联网"), (V{"d3"}));
  EXPECT_EQ(Q("世界互联网大会"), (V{"d3"}));
  EXPECT_EQ(Q("乌镇"), (V{"d3"}));
  EXPECT_EQ(Q("浙江"), (V{"d3"}));
  EXPECT_EQ(Q("乌"), (V{"d3"}));
  EXPECT_EQ(Q("互联大"), V{});  // not adjacent in the text
}

TEST_F(SearchFeatures, MalformedQueriesStillRunTheirValidParts) {
  SearchResult r = Search(index, "(wuzhen OR tomlinson");
  EXPECT_EQ(r.hits.size(), 2u);
  EXPECT_FALSE(r.errors.empty());
  r = Search(index, "wuzhen date:someday");
  EXPECT_EQ(r.hits.size(), 1u);
  EXPECT_FALSE(r.errors.empty());
}

TEST_F(SearchFeatures, SortsByDateAndCountsAllMatches) {
  SearchOptions o;
  o.all = true;
  o.sort = SortOrder::kNewest;
  SearchResult r = Search(index, "date:2000..", o);
  EXPECT_EQ(r.total, 4u);
  EXPECT_TRUE(r.total_exact);
  EXPECT_EQ(Ids(index, r), (V{"d0", "d3", "d2", "d1"}));  // d0 and d3 share a date: article order
  o.sort = SortOrder::kOldest;
  EXPECT_EQ(Ids(index, Search(index, "date:2000..", o)).front(), "d1");
  o.sort = SortOrder::kRelevance;
  r = Search(index, "internet OR 乌镇", o);
  EXPECT_EQ(r.total, 3u);
  EXPECT_EQ(r.hits.size(), 3u);
}

TEST_F(SearchFeatures, SnippetsHighlightTheMatchedWords) {
  SearchResult r = Search(index, "tomlinson email");
  ASSERT_EQ(r.hits.size(), 1u);
  Highlighter hl(index, r);
  const Article& a = c.articles[r.hits[0].doc];
  Snippet s = hl.Best(a.text, a.lang, 60);
  ASSERT_EQ(s.highlights.size(), 2u);
  EXPECT_EQ(s.text.substr(s.highlights[0].start, s.highlights[0].end - s.highlights[0].start), "Tomlinson");
  EXPECT_EQ(s.text.substr(s.highlights[1].start, s.highlights[1].end - s.highlights[1].start), "email");
  auto zh = Search(index, "互联网");
  Highlighter hz(index, zh);
  auto m = hz.Matches(c.articles[3].text, "zh");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(c.articles[3].text.substr(m[0].start, m[0].end - m[0].start), "互联网");
}

// The fast paths (block-max single term, MaxScore OR, galloping AND) must rank exactly like scoring
// every match, on many random queries over a generated corpus with a Zipf-like vocabulary.
TEST(TopK, FastPathsEqualExhaustiveScoring) {
  std::mt19937 rng(12345);
  std::vector<std::string> vocab;
  for (int i = 0; i < 400; ++i) {
    std::string w;
    for (int k = 0; k < 3 + i % 5; ++k) w += char('a' + (i * 7 + k * 13 + k * k) % 26);
    w += char('a' + i % 26);
    w += char('a' + (i / 26) % 26);
    vocab.push_back(w);
  }
  std::vector<double> weights;
  for (size_t i = 0; i < vocab.size(); ++i) weights.push_back(1.0 / double(i + 1));
  std::discrete_distribution<size_t> zipf(weights.begin(), weights.end());
  Corpus c;
  for (int d = 0; d < 3000; ++d) {
    Article a;
    a.id = "g" + std::to_string(d);
    for (int k = 0, n = 3 + int(rng() % 6); k < n; ++k) a.title += vocab[zipf(rng)] + " ";
    for (int k = 0, n = 10 + int(rng() % 200); k < n; ++k) a.text += vocab[zipf(rng)] + " ";
    a.lang = "xx";  // no stemming: vocabulary words stay distinct
    a.date = Date{int64_t(rng() % 1000) * 86400 * 10, DatePrecision::kDay};
    c.articles.push_back(std::move(a));
  }
  Index index;
  index.Build(c);
  std::string error;
  ASSERT_TRUE(index.Check(&error)) << error;
  auto word = [&] { return vocab[rng() % 3 == 0 ? zipf(rng) : rng() % vocab.size()]; };
  int fast = 0;
  for (int q = 0; q < 600; ++q) {
    std::string query;
    switch (q % 7) {
      case 0: query = word(); break;
      case 1: query = word() + " " + word(); break;
      case 2: query = word() + " " + word() + " " + word(); break;
      case 3: query = word() + " OR " + word() + " OR " + word(); break;
      case 4: query = word().substr(0, 2) + "*"; break;
      case 5: query = word() + " " + word() + " -" + word() + " date:1975..1995"; break;
      case 6: query = word() + (q % 2 ? " date:1975..1995" : " -" + word()); break;
    }
    for (size_t limit : {1u, 10u, 20u}) {
      bool fast_path = false;
      ExpectFastEqualsExhaustive(index, query, limit, &fast_path);
      if (HasFatalFailure()) return;
      fast += fast_path;
    }
  }
  EXPECT_EQ(fast, 600 * 3);  // every generated query shape has a fast path
}

// The compressed lists at their block boundaries: words placed in exactly 1, 2, 31, 32, 33, 127, 128,
// 129, 255, 256, 257 and 1000 documents (lists of one block, a full block, one posting more; champion
// lists complete or not), some documents very long (positions past 65,536 and 100,000), phrases and
// field filters that need positions. Every query shape runs fast and exhaustive; single words are also
// compared with the documents they were put in.
TEST(TopK, CompressedListsAtBlockBoundaries) {
  std::mt19937 rng(2024);
  const std::vector<size_t> dfs = {1, 2, 31, 32, 33, 127, 128, 129, 255, 256, 257, 1000};
  const size_t n = 2500;
  std::vector<std::string> filler;
  for (int i = 0; i < 300; ++i) filler.push_back("f" + std::to_string(i) + "x");
  std::vector<std::vector<bool>> has(dfs.size(), std::vector<bool>(n, false));
  for (size_t w = 0; w < dfs.size(); ++w) {
    std::vector<size_t> docs(n);
    for (size_t d = 0; d < n; ++d) docs[d] = d;
    std::shuffle(docs.begin(), docs.end(), rng);
    for (size_t k = 0; k < dfs[w]; ++k) has[w][docs[k]] = true;
  }
  auto word = [&](size_t w) { return "w" + std::to_string(dfs[w]) + "z"; };
  Corpus c;
  for (size_t d = 0; d < n; ++d) {
    Article a;
    a.id = "b" + std::to_string(d);
    a.lang = "xx";
    const size_t len = d % 97 == 5 ? 70000 + rng() % 40000 : 5 + rng() % 120;  // a few very long ones
    std::vector<std::string> text;
    for (size_t k = 0; k < len; ++k) text.push_back(filler[rng() % filler.size()]);
    for (size_t w = 0; w < dfs.size(); ++w) {
      if (!has[w][d]) continue;
      const size_t times = 1 + rng() % 3;
      for (size_t t = 0; t < times; ++t) {
        const size_t at = rng() % (text.size() + 1);
        text.insert(text.begin() + std::ptrdiff_t(at), word(w));
        if (rng() % 4 == 0 && at + 1 <= text.size()) text.insert(text.begin() + std::ptrdiff_t(at + 1), "pairzz");
      }
      if (rng() % 5 == 0) a.title += word(w) + " ";
    }
    if (d % 97 == 5) text.push_back("tailword");  // a position past 70,000
    for (const std::string& t : text) a.text += t + " ";
    a.title += filler[rng() % filler.size()];
    c.articles.push_back(std::move(a));
  }
  Index index;
  index.Build(c);
  std::string error;
  ASSERT_TRUE(index.Check(&error)) << error;
  for (size_t w = 0; w < dfs.size(); ++w) {
    SearchOptions o;
    o.all = true;
    o.exhaustive = true;
    SearchResult r = Search(index, word(w), o);
    std::vector<bool> got(n, false);
    for (const Hit& h : r.hits) got[h.doc] = true;
    EXPECT_EQ(got, has[w]) << word(w);
  }
  {
    SearchOptions o;
    o.all = true;
    EXPECT_EQ(Search(index, "tailword", o).total, (n + 91) / 97);
  }
  auto any = [&] { return word(rng() % dfs.size()); };
  for (int q = 0; q < 300; ++q) {
    std::string query;
    switch (q % 6) {
      case 0: query = any(); break;
      case 1: query = any() + " " + any(); break;
      case 2: query = any() + " OR " + any() + " OR " + filler[rng() % 20]; break;
      case 3: query = "\"" + any() + " pairzz\""; break;
      case 4: query = "title:" + any() + " " + any(); break;
      case 5: query = any() + " -" + any() + " " + filler[rng() % 300]; break;
    }
    for (size_t limit : {1u, 20u, 40u}) {
      bool fast_path = false;
      ExpectFastEqualsExhaustive(index, query, limit, &fast_path);
      if (HasFatalFailure()) return;
    }
  }
}

// Block-max AND: two words in every document, with long documents (low impacts, whole blocks that
// cannot enter the top k once it is full, skipped undecoded) between short ones; later short documents
// with repeated words must still be found. Also a group of several terms (a prefix) ANDed with a word.
TEST(TopK, BlockMaxAndSkipsOnlyWhatCannotEnter) {
  std::mt19937 rng(99);
  Corpus c;
  for (size_t d = 0; d < 3000; ++d) {
    Article a;
    a.id = "m" + std::to_string(d);
    a.lang = "xx";
    const bool long_doc = d >= 300 && d < 2700;
    const size_t len = long_doc ? 300 + rng() % 200 : 3 + rng() % 30;
    for (size_t k = 0; k < len; ++k) a.text += "f" + std::to_string(rng() % 500) + "x ";
    const size_t times = d >= 2700 ? 1 + rng() % 3 : 1;
    for (size_t t = 0; t < times; ++t) a.text += "aaq bbq ";
    if (d % 2 == 0) a.text += "ccq1 ";
    if (d % 3 == 0) a.text += "ccq2 ";
    c.articles.push_back(std::move(a));
  }
  Index index;
  index.Build(c);
  std::string error;
  ASSERT_TRUE(index.Check(&error)) << error;
  for (const char* query : {"aaq bbq", "bbq ccq1", "aaq cc*", "aaq bbq cc*", "ccq2 ccq1"}) {
    for (size_t limit : {1u, 5u, 20u, 40u, 200u}) {
      SearchOptions o;
      o.limit = limit;
      SearchResult a = Search(index, query, o);
      o.exhaustive = true;
      SearchResult b = Search(index, query, o);
      ASSERT_TRUE(a.fast_path) << query;
      ASSERT_EQ(a.hits.size(), b.hits.size()) << query;
      for (size_t i = 0; i < a.hits.size(); ++i) {
        ASSERT_EQ(a.hits[i].doc, b.hits[i].doc) << query << " limit " << limit << " rank " << i;
        ASSERT_EQ(a.hits[i].score, b.hits[i].score) << query << " limit " << limit << " rank " << i;
      }
    }
  }
}

// The index's own checker accepts what Build makes (the pack's Adopt relies on it for untrusted bytes).
TEST(IndexCheck, AcceptsABuiltIndex) {
  Corpus c = Make({{"alpha beta", "gamma delta alpha"}, {"beta", "epsilon"}});
  Index index;
  index.Build(c);
  std::string error;
  EXPECT_TRUE(index.Check(&error)) << error;
}

TEST(SharedCorpora, SeedArticleIsFound) {
  const std::string path = LEDE_SOURCE_DIR "/../shared/corpora/seed.json";
  if (!std::ifstream(path)) GTEST_SKIP() << "../shared/corpora is absent; skipping the seed-article queries";
  Corpus c;
  LoadReport r;
  ASSERT_TRUE(LoadCorpusFile(path, &c, &r));
  Index index;
  index.Build(c);
  for (const char* q : {"Wuzhen", "\"World Internet Conference\"", "date:2020-11 Tencent", "Qi Xiaoxia",
                        "zhijiang lab*", "kaspersky OR nothing", "byline:xu", "tag:\"internet governance\""}) {
    SearchResult s = Search(index, q);
    ASSERT_EQ(s.hits.size(), 1u) << q;
    EXPECT_EQ(c.articles[s.hits[0].doc].id, "seed-000");
  }
  EXPECT_TRUE(Search(index, "date:2019 Tencent").hits.empty());
  EXPECT_TRUE(Search(index, "\"Internet World Conference\"").hits.empty());
}

}  // namespace lede

namespace lede {

// Regressions found by an independent review with a differential fuzzer.
TEST_F(SearchFeatures, ReviewRegressions) {
  // Double negation scores like the word itself, on every path.
  EXPECT_EQ(Q("internet --world"), Q("internet world"));
  EXPECT_EQ(Q("internet NOT NOT world"), Q("internet world"));
  EXPECT_EQ(Q("internet -(conference -world)"), Q("internet -(conference -world)"));  // fast == exhaustive
  // Operators alone are not words.
  for (const char* op : {"OR", "AND", "NOT"}) Q(op);
  // limit 0 returns nothing instead of crashing.
  SearchOptions o;
  o.limit = 0;
  EXPECT_TRUE(Search(index, "internet conference", o).hits.empty());
  EXPECT_TRUE(Search(index, "internet OR wuzhen", o).hits.empty());
  // A CJK phrase and a word mixing CJK and digits match their own text.
  EXPECT_EQ(Q("\"乌镇 开幕\""), (V{"d3"}));
  EXPECT_EQ(Q("\"世界互联网大会在乌镇开幕\""), (V{"d3"}));
  EXPECT_EQ(Q("\"互联网 大会\""), (V{"d3"}));
  // Stray parentheses and empty OR branches neither drop words nor widen the query.
  EXPECT_EQ(Q("wuzhen OR ) tomlinson"), (V{"d0", "d2"}));
  EXPECT_EQ(Q("wuzhen OR ()"), (V{"d0"}));
  EXPECT_EQ(Q("wuzhen OR NOT"), (V{"d0"}));
  EXPECT_EQ(Q("wuzhen OR &&"), (V{"d0"}));
  // Deep nesting is refused, not recursed into.
  const std::string deep = std::string(100000, '(') + "wuzhen" + std::string(100000, ')');
  EXPECT_FALSE(Search(index, deep).errors.empty());
  EXPECT_FALSE(Search(index, std::string(100000, '-') + "wuzhen").errors.empty());
}

}  // namespace lede
