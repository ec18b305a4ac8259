// view_articles.cpp: the article list. Two lines a row (title; date, source, language), virtualized with
// ImGuiListClipper so a 100k-article corpus scrolls as smoothly as the sample.
#include <cstdio>

#include "app/actions.h"
#include "app/views.h"
#include "imgui.h"
#include "imgui_internal.h"  // RenderTextEllipsis

namespace lede {

namespace {

std::string MetaLine(const Article& a) {
  std::string meta = a.date.valid() ? FormatDate(a.date) : "undated";
  if (!a.source.empty()) meta += "  \xC2\xB7  " + a.source;
  if (!a.lang.empty()) meta += "  \xC2\xB7  " + a.lang;
  return meta;
}

}  // namespace

void DrawArticleList(AppState& state, UiProbe& probe) {
  const auto& articles = state.load.corpus.articles;
  ImGui::PushFont(state.fonts.ui_bold, 13.0f);
  ImGui::TextColored(ImColor(Colors().text_muted), "ARTICLES  %zu, newest first", state.list.size());
  ImGui::PopFont();
  ImGui::Spacing();

  ImGui::BeginChild("rows", ImVec2(0, 0), ImGuiChildFlags_NavFlattened);
  if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) && !ImGui::GetIO().WantTextInput) {
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) actions::MoveSelection(state, +1);
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) actions::MoveSelection(state, -1);
  }
  const float title_size = 15.0f, meta_size = 13.0f;
  const float pad = 8.0f;
  const float row_h = ImGui::GetStyle().FontScaleMain * ImGui::GetStyle().FontScaleDpi * (title_size + meta_size) + pad * 2 + 4;
  ImDrawList* dl = ImGui::GetWindowDrawList();

  int scroll_row = -1;
  if (state.scroll_to_selected) {
    for (size_t r = 0; r < state.list.size(); ++r)
      if (state.list[r] == state.selected) scroll_row = int(r);
    state.scroll_to_selected = false;
  }
  if (scroll_row >= 0) {
    const float top = scroll_row * row_h, bottom = top + row_h;
    if (top < ImGui::GetScrollY()) ImGui::SetScrollY(top);
    else if (bottom > ImGui::GetScrollY() + ImGui::GetWindowHeight()) ImGui::SetScrollY(bottom - ImGui::GetWindowHeight());
  }

  ImGuiListClipper clipper;
  clipper.Begin(int(state.list.size()), row_h);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const int index = state.list[size_t(row)];
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
      ImGui::PopFont();
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
