// view_results.cpp: the search box and the results list. With no query the list holds every article;
// with one, the matches, each with a snippet whose matched words are highlighted. Rows have a fixed
// height and are virtualized with ImGuiListClipper, so 100k rows scroll as smoothly as 60: the list asks the
// source for the page of rows it shows (actions::WantRows) and draws a placeholder for a row still on its way.
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

std::string MetaLine(const ArticleSummary& a) {
  std::string meta = a.date.valid() ? FormatDate(a.date) : "undated";
  if (!a.source.empty()) meta += "  \xC2\xB7  " + a.source;
  if (!a.lang.empty()) meta += "  \xC2\xB7  " + a.lang;
  return meta;
}

void SearchBar(const AppState& state, Intents& act, UiProbe& probe) {
  const auto& s = state.search;
  const ImGuiIO& io = ImGui::GetIO();
  bool focus = state.ui.focus_search;
  if (!io.WantTextInput && ImGui::IsKeyPressed(ImGuiKey_Slash, false) && state.status.phase == LoadPhase::kReady) focus = true;
  if (focus) {
    ImGui::SetKeyboardFocusHere();
    if (state.ui.focus_search) act([](AppState& st) { actions::FocusSearch(st, false); });
  }
  const float help_w = ImGui::CalcTextSize("(?)").x + ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - help_w);
  ImGui::PushFont(nullptr, 16.0f);
  std::string input = s.input;
  const ImVec2 box = ImGui::GetCursorScreenPos();
  if (ImGui::InputTextWithHint("##query", "Search articles  (try  wuzhen  or  \"domain name\" date:1980..2000)", &input)) {
    act([input](AppState& st) { actions::SetQuery(st, input); });
  }
  probe.search_box = {box.x, box.y, ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y};
  probe.text_fields.push_back(probe.search_box);
  if (ImGui::IsItemFocused() && ImGui::IsKeyPressed(ImGuiKey_Escape)) act([](AppState& st) { actions::SetQuery(st, ""); });
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
  const ExploreReply& reply = state.replies.explore;
  const size_t n = reply.total;
  const char* more = reply.total_exact ? "" : "+";
  char status[112];
  if (!has_query) std::snprintf(status, sizeof status, "%zu%s ARTICLE%s", n, more, n == 1 ? "" : "S");
  else if (reply.ms < 0.1) std::snprintf(status, sizeof status, "%zu%s RESULT%s  \xC2\xB7  < 0.1 ms", n, more, n == 1 ? "" : "S");
  else std::snprintf(status, sizeof status, "%zu%s RESULT%s  \xC2\xB7  %.1f ms", n, more, n == 1 ? "" : "S", reply.ms);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImColor(Colors().text_muted), "%s", status);
  ImGui::PopFont();
  if (actions::Updating(state)) {  // a newer reply is on its way: what shows is the last one
    ImGui::SameLine();
    ImGui::TextColored(ImColor(Colors().text_muted), "updating\xE2\x80\xA6");
  }
  static const char* kSorts[] = {"Relevance", "Newest first", "Oldest first"};
  const float combo_w = ImGui::CalcTextSize("Newest first").x + ImGui::GetFrameHeight() + 16;
  ImGui::SameLine(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - combo_w);
  ImGui::SetNextItemWidth(combo_w);
  int sort = int(state.sort);
  if (ImGui::Combo("##sort", &sort, kSorts, 3)) act([sort](AppState& st) { actions::SetSort(st, SortOrder(sort)); });
  for (const std::string& e : reply.errors) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImColor(Colors().warn), "%s", e.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace

void DrawResults(const AppState& state, Intents& act, UiProbe& probe) {
  SearchBar(state, act, probe);
  ImGui::Spacing();
  const ExploreReply& reply = state.replies.explore;
  const bool has_query = !reply.highlight_terms.empty();
  const size_t total = reply.total;

  ImGui::BeginChild("rows", ImVec2(0, 0), ImGuiChildFlags_NavFlattened);
  if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) && !ImGui::GetIO().WantTextInput) {
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) act([](AppState& s) { actions::MoveSelection(s, +1); });
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) act([](AppState& s) { actions::MoveSelection(s, -1); });
    if (ImGui::IsKeyPressed(ImGuiKey_Escape)) act([](AppState& s) { actions::SetQuery(s, ""); });
    if (ImGui::IsKeyPressed(ImGuiKey_Enter) && state.selected.empty()) act([](AppState& s) { actions::MoveSelection(s, +1); });
  }
  const float scale = ImGui::GetStyle().FontScaleMain * ImGui::GetStyle().FontScaleDpi;
  const float title_size = 15.0f, meta_size = 13.0f, snippet_size = 13.5f, pad = 8.0f;
  const int snippet_lines = has_query ? 2 : 0;
  const float snippet_line_h = (snippet_size + ImGui::GetStyle().ItemSpacing.y) * scale;
  const float row_h = scale * (title_size + meta_size) + pad * 2 + 4 + snippet_lines * snippet_line_h + (snippet_lines ? 4 : 0);
  ImDrawList* dl = ImGui::GetWindowDrawList();

  if (state.scroll_to_selected) {
    act([](AppState& s) { actions::ScrolledToSelected(s); });
    if (const long r = actions::SelectedRow(state); r >= 0) {
      const float top = float(r) * row_h, bottom = top + row_h;
      if (top < ImGui::GetScrollY()) ImGui::SetScrollY(top);
      else if (bottom > ImGui::GetScrollY() + ImGui::GetWindowHeight()) ImGui::SetScrollY(bottom - ImGui::GetWindowHeight());
    }
  }
  if (total == 0 && state.status.phase == LoadPhase::kReady && !actions::Updating(state)) {
    ImGui::Spacing();
    ImGui::TextColored(ImColor(Colors().text_muted), "No articles match. Remove a filter above, or press Undo.");
  }

  ImGuiListClipper clipper;
  clipper.Begin(int(total), row_h);
  while (clipper.Step()) {
    if (clipper.DisplayStart < clipper.DisplayEnd) {
      const size_t first = size_t(clipper.DisplayStart), last = size_t(clipper.DisplayEnd);
      if (!actions::RowAt(state, first) || !actions::RowAt(state, last - 1))
        act([first, last](AppState& s) { actions::WantRows(s, first, last); });
    }
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const ArticleSummary* summary = actions::RowAt(state, size_t(row));
      if (!summary) {  // its page is on its way
        ImGui::Dummy(ImVec2(ImGui::GetContentRegionAvail().x, row_h));
        continue;
      }
      const ArticleSummary& a = *summary;
      ImGui::PushID(row);
      const ImVec2 p0 = ImGui::GetCursorScreenPos();
      const float w = ImGui::GetContentRegionAvail().x;
      const bool clicked = ImGui::InvisibleButton("row", ImVec2(w, row_h));
      const bool hovered = ImGui::IsItemHovered();
      if (clicked) act([id = a.id, row](AppState& s) { actions::SelectArticle(s, id, row); });
      const ImVec2 p1(p0.x + w, p0.y + row_h);
      if (a.id == state.selected) {
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
        const Snippet& sn = a.snippet;
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
      probe.rows.push_back({a.id, long(row), p0.x, p0.y, w, row_h});
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
}

}  // namespace lede
