// Tests for core/corpus.h: the format's forms, and every kind of bad input losing nothing else.
#include "core/corpus.h"

#include <gtest/gtest.h>

#include <fstream>

namespace lede {

namespace {
struct Loaded {
  bool ok;
  Corpus corpus;
  LoadReport report;
  bool Warned(const std::string& where_part, const std::string& message_part) const {
    for (const auto& w : report.warnings)
      if (w.where.find(where_part) != std::string::npos && w.message.find(message_part) != std::string::npos) return true;
    return false;
  }
};
Loaded Load(const std::string& json) {
  Loaded l;
  l.ok = LoadCorpus(json, &l.corpus, &l.report);
  return l;
}
const char* kGood = R"({"id":"g1","title":"Good one","text":"Body","date":"2020-11-24"})";
}  // namespace

TEST(Corpus, ReadsTheDocumentedFormat) {
  auto l = Load(R"({"name":"n","source":"s","license":"l","articles":[
    {"id":"a","title":"T","text":"X","date":"2020-11-24","lang":"en","source":"Wire","byline":"B","url":"u",
     "tags":["x","y"],"entities":[{"name":"Qi Xiaoxia","type":"person"},{"name":"usa","type":"place","description":"USA"}]}]})");
  ASSERT_TRUE(l.ok) << l.report.error;
  ASSERT_EQ(l.corpus.articles.size(), 1u);
  const Article& a = l.corpus.articles[0];
  EXPECT_EQ(l.corpus.name, "n");
  EXPECT_EQ(a.source, "Wire");
  EXPECT_EQ(a.tags.size(), 2u);
  ASSERT_EQ(a.entities.size(), 2u);
  EXPECT_EQ(a.entities[0].type, EntityType::kPerson);
  EXPECT_EQ(a.entities[1].description, "USA");
  EXPECT_TRUE(a.date.valid());
  EXPECT_TRUE(l.report.warnings.empty());
}

TEST(Corpus, AcceptsBareArraysJsonLinesAndSingleArticles) {
  EXPECT_EQ(Load(std::string("[") + kGood + "]").corpus.articles.size(), 1u);
  auto lines = Load(std::string(kGood) + "\n" + R"({"id":"g2","title":"Two","text":"B"})" + "\n{broken\n");
  EXPECT_TRUE(lines.ok);
  EXPECT_EQ(lines.corpus.articles.size(), 2u);
  EXPECT_TRUE(lines.Warned("article 3", "line 3, column 2"));
  EXPECT_EQ(Load(kGood).corpus.articles.size(), 1u);
}

TEST(Corpus, ASyntaxErrorInOneArticleCostsOnlyThatArticle) {
  auto l = Load(std::string("{\"articles\": [\n") + kGood + ",\n  {\"id\": \"b\", \"title\": tru},\n" +
                R"({"id":"g3","title":"Three","text":"x"})" + "\n]}");
  ASSERT_TRUE(l.ok) << l.report.error;
  EXPECT_EQ(l.corpus.articles.size(), 2u);
  EXPECT_EQ(l.report.articles_skipped, 1u);
  EXPECT_TRUE(l.Warned("article 2", "line 3, column")) << l.report.warnings[0].message;
}

TEST(Corpus, MalformedFileNamesLineAndColumn) {
  auto l = Load("{\"articles\": [\n  {\"id\": \"a\", \"title\": \"T\",,}\n]}");
  EXPECT_FALSE(l.ok);
  EXPECT_NE(l.report.error.find("line 2, column 28"), std::string::npos) << l.report.error;
  EXPECT_TRUE(l.corpus.articles.empty());
  auto empty = Load("");
  EXPECT_FALSE(empty.ok);
  EXPECT_FALSE(empty.report.error.empty());
  auto wrong = Load(R"({"stories": []})");
  EXPECT_FALSE(wrong.ok);
  EXPECT_NE(wrong.report.error.find("articles"), std::string::npos);
  EXPECT_FALSE(Load("42").ok);
}

TEST(Corpus, BadArticlesAreSkippedOrRepairedAndGoodOnesKept) {
  auto l = Load(std::string(R"({"articles":[)") + kGood + "," +
                R"("not an object",
                   {"id":"no-title","text":"x"},
                   {"id":"num-title","title":42,"text":"x"},
                   {"id":"no-text","title":"x"},
                   {"id":"bad-date","title":"T","text":"x","date":"the day after"},
                   {"id":"g1","title":"Dup","text":"x"},
                   {"id":"bad-tags","title":"T","text":"x","tags":[1,"ok"]},
                   {"id":"bad-ents","title":"T","text":"x","entities":[{"type":"person"},{"name":"X","type":"alien"}]},
                   {"id":7,"title":"Numeric id","text":"x"},
                   {"title":"No id","text":"x"}]})");
  ASSERT_TRUE(l.ok) << l.report.error;
  EXPECT_EQ(l.report.articles_seen, 11u);
  EXPECT_EQ(l.report.articles_skipped, 4u);
  EXPECT_EQ(l.corpus.articles.size(), 7u);
  EXPECT_TRUE(l.Warned("article 2", "expected an object"));
  EXPECT_TRUE(l.Warned("article 3 (id \"no-title\")", "missing required field \"title\""));
  EXPECT_TRUE(l.Warned("article 4 (id \"num-title\")", "is a number, expected a string"));
  EXPECT_TRUE(l.Warned("article 5 (id \"no-text\")", "\"text\""));
  EXPECT_TRUE(l.Warned("article 6 (id \"bad-date\")", "kept undated"));
  EXPECT_TRUE(l.Warned("article 7 (id \"g1\")", "duplicate id"));
  EXPECT_TRUE(l.Warned("article 8 (id \"bad-tags\")", "tag is a number"));
  EXPECT_TRUE(l.Warned("article 9 (id \"bad-ents\")", "no \"name\""));
  EXPECT_TRUE(l.Warned("article 9 (id \"bad-ents\")", "unknown type \"alien\""));
  EXPECT_TRUE(l.Warned("article 11", "has no id"));
  EXPECT_EQ(l.corpus.articles[2].id, "g1~2");
  EXPECT_EQ(l.corpus.articles[5].id, "7");
  EXPECT_FALSE(l.corpus.articles[1].date.valid());
  EXPECT_EQ(l.report.articles_undated, 6u);
}

