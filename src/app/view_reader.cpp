// view_reader.cpp: the article reader. Headline, meta line, tags and link, then the body in the reading
// font at a comfortable measure (about 75 characters), with the current query's matches highlighted.
#include <algorithm>

#include "app/actions.h"
#include "app/views.h"
#include "app/widgets.h"
#include "imgui.h"

namespace lede {

void DrawReader(AppState& state, UiProbe& probe) {
  const auto& articles = state.load.corpus.articles;
  if (state.selected < 0 || state.selected >= int(articles.size())) {
    ImGui::SetCursorPos(ImVec2(28, 40));
    ImGui::PushFont(state.fonts.reading, 18.0f);
    ImGui::TextColored(ImColor(Colors().text_muted), "Select an article to read it.");
    ImGui::PopFont();
    if (state.load.phase == LoadPhase::kReady) {
      ImGui::SetCursorPosX(28);
      ImGui::TextColored(ImColor(Colors().text_muted), "Type in the search box to find articles; press / to get there.");
      ImGui::SetCursorPosX(28);
      ImGui::TextColored(ImColor(Colors().text_muted), "Use the up and down arrow keys to move through the list.");
    }
    return;
  }
  actions::UpdateReaderMatches(state);
  const Article& a = articles[size_t(state.selected)];
  probe.reader_id = a.id;
  probe.reader_highlights = state.search.reader_text.size() + state.search.reader_title.size();

  // Previous / next result, and where this article sits in the list.
  const int row = actions::SelectedRow(state);
  const int n = int(state.rows().size());
  ImGui::SetCursorPos(ImVec2(28, 8));
  ImGui::BeginDisabled(row <= 0);
  if (ImGui::SmallButton("< Previous")) actions::MoveSelection(state, -1);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(row < 0 || row + 1 >= n);
  if (ImGui::SmallButton("Next >")) actions::MoveSelection(state, +1);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (row >= 0) ImGui::TextColored(ImColor(Colors().text_muted), "%d of %d", row + 1, n);
  else ImGui::TextColored(ImColor(Colors().text_muted), "not in the current list");

  const float margin = 28.0f;
  const float measure = std::min(ImGui::GetContentRegionAvail().x - margin * 2, ImGui::GetFontSize() * 48.0f);
  ImGui::SetCursorPosX(margin);
  ImGui::BeginGroup();
  RichTextStyle st;
  st.wrap_width = measure;
  st.highlight_bg = Colors().highlight;

  ImGui::PushFont(state.fonts.ui_bold, 26.0f);
  RichText(a.title, state.search.reader_title, st);
  ImGui::PopFont();
  ImGui::Spacing();

  std::string meta = a.date.valid() ? FormatDate(a.date) : "Undated";
  if (!a.source.empty()) meta += "   " + a.source;
  if (!a.byline.empty()) meta += "   By " + a.byline;
  if (!a.lang.empty()) meta += "   [" + a.lang + "]";
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + measure);
  ImGui::TextColored(ImColor(Colors().text_muted), "%s", meta.c_str());
  ImGui::PopTextWrapPos();
  for (size_t i = 0; i < a.tags.size(); ++i) {
    if (i) ImGui::SameLine(0, 6);
    Chip(a.tags[i].c_str(), Colors().chip_bg);
  }
  if (a.url.rfind("https://", 0) == 0 || a.url.rfind("http://", 0) == 0) {
    ImGui::TextLinkOpenURL(a.url.c_str());  // only web links: a corpus must not be able to run script
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open the original in a new tab");
  } else if (!a.url.empty()) {
    ImGui::TextColored(ImColor(Colors().text_muted), "%s", a.url.c_str());
  }
  if (!state.sel.search.highlight_terms.empty()) {
    const size_t m = state.search.reader_text.size() + state.search.reader_title.size();
    ImGui::TextColored(ImColor(Colors().text_muted), "%zu match%s for \"%s\"", m, m == 1 ? "" : "es", state.filter.query.c_str());
  }
  ImGui::Spacing();
  const ImVec2 rule = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddLine(rule, ImVec2(rule.x + measure, rule.y), Colors().rule);
  ImGui::Dummy(ImVec2(0, 10));

  ImGui::PushFont(state.fonts.reading, 17.0f);
  if (a.text.empty()) {
    ImGui::TextColored(ImColor(Colors().text_muted), "(This article has a headline only.)");
  } else {
    st.paragraph_gap = 10.0f;
    RichText(a.text, state.search.reader_text, st);
  }
  ImGui::PopFont();
  ImGui::EndGroup();
  ImGui::Dummy(ImVec2(0, 24));
}

}  // namespace lede
