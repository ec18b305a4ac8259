// view_facets.cpp: the facet lists (source, language, tag) with live counts, and the bar of active
// filters shown as removable chips with Undo and Copy link. Click a value to keep only articles with it;
// Ctrl/Cmd-click (or Alt-click) to leave it out; click again to take the choice back.
#include <algorithm>
#include <cstdio>
#include <numeric>

#include "app/actions.h"
#include "app/views.h"
#include "app/widgets.h"
#include "imgui.h"

namespace lede {

namespace {

const char* kTitles[] = {"SOURCE", "LANGUAGE", "TAG"};

// A chip with a close button; returns true when closed.
bool ClosableChip(const std::string& label, ImU32 bg) {
  ImGui::PushID(label.c_str());
  const ImVec2 size = ImGui::CalcTextSize(label.c_str());
  const float x_w = ImGui::CalcTextSize("x").x + 8;
  const ImVec2 pad(8, 3);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 total(size.x + pad.x * 2 + x_w, size.y + pad.y * 2);
  const bool pressed = ImGui::InvisibleButton("chip", total);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + total.x, p.y + total.y), bg, total.y / 2);
  dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
  dl->AddText(ImVec2(p.x + pad.x + size.x + 6, p.y + pad.y), hovered ? Colors().accent : Colors().text_muted, "x");
  if (hovered) ImGui::SetTooltip("Remove this filter");
  ImGui::PopID();
  return pressed;
}

}  // namespace

void DrawFilterBar(const AppState& state, Intents& act, UiProbe& probe) {
  const Filter& f = state.filter;
  ImGui::PushFont(state.fonts.ui_bold, 13.0f);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImColor(Colors().text_muted), "%zu OF %zu ARTICLES", state.replies.explore.total, state.status.articles);
  ImGui::PopFont();
  const float row_right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  auto next = [&](float w) {
    ImGui::SameLine(0, 6);
    if (ImGui::GetCursorScreenPos().x + w > row_right - 200) ImGui::NewLine();
  };
  std::string label;
  if (!f.query.empty()) {
    label = "search: " + f.query;
    next(ImGui::CalcTextSize(label.c_str()).x + 30);
    if (ClosableChip(label, Colors().chip_bg)) act([](AppState& s) { actions::SetQuery(s, ""); });
  }
  if (f.has_dates()) {
    label = "dates: " + DateRangeLabel(f);
    next(ImGui::CalcTextSize(label.c_str()).x + 30);
    if (ClosableChip(label, Colors().chip_bg)) act([](AppState& s) { actions::ClearDateRange(s); });
  }
  for (size_t i = 0; i < f.facets.size(); ++i) {
    const FacetChoice& c = f.facets[i];
    label = std::string(c.exclude ? "not " : "") + FacetName(c.kind) + ": " + c.value;
    next(ImGui::CalcTextSize(label.c_str()).x + 30);
    if (ClosableChip(label, c.exclude ? Colors().chip_exclude : Colors().chip_bg)) {
      act([i](AppState& s) { actions::RemoveFacet(s, i); });
      break;
    }
  }
  // Right side: undo, clear, copy link.
  const float buttons_w = ImGui::CalcTextSize("Undo  Clear all  Copy link  Link copied").x + 60;
  ImGui::SameLine();
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX() + 8, ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - buttons_w));
  ImGui::BeginDisabled(state.undo.empty());
  if (ImGui::SmallButton("Undo")) act([](AppState& s) { actions::Undo(s); });
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Undo the last filter change (Ctrl+Z)");
  ImGui::SameLine();
  ImGui::BeginDisabled(f == Filter{});
  if (ImGui::SmallButton("Clear all")) act([](AppState& s) { actions::ClearFilters(s); });
  ImGui::EndDisabled();
  ImGui::SameLine();
  const ImVec2 copy_pos = ImGui::GetCursorScreenPos();
  if (ImGui::SmallButton("Copy link")) probe.copy_link_clicked = true;
  probe.copy_link = {copy_pos.x, copy_pos.y, ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y};
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy a link to this view: search, dates, filters and article");
  if (!state.ui.link_copied.empty() && ImGui::GetTime() - state.ui.link_copied_at < 2.5) {
    ImGui::SameLine();
    ImGui::TextColored(ImColor(Colors().accent), "%s", state.ui.link_copied.c_str());
  }
}

