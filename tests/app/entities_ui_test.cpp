// Headless UI frames for the entities: extraction during loading, the entity view (click a row to filter
// every view, Ctrl-click to add, sort), corrections through the buttons and the rename popup, the
// reader's typed marks next to search highlights, and the focused entity's series on the timeline.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "app/actions.h"
#include "app/ui.h"
#include "frames.h"
#include "imgui.h"

namespace lede {

class EntityFrames : public ::testing::Test {
 protected:
  void SetUp() override {
    engine = test::StartApp(state);
    ASSERT_NE(engine, nullptr);
  }
  void TearDown() override { ImGui::DestroyContext(); }
  void Ready() {
    actions::FinishLoading(state, /*entities=*/true);
    ASSERT_EQ(state.status.phase, LoadPhase::kReady);
    ASSERT_EQ(state.status.entity_phase, EntityPhase::kReady);
  }
  // The source's table (valid while this corpus is open), after the app's requests were answered.
  const EntityTable& Table() {
    actions::Settle(state);
    return *engine->table();
  }
  void Frame(int n = 1) { test::DrawFrames(state, n); }
  void Click(float x, float y, bool ctrl = false) { test::ClickAt(state, x, y, ctrl); }
  void Click(const UiProbe::Rect& r) {
    ASSERT_GT(r.w, 0) << "the control was drawn";
    Click(r.x + r.w / 2, r.y + r.h / 2);
  }
  void OpenEntities() {
    Frame(2);
    Click(LastFrameProbe().entities_tab);
    ASSERT_EQ(state.ui.pane, RightPane::kEntities);
    Frame(2);
  }
  const UiProbe::EntityRow* Row(const std::string& name) {
    for (const auto& r : LastFrameProbe().entity_rows)
      if (r.name == name) return &r;
    return nullptr;
  }
  std::vector<std::string> Expected() {
    return test::Ids(*engine, Select(engine->index(), engine->facets(), state.filter, state.sort, engine->table()).ranked);
  }
  std::vector<std::string> Rows() { return test::AllRows(state); }
  uint32_t Doc(const std::string& id) {
    for (uint32_t d = 0; d < engine->corpus().articles.size(); ++d)
      if (engine->corpus().articles[d].id == id) return d;
    ADD_FAILURE() << "no article " << id;
    return 0;
  }
  bool Names(const std::string& id, int entity) {
    const auto v = Table().EntitiesOf(Doc(id));
    return std::find(v.begin(), v.end(), uint32_t(entity)) != v.end();
  }
  // The app's row for an entity in the explore reply's entity rows (null when not listed).
  const EntityRow* SelRow(const std::string& name) {
    actions::Settle(state);
    for (const EntityRow& r : state.replies.explore.entities)
      if (r.name == name) return &r;
    return nullptr;
  }
  AppState state;
  const LocalSource* engine = nullptr;
};

TEST_F(EntityFrames, ExtractionRunsAfterIndexingASliceAtATimeWithProgress) {
  while (state.status.phase != LoadPhase::kReady) ASSERT_TRUE(actions::Tick(state, 5));
  EXPECT_EQ(state.status.entity_phase, EntityPhase::kExtracting) << "the app is usable while names are found";
  EXPECT_EQ(actions::EntityProgress(state), 0.0f);
  test::DrawFrames(state, 1, /*tick_ms=*/0);  // the header shows the progress bar; the entity tab its percentage
  int slices = 0;
  float last = 0;
  while (actions::Tick(state, 0.05)) {
    const float p = actions::EntityProgress(state);
    EXPECT_GE(p, last);
    last = p;
    ++slices;
    if (p > 0 && p < 1) test::DrawFrames(state, 1, /*tick_ms=*/0);  // draw only: the slices are this loop's
  }
  EXPECT_GT(slices, 1) << "extraction was spread over several frames";
  EXPECT_EQ(state.status.entity_phase, EntityPhase::kReady);
  EXPECT_EQ(actions::EntityProgress(state), 1.0f);
  EXPECT_GT(state.status.extract_ms, 0);
  EXPECT_GT(Table().entities.size(), 50u);
  EXPECT_GT(state.replies.explore.entities_listed, 50u) << "the selection's names were counted once the table came";
}

TEST_F(EntityFrames, ClickingAnEntityFiltersEveryViewAndCtrlClickAddsOne) {
  Ready();
  OpenEntities();
  const auto& rows = LastFrameProbe().entity_rows;
  ASSERT_GE(rows.size(), 10u) << "the table fills the pane";
  // Default order: most articles first.
  EXPECT_EQ(rows[0].name, "United States");
  const UiProbe::EntityRow first = rows[0];
  Click(first.x + 20, first.y + first.h / 2);
  EXPECT_EQ(state.filter.query, "entity:\"United States\"");
  EXPECT_EQ(state.entities.focus, "United States");
  const int us = Table().Find("United States");
  ASSERT_GE(us, 0);
  EXPECT_EQ(Rows(), Expected());
  EXPECT_EQ(Rows().size(), Table().entities[size_t(us)].docs.size());
  for (const std::string& id : Rows()) EXPECT_TRUE(Names(id, us)) << id;
  // Counts follow the selection: the United States is in every selected article; a companion's dates
  // are those of the selected articles naming it.
  ASSERT_NE(SelRow("United States"), nullptr);
  EXPECT_EQ(SelRow("United States")->articles, state.replies.explore.total);
  const int cn0 = Table().Find("China");
  ASSERT_GE(cn0, 0);
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (const std::string& id : Rows())
    if (Names(id, cn0)) { lo = std::min(lo, engine->index().DocDate(Doc(id))); hi = std::max(hi, engine->index().DocDate(Doc(id))); }
  ASSERT_NE(SelRow("China"), nullptr);
  EXPECT_EQ(SelRow("China")->first, lo);
  EXPECT_EQ(SelRow("China")->last, hi);
  EXPECT_FALSE(state.replies.explore.entity_buckets.empty()) << "its series is drawn on the timeline";
  uint32_t on_timeline = 0;
  for (const Bucket& b : state.replies.explore.entity_buckets) on_timeline += b.selected;
  EXPECT_GT(on_timeline, 0u);
  // The details (co-occurrence) are one reply per focus and table, not recomputed per frame.
  ASSERT_TRUE(state.replies.entity.found);
  const Ticket details = state.replies.entity.ticket;
  Frame(5);
  EXPECT_EQ(state.replies.entity.ticket, details);

  // Ctrl-click a second entity: articles naming both.
  Frame(2);
  const UiProbe::EntityRow* china = Row("China");
  ASSERT_NE(china, nullptr);
  Click(china->x + 20, china->y + china->h / 2, /*ctrl=*/true);
  EXPECT_EQ(state.filter.query, "entity:\"United States\" entity:\"China\"");
  const int cn = Table().Find("China");
  EXPECT_EQ(Rows(), Expected());
  ASSERT_FALSE(Rows().empty());
  for (const std::string& id : Rows()) EXPECT_TRUE(Names(id, us) && Names(id, cn));
  // A plain click on a chosen entity replaces the choice; a second one takes it back.
  Frame(2);
  china = Row("China");
  ASSERT_NE(china, nullptr);
  Click(china->x + 20, china->y + china->h / 2);
  EXPECT_EQ(state.filter.query, "entity:\"China\"");
  Frame(2);
  china = Row("China");
  ASSERT_NE(china, nullptr);
  Click(china->x + 20, china->y + china->h / 2);
  EXPECT_EQ(state.filter.query, "");
  EXPECT_EQ(Rows().size(), engine->corpus().articles.size());
}

TEST_F(EntityFrames, TheTableFollowsTheSearchAndItsFilterBox) {
  Ready();
  actions::SetQuery(state, "wuzhen");
  OpenEntities();
  const auto rows = LastFrameProbe().entity_rows;
  ASSERT_FALSE(rows.empty());
  for (const auto& r : rows) {
    ASSERT_GE(Table().Find(r.name), 0);
    ASSERT_NE(SelRow(r.name), nullptr);
    EXPECT_GT(SelRow(r.name)->articles, 0u) << r.name << " is named in a matching article";
    EXPECT_LE(SelRow(r.name)->articles, state.replies.explore.total);
  }
  actions::SetEntityFilter(state, "confer");
  Frame(2);
  ASSERT_FALSE(LastFrameProbe().entity_rows.empty());
  for (const auto& r : LastFrameProbe().entity_rows) {
    std::string folded = FoldName(r.name);
    bool alias = false;
    for (const auto& a : Table().entities[size_t(Table().Find(r.name))].aliases)
      alias |= FoldName(a).find("confer") != std::string::npos;
    EXPECT_TRUE(folded.find("confer") != std::string::npos || alias) << r.name;
  }
  // Type toggles: places only.
  actions::SetEntityFilter(state, "");
  for (int t = 0; t < 4; ++t)
    if (t != int(EntityType::kPlace)) actions::ToggleEntityType(state, t);
  Frame(2);
  ASSERT_FALSE(LastFrameProbe().entity_rows.empty());
  for (const auto& r : LastFrameProbe().entity_rows)
    EXPECT_EQ(Table().entities[size_t(Table().Find(r.name))].type, EntityType::kPlace) << r.name;
}

TEST_F(EntityFrames, HideRenameAndUndoThroughTheView) {
  Ready();
  OpenEntities();
  const UiProbe::EntityRow* row = Row("Geneva");
  ASSERT_NE(row, nullptr);
  Click(row->x + 20, row->y + row->h / 2);
  ASSERT_EQ(state.entities.focus, "Geneva");
  Frame(2);
  const int before_version = state.entities.corrections_version;
  Click(LastFrameProbe().hide_entity);
  ASSERT_EQ(state.entities.corrections.ops.size(), 1u);
  EXPECT_EQ(state.entities.corrections.ops[0].op, Correction::Op::kHide);
  EXPECT_GT(state.entities.corrections_version, before_version) << "the platform stores on this change";
  EXPECT_TRUE(Table().entities[size_t(Table().Find("Geneva"))].hidden);
  Frame(2);
  EXPECT_EQ(Row("Geneva"), nullptr) << "hidden names leave the table";
  ASSERT_LT(LastFrameProbe().undo_correction.y + LastFrameProbe().undo_correction.h, 900) << "the details fit the window";
  Click(LastFrameProbe().undo_correction);
  EXPECT_TRUE(state.entities.corrections.ops.empty());
  EXPECT_FALSE(Table().entities[size_t(Table().Find("Geneva"))].hidden);

  // Rename through the popup: type the new name, press Enter.
  Frame(2);
  Click(LastFrameProbe().rename_entity);
  Frame(2);
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiMod_Ctrl, true);
  io.AddKeyEvent(ImGuiKey_A, true);
  Frame();
  io.AddKeyEvent(ImGuiKey_A, false);
  io.AddKeyEvent(ImGuiMod_Ctrl, false);
  Frame();
  io.AddInputCharactersUTF8("Genève");
  Frame();
  io.AddKeyEvent(ImGuiKey_Enter, true);
  Frame();
  io.AddKeyEvent(ImGuiKey_Enter, false);
  Frame(2);
  ASSERT_EQ(state.entities.corrections.ops.size(), 1u);
  EXPECT_EQ(state.entities.corrections.ops[0].op, Correction::Op::kRename);
  EXPECT_EQ(state.entities.corrections.ops[0].target, "Genève");
  const int id = Table().Find("Genève");
  ASSERT_GE(id, 0);
  EXPECT_EQ(Table().entities[size_t(id)].name, "Genève");
  EXPECT_EQ(state.entities.focus, "Genève") << "the details follow the rename";
  EXPECT_EQ(state.replies.entity.name, "Genève");
  // The filter set before the rename ("Geneva") still selects the same articles.
  EXPECT_EQ(state.filter.query, "entity:\"Geneva\"");
  EXPECT_EQ(Rows().size(), Table().entities[size_t(id)].docs.size());
}

