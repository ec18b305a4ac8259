// Headless UI frames: the real views over the bundled corpus with ImGui and no window or GPU (as in
// Dear ImGui's example_null). Input is fed through ImGuiIO as a user's mouse and keyboard would give it,
// and what the views show is checked against the core's own answer.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/actions.h"
#include "app/ui.h"
#include "frames.h"
#include "imgui.h"

namespace lede {

class UiFrames : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::StartApp(state));
    ASSERT_EQ(state.load.phase, LoadPhase::kParsing);
    actions::FinishIndexing(state);
    ASSERT_EQ(state.load.phase, LoadPhase::kReady);
  }
  void TearDown() override { ImGui::DestroyContext(); }
  void Frame(int n = 1) { test::DrawFrames(state, n); }
  void Click(float x, float y, bool ctrl = false) { test::ClickAt(state, x, y, ctrl); }
  void Drag(float x0, float y, float x1) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(x0, y);
    Frame();
    io.AddMouseButtonEvent(0, true);
    Frame();
    for (int k = 1; k <= 5; ++k) {
      io.AddMousePosEvent(x0 + (x1 - x0) * float(k) / 5, y);
      Frame();
    }
    io.AddMouseButtonEvent(0, false);
    Frame(2);
  }
  // The core's own answer for the current filter.
  std::vector<uint32_t> Expected() {
    return Select(state.load.index, state.load.facets, state.filter, state.sort).ranked;
  }
  AppState state;
};

TEST_F(UiFrames, ListShowsNewestFirstAndClickOpensReader) {
  Frame(3);
  const UiProbe& probe = LastFrameProbe();
  ASSERT_GE(probe.rows.size(), 6u) << "the list should fill its column";
  EXPECT_EQ(uint32_t(probe.rows[0].article), state.rows()[0]);
  EXPECT_EQ(state.rows().size(), state.load.corpus.articles.size());
  EXPECT_TRUE(probe.reader_id.empty());
  const auto row = probe.rows[3];
  Click(row.x + row.w / 2, row.y + row.h / 2);
  EXPECT_EQ(state.selected, row.article);
  Frame();
  EXPECT_EQ(LastFrameProbe().reader_id, state.load.corpus.articles[size_t(row.article)].id);
}

TEST_F(UiFrames, ArrowKeysMoveTheSelectionAndTheReaderStepsThroughResults) {
  Frame(2);
  const auto row = LastFrameProbe().rows[0];
  Click(row.x + 10, row.y + 10);
  ASSERT_EQ(state.selected, int(state.rows()[0]));
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiKey_DownArrow, true);
  Frame();
  io.AddKeyEvent(ImGuiKey_DownArrow, false);
  Frame();
  EXPECT_EQ(state.selected, int(state.rows()[1]));
  actions::MoveSelection(state, +1);
  EXPECT_EQ(actions::SelectedRow(state), 2);
}

TEST_F(UiFrames, EveryArticleRendersInTheReader) {
  for (int i = 0; i < int(state.load.corpus.articles.size()); ++i) {
    actions::SelectArticle(state, i);
    Frame();
    ASSERT_EQ(LastFrameProbe().reader_id, state.load.corpus.articles[size_t(i)].id);
  }
}

TEST_F(UiFrames, TypingAQueryShowsHighlightedResultsAndTheReaderMarksMatches) {
  Frame(2);
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiKey_Slash, true);  // "/" focuses the search box
  Frame();
  io.AddKeyEvent(ImGuiKey_Slash, false);
  Frame();
  for (char c : std::string("wuzhen")) io.AddInputCharacter(c);
  Frame(2);
  EXPECT_EQ(state.filter.query, "wuzhen");
  ASSERT_FALSE(state.rows().empty());
  EXPECT_LT(state.rows().size(), state.load.corpus.articles.size());
  EXPECT_EQ(state.rows(), Expected());
  // The query typed letter by letter is one step to undo.
  EXPECT_EQ(state.undo.size(), 1u);
  const auto row = LastFrameProbe().rows[0];
  ASSERT_EQ(uint32_t(row.article), state.rows()[0]);
  EXPECT_FALSE(actions::SnippetFor(state, row.article).highlights.empty());
  Click(row.x + row.w / 2, row.y + 12);
  EXPECT_EQ(state.selected, int(state.rows()[0]));
  EXPECT_GT(LastFrameProbe().reader_highlights, 0u);
  actions::SetQuery(state, "");
  Frame();
  EXPECT_EQ(state.rows().size(), state.load.corpus.articles.size());
}

