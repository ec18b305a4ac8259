// Tests for core/query.h: the grammar, every filter form, and malformed queries that still run.
#include "core/query.h"

#include <gtest/gtest.h>

#include "core/date.h"

namespace lede {

static std::string P(std::string_view q) { return ToString(ParseQuery(q).root); }

TEST(Query, WordsAndBooleans) {
  EXPECT_EQ(P("wuzhen"), "wuzhen");
  EXPECT_EQ(P("wuzhen internet"), "(wuzhen AND internet)");
  EXPECT_EQ(P("wuzhen AND internet"), "(wuzhen AND internet)");
  EXPECT_EQ(P("a OR b c"), "(a OR (b AND c))");
  EXPECT_EQ(P("a -b NOT c"), "(a AND NOT b AND NOT c)");
  EXPECT_EQ(P("(a OR b) c"), "((a OR b) AND c)");
  EXPECT_EQ(P("\"World Internet Conference\" inter* goverment~ color~1"),
            "(\"World Internet Conference\" AND inter* AND goverment~2 AND color~1)");
  EXPECT_EQ(P("cat~"), "cat~1");
  EXPECT_TRUE(ParseQuery("").empty());
  EXPECT_TRUE(ParseQuery("   ").empty());
}

TEST(Query, FieldsAndFilters) {
  EXPECT_EQ(P("title:wuzhen source:reuters byline:\"Xu Wen\" tag:earn"),
            "(title:wuzhen AND source:reuters AND byline:\"Xu Wen\" AND tag:earn)");
  EXPECT_EQ(P("lang:zh entity:\"Qi Xiaoxia\""), "(lang:zh AND entity:\"Qi Xiaoxia\")");
  EXPECT_EQ(P("date:2020"), "date:[2020-01-01..2021-01-01)");
  EXPECT_EQ(P("date:2020-02"), "date:[2020-02-01..2020-03-01)");
  EXPECT_EQ(P("date:2020-11-24"), "date:[2020-11-24..2020-11-25)");
  EXPECT_EQ(P("date:2019-03..2020-06"), "date:[2019-03-01..2020-07-01)");
  EXPECT_EQ(P("date:>2020-01-01"), "date:[2020-01-02..)");
  EXPECT_EQ(P("date:>=2020-01-01"), "date:[2020-01-01..)");
  EXPECT_EQ(P("date:<1999"), "date:[..1999-01-01)");
  EXPECT_EQ(P("date:<=1999"), "date:[..2000-01-01)");
  EXPECT_EQ(P("date:2014.."), "date:[2014-01-01..)");
}

TEST(Query, MalformedQueriesExplainAndKeepTheRest) {
  Query q = ParseQuery("(wuzhen OR tencent");
  EXPECT_EQ(ToString(q.root), "(wuzhen OR tencent)");
  ASSERT_EQ(q.errors.size(), 1u);
  EXPECT_NE(q.errors[0].find("closing parenthesis"), std::string::npos);

  q = ParseQuery("wuzhen date:yesterday");
  EXPECT_EQ(ToString(q.root), "wuzhen");
  EXPECT_NE(q.errors[0].find("not a date"), std::string::npos);

  q = ParseQuery("\"open phrase");
  EXPECT_EQ(ToString(q.root), "\"open phrase\"");
  EXPECT_FALSE(q.errors.empty());

  q = ParseQuery("a ) b OR");
  EXPECT_EQ(ToString(q.root), "(a AND b)");
  EXPECT_EQ(q.errors.size(), 2u);

  q = ParseQuery("colour:red wuzhen");
  EXPECT_EQ(ToString(q.root), "((colour AND red) AND wuzhen)");
  EXPECT_NE(q.errors[0].find("unknown field"), std::string::npos);

  for (const char* junk : {"-", "NOT", "OR OR", "((((", "))))", "title:", "\"", "~", "*", "date:2020..2019",
                           "a~9", ":::", "date:>", "\"\"", "-(", "AND"})
    ParseQuery(junk);  // must not crash or hang
  EXPECT_FALSE(ParseQuery("date:2020..2019").errors.empty());
}

}  // namespace lede