TEST_F(EntityFrames, MergeIntoAnotherThroughTheSearchablePicker) {
  Ready();
  OpenEntities();
  const UiProbe::EntityRow* row = Row("ARPANET");
  ASSERT_NE(row, nullptr);
  Click(row->x + 20, row->y + row->h / 2);
  Frame(2);
  Click(LastFrameProbe().merge_entity);
  Frame(2);
  ASSERT_FALSE(LastFrameProbe().merge_options.empty()) << "the picker lists candidates";
  ImGui::GetIO().AddInputCharactersUTF8("postel");
  Frame(3);
  const auto options = LastFrameProbe().merge_options;
  ASSERT_FALSE(options.empty());
  for (const auto& o : options) EXPECT_NE(FoldName(o.name).find("postel"), std::string::npos) << o.name;
  EXPECT_EQ(options[0].name, "Jon Postel");
  const size_t jon_docs = Table().entities[size_t(Table().Find("Jon Postel"))].docs.size();
  Click(options[0].x + 20, options[0].y + options[0].h / 2);
  ASSERT_EQ(state.entities.corrections.ops.size(), 1u);
  EXPECT_EQ(state.entities.corrections.ops[0].op, Correction::Op::kMerge);
  EXPECT_EQ(state.entities.corrections.ops[0].name, "ARPANET");
  EXPECT_EQ(state.entities.corrections.ops[0].target, "Jon Postel");
  EXPECT_EQ(Table().Find("ARPANET"), Table().Find("Jon Postel"));
  EXPECT_GE(Table().entities[size_t(Table().Find("Jon Postel"))].docs.size(), jon_docs);
  EXPECT_EQ(state.entities.focus, "Jon Postel") << "the details follow the merge";
  Frame(2);
  EXPECT_TRUE(LastFrameProbe().merge_options.empty()) << "the picker closed";
}