TEST_F(UiFrames, BrushingTheTimelineFiltersEveryView) {
  Frame(3);
  const auto tl = LastFrameProbe().timeline;
  ASSERT_GT(tl.w, 100);
  // Drag across the middle third of the timeline.
  Drag(tl.x + tl.w / 3, tl.y + tl.h / 2, tl.x + 2 * tl.w / 3);
  ASSERT_TRUE(state.filter.has_dates());
  EXPECT_LT(state.rows().size(), state.load.corpus.articles.size());
  EXPECT_GT(state.rows().size(), 0u);
  EXPECT_EQ(state.rows(), Expected());
  for (uint32_t d : state.rows()) {
    const int64_t t = state.load.index.DocDate(d);
    EXPECT_TRUE(t >= state.filter.from && t < state.filter.to);
  }
  // Facet counts follow the brush.
  size_t lang_total = 0;
  for (uint32_t c : state.sel.facet_counts[kFacetLang]) lang_total += c;
  EXPECT_EQ(lang_total, state.rows().size());
  // Undo brings everything back.
  EXPECT_TRUE(actions::Undo(state));
  EXPECT_FALSE(state.filter.has_dates());
  EXPECT_EQ(state.rows().size(), state.load.corpus.articles.size());
}

TEST_F(UiFrames, FacetClickIncludesAndCtrlClickExcludes) {
  Frame(3);
  const auto facets = LastFrameProbe().facets;
  const UiProbe::Facet* zh = nullptr;
  for (const auto& f : facets)
    if (f.kind == "lang" && f.value == "zh") zh = &f;
  ASSERT_NE(zh, nullptr);
  const auto target = *zh;
  Click(target.x + target.w / 2, target.y + target.h / 2);
  ASSERT_EQ(state.filter.facets.size(), 1u);
  EXPECT_FALSE(state.filter.facets[0].exclude);
  EXPECT_EQ(state.rows(), Expected());
  for (uint32_t d : state.rows()) EXPECT_EQ(state.load.corpus.articles[d].lang, "zh");
  const size_t zh_count = state.rows().size();
  // Ctrl-click on the same value: leave Chinese out instead.
  Frame();
  Click(target.x + target.w / 2, target.y + target.h / 2, /*ctrl=*/true);
  ASSERT_EQ(state.filter.facets.size(), 1u);
  EXPECT_TRUE(state.filter.facets[0].exclude);
  EXPECT_EQ(state.rows().size(), state.load.corpus.articles.size() - zh_count);
  EXPECT_EQ(state.rows(), Expected());
}

