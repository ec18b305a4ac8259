// view_results.cpp: the search box and the results list. With no query the list holds every article;
// with one, the matches, each with a snippet whose matched words are highlighted. Rows have a fixed
// height and are virtualized with ImGuiListClipper, so 100k rows scroll as smoothly as 60.
#include <cstdio>

#include "app/actions.h"
#include "app/views.h"
#include "app/widgets.h"
#include "imgui.h"
#include "imgui_internal.h"  // RenderTextEllipsis
#include "imgui_stdlib.h"

namespace lede {

namespace {

constexpr const char* kQueryHelp =
    "Search syntax\n"
    "  wuzhen internet        both words (AND is the default)\n"
    "  wuzhen OR hangzhou     either word\n"
    "  -weather, NOT weather  without the word\n"
    "  \"world internet conference\"   exact phrase\n"
    "  inter*                 words starting with inter\n"
    "  goverment~             fuzzy: within 1 or 2 letters (~1, ~2)\n"
    "  (a OR b) c             grouping\n"
    "  title:  source:  byline:  tag:   match in that field\n"
    "  lang:zh                articles in Chinese\n"
    "  date:2020   date:2019-03..2020-06   date:>2020-01-01\n"
    "  entity:\"Jack Ma\"       articles naming an entity\n\n"
    "Press / to jump here, Esc to clear.";

std::string MetaLine(const Article& a) {
  std::string meta = a.date.valid() ? FormatDate(a.date) : "undated";
  if (!a.source.empty()) meta += "  \xC2\xB7  " + a.source;
  if (!a.lang.empty()) meta += "  \xC2\xB7  " + a.lang;
  return meta;
}

void SearchBar(AppState& state, UiProbe& probe) {
  auto& s = state.search;
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput && ImGui::IsKeyPressed(ImGuiKey_Slash, false) && state.load.phase == LoadPhase::kReady)
    state.ui.focus_search = true;
  if (state.ui.focus_search) {
    ImGui::SetKeyboardFocusHere();
    state.ui.focus_search = false;
  }
  const float help_w = ImGui::CalcTextSize("(?)").x + ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - help_w);
  ImGui::PushFont(nullptr, 16.0f);
  std::string input = s.input;
  const ImVec2 box = ImGui::GetCursorScreenPos();
  if (ImGui::InputTextWithHint("##query", "Search articles  (try  wuzhen  or  \"domain name\" date:1980..2000)", &input)) {
    actions::SetQuery(state, input);
  }
  probe.search_box = {box.x, box.y, ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y};
  probe.text_fields.push_back(probe.search_box);
  if (ImGui::IsItemFocused() && ImGui::IsKeyPressed(ImGuiKey_Escape)) actions::SetQuery(state, "");
  if (ImGui::IsItemActive() && ImGui::IsKeyPressed(ImGuiKey_DownArrow)) {
    ImGui::SetWindowFocus("rows");
    ImGui::ClearActiveID();
  }
  ImGui::PopFont();
  ImGui::SameLine();
  HelpMarker(kQueryHelp);

  // Result count, time, sort order.
  ImGui::PushFont(state.fonts.ui_bold, 13.0f);
  const bool has_query = state.filter.query.find_first_not_of(" \t") != std::string::npos;
  const size_t n = state.rows().size();
  char status[96];
  if (!has_query) std::snprintf(status, sizeof status, "%zu ARTICLE%s", n, n == 1 ? "" : "S");
  else if (state.search_ms < 0.1) std::snprintf(status, sizeof status, "%zu RESULT%s  \xC2\xB7  < 0.1 ms", n, n == 1 ? "" : "S");
  else std::snprintf(status, sizeof status, "%zu RESULT%s  \xC2\xB7  %.1f ms", n, n == 1 ? "" : "S", state.search_ms);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImColor(Colors().text_muted), "%s", status);
  ImGui::PopFont();
  static const char* kSorts[] = {"Relevance", "Newest first", "Oldest first"};
  const float combo_w = ImGui::CalcTextSize("Newest first").x + ImGui::GetFrameHeight() + 16;
  ImGui::SameLine(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - combo_w);
  ImGui::SetNextItemWidth(combo_w);
  int sort = int(state.sort);
  if (ImGui::Combo("##sort", &sort, kSorts, 3)) actions::SetSort(state, SortOrder(sort));
  for (const std::string& e : state.sel.search.errors) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImColor(Colors().warn), "%s", e.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace

