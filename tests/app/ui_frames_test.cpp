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
    engine = test::StartApp(state);
    ASSERT_NE(engine, nullptr);
    ASSERT_EQ(state.status.phase, LoadPhase::kParsing);
    actions::FinishLoading(state);
    ASSERT_EQ(state.status.phase, LoadPhase::kReady);
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
  // The core's own answer for the current filter, and what the app's list holds, by id.
  std::vector<std::string> Expected() {
    return test::Ids(*engine, Select(engine->index(), engine->facets(), state.filter, state.sort, engine->table()).ranked);
  }
  std::vector<std::string> Rows() { return test::AllRows(state); }
  size_t Articles() const { return engine->corpus().articles.size(); }
  const Article& ArticleById(const std::string& id) const {
    static const Article kNone;
    for (const Article& a : engine->corpus().articles)
      if (a.id == id) return a;
    ADD_FAILURE() << "no article " << id;
    return kNone;
  }
  AppState state;
  const LocalSource* engine = nullptr;
};

TEST_F(UiFrames, ListShowsNewestFirstAndClickOpensReader) {
  Frame(3);
  const UiProbe& probe = LastFrameProbe();
  ASSERT_GE(probe.rows.size(), 6u) << "the list should fill its column";
  const auto first = probe.rows[0];
  const auto row = probe.rows[3];
  EXPECT_EQ(first.id, Rows()[0]);
  EXPECT_EQ(Rows().size(), Articles());
  EXPECT_EQ(Rows(), Expected());
  EXPECT_TRUE(probe.reader_id.empty());
  Click(row.x + row.w / 2, row.y + row.h / 2);
  EXPECT_EQ(state.selected, row.id);
  EXPECT_EQ(state.selected_row, row.row);
  Frame();
  EXPECT_EQ(LastFrameProbe().reader_id, row.id);
}

TEST_F(UiFrames, ArrowKeysMoveTheSelectionAndTheReaderStepsThroughResults) {
  Frame(2);
  const auto row = LastFrameProbe().rows[0];
  Click(row.x + 10, row.y + 10);
  ASSERT_EQ(state.selected, Rows()[0]);
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiKey_DownArrow, true);
  Frame();
  io.AddKeyEvent(ImGuiKey_DownArrow, false);
  Frame();
  EXPECT_EQ(state.selected, Rows()[1]);
  actions::MoveSelection(state, +1);
  EXPECT_EQ(actions::SelectedRow(state), 2);
  EXPECT_EQ(state.selected, Rows()[2]);
  // Past the page the app holds: the row's page is asked for, and the row selected when it comes.
  const long last = long(state.replies.explore.total) - 1;
  for (long r = 2; r < last; ++r) actions::MoveSelection(state, +1);
  actions::Settle(state);
  EXPECT_EQ(actions::SelectedRow(state), last);
  EXPECT_EQ(state.selected, Expected().back());
}

TEST_F(UiFrames, EveryArticleRendersInTheReader) {
  for (const Article& a : engine->corpus().articles) {
    ASSERT_TRUE(actions::SelectArticle(state, a.id));
    Frame();
    ASSERT_EQ(LastFrameProbe().reader_id, a.id);
  }
  EXPECT_FALSE(actions::SelectArticle(state, "no-such-article")) << "the source knows its ids";
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
  Frame();
  const auto row = LastFrameProbe().rows[0];
  ASSERT_FALSE(Rows().empty());
  EXPECT_LT(Rows().size(), Articles());
  EXPECT_EQ(Rows(), Expected());
  // The query typed letter by letter is one step to undo.
  EXPECT_EQ(state.undo.size(), 1u);
  ASSERT_EQ(row.id, Rows()[0]);
  ASSERT_NE(actions::RowAt(state, 0), nullptr);
  EXPECT_FALSE(actions::RowAt(state, 0)->snippet.highlights.empty());
  Click(row.x + row.w / 2, row.y + 12);
  EXPECT_EQ(state.selected, Rows()[0]);
  Frame();
  EXPECT_GT(LastFrameProbe().reader_highlights, 0u);
  actions::SetQuery(state, "");
  Frame();
  EXPECT_EQ(Rows().size(), Articles());
}