TEST_F(UiFrames, LinksRoundTripTheWholeView) {
  actions::SetQuery(state, "internet governance");
  actions::SetDateRange(state, ParseDate("2000-01-01")->utc, ParseDate("2016-01-01")->utc);
  actions::ToggleFacet(state, kFacetTag, "governance", false);
  actions::ToggleFacet(state, kFacetSource, "Lede Sample Daily", true);
  actions::SetSort(state, SortOrder::kNewest);
  ASSERT_FALSE(state.rows().empty());
  actions::SelectArticle(state, int(state.rows()[0]));
  actions::SetTimelineView(state, ParseDate("1995-01-01")->utc, ParseDate("2020-01-01")->utc);
  const std::string link = actions::EncodeLink(state);
  Frame();

  AppState other;
  other.load.corpus = state.load.corpus;
  std::string bytes;
  {
    std::ifstream in(LEDE_SOURCE_DIR "/assets/corpus.json", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  actions::LoadCorpusBytes(other, bytes, "x", 0);
  actions::FinishIndexing(other);
  actions::ApplyLink(other, "#" + link);
  EXPECT_EQ(other.filter, state.filter);
  EXPECT_EQ(other.sort, state.sort);
  EXPECT_EQ(other.selected, state.selected);
  EXPECT_EQ(other.timeline.view_from, state.timeline.view_from);
  EXPECT_EQ(other.rows(), state.rows());
  EXPECT_EQ(actions::EncodeLink(other), link);
}

// Found by tests/fuzz/link.cpp: a range given to the minute (setState, a hand-made link) was written back
// as whole days, so a range within one day became from == to and vanished from the next link.
TEST_F(UiFrames, LinkRangesAreWholeDaysSoTheirLinksApplyTheSame) {
  actions::ApplyLink(state, "from=2014-11-19T12:00:00Z&to=2014-11-19T18:00:00Z");
  EXPECT_EQ(state.filter.from, ParseDate("2014-11-19")->utc);
  EXPECT_EQ(state.filter.to, ParseDate("2014-11-20")->utc);
  const std::string link = actions::EncodeLink(state);
  EXPECT_NE(link.find("from=2014-11-19&to=2014-11-20"), std::string::npos) << link;
  actions::ApplyLink(state, link);
  EXPECT_EQ(actions::EncodeLink(state), link);
  actions::ApplyLink(state, "from=2014-11-19&to=2014-11-19");  // empty: no range
  EXPECT_FALSE(state.filter.has_dates());
}

TEST_F(UiFrames, MalformedQueryShowsItsErrorAndRunsTheRest) {
  actions::SetQuery(state, "(wuzhen OR tencent");
  Frame(2);
  EXPECT_FALSE(state.sel.search.errors.empty());
  EXPECT_FALSE(state.rows().empty());
}

TEST_F(UiFrames, BrokenCorpusShowsTheErrorInsteadOfCrashing) {
  actions::LoadCorpusBytes(state, "{\"articles\": [ {,] }", "broken.json", 0);
  actions::FinishIndexing(state);
  EXPECT_EQ(state.load.phase, LoadPhase::kFailed);
  Frame(2);
  EXPECT_TRUE(LastFrameProbe().rows.empty());
  EXPECT_NE(state.load.report.error.find("line 1"), std::string::npos);
}

TEST_F(UiFrames, CjkFontMergesAtRuntime) {
  Frame();
  ASSERT_TRUE(LoadFonts(state, LEDE_FONT_DIR, true));
  EXPECT_TRUE(state.fonts.cjk_loaded);
  const int zh = actions::FindArticle(state, "lede-sample-040");
  ASSERT_GE(zh, 0);
  actions::SelectArticle(state, zh);
  Frame(2);
  EXPECT_EQ(LastFrameProbe().reader_id, "lede-sample-040");
  ImFont* f = state.fonts.reading;
  ImGui::NewFrame();
  ImGui::PushFont(f, 17.0f);
  EXPECT_NE(ImGui::GetFontBaked()->FindGlyphNoFallback(U'\u4E16'), nullptr);  // 世
  ImGui::PopFont();
  ImGui::Render();
}

}  // namespace lede

namespace lede {
TEST_F(UiFrames, ClickingTheSearchBoxAndTypingRightAwayKeepsEveryCharacter) {
  Frame(3);
  const auto box = LastFrameProbe().search_box;
  Click(box.x + 40, box.y + box.h / 2);
  ImGuiIO& io = ImGui::GetIO();
  for (char c : std::string("wuzhen")) {
    io.AddKeyEvent(ImGuiKey(ImGuiKey_A + (c - 'a')), true);
    io.AddInputCharacter(c);
    io.AddKeyEvent(ImGuiKey(ImGuiKey_A + (c - 'a')), false);
    Frame();
  }
  Frame(3);
  EXPECT_EQ(state.filter.query, "wuzhen");
}
}  // namespace lede

namespace lede {
TEST_F(UiFrames, FastTypingAfterSlashKeepsEveryCharacter) {
  Frame(3);
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiKey_Slash, true);
  io.AddInputCharacter('/');
  io.AddKeyEvent(ImGuiKey_Slash, false);
  Frame(2);
  const std::string text = "wuzhen conference";
  for (size_t i = 0; i < text.size(); i += 4) {
    for (size_t j = i; j < std::min(text.size(), i + 4); ++j) {
      const char c = text[j];
      const ImGuiKey key = c == ' ' ? ImGuiKey_Space : ImGuiKey(ImGuiKey_A + (c - 'a'));
      io.AddKeyEvent(key, true);
      io.AddInputCharacter(c);
      io.AddKeyEvent(key, false);
    }
    Frame();
  }
  Frame(20);
  EXPECT_EQ(state.filter.query, text);
}
}  // namespace lede

