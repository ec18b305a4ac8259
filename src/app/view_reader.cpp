// view_reader.cpp: the article reader. Headline, meta line, tags and link, then the body in the reading
// font, wrapped at a comfortable measure (about 75 characters) and split into paragraphs.
#include <algorithm>
#include <string_view>

#include "app/actions.h"
#include "app/views.h"
#include "imgui.h"

namespace lede {

namespace {

void Chip(const std::string& label) {
  const ImVec2 size = ImGui::CalcTextSize(label.c_str());
  const ImVec2 pad(7, 2);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + size.x + pad.x * 2, p.y + size.y + pad.y * 2), Colors().chip_bg, 9.0f);
  dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
  ImGui::Dummy(ImVec2(size.x + pad.x * 2, size.y + pad.y * 2));
}

}  // namespace

void DrawReader(AppState& state, UiProbe& probe) {
  const auto& articles = state.load.corpus.articles;
  if (state.selected < 0 || state.selected >= int(articles.size())) {
    ImGui::SetCursorPos(ImVec2(28, 40));
    ImGui::PushFont(state.fonts.reading, 18.0f);
    ImGui::TextColored(ImColor(Colors().text_muted), "Select an article on the left to read it.");
    ImGui::PopFont();
    if (state.load.phase == LoadPhase::kReady) {
      ImGui::SetCursorPosX(28);
      ImGui::TextColored(ImColor(Colors().text_muted), "Use the up and down arrow keys to move through the list.");
    }
    return;
  }
  const Article& a = articles[size_t(state.selected)];
  probe.reader_id = a.id;

  const float margin = 28.0f;
  const float measure = std::min(ImGui::GetContentRegionAvail().x - margin * 2, ImGui::GetFontSize() * 48.0f);
  ImGui::SetCursorPos(ImVec2(margin, 18));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + measure);

  ImGui::PushFont(state.fonts.ui_bold, 26.0f);
  ImGui::TextWrapped("%s", a.title.c_str());
  ImGui::PopFont();
  ImGui::Spacing();

  std::string meta = a.date.valid() ? FormatDate(a.date) : "Undated";
  if (!a.source.empty()) meta += "   " + a.source;
  if (!a.byline.empty()) meta += "   By " + a.byline;
  if (!a.lang.empty()) meta += "   [" + a.lang + "]";
  ImGui::TextColored(ImColor(Colors().text_muted), "%s", meta.c_str());
  if (!a.tags.empty()) {
    for (size_t i = 0; i < a.tags.size(); ++i) {
      if (i) ImGui::SameLine(0, 6);
      Chip(a.tags[i]);
    }
  }
  if (!a.url.empty()) ImGui::TextLinkOpenURL(a.url.c_str());
  ImGui::Spacing();
  const ImVec2 rule = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddLine(rule, ImVec2(rule.x + measure, rule.y), Colors().rule);
  ImGui::Dummy(ImVec2(0, 10));

  ImGui::PushFont(state.fonts.reading, 17.0f);
  std::string_view text = a.text;
  if (text.empty()) ImGui::TextColored(ImColor(Colors().text_muted), "(This article has a headline only.)");
  while (!text.empty()) {
    size_t end = text.find("\n\n");
    std::string_view para = text.substr(0, end);
    ImGui::TextWrapped("%.*s", int(para.size()), para.data());
    ImGui::Dummy(ImVec2(0, 8));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 2);
    while (!text.empty() && text.front() == '\n') text.remove_prefix(1);
  }
  ImGui::PopFont();
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::Dummy(ImVec2(0, 24));
}

}  // namespace lede