TEST(Corpus, InvalidUtf8IsRepairedWithAWarningNamingTheArticle) {
  auto l = Load(std::string(R"({"articles":[)") + kGood + R"(,{"id":"bad-bytes","title":"Caf)" + "\xC3" +
                R"(","text":"x"}]})");
  ASSERT_TRUE(l.ok) << l.report.error;
  ASSERT_EQ(l.corpus.articles.size(), 2u);
  EXPECT_EQ(l.corpus.articles[1].title, "Caf\xEF\xBF\xBD");
  EXPECT_TRUE(l.Warned("line 1", "invalid UTF-8"));
  EXPECT_TRUE(l.Warned("article 2 (id \"bad-bytes\")", "invalid UTF-8"));
}

TEST(Corpus, BundledSampleCorpusIsClean) {
  Corpus c;
  LoadReport r;
  ASSERT_TRUE(LoadCorpusFile(LEDE_SOURCE_DIR "/assets/corpus.json", &c, &r)) << r.error;
  EXPECT_GE(c.articles.size(), 60u);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0].where << ": " << r.warnings[0].message;
  EXPECT_TRUE(c.has_cjk);
  size_t zh = 0;
  int64_t first = INT64_MAX, last = INT64_MIN;
  for (const auto& a : c.articles) {
    zh += a.lang == "zh";
    ASSERT_TRUE(a.date.valid()) << a.id;
    first = std::min(first, a.date.utc);
    last = std::max(last, a.date.utc);
  }
  EXPECT_GE(zh, 8u);
  EXPECT_GE(last - first, int64_t(15) * 365 * 86400);
}

TEST(Corpus, SharedCorporaLoad) {
  const std::string dir = LEDE_SOURCE_DIR "/../shared/corpora/";
  if (!std::ifstream(dir + "seed.json")) GTEST_SKIP() << "../shared/corpora is absent; skipping shared-corpus checks";
  Corpus c;
  LoadReport r;
  ASSERT_TRUE(LoadCorpusFile(dir + "seed.json", &c, &r)) << r.error;
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(FormatDate(c.articles[0].date), "2020-11-24");
  ASSERT_TRUE(LoadCorpusFile(dir + "wikinews.json", &c, &r)) << r.error;
  EXPECT_EQ(c.articles.size(), 293u);
  EXPECT_EQ(r.articles_undated, 0u);
}

TEST(Corpus, MissingFileIsAClearError) {
  Corpus c;
  LoadReport r;
  EXPECT_FALSE(LoadCorpusFile("/nonexistent/corpus.json", &c, &r));
  EXPECT_NE(r.error.find("/nonexistent/corpus.json"), std::string::npos);
}

}  // namespace lede

namespace lede {
TEST(Corpus, ReviewRegressions) {
  // A deeply nested unknown field in a single-article file loads without recursion trouble.
  std::string deep = R"({"title":"a","text":"b","x":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  Corpus c;
  LoadReport r;
  LoadCorpus(deep, &c, &r);  // must not crash, whatever it decides
  // Many duplicate ids are renamed in linear time and stay unique.
  std::string many = "[";
  for (int i = 0; i < 20000; ++i) many += std::string(i ? "," : "") + R"({"id":"same","title":"t","text":"x"})";
  many += "]";
  ASSERT_TRUE(LoadCorpus(many, &c, &r));
  ASSERT_EQ(c.articles.size(), 20000u);
  EXPECT_EQ(c.articles[1].id, "same~2");
  EXPECT_EQ(c.articles[19999].id, "same~20000");
}
}  // namespace lede

namespace lede {
TEST(Corpus, EveryBrokenArticleIsLocatedOnItsOwnLine) {
  std::string json = "[\n";
  for (int i = 0; i < 6; ++i) json += std::string(i ? ",\n" : "") + (i % 2 ? R"({"title":"t","text":tru})" : kGood);
  json += "\n]";
  auto l = Load(json);
  ASSERT_TRUE(l.ok);
  EXPECT_EQ(l.corpus.articles.size(), 3u);
  EXPECT_TRUE(l.Warned("article 2", "line 3, column"));
  EXPECT_TRUE(l.Warned("article 4", "line 5, column"));
  EXPECT_TRUE(l.Warned("article 6", "line 7, column"));
}
}  // namespace lede