namespace lede {
// Regressions (review): double-click clears the range; tooltips survive a pan; links replace the article.
TEST_F(UiFrames, DoubleClickClearsTheRangeAndLinksReplaceTheOpenArticle) {
  Frame(3);
  const auto tl = LastFrameProbe().timeline;
  Drag(tl.x + tl.w * 0.3f, tl.y + tl.h / 2, tl.x + tl.w * 0.6f);
  ASSERT_TRUE(state.filter.has_dates());
  ImGuiIO& io = ImGui::GetIO();
  io.AddMousePosEvent(tl.x + tl.w * 0.5f, tl.y + tl.h / 2);
  Frame();
  for (int k = 0; k < 2; ++k) {
    io.AddMouseButtonEvent(0, true);
    Frame();
    io.AddMouseButtonEvent(0, false);
    Frame();
  }
  Frame();
  EXPECT_FALSE(state.filter.has_dates());

  actions::SelectArticle(state, 5);
  actions::ApplyLink(state, "q=wuzhen");
  EXPECT_EQ(state.selected, -1);
  actions::SetTimelineView(state, ParseDate("1015-01-01")->utc, ParseDate("2020-01-01")->utc);
  EXPECT_EQ(state.timeline.view_to, ParseDate("2020-01-01")->utc);  // the recent end stays in view
}
TEST_F(UiFrames, EmbedderChoosesTheViewsAndCompactMode) {
  state.ui.show_timeline = false;
  state.ui.show_facets = false;
  Frame(2);
  EXPECT_EQ(LastFrameProbe().timeline.w, 0.0f) << "no timeline";
  EXPECT_TRUE(LastFrameProbe().facets.empty()) << "no facets";
  EXPECT_FALSE(LastFrameProbe().rows.empty()) << "the list still shows";

  state.ui.show_timeline = state.ui.show_facets = true;
  state.ui.compact = true;
  Frame(2);
  EXPECT_GT(LastFrameProbe().timeline.w, 0.0f);
  EXPECT_TRUE(LastFrameProbe().facets.empty()) << "compact mode drops the facet column";
}

TEST_F(UiFrames, NarrowEmbedShowsTheReaderAloneAndGoesBackToTheList) {
  ImGui::GetIO().DisplaySize = ImVec2(600, 700);
  Frame(2);
  ASSERT_FALSE(LastFrameProbe().rows.empty());
  const auto row = LastFrameProbe().rows[0];
  Click(row.x + row.w / 2, row.y + row.h / 2);
  EXPECT_EQ(state.selected, row.article);
  Frame(2);
  EXPECT_TRUE(LastFrameProbe().rows.empty()) << "the reader takes the whole width";
  EXPECT_FALSE(LastFrameProbe().reader_id.empty());
  state.selected = -1;  // what "Back to the list" does (actions::SelectArticle(state, -1))
  Frame(2);
  EXPECT_FALSE(LastFrameProbe().rows.empty());
}

TEST_F(UiFrames, ANewCorpusReplacesTheOldOneWithACleanView) {
  actions::SetQuery(state, "wuzhen");
  actions::SelectArticle(state, 3);
  actions::BeginLoad(state, "harbour.json");
  EXPECT_EQ(state.load.phase, LoadPhase::kLoading);
  EXPECT_TRUE(state.filter.query.empty());
  EXPECT_TRUE(state.undo.empty());
  EXPECT_EQ(state.selected, -1);
  Frame(2);  // the loading header draws with no corpus
  actions::LoadProgress(state, 1200, 4800);
  EXPECT_EQ(state.load.bytes, 1200);
  Frame();
  actions::LoadCorpusBytes(state, R"({"name": "Harbour", "articles": [{"title": "Quay reopens", "text": "The quay.", "date": "2021-04-01"}]})",
                           "harbour.json", 1);
  actions::FinishIndexing(state);
  ASSERT_EQ(state.load.phase, LoadPhase::kReady);
  EXPECT_EQ(state.load.corpus.articles.size(), 1u);
  Frame(2);
  EXPECT_EQ(LastFrameProbe().rows.size(), 1u);
  EXPECT_GT(LastFrameProbe().timeline.w, 0.0f) << "the timeline fits the new corpus";
}

}  // namespace lede
