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
  EXPECT_EQ(probe.rows[0].article, state.list[0]);
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
  ASSERT_EQ(state.selected, state.list[0]);
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiKey_DownArrow, true);
  Frame();
  io.AddKeyEvent(ImGuiKey_DownArrow, false);
  Frame();
  EXPECT_EQ(state.selected, state.list[1]);
}

TEST_F(UiFrames, EveryArticleRendersInTheReader) {
  for (int i = 0; i < int(state.load.corpus.articles.size()); ++i) {
    actions::SelectArticle(state, i);
    Frame();
    ASSERT_EQ(LastFrameProbe().reader_id, state.load.corpus.articles[size_t(i)].id);
  }
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