TEST_F(EntityFrames, ImportKeepsEverythingOnABrokenFileAndMergesOnAGoodOne) {
  Ready();
  Correction hide;
  hide.op = Correction::Op::kHide;
  hide.name = "Geneva";
  actions::AddCorrection(state, hide);
  EXPECT_FALSE(actions::ImportCorrections(state, "{\"lede_entity_corrections\": 1, \"ops\": [{\"op\": \"hide\""));
  EXPECT_NE(state.entities.message.find("not JSON"), std::string::npos) << state.entities.message;
  ASSERT_EQ(state.entities.corrections.ops.size(), 1u) << "nothing lost";
  EXPECT_TRUE(Table().entities[size_t(Table().Find("Geneva"))].hidden);

  const int jon = Table().Find("Jon Postel"), usc = Table().Find("ARPANET");
  ASSERT_GE(jon, 0);
  ASSERT_GE(usc, 0);
  std::vector<uint32_t> both = Table().entities[size_t(jon)].docs;
  for (uint32_t d : Table().entities[size_t(usc)].docs) both.push_back(d);
  std::sort(both.begin(), both.end());
  both.erase(std::unique(both.begin(), both.end()), both.end());
  ASSERT_GT(both.size(), Table().entities[size_t(jon)].docs.size());
  ASSERT_TRUE(actions::ImportCorrections(state, R"({"lede_entity_corrections": 1, "ops": [
      {"op": "merge", "name": "arpanet", "into": "Jon Postel"},
      {"op": "type", "name": "Jon Postel", "type": "other"}, {"op": "frobnicate", "name": "x"}]})"));
  EXPECT_NE(state.entities.message.find("ops[2]"), std::string::npos) << "the skipped op is named: " << state.entities.message;
  EXPECT_FALSE(Table().entities[size_t(Table().Find("Geneva"))].hidden) << "import replaces";
  const int merged = Table().Find("ARPANET");
  EXPECT_EQ(merged, Table().Find("Jon Postel"));
  EXPECT_EQ(Table().entities[size_t(merged)].docs, both) << "the merged entity has the articles of both";
  EXPECT_EQ(Table().entities[size_t(merged)].name, "Jon Postel");
  EXPECT_EQ(Table().entities[size_t(merged)].type, EntityType::kOther);
  ASSERT_TRUE(actions::UndoCorrection(state));
  EXPECT_TRUE(Table().entities[size_t(Table().Find("Geneva"))].hidden) << "undo restores the import's predecessor";
}

