// Headless UI frames: the real views over the bundled corpus with ImGui and no window or GPU (as in
// Dear ImGui's example_null). Input is fed through ImGuiIO as a user's mouse and keyboard would give it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/actions.h"
#include "app/ui.h"
#include "imgui.h"

namespace lede {

class UiFrames : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    SetupStyle(false);
    ASSERT_TRUE(LoadFonts(state, LEDE_FONT_DIR, false));
    std::ifstream in(LEDE_SOURCE_DIR "/assets/corpus.json", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    actions::LoadCorpusBytes(state, ss.str(), "assets/corpus.json", 0);
    ASSERT_EQ(state.load.phase, LoadPhase::kIndexing);
    actions::FinishIndexing(state);
    ASSERT_EQ(state.load.phase, LoadPhase::kReady);
  }
  void TearDown() override { ImGui::DestroyContext(); }
  void Frame(int n = 1) {
    for (int i = 0; i < n; ++i) {
      ImGui::NewFrame();
      DrawApp(state);
      ImGui::Render();
    }
  }
  void Click(float x, float y) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(x, y);
    Frame();
    io.AddMouseButtonEvent(0, true);
    Frame();
    io.AddMouseButtonEvent(0, false);
    Frame();
  }
  AppState state;
};

TEST_F(UiFrames, ListShowsNewestFirstAndClickOpensReader) {
  Frame(3);
  const UiProbe& probe = LastFrameProbe();
  ASSERT_GE(probe.rows.size(), 8u) << "the list should fill the window";
  EXPECT_EQ(probe.rows[0].article, state.rows[0]);
  EXPECT_TRUE(probe.reader_id.empty());
  const auto row = probe.rows[3];
  Click(row.x + row.w / 2, row.y + row.h / 2);
  EXPECT_EQ(state.selected, row.article);
  Frame();
  EXPECT_EQ(LastFrameProbe().reader_id, state.load.corpus.articles[size_t(row.article)].id);
}

TEST_F(UiFrames, ArrowKeysMoveTheSelection) {
  Frame(2);
  const auto row = LastFrameProbe().rows[0];
  Click(row.x + 10, row.y + 10);
  ASSERT_EQ(state.selected, state.rows[0]);
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiKey_DownArrow, true);
  Frame();
  io.AddKeyEvent(ImGuiKey_DownArrow, false);
  Frame();
  EXPECT_EQ(state.selected, state.rows[1]);
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
  EXPECT_EQ(state.search.ran, "wuzhen");
  ASSERT_FALSE(state.rows.empty());
  EXPECT_LT(state.rows.size(), state.load.corpus.articles.size());
  // The list shows exactly the core's answer, in its order.
  SearchOptions o;
  o.all = true;
  SearchResult expected = Search(state.load.index, "wuzhen", o);
  ASSERT_EQ(expected.hits.size(), state.rows.size());
  for (size_t i = 0; i < state.rows.size(); ++i) EXPECT_EQ(state.rows[i], int(expected.hits[i].doc));
  const auto row = LastFrameProbe().rows[0];
  ASSERT_EQ(row.article, state.rows[0]);
  EXPECT_FALSE(actions::SnippetFor(state, row.article).highlights.empty());
  Click(row.x + row.w / 2, row.y + row.h / 2);
  Frame();
  EXPECT_EQ(state.selected, state.rows[0]);
  EXPECT_GT(LastFrameProbe().reader_highlights, 0u);
  // Esc in the box clears the query and brings every article back.
  actions::SetQuery(state, "");
  Frame();
  EXPECT_EQ(state.rows.size(), state.load.corpus.articles.size());
}

TEST_F(UiFrames, MalformedQueryShowsItsErrorAndRunsTheRest) {
  actions::SetQuery(state, "(wuzhen OR tencent");
  Frame(2);
  EXPECT_FALSE(state.search.result.errors.empty());
  EXPECT_FALSE(state.rows.empty());
}

TEST_F(UiFrames, BrokenCorpusShowsTheErrorInsteadOfCrashing) {
  actions::LoadCorpusBytes(state, "{\"articles\": [ {,] }", "broken.json", 0);
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
