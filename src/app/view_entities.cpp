// view_entities.cpp: who and what the articles name. A sortable, filterable table of entities (name, type,
// articles, mentions, first and last seen, a sparkline over time) whose counts follow the current filter;
// click a row to filter every view by that entity (Ctrl-click adds it to the entities already chosen).
// Counts and dates in the table are those of the selected articles; the details give corpus totals. All of
// it comes from the source's replies: the entity rows of the explore reply, the focused entity's details
// (asked once per focus and table, not per frame) and the merge picker's search.
// Below the table, the focused entity: its other spellings, the entities it appears with (ranked by
// log-likelihood, clickable), and the journalist's corrections: rename, change type, merge into another,
// hide; undo, export and import of the corrections file.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <numeric>

#include "app/actions.h"
#include "app/views.h"
#include "app/widgets.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace lede {

namespace {

const char* kTypeLabels[] = {"Person", "Organization", "Place", "Other"};
const char* kTypePlural[] = {"People", "Organizations", "Places", "Other"};

bool Contains(const std::string& hay, const std::string& folded_needle) {
  return folded_needle.empty() || FoldName(hay).find(folded_needle) != std::string::npos;
}

// The rows the table shows (indices into the explore reply's entities), cached until the reply or a setting
// changes.
struct RowCache {
  size_t generation = SIZE_MAX;
  std::string filter;
  bool types[4] = {};
  bool hidden = false;
  int column = -1;
  bool ascending = false;
  std::vector<uint32_t> rows;
} g_rows;

const std::vector<uint32_t>& Rows(const AppState& state) {
  const auto& ents = state.replies.explore.entities;
  const auto& ui = state.ui;
  const size_t generation = state.replies.generation;
  const bool same = g_rows.generation == generation &&
                    g_rows.filter == ui.entity_filter && std::equal(ui.entity_types, ui.entity_types + 4, g_rows.types) &&
                    g_rows.hidden == ui.show_hidden && g_rows.column == ui.entity_sort_column &&
                    g_rows.ascending == ui.entity_sort_ascending;
  if (same) return g_rows.rows;
  g_rows.generation = generation;
  g_rows.filter = ui.entity_filter;
  std::copy(ui.entity_types, ui.entity_types + 4, g_rows.types);
  g_rows.hidden = ui.show_hidden;
  g_rows.column = ui.entity_sort_column;
  g_rows.ascending = ui.entity_sort_ascending;
  auto& rows = g_rows.rows;
  rows.clear();
  const std::string needle = FoldName(ui.entity_filter);
  for (uint32_t id = 0; id < ents.size(); ++id) {
    const EntityRow& e = ents[id];
    if (e.articles == 0 || (e.hidden && !ui.show_hidden) || !ui.entity_types[int(e.type)]) continue;
    bool match = Contains(e.name, needle);
    for (size_t a = 0; !match && a < e.aliases.size(); ++a) match = Contains(e.aliases[a], needle);
    if (match) rows.push_back(id);
  }
  const int col = ui.entity_sort_column;
  const bool asc = ui.entity_sort_ascending;
  std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
    const EntityRow& x = ents[a];
    const EntityRow& y = ents[b];
    int c = 0;  // < 0 when x sorts first in ascending order
    switch (col) {
      case 0: c = x.name.compare(y.name); break;
      case 1: c = int(x.type) - int(y.type); break;
      case 3: c = x.mentions < y.mentions ? -1 : x.mentions > y.mentions; break;
      case 4: c = x.first < y.first ? -1 : x.first > y.first; break;
      case 5: c = x.last < y.last ? -1 : x.last > y.last; break;
      default: c = x.articles < y.articles ? -1 : x.articles > y.articles; break;
    }
    if (c != 0) return asc ? c < 0 : c > 0;
    if (x.articles != y.articles) return x.articles > y.articles;
    return x.name < y.name;
  });
  return rows;
}

void TypeDot(ImDrawList* dl, ImVec2 center, EntityType t, float r = 4.0f) {
  dl->AddCircleFilled(center, r, Colors().entity[int(t)]);
}