TEST_F(UiFrames, BrushingTheTimelineFiltersEveryView) {
  Frame(3);
  const auto tl = LastFrameProbe().timeline;
  ASSERT_GT(tl.w, 100);
  // Drag across the middle third of the timeline.
  Drag(tl.x + tl.w / 3, tl.y + tl.h / 2, tl.x + 2 * tl.w / 3);
  ASSERT_TRUE(state.filter.has_dates());
  EXPECT_LT(Rows().size(), Articles());
  EXPECT_GT(Rows().size(), 0u);
  EXPECT_EQ(Rows(), Expected());
  for (const std::string& id : Rows()) {
    const int64_t t = ArticleById(id).date.utc;
    EXPECT_TRUE(t >= state.filter.from && t < state.filter.to);
  }
  // Facet counts follow the brush.
  size_t lang_total = 0;
  for (const FacetValueCount& c : state.replies.explore.facets[kFacetLang]) lang_total += c.count;
  EXPECT_EQ(lang_total, Rows().size());
  // Undo brings everything back.
  EXPECT_TRUE(actions::Undo(state));
  EXPECT_FALSE(state.filter.has_dates());
  EXPECT_EQ(Rows().size(), Articles());
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
  EXPECT_EQ(Rows(), Expected());
  for (const std::string& id : Rows()) EXPECT_EQ(ArticleById(id).lang, "zh");
  const size_t zh_count = Rows().size();
  // Ctrl-click on the same value: leave Chinese out instead.
  Frame();
  Click(target.x + target.w / 2, target.y + target.h / 2, /*ctrl=*/true);
  ASSERT_EQ(state.filter.facets.size(), 1u);
  EXPECT_TRUE(state.filter.facets[0].exclude);
  EXPECT_EQ(Rows().size(), Articles() - zh_count);
  EXPECT_EQ(Rows(), Expected());
}

TEST_F(UiFrames, LinksRoundTripTheWholeView) {
  actions::SetQuery(state, "internet governance");
  actions::SetDateRange(state, ParseDate("2000-01-01")->utc, ParseDate("2016-01-01")->utc);
  actions::ToggleFacet(state, kFacetTag, "governance", false);
  actions::ToggleFacet(state, kFacetSource, "Lede Sample Daily", true);
  actions::SetSort(state, SortOrder::kNewest);
  ASSERT_FALSE(Rows().empty());
  actions::SelectArticle(state, Rows()[0]);
  actions::SetTimelineView(state, ParseDate("1995-01-01")->utc, ParseDate("2020-01-01")->utc);
  const std::string link = actions::EncodeLink(state);
  Frame();

  AppState other;
  actions::LoadCorpusBytes(other, test::ReadFile(LEDE_SOURCE_DIR "/assets/corpus.json"), "x", 0);
  actions::FinishLoading(other);
  actions::ApplyLink(other, "#" + link);
  actions::Settle(other);
  EXPECT_EQ(other.filter, state.filter);
  EXPECT_EQ(other.sort, state.sort);
  EXPECT_EQ(other.selected, state.selected);
  EXPECT_EQ(other.timeline.view_from, state.timeline.view_from);
  EXPECT_EQ(other.selected_row, 0);
  EXPECT_EQ(test::AllRows(other), Rows());
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
  EXPECT_FALSE(state.replies.explore.errors.empty());
  EXPECT_FALSE(Rows().empty());
}