TEST_F(EntityFrames, TheReaderMarksNamesByTypeAlongsideSearchHighlights) {
  Ready();
  actions::SetQuery(state, "postel");
  ASSERT_FALSE(Rows().empty());
  actions::SelectArticle(state, Rows()[0]);
  Frame(3);
  const UiProbe& p = LastFrameProbe();
  EXPECT_GT(p.reader_highlights, 0u) << "search matches still highlighted";
  ASSERT_FALSE(p.reader_marks.empty());
  bool person = false;
  for (const auto& m : p.reader_marks) {
    person |= m.type == "person" && m.name == "Jon Postel";
    EXPECT_GT(m.w, 0);
  }
  EXPECT_TRUE(person) << "Jon Postel is marked as a person";
  // Hover a mark: click filters by it.
  const UiProbe::Mark m = p.reader_marks.back();
  Click(m.x + m.w / 2, m.y + m.h / 2);
  EXPECT_NE(state.filter.query.find("entity:\"" + m.name + "\""), std::string::npos) << state.filter.query;
  // Names off: no marks.
  actions::SetShowEntityMarks(state, false);
  Frame(2);
  EXPECT_TRUE(LastFrameProbe().reader_marks.empty());
}

TEST_F(EntityFrames, SourceSettingRebuildsWithoutExtractingAgain) {
  Ready();
  const size_t both = Table().entities.size();
  const double ms = state.status.extract_ms;
  actions::SetEntitySource(state, EntitySource::kSupplied);
  actions::Settle(state);
  EXPECT_EQ(state.status.extract_ms, ms);
  size_t listed = 0;
  for (const auto& e : Table().entities) listed += !e.docs.empty();
  EXPECT_EQ(listed, 0u) << "the bundled corpus labels no entities";
  OpenEntities();
  EXPECT_TRUE(LastFrameProbe().entity_rows.empty());
  actions::SetEntitySource(state, EntitySource::kExtracted);
  EXPECT_EQ(Table().entities.size(), both);
}

}  // namespace lede