void Sparkline(ImDrawList* dl, ImVec2 p, ImVec2 size, const std::vector<uint32_t>& counts, ImU32 color) {
  if (counts.empty()) return;
  uint32_t peak = 1;
  for (uint32_t c : counts) peak = std::max(peak, c);
  const float step = counts.size() > 1 ? size.x / float(counts.size() - 1) : 0;
  dl->AddLine(ImVec2(p.x, p.y + size.y), ImVec2(p.x + size.x, p.y + size.y), Colors().rule);
  ImVec2 prev;
  for (size_t i = 0; i < counts.size(); ++i) {
    const ImVec2 q(p.x + step * float(i), p.y + size.y - (size.y - 1) * float(counts[i]) / float(peak));
    if (i) dl->AddLine(prev, q, color, 1.4f);
    prev = q;
  }
}

std::string Day(int64_t t) { return t ? FormatDay(t) : std::string("-"); }

// The text field just drawn, for the platform (a tap on it opens a phone's keyboard).
void NoteTextField(UiProbe& probe) {
  const ImVec2 p = ImGui::GetItemRectMin(), s = ImGui::GetItemRectSize();
  probe.text_fields.push_back({p.x, p.y, s.x, s.y});
}

// "Merge into..." picker: a search box and the best matching entities (the source's answer to it).
void MergePicker(const AppState& state, Intents& act, UiProbe& probe, const EntityReply& e) {
  std::string query = state.entities.merge_query;
  if (ImGui::IsWindowAppearing()) {
    query.clear();
    act([](AppState& s) { actions::FindMergeTargets(s, ""); });
    ImGui::SetKeyboardFocusHere();
  }
  ImGui::TextColored(ImColor(Colors().text_muted), "Merge \"%s\" into:", e.name.c_str());
  ImGui::SetNextItemWidth(320);
  if (ImGui::InputTextWithHint("##merge_query", "type a name", &query))
    act([query](AppState& s) { actions::FindMergeTargets(s, query); });
  NoteTextField(probe);
  size_t shown = 0;
  for (const EntityListRow& r : state.replies.merge.rows) {
    if (FoldName(r.name) == FoldName(e.name) || shown == 12) continue;
    ++shown;
    char label[256];
    std::snprintf(label, sizeof label, "%s  (%s, %u articles)##m%zu", r.name.c_str(), EntityTypeName(r.type), r.articles, shown);
    const bool chosen = ImGui::Selectable(label);
    probe.merge_options.push_back({r.name, ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y,
                                   ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y});
    if (chosen) {
      Correction c;
      c.op = Correction::Op::kMerge;
      c.name = e.name;
      c.target = r.name;
      act([c](AppState& s) { actions::AddCorrection(s, c); });
      ImGui::CloseCurrentPopup();
      return;
    }
  }
  if (shown == 0) ImGui::TextDisabled(state.replies.merge_ticket ? "Looking\xE2\x80\xA6" : "No entity matches.");
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
}

void RenamePopup(Intents& act, UiProbe& probe, const EntityReply& e) {
  static std::string name;
  if (ImGui::IsWindowAppearing()) {
    name = e.name;
    ImGui::SetKeyboardFocusHere();
  }
  ImGui::TextColored(ImColor(Colors().text_muted), "New name for \"%s\":", e.name.c_str());
  ImGui::SetNextItemWidth(320);
  const bool enter = ImGui::InputText("##rename", &name, ImGuiInputTextFlags_EnterReturnsTrue);
  NoteTextField(probe);
  const bool ok = ImGui::Button("Rename") || enter;
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  if (ok) {
    std::string clean;
    for (char c : name)
      if (c != '"') clean += c;
    while (!clean.empty() && clean.back() == ' ') clean.pop_back();
    while (!clean.empty() && clean.front() == ' ') clean.erase(0, 1);
    if (!clean.empty() && clean != e.name) {
      Correction c;
      c.op = Correction::Op::kRename;
      c.name = e.name;
      c.target = clean;
      act([c](AppState& s) { actions::AddCorrection(s, c); });
    }
    ImGui::CloseCurrentPopup();
  }
}