TEST_F(UiFrames, BrokenCorpusShowsTheErrorInsteadOfCrashing) {
  actions::LoadCorpusBytes(state, "{\"articles\": [ {,] }", "broken.json", 0);
  actions::FinishLoading(state);
  EXPECT_EQ(state.status.phase, LoadPhase::kFailed);
  Frame(2);
  EXPECT_TRUE(LastFrameProbe().rows.empty());
  EXPECT_NE(state.status.report.error.find("line 1"), std::string::npos);
  EXPECT_EQ(state.status.error, state.status.report.error);
}

TEST_F(UiFrames, CjkFontMergesAtRuntime) {
  Frame();
  ASSERT_TRUE(LoadFonts(state, LEDE_FONT_DIR, true));
  EXPECT_TRUE(state.fonts.cjk_loaded);
  ASSERT_TRUE(actions::SelectArticle(state, "lede-sample-040"));
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

  actions::SelectArticle(state, engine->corpus().articles[5].id);
  actions::ApplyLink(state, "q=wuzhen");
  EXPECT_EQ(state.selected, "");
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
  EXPECT_EQ(state.selected, row.id);
  Frame(2);
  EXPECT_TRUE(LastFrameProbe().rows.empty()) << "the reader takes the whole width";
  EXPECT_FALSE(LastFrameProbe().reader_id.empty());
  actions::SelectArticle(state, "");  // what "Back to the list" does
  Frame(2);
  EXPECT_FALSE(LastFrameProbe().rows.empty());
}

TEST_F(UiFrames, ANewCorpusReplacesTheOldOneWithACleanView) {
  actions::SetQuery(state, "wuzhen");
  actions::SelectArticle(state, engine->corpus().articles[3].id);
  actions::BeginLoad(state, "harbour.json");
  EXPECT_EQ(state.status.phase, LoadPhase::kLoading);
  EXPECT_TRUE(state.filter.query.empty());
  EXPECT_TRUE(state.undo.empty());
  EXPECT_EQ(state.selected, "");
  EXPECT_EQ(state.replies.explore.total, 0u) << "the old corpus's replies are gone";
  Frame(2);  // the loading header draws with no corpus
  actions::LoadProgress(state, 1200, 4800);
  EXPECT_EQ(state.load.bytes, 1200);
  Frame();
  actions::LoadCorpusBytes(state, R"({"name": "Harbour", "articles": [{"title": "Quay reopens", "text": "The quay.", "date": "2021-04-01"}]})",
                           "harbour.json", 1);
  actions::FinishLoading(state);
  ASSERT_EQ(state.status.phase, LoadPhase::kReady);
  EXPECT_EQ(state.status.articles, 1u);
  Frame(2);
  EXPECT_EQ(LastFrameProbe().rows.size(), 1u);
  EXPECT_GT(LastFrameProbe().timeline.w, 0.0f) << "the timeline fits the new corpus";
}

}  // namespace lede

namespace lede {
// The door: the newest request wins (an older explore is cancelled, its reply never shown), the list says
// when a newer reply is on its way, and nothing is asked again while nothing changes.
TEST_F(UiFrames, TheNewestRequestWinsAndNothingIsAskedTwice) {
  Frame(2);
  actions::SetQuery(state, "wuzhen");
  const Ticket first = state.replies.explore_ticket;
  ASSERT_NE(first, 0u);
  actions::SetQuery(state, "postel");
  EXPECT_NE(state.replies.explore_ticket, first);
  EXPECT_TRUE(actions::Updating(state));
  const size_t before = state.replies.generation;
  Frame();
  EXPECT_EQ(state.replies.generation, before + 1) << "one reply: the superseded request was cancelled";
  EXPECT_FALSE(actions::Updating(state));
  EXPECT_EQ(Rows(), Expected());
  const Ticket last = state.replies.explore.ticket;
  Frame(5);
  EXPECT_EQ(state.replies.explore.ticket, last) << "no request while nothing changes";
  EXPECT_EQ(state.replies.explore_ticket, 0u);
}
}  // namespace lede
