// view_reader.cpp: the article reader. Headline, meta line, tags and link, then the body in the reading
// font at a comfortable measure (about 75 characters), with the current query's matches highlighted and
// the names of people, organizations and places underlined in their type's colour (hover for the entity,
// click to filter by it).
#include <algorithm>

#include "app/actions.h"
#include "app/views.h"
#include "app/widgets.h"
#include "imgui.h"

namespace lede {

namespace {

// The article's entity mentions in one field as marks for RichText (hidden entities left out), with the
// index into the reply's mentions of each.
void MarksFor(const AppState& state, bool title, std::vector<TextMark>* marks, std::vector<size_t>* ids) {
  marks->clear();
  ids->clear();
  if (!state.ui.show_entity_marks) return;
  const auto& mentions = state.replies.article.mentions;
  for (size_t i = 0; i < mentions.size(); ++i) {
    const ArticleMention& m = mentions[i];
    if (m.in_title != title || m.hidden) continue;
    if (!marks->empty() && m.start < marks->back().end) continue;  // overlapping spans: keep the first
    const int t = int(m.type);
    marks->push_back({m.start, m.end, Colors().entity[t], Colors().entity_bg[t]});
    ids->push_back(i);
  }
}

}  // namespace

void DrawReader(const AppState& state, Intents& act, UiProbe& probe) {
  const ArticleReply& a = state.replies.article;
  if (state.selected.empty()) {
    ImGui::SetCursorPos(ImVec2(28, 40));
    ImGui::PushFont(state.fonts.reading, 18.0f);
    ImGui::TextColored(ImColor(Colors().text_muted), "Select an article to read it.");
    ImGui::PopFont();
    if (state.status.phase == LoadPhase::kReady) {
      ImGui::SetCursorPosX(28);
      ImGui::TextColored(ImColor(Colors().text_muted), "Type in the search box to find articles; press / to get there.");
      ImGui::SetCursorPosX(28);
      ImGui::TextColored(ImColor(Colors().text_muted), "Use the up and down arrow keys to move through the list.");
    }
    return;
  }
  // Previous / next result, and where this article sits in the list.
  const long row = actions::SelectedRow(state);
  const long n = long(state.replies.explore.total);
  ImGui::SetCursorPos(ImVec2(28, 8));
  ImGui::BeginDisabled(row <= 0);
  if (ImGui::SmallButton("< Previous")) act([](AppState& s) { actions::MoveSelection(s, -1); });
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(row < 0 || row + 1 >= n);
  if (ImGui::SmallButton("Next >")) act([](AppState& s) { actions::MoveSelection(s, +1); });
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (row >= 0) ImGui::TextColored(ImColor(Colors().text_muted), "%ld of %ld", row + 1, n);
  else ImGui::TextColored(ImColor(Colors().text_muted), "not in the current list");
  if (a.id != state.selected) {  // the article is on its way (the last one stays until it is here)
    ImGui::SetCursorPosX(28);
    ImGui::TextColored(ImColor(Colors().text_muted), "Opening\xE2\x80\xA6");
    return;
  }
  probe.reader_id = a.id;
  probe.reader_highlights = a.text_matches.size() + a.title_matches.size();

  const float margin = 28.0f;
  const float measure = std::min(ImGui::GetContentRegionAvail().x - margin * 2, ImGui::GetFontSize() * 48.0f);
  ImGui::SetCursorPosX(margin);
  ImGui::BeginGroup();
  RichTextStyle st;
  st.wrap_width = measure;
  st.highlight_bg = Colors().highlight;

  std::vector<TextMark> marks;
  std::vector<size_t> mark_ids;
  TextMarkHit hit;
  const ArticleMention* hovered_entity = nullptr;
  auto collect = [&](bool in_title) {
    for (size_t k = 0; k < marks.size(); ++k) {
      if (hit.first[k].x < 0) continue;
      const ArticleMention& m = a.mentions[mark_ids[k]];
      probe.reader_marks.push_back({m.entity, EntityTypeName(m.type), in_title, hit.first[k].x, hit.first[k].y, hit.size[k].x, hit.size[k].y});
    }
    if (hit.mark >= 0) hovered_entity = &a.mentions[mark_ids[size_t(hit.mark)]];
  };
  MarksFor(state, true, &marks, &mark_ids);
  ImGui::PushFont(state.fonts.ui_bold, 26.0f);
  RichText(a.title, a.title_matches, st, marks, &hit);
  ImGui::PopFont();
  collect(true);
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
  if (!state.replies.explore.highlight_terms.empty()) {
    const size_t m = a.text_matches.size() + a.title_matches.size();
    ImGui::TextColored(ImColor(Colors().text_muted), "%zu match%s for \"%s\"", m, m == 1 ? "" : "es", state.replies.article_query.c_str());
  }
  if (!a.mentions.empty()) {
    // Legend: what the underline colours mean, and a switch for them.
    bool marks_on = state.ui.show_entity_marks;
    if (ImGui::Checkbox("Names", &marks_on)) act([marks_on](AppState& s) { actions::SetShowEntityMarks(s, marks_on); });
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Underline the people, organizations and places Lede found");
    static const char* kLegend[] = {"person", "organization", "place", "other"};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int t = 0; t < 4 && state.ui.show_entity_marks; ++t) {
      ImGui::SameLine(0, 12);
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float w = ImGui::CalcTextSize(kLegend[t]).x;
      const float y = p.y + ImGui::GetStyle().FramePadding.y;
      dl->AddRectFilled(ImVec2(p.x - 1, y), ImVec2(p.x + w + 1, y + ImGui::GetFontSize() + 2), Colors().entity_bg[t]);
      dl->AddLine(ImVec2(p.x - 1, y + ImGui::GetFontSize() + 2), ImVec2(p.x + w + 1, y + ImGui::GetFontSize() + 2), Colors().entity[t], 1.5f);
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(kLegend[t]);
    }
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
    MarksFor(state, false, &marks, &mark_ids);
    RichText(a.text, a.text_matches, st, marks, &hit);
    collect(false);
  }
  ImGui::PopFont();
  if (hovered_entity) {
    const ArticleMention& e = *hovered_entity;
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImGui::BeginTooltip();
    ImGui::PushFont(state.fonts.ui_bold, 0.0f);
    ImGui::TextUnformatted(e.entity.c_str());
    ImGui::PopFont();
    ImGui::TextColored(ImColor(Colors().entity[int(e.type)]), "%s", EntityTypeName(e.type));
    ImGui::SameLine();
    ImGui::TextColored(ImColor(Colors().text_muted), "\xC2\xB7 named in %u article%s", e.entity_articles, e.entity_articles == 1 ? "" : "s");
    ImGui::TextDisabled("Click: only articles naming it");
    ImGui::EndTooltip();
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      const bool add = ImGui::GetIO().KeyCtrl;
      act([name = e.entity, add](AppState& s) { actions::FilterByEntity(s, name, add); });
    }
  }
  ImGui::EndGroup();
  ImGui::Dummy(ImVec2(0, 24));
}

}  // namespace lede