void DrawFacets(const AppState& state, Intents& act, UiProbe& probe) {
  const ImGuiIO& io = ImGui::GetIO();
  for (int k = 0; k < kFacetCount; ++k) {
    const auto& values = state.replies.explore.facets[k];  // every value with its count, in the source's order
    if (values.empty()) continue;
    // Values by count (under the current filter), then name; chosen values always shown.
    std::vector<uint32_t> order(values.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return values[a].count > values[b].count; });
    ImGui::PushFont(state.fonts.ui_bold, 13.0f);
    ImGui::TextColored(ImColor(Colors().text_muted), "%s", kTitles[k]);
    ImGui::PopFont();
    ImGui::PushID(k);
    const size_t shortlist = k == kFacetTag ? 14 : 8;
    const size_t show = state.ui.facet_expanded[k] ? order.size() : std::min(order.size(), shortlist);
    for (size_t r = 0; r < order.size(); ++r) {
      const uint32_t v = order[r];
      const std::string& value = values[v].value;
      const uint32_t count = values[v].count;
      int chosen = 0;  // 1 included, -1 excluded
      for (const FacetChoice& c : state.filter.facets)
        if (c.kind == k && c.value == value) chosen = c.exclude ? -1 : 1;
      if (r >= show && chosen == 0) continue;
      ImGui::PushID(int(v));
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float w = ImGui::GetContentRegionAvail().x;
      const float h = ImGui::GetTextLineHeight() + 4;
      const bool clicked = ImGui::InvisibleButton("v", ImVec2(w, h));
      const bool hovered = ImGui::IsItemHovered();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      if (chosen == 1) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), Colors().row_selected, 3);
      else if (chosen == -1) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), Colors().chip_exclude, 3);
      else if (hovered) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), Colors().row_hover, 3);
      char num[16];
      std::snprintf(num, sizeof num, "%u", count);
      const float num_w = ImGui::CalcTextSize(num).x;
      const ImU32 text = count || chosen ? ImGui::GetColorU32(ImGuiCol_Text) : Colors().text_muted;
      const std::string shown = chosen == -1 ? "not " + value : value;
      dl->PushClipRect(p, ImVec2(p.x + w - num_w - 10, p.y + h), true);
      dl->AddText(ImVec2(p.x + 6, p.y + 2), text, shown.c_str());
      dl->PopClipRect();
      dl->AddText(ImVec2(p.x + w - num_w - 4, p.y + 2), Colors().text_muted, num);
      if (hovered) ImGui::SetTooltip("%s\nClick: only these \xC2\xB7 Ctrl-click: leave these out", value.c_str());
      if (clicked) {
        const bool exclude = io.KeyCtrl || io.KeySuper || io.KeyAlt;
        act([k, value, exclude](AppState& s) { actions::ToggleFacet(s, FacetKind(k), value, exclude); });
      }
      probe.facets.push_back({FacetName(FacetKind(k)), value, p.x, p.y, w, h});
      ImGui::PopID();
    }
    if (order.size() > shortlist) {
      char more[48];
      if (state.ui.facet_expanded[k]) std::snprintf(more, sizeof more, "Show fewer");
      else std::snprintf(more, sizeof more, "Show all %zu", order.size());
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 6);
      if (ImGui::TextLink(more)) act([k](AppState& s) { actions::ToggleFacetExpanded(s, k); });
    }
    ImGui::PopID();
    ImGui::Spacing();
  }
}

}  // namespace lede