void DrawResults(AppState& state, UiProbe& probe) {
  SearchBar(state, probe);
  ImGui::Spacing();
  const auto& articles = state.load.corpus.articles;
  const bool has_query = !state.sel.search.highlight_terms.empty();
  const auto& rows = state.rows();

  ImGui::BeginChild("rows", ImVec2(0, 0), ImGuiChildFlags_NavFlattened);
  if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) && !ImGui::GetIO().WantTextInput) {
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) actions::MoveSelection(state, +1);
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) actions::MoveSelection(state, -1);
    if (ImGui::IsKeyPressed(ImGuiKey_Escape)) actions::SetQuery(state, "");
    if (ImGui::IsKeyPressed(ImGuiKey_Enter) && state.selected < 0) actions::MoveSelection(state, +1);
  }
  const float scale = ImGui::GetStyle().FontScaleMain * ImGui::GetStyle().FontScaleDpi;
  const float title_size = 15.0f, meta_size = 13.0f, snippet_size = 13.5f, pad = 8.0f;
  const int snippet_lines = has_query ? 2 : 0;
  const float snippet_line_h = (snippet_size + ImGui::GetStyle().ItemSpacing.y) * scale;
  const float row_h = scale * (title_size + meta_size) + pad * 2 + 4 + snippet_lines * snippet_line_h + (snippet_lines ? 4 : 0);
  ImDrawList* dl = ImGui::GetWindowDrawList();

  if (state.scroll_to_selected) {
    state.scroll_to_selected = false;
    for (size_t r = 0; r < rows.size(); ++r) {
      if (int(rows[r]) != state.selected) continue;
      const float top = float(r) * row_h, bottom = top + row_h;
      if (top < ImGui::GetScrollY()) ImGui::SetScrollY(top);
      else if (bottom > ImGui::GetScrollY() + ImGui::GetWindowHeight()) ImGui::SetScrollY(bottom - ImGui::GetWindowHeight());
      break;
    }
  }
  if (rows.empty() && state.load.phase == LoadPhase::kReady) {
    ImGui::Spacing();
    ImGui::TextColored(ImColor(Colors().text_muted), "No articles match. Remove a filter above, or press Undo.");
  }

  ImGuiListClipper clipper;
  clipper.Begin(int(rows.size()), row_h);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const int index = int(rows[size_t(row)]);
      const Article& a = articles[size_t(index)];
      ImGui::PushID(index);
      const ImVec2 p0 = ImGui::GetCursorScreenPos();
      const float w = ImGui::GetContentRegionAvail().x;
      const bool clicked = ImGui::InvisibleButton("row", ImVec2(w, row_h));
      const bool hovered = ImGui::IsItemHovered();
      if (clicked) actions::SelectArticle(state, index);
      const ImVec2 p1(p0.x + w, p0.y + row_h);
      if (index == state.selected) {
        dl->AddRectFilled(p0, p1, Colors().row_selected, 4.0f);
        dl->AddRectFilled(p0, ImVec2(p0.x + 3, p1.y), Colors().accent, 2.0f);
      } else if (hovered) {
        dl->AddRectFilled(p0, p1, Colors().row_hover, 4.0f);
      }
      const ImVec2 after = ImGui::GetCursorScreenPos();
      ImGui::PushFont(state.fonts.ui_bold, title_size);
      const ImVec2 tpos(p0.x + pad + 4, p0.y + pad);
      ImGui::RenderTextEllipsis(dl, tpos, ImVec2(p1.x - pad, tpos.y + ImGui::GetFontSize()), p1.x - pad,
                                a.title.c_str(), a.title.c_str() + a.title.size(), nullptr);
      const float title_h = ImGui::GetFontSize();
      const bool truncated = ImGui::CalcTextSize(a.title.c_str()).x > p1.x - pad - tpos.x;
      ImGui::PopFont();
      ImGui::PushFont(state.fonts.ui, meta_size);
      const std::string meta = MetaLine(a);
      dl->AddText(ImVec2(tpos.x, tpos.y + title_h + 4), Colors().text_muted, meta.c_str());
      const float meta_h = ImGui::GetFontSize();
      ImGui::PopFont();
      if (snippet_lines) {
        const Snippet& sn = actions::SnippetFor(state, index);
        ImGui::SetCursorScreenPos(ImVec2(tpos.x, tpos.y + title_h + meta_h + 10));
        ImGui::PushFont(state.fonts.ui, snippet_size);
        RichTextStyle st;
        st.wrap_width = p1.x - pad - tpos.x;
        st.max_lines = snippet_lines;
        st.highlight_bg = Colors().highlight;
        st.text_color = Colors().snippet;
        st.ellipsis_start = sn.cut_start;
        st.ellipsis_end = sn.cut_end;
        RichText(sn.text, sn.highlights, st);
        ImGui::PopFont();
        ImGui::SetCursorScreenPos(after);
        ImGui::Dummy(ImVec2(0, 0));  // the row's extent is the button above; keep the layout honest
      }
      if (hovered && truncated && ImGui::BeginItemTooltip()) {
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        ImGui::TextUnformatted(a.title.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      probe.rows.push_back({index, p0.x, p0.y, w, row_h});
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
}

}  // namespace lede
