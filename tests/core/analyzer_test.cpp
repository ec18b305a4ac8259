// Tests for core/analyzer.h: words, folding, stemming per language, CJK bigrams, byte offsets.
#include "core/analyzer.h"

#include <gtest/gtest.h>

namespace lede {

static std::vector<std::string> Terms(Analyzer& an, std::string_view text, std::string_view lang = "en") {
  Tokens t;
  an.Analyze(text, lang, &t);
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) out.emplace_back(t.Term(i));
  return out;
}

TEST(Analyzer, SplitsFoldsAndStemsEnglish) {
  Analyzer an;
  EXPECT_EQ(Terms(an, "The Governments' CONFERENCES, e-mail & 2020!"),
            (std::vector<std::string>{"the", "govern", "confer", "e", "mail", "2020"}));
  EXPECT_EQ(Terms(an, "running runs ran"), (std::vector<std::string>{"run", "run", "ran"}));
}

TEST(Analyzer, FoldsDiacriticsAndCase) {
  Analyzer an;
  EXPECT_EQ(Terms(an, "Zürich Café São Paulo ÉCOLE", "xx"), Terms(an, "zurich cafe sao paulo ecole", "xx"));
  EXPECT_EQ(an.Fold("Straße"), "strasse");  // full case folding
  EXPECT_EQ(an.Fold("ＡＢＣ"), "abc");       // fullwidth, by compatibility decomposition
  EXPECT_EQ(an.Fold("Ελληνικά"), "ελληνικα");
}

TEST(Analyzer, StemsInTheArticlesLanguage) {
  Analyzer an;
  EXPECT_EQ(Terms(an, "gouvernements", "fr"), (std::vector<std::string>{"gouvern"}));
  EXPECT_EQ(Terms(an, "Regierungen", "de"), (std::vector<std::string>{"regier"}));
  EXPECT_EQ(Terms(an, "интернета", "ru"), (std::vector<std::string>{"интернет"}));
  EXPECT_EQ(an.StemmerName("fr-CA"), "french");
  EXPECT_EQ(an.StemmerName("zh"), "english");  // no Snowball stemmer: English for Latin-script words
}

// Found by tests/fuzz/analyzer.cpp: the Greek stemmer turned "ετε" into an empty term, which matched
// every other word stemmed to nothing.
TEST(Analyzer, NoWordStemsToAnEmptyTerm) {
  Analyzer an;
  EXPECT_EQ(Terms(an, "ετε", "el"), (std::vector<std::string>{"ετε"}));
  EXPECT_EQ(an.Normalize("ετε", false, an.StemmerIndex("el")), "ετε");
  EXPECT_EQ(Terms(an, "κάνετε", "el"), (std::vector<std::string>{"καν"}));  // ordinary stemming goes on
}

TEST(Analyzer, CjkRunsBecomeUnigramsAndBigramsWithOffsets) {
  Analyzer an;
  Tokens t;
  an.Analyze("在世界互联网大会上", "zh", &t);
  std::vector<std::string> terms;
  for (size_t i = 0; i < t.size(); ++i) terms.emplace_back(t.Term(i));
  // 9 characters: 9 unigrams and 8 bigrams.
  EXPECT_EQ(t.size(), 17u);
  EXPECT_NE(std::find(terms.begin(), terms.end(), "互联"), terms.end());
  EXPECT_NE(std::find(terms.begin(), terms.end(), "联网"), terms.end());
  for (size_t i = 0; i < t.size(); ++i) {
    if (t.Term(i) == "互联") {
      EXPECT_EQ(t[i].start, 9u);  // 3 characters of 3 bytes before it
      EXPECT_EQ(t[i].end, 15u);
      EXPECT_EQ(t[i].position, 3u);
      EXPECT_TRUE(t[i].cjk_bigram);
    }
  }
  EXPECT_EQ(t.positions, 9u);
}

TEST(Analyzer, MixedScriptsKeepByteRanges) {
  Analyzer an;
  const std::string text = "Tencent（腾讯）in Wuzhen";
  Tokens t;
  an.Analyze(text, "zh", &t);
  ASSERT_GE(t.size(), 4u);
  EXPECT_EQ(t.Term(0), "tencent");
  EXPECT_EQ(text.substr(t[0].start, t[0].end - t[0].start), "Tencent");
  const TokenSpan& last = t.spans.back();
  EXPECT_EQ(text.substr(last.start, last.end - last.start), "Wuzhen");
}

}  // namespace lede

// Found by the analyzer fuzz target: a word made only of marks (U+FF9F) folded to nothing, an empty term.
TEST(Analyzer, AWordOfMarksKeepsATerm) {
  lede::Analyzer a;
  lede::Tokens toks;
  a.Analyze("\xEF\xBE\x9F", "en", &toks);
  for (size_t i = 0; i < toks.spans.size(); ++i) EXPECT_FALSE(toks.Term(i).empty());
  EXPECT_FALSE(a.Normalize("\xEF\xBE\x9F", false, a.StemmerIndex("en")).empty());
}