void Details(const AppState& state, Intents& act, UiProbe& probe) {
  const EntityReply& e = state.replies.entity;
  if (!e.found || state.entities.focus.empty()) {
    ImGui::TextColored(ImColor(Colors().text_muted), "Click a name to see only the articles naming it; Ctrl-click to add it to the names chosen.");
    ImGui::TextColored(ImColor(Colors().text_muted), "Its companions, its series on the timeline and the corrections appear here.");
    return;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  TypeDot(dl, ImVec2(p.x + 6, p.y + ImGui::GetTextLineHeight() * 0.75f), e.type, 5.0f);
  ImGui::Dummy(ImVec2(14, 0));
  ImGui::SameLine();
  ImGui::PushFont(state.fonts.ui_bold, 18.0f);
  ImGui::TextUnformatted(e.name.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  std::string meta = std::string(EntityTypeName(e.type)) + "  \xC2\xB7  " + std::to_string(e.articles) + " article" +
                     (e.articles == 1 ? "" : "s") + ", " + std::to_string(e.mentions) + " mention" + (e.mentions == 1 ? "" : "s");
  if (e.first) meta += "  \xC2\xB7  " + Day(e.first) + " to " + Day(e.last);
  meta += e.supplied && e.extracted ? "  \xC2\xB7  labelled and found" : e.supplied ? "  \xC2\xB7  labelled by the corpus" : "  \xC2\xB7  found in the text";
  if (e.hidden) meta += "  \xC2\xB7  HIDDEN";
  ImGui::TextColored(ImColor(Colors().text_muted), "%s", meta.c_str());
  if (!e.aliases.empty()) {
    std::string aliases;
    for (size_t i = 0; i < e.aliases.size() && i < 8; ++i) aliases += (i ? ", " : "") + e.aliases[i];
    if (e.aliases.size() > 8) aliases += ", ...";
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImColor(Colors().text_muted), "Also written: %s", aliases.c_str());
    ImGui::PopTextWrapPos();
  }

  // Companions: entities named in the same articles more often than chance would have it.
  const auto& co = e.cooccurring;  // computed once by the source for this entity and table
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImColor(Colors().text_muted), "Appears with:");
  if (co.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("no other name stands out");
  }
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  for (size_t k = 0; k < co.size(); ++k) {
    const Companion& c = co[k];
    const Companion& other = c;
    char label[200];
    std::snprintf(label, sizeof label, "%s  %u", other.name.c_str(), c.together);
    const float w = ImGui::CalcTextSize(label).x + 26;
    ImGui::SameLine(0, 6);
    if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    ImGui::PushID(int(k));
    const ImVec2 q = ImGui::GetCursorScreenPos();
    const ImVec2 size(w, ImGui::GetFrameHeight() - 2);
    const bool clicked = ImGui::InvisibleButton("co", size);
    const bool hovered = ImGui::IsItemHovered();
    dl->AddRectFilled(q, ImVec2(q.x + size.x, q.y + size.y), hovered ? Colors().row_hover : Colors().chip_bg, size.y / 2);
    TypeDot(dl, ImVec2(q.x + 10, q.y + size.y / 2), other.type, 3.5f);
    dl->AddText(ImVec2(q.x + 18, q.y + (size.y - ImGui::GetTextLineHeight()) / 2), ImGui::GetColorU32(ImGuiCol_Text), label);
    if (hovered)
      ImGui::SetTooltip("%s (%s): in %u of %s's articles (log-likelihood %.0f)\nClick: articles naming both",
                        other.name.c_str(), EntityTypeName(other.type), c.together, e.name.c_str(), c.score);
    if (clicked) act([name = other.name, keep = e.name](AppState& s) {
        actions::FilterByEntity(s, name, /*add=*/true);
        actions::FocusEntity(s, keep);
      });
    ImGui::PopID();
  }

  // Corrections.
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImColor(Colors().text_muted), "Correct:");
  ImGui::SameLine();
  auto rect = [] { return UiProbe::Rect{ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y}; };
  if (ImGui::SmallButton("Rename...")) ImGui::OpenPopup("rename");
  probe.rename_entity = rect();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("Organization").x + ImGui::GetFrameHeight() + 12);
  int type = int(e.type);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6, 1));
  if (ImGui::Combo("##type", &type, kTypeLabels, 4) && type != int(e.type)) {
    Correction c;
    c.op = Correction::Op::kType;
    c.name = e.name;
    c.type = EntityType(type);
    act([c](AppState& s) { actions::AddCorrection(s, c); });
  }
  ImGui::PopStyleVar();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Change the type of this entity");
  ImGui::SameLine();
  if (ImGui::SmallButton("Merge into...")) ImGui::OpenPopup("merge");
  probe.merge_entity = rect();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The same person, organization or place under another name");
  ImGui::SameLine();
  if (ImGui::SmallButton(e.hidden ? "Show" : "Hide")) {
    Correction c;
    c.op = e.hidden ? Correction::Op::kShow : Correction::Op::kHide;
    c.name = e.name;
    act([c](AppState& s) { actions::AddCorrection(s, c); });
  }
  probe.hide_entity = rect();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(e.hidden ? "List it again" : "Not a name worth listing: leave it out of the table and the reader");
  if (ImGui::BeginPopup("rename")) {
    RenamePopup(act, probe, e);
    ImGui::EndPopup();
  }
  if (ImGui::BeginPopup("merge")) {
    MergePicker(state, act, probe, e);
    ImGui::EndPopup();
  }
}