namespace lede {

// A corpus opened after another (a dropped file, Lede.mount's open()) starts with its own corrections:
// nothing of the first corpus's list, undo steps or messages carries over, and the two are stored apart.
TEST_F(EntityFrames, CorrectionsBelongToTheirCorpus) {
  Ready();
  Correction hide;
  hide.op = Correction::Op::kHide;
  hide.name = "ARPANET";
  actions::AddCorrection(state, hide);
  ASSERT_EQ(state.entities.corrections.ops.size(), 1u);
  const std::string key_a = actions::CorrectionsKey(state);

  const std::string other = R"({"articles": [{"id": "x", "title": "Talks in Berlin", "date": "2021-01-01",
    "text": "Chancellor Angela Merkel met ARPANET veterans in Berlin."}]})";
  engine = test::OpenCorpus(state, other, "export.json");
  EXPECT_TRUE(state.entities.corrections.ops.empty()) << "the previous corpus's corrections do not apply";
  EXPECT_TRUE(state.entities.corrections_undo.empty()) << "nor can Undo bring them back";
  Ready();
  const int arpanet = Table().Find("ARPANET");
  ASSERT_GE(arpanet, 0);
  EXPECT_FALSE(Table().entities[size_t(arpanet)].hidden);

  // Two files with one name but different contents are two corpora; a fetched corpus is its URL.
  const std::string key_b = actions::CorrectionsKey(state);
  actions::LoadCorpusBytes(state, other + " ", "export.json", 0);
  EXPECT_NE(actions::CorrectionsKey(state), key_b);
  EXPECT_NE(key_a, key_b);
  actions::LoadCorpusBytes(state, other, "https://archive.example/2021.json", 0);
  EXPECT_EQ(actions::CorrectionsKey(state), "https://archive.example/2021.json");
}

// The embedder can show the entity view alone on the right, or leave it out; a narrow embed reaches it
// from the list and comes back.
TEST_F(EntityFrames, ViewsOptionAndNarrowEmbedsReachTheEntityView) {
  Ready();
  state.ui.show_reader = false;
  Frame(3);
  EXPECT_FALSE(LastFrameProbe().entity_rows.empty()) << "views without the reader: the entity view shows";
  state.ui.show_reader = true;
  state.ui.show_entities = false;
  actions::SetPane(state, RightPane::kEntities);
  Frame(2);
  EXPECT_TRUE(LastFrameProbe().entity_rows.empty()) << "views without entities: none drawn";
  state.ui.show_entities = true;
  actions::SetPane(state, RightPane::kReader);

  ImGui::GetIO().DisplaySize = ImVec2(600, 700);
  Frame(2);
  EXPECT_FALSE(LastFrameProbe().rows.empty()) << "narrow: the list";
  EXPECT_TRUE(LastFrameProbe().entity_rows.empty());
  actions::SetPane(state, RightPane::kEntities);  // what the list's "Entities" button does
  Frame(2);
  EXPECT_TRUE(LastFrameProbe().rows.empty()) << "narrow: the entity view alone";
  EXPECT_FALSE(LastFrameProbe().entity_rows.empty());
}

}  // namespace lede