void CorrectionsBar(const AppState& state, Intents& act, UiProbe& probe) {
  const auto& en = state.entities;
  auto rect = [] { return UiProbe::Rect{ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y}; };
  const size_t n = en.corrections.ops.size();
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImColor(Colors().text_muted), "%zu correction%s", n, n == 1 ? "" : "s");
  if (ImGui::IsItemHovered() && n) {
    ImGui::BeginTooltip();
    for (size_t i = n > 12 ? n - 12 : 0; i < n; ++i) {
      const Correction& c = en.corrections.ops[i];
      switch (c.op) {
        case Correction::Op::kMerge: ImGui::Text("merge %s into %s", c.name.c_str(), c.target.c_str()); break;
        case Correction::Op::kRename: ImGui::Text("rename %s to %s", c.name.c_str(), c.target.c_str()); break;
        case Correction::Op::kType: ImGui::Text("%s is a %s", c.name.c_str(), EntityTypeName(c.type)); break;
        case Correction::Op::kHide: ImGui::Text("hide %s", c.name.c_str()); break;
        case Correction::Op::kShow: ImGui::Text("show %s", c.name.c_str()); break;
      }
    }
    ImGui::EndTooltip();
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(en.corrections_undo.empty());
  if (ImGui::SmallButton("Undo correction")) act([](AppState& s) { actions::UndoCorrection(s); });
  ImGui::EndDisabled();
  probe.undo_correction = rect();
  ImGui::SameLine();
  if (ImGui::SmallButton("Export")) probe.export_clicked = true;
  probe.export_corrections = rect();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the corrections as a JSON file (lede-cli entities --corrections reads it)");
  ImGui::SameLine();
  if (ImGui::SmallButton("Import")) probe.import_clicked = true;
  probe.import_corrections = rect();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Replace the corrections with those in a file (Undo brings these back)");
  if (!en.message.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImColor(en.message_is_error ? Colors().warn : Colors().accent), "%s", en.message.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace

void DrawEntities(const AppState& state, Intents& act, UiProbe& probe) {
  const auto& en = state.entities;
  const auto& ui = state.ui;
  const ExploreReply& reply = state.replies.explore;
  const ImGuiIO& io = ImGui::GetIO();
  if (state.status.entity_phase != EntityPhase::kReady || !reply.entities_included) {
    ImGui::Spacing();
    if (state.status.entity_phase == EntityPhase::kReady) {  // the rows are on their way
      if (!state.replies.want_entities) act([](AppState& s) { actions::WantEntities(s); });
      ImGui::TextColored(ImColor(Colors().text_muted), "Counting names\xE2\x80\xA6");
      return;
    }
    ImGui::TextColored(ImColor(Colors().text_muted), "Finding people, organizations and places in %zu articles ...",
                       state.status.articles);
    ImGui::ProgressBar(actions::EntityProgress(state), ImVec2(320, 0));
    return;
  }
  const std::vector<uint32_t>& rows = Rows(state);

  // Header: counts, source setting.
  ImGui::PushFont(state.fonts.ui_bold, 13.0f);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImColor(Colors().text_muted), "%zu NAMES IN %zu ARTICLES", rows.size(), reply.total);
  ImGui::PopFont();
  ImGui::SameLine();
  HelpMarker("People, organizations and places named in the articles that match the current search, dates and "
             "facets (counts follow the filter). Found in the text by rules (capitals, titles such as Mr or "
             "Minister, words such as Inc or Ministry, place names from gazetteers) and merged with the names the "
             "corpus itself labels.\nClick a name: only articles naming it. Ctrl-click: add it to the names chosen.\n"
             "Corrections are kept in this browser and can be exported for lede-cli.");
  static const char* kSources[] = {"Labelled and found", "Labelled by the corpus", "Found in the text"};
  const float combo_w = ImGui::CalcTextSize("Labelled by the corpus").x + ImGui::GetFrameHeight() + 16;
  ImGui::SameLine(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - combo_w));
  ImGui::SetNextItemWidth(combo_w);
  int source = int(en.source);
  if (ImGui::Combo("##source", &source, kSources, 3)) act([source](AppState& s) { actions::SetEntitySource(s, EntitySource(source)); });
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Which names to list: the corpus's own labels, the names Lede found in the text, or both merged");

  // Filter box and type toggles.
  ImGui::SetNextItemWidth(std::min(240.0f, ImGui::GetContentRegionAvail().x * 0.4f));
  std::string filter = ui.entity_filter;
  if (ImGui::InputTextWithHint("##entity_filter", "Filter names", &filter)) act([filter](AppState& s) { actions::SetEntityFilter(s, filter); });
  NoteTextField(probe);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int t = 0; t < 4; ++t) {
    ImGui::SameLine(0, 10);
    ImGui::PushID(t);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::CalcTextSize(kTypePlural[t]).x + 24;
    const float h = ImGui::GetFrameHeight();
    if (ImGui::InvisibleButton("type", ImVec2(w, h))) act([t](AppState& s) { actions::ToggleEntityType(s, t); });
    const bool on = ui.entity_types[t];
    if (ImGui::IsItemHovered()) {
      dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), Colors().row_hover, h / 2);
      ImGui::SetTooltip(on ? "Click to leave out %s" : "Click to list %s", kTypePlural[t]);
    }
    if (on) dl->AddCircleFilled(ImVec2(p.x + 9, p.y + h / 2), 4.5f, Colors().entity[t]);
    else dl->AddCircle(ImVec2(p.x + 9, p.y + h / 2), 4.5f, Colors().entity[t], 0, 1.5f);
    dl->AddText(ImVec2(p.x + 18, p.y + (h - ImGui::GetTextLineHeight()) / 2),
                on ? ImGui::GetColorU32(ImGuiCol_Text) : Colors().text_muted, kTypePlural[t]);
    ImGui::PopID();
  }
  ImGui::SameLine(0, 12);
  bool hidden = ui.show_hidden;
  if (ImGui::Checkbox("Hidden", &hidden)) act([hidden](AppState& s) { actions::SetShowHidden(s, hidden); });
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Also list the names you hid (to show them again)");

  // The table.
  // The focused entity, by its display name (the details reply resolves aliases).
  const std::string focus = state.replies.entity.found ? FoldName(state.replies.entity.name) : std::string();
  // The details below the table have a fixed height (they scroll when companions wrap a lot), so the
  // layout does not jump as the focus changes.
  const float details_h = ImGui::GetFrameHeightWithSpacing() * 7.2f + ImGui::GetStyle().ItemSpacing.y * 2;
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp |
                                ImGuiTableFlags_Resizable;
  const float table_h = std::max(120.0f, ImGui::GetContentRegionAvail().y - details_h);
  if (ImGui::BeginTable("entities", 7, flags, ImVec2(0, table_h))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    // Numbers and dates keep their width (the header's, plus the sort arrow); the name takes the rest.
    auto fixed = [](const char* widest) { return ImGui::CalcTextSize(widest).x + ImGui::GetFontSize() + 4; };
    const ImGuiTableColumnFlags kFixed = ImGuiTableColumnFlags_WidthFixed;
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_PreferSortAscending, 1.0f, 0);
    ImGui::TableSetupColumn("Type", kFixed | ImGuiTableColumnFlags_PreferSortAscending, fixed("person"), 1);
    ImGui::TableSetupColumn("Articles", kFixed | ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending,
                            fixed("Articles"), 2);
    ImGui::TableSetupColumn("Mentions", kFixed | ImGuiTableColumnFlags_PreferSortDescending, fixed("Mentions"), 3);
    ImGui::TableSetupColumn("First seen", kFixed, fixed("2000-00-00"), 4);
    ImGui::TableSetupColumn("Last seen", kFixed | ImGuiTableColumnFlags_PreferSortDescending, fixed("2000-00-00"), 5);
    ImGui::TableSetupColumn("Over time", kFixed | ImGuiTableColumnFlags_NoSort, fixed("Over time"), 6);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
      if (specs->SpecsCount > 0) {
        const int column = int(specs->Specs[0].ColumnUserID);
        const bool ascending = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
        if (column != ui.entity_sort_column || ascending != ui.entity_sort_ascending)
          act([column, ascending](AppState& s) { actions::SetEntitySort(s, column, ascending); });
      }
      specs->SpecsDirty = false;
    }
    const std::vector<uint32_t>& sorted = Rows(state);
    std::vector<std::string> chosen = actions::QueryEntities(state.filter.query);
    for (std::string& c : chosen) c = FoldName(c);
    ImGuiListClipper clipper;
    clipper.Begin(int(sorted.size()));
    while (clipper.Step()) {
      for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
        const uint32_t id = sorted[size_t(r)];
        const EntityRow& e = reply.entities[id];
        bool in_filter = false;  // the query names it (by its name or one of its aliases)
        for (const std::string& c : chosen) {
          in_filter |= c == FoldName(e.name);
          for (const std::string& a : e.aliases) in_filter |= c == FoldName(a);
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(int(id));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (ImGui::Selectable("##row", in_filter || (!focus.empty() && FoldName(e.name) == focus), ImGuiSelectableFlags_SpanAllColumns)) {
          const bool add = io.KeyCtrl || io.KeySuper;
          act([name = e.name, add](AppState& s) {
            actions::FilterByEntity(s, name, add);
            actions::FocusEntity(s, name);
          });
        }
        const ImVec2 rmin = ImGui::GetItemRectMin(), rmax = ImGui::GetItemRectMax();
        probe.entity_rows.push_back({e.name, rmin.x, rmin.y, rmax.x - rmin.x, rmax.y - rmin.y});
        if (ImGui::IsItemHovered()) {
          std::string tip = e.name;
          if (!e.aliases.empty()) {
            tip += "\nalso: ";
            for (size_t i = 0; i < e.aliases.size() && i < 6; ++i) tip += (i ? ", " : "") + e.aliases[i];
          }
          tip += in_filter ? "\nClick: take this filter back" : "\nClick: only articles naming it \xC2\xB7 Ctrl-click: add to the names chosen";
          ImGui::SetTooltip("%s", tip.c_str());
        }
        ImGui::SameLine(0, 0);
        ImGui::SetCursorScreenPos(p);
        if (e.hidden) ImGui::TextDisabled("%s", e.name.c_str());
        else if (in_filter) {
          ImGui::PushFont(state.fonts.ui_bold, 0.0f);
          ImGui::TextUnformatted(e.name.c_str());
          ImGui::PopFont();
        } else ImGui::TextUnformatted(e.name.c_str());
        ImGui::TableNextColumn();
        const ImVec2 tp = ImGui::GetCursorScreenPos();
        dl = ImGui::GetWindowDrawList();
        TypeDot(dl, ImVec2(tp.x + 5, tp.y + ImGui::GetTextLineHeight() / 2 + 1), e.type);
        ImGui::SetCursorScreenPos(ImVec2(tp.x + 14, tp.y));
        static const char* kShort[] = {"person", "org", "place", "other"};
        ImGui::TextColored(ImColor(Colors().text_muted), "%s", kShort[int(e.type)]);
        ImGui::TableNextColumn();
        ImGui::Text("%u", e.articles);
        ImGui::TableNextColumn();
        ImGui::Text("%u", e.mentions);
        ImGui::TableNextColumn();
        ImGui::TextColored(ImColor(Colors().text_muted), "%s", Day(e.first).c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(ImColor(Colors().text_muted), "%s", Day(e.last).c_str());
        ImGui::TableNextColumn();
        const ImVec2 sp = ImGui::GetCursorScreenPos();
        const float sw = ImGui::GetContentRegionAvail().x - 4;
        Sparkline(dl, ImVec2(sp.x, sp.y + 2), ImVec2(sw, ImGui::GetTextLineHeight() - 3), e.sparkline,
                  Colors().entity[int(e.type)]);
        ImGui::Dummy(ImVec2(sw, ImGui::GetTextLineHeight()));
        ImGui::PopID();
      }
    }
    if (sorted.empty()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled(state.status.entities == 0 ? "No names in this corpus." : "No names match.");
    }
    ImGui::EndTable();
  }
  ImGui::BeginChild("entity_details", ImVec2(0, 0), ImGuiChildFlags_None);
  ImGui::Spacing();
  Details(state, act, probe);
  CorrectionsBar(state, act, probe);
  ImGui::EndChild();
}

}  // namespace lede
