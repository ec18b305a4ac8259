// widgets.cpp: rich text layout (wrapping that works for Chinese too, highlights) and small helpers.
#include "app/widgets.h"

#include <string>

#include "core/text.h"

namespace lede {

namespace {

struct Unit {        // a piece of text that is never broken across lines
  uint32_t begin, end;
  bool newline;      // a line break (or paragraph break) before this unit
  bool paragraph;
};

// Splits text into units: a word with its trailing spaces, or one CJK character, or an explicit break.
void Split(std::string_view text, std::vector<Unit>* units) {
  size_t i = 0;
  bool pending_newline = false, pending_paragraph = false;
  while (i < text.size()) {
    if (text[i] == '\n') {
      if (pending_newline) pending_paragraph = true;
      pending_newline = true;
      ++i;
      continue;
    }
    if (text[i] == '\r') { ++i; continue; }
    const size_t start = i;
    char32_t cp = 0;
    int n = DecodeUtf8(text, i, &cp);
    if (n == 0) n = 1;
    if (cp >= 0x80 && IsCjk(cp)) {
      i += size_t(n);
      // Keep following CJK punctuation (，。、) and closing brackets with the character.
      while (i < text.size()) {
        char32_t next;
        const int m = DecodeUtf8(text, i, &next);
        if (m == 0 || !((next >= 0x3000 && next <= 0x303F) || (next >= 0xFF01 && next <= 0xFF0F) || next == 0xFF1A ||
                        next == 0xFF1B || next == 0xFF1F || next == 0xFF09)) break;
        i += size_t(m);
      }
    } else {
      while (i < text.size() && text[i] != ' ' && text[i] != '\n') {
        char32_t c2 = 0;
        int m = DecodeUtf8(text, i, &c2);
        if (m == 0) m = 1;
        if (c2 >= 0x80 && IsCjk(c2) && i > start) break;
        i += size_t(m);
      }
      while (i < text.size() && text[i] == ' ') ++i;
    }
    units->push_back({uint32_t(start), uint32_t(i), pending_newline, pending_paragraph});
    pending_newline = pending_paragraph = false;
  }
}

}  // namespace

float RichText(std::string_view text, const std::vector<Range>& highlights, const RichTextStyle& st) {
  static const std::vector<TextMark> kNone;
  return RichText(text, highlights, st, kNone, nullptr);
}

float RichText(std::string_view text, const std::vector<Range>& highlights, const RichTextStyle& st,
               const std::vector<TextMark>& marks, TextMarkHit* hit) {
  if (hit) {
    hit->mark = -1;
    hit->first.assign(marks.size(), ImVec2(-1, -1));
    hit->size.assign(marks.size(), ImVec2(0, 0));
  }
  const bool window_hovered = hit && ImGui::IsWindowHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float wrap = st.wrap_width > 0 ? st.wrap_width : ImGui::GetContentRegionAvail().x;
  const ImU32 color = st.text_color ? st.text_color : ImGui::GetColorU32(ImGuiCol_Text);
  const ImVec4 clip = dl->GetClipRectMax().y > 0 ? ImVec4(dl->GetClipRectMin().x, dl->GetClipRectMin().y,
                                                          dl->GetClipRectMax().x, dl->GetClipRectMax().y)
                                                 : ImVec4(-1e9f, -1e9f, 1e9f, 1e9f);
  auto width = [&](size_t b, size_t e) {
    return e > b ? font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.data() + b, text.data() + e).x : 0.0f;
  };
  static thread_local std::vector<Unit> units;
  units.clear();
  Split(text, &units);

  float x = 0, y = 0;
  int line = 1;
  const float ellipsis_w = width(0, 0) + font->CalcTextSizeA(size, FLT_MAX, 0.0f, "...").x;
  if (st.ellipsis_start) {
    dl->AddText(font, size, origin, color, "...");
    x += ellipsis_w;
  }
  size_t h = 0;  // first highlight that may still overlap
  size_t mk = 0;  // first mark that may still overlap
  bool stopped = false;
  for (size_t u = 0; u < units.size(); ++u) {
    const Unit& un = units[u];
    if (un.newline && (x > 0 || un.paragraph)) {
      x = 0;
      y += line_h + (un.paragraph ? st.paragraph_gap : 0);
      ++line;
    }
    // Width without trailing spaces decides the fit; the spaces may hang past the edge.
    size_t vis_end = un.end;
    while (vis_end > un.begin && text[vis_end - 1] == ' ') --vis_end;
    const float w = width(un.begin, vis_end);
    if (x > 0 && x + w > wrap) {
      x = 0;
      y += line_h;
      ++line;
    }
    if (st.max_lines && line > st.max_lines) { stopped = true; break; }
    const bool last_line = st.max_lines && line == st.max_lines;
    const ImVec2 p(origin.x + x, origin.y + y);
    const bool visible = p.y + line_h >= clip.y && p.y <= clip.w;
    if (visible) {
      if (last_line && x + w + ellipsis_w > wrap && u + 1 < units.size()) {
        dl->AddText(font, size, p, color, "...");
        stopped = true;
        break;
      }
      while (mk < marks.size() && marks[mk].end <= un.begin) ++mk;
      for (size_t k = mk; k < marks.size() && marks[k].start < vis_end; ++k) {
        // The mark's segment in this unit; a multi-word name also covers the space between its words.
        const size_t b = std::max<size_t>(marks[k].start, un.begin);
        const size_t e = std::min<size_t>(marks[k].end, marks[k].end > vis_end ? un.end : vis_end);
        if (e <= b) continue;
        const float x0 = p.x + width(un.begin, b), x1 = p.x + width(un.begin, std::min<size_t>(e, text.size()));
        const ImVec2 a(x0, p.y), z(x1, p.y + size + 3);
        dl->AddRectFilled(a, ImVec2(x1, p.y + size + 2), marks[k].bg);
        dl->AddLine(ImVec2(x0, p.y + size + 2), ImVec2(x1, p.y + size + 2), marks[k].color, 1.5f);
        if (hit) {
          if (hit->first[k].x < 0) { hit->first[k] = a; hit->size[k] = ImVec2(x1 - x0, z.y - a.y); }
          if (window_hovered && mouse.x >= a.x && mouse.x < z.x && mouse.y >= a.y && mouse.y < z.y) {
            hit->mark = int(k);
            hit->min = a;
            hit->max = z;
          }
        }
      }
      while (h < highlights.size() && highlights[h].end <= un.begin) ++h;
      for (size_t k = h; k < highlights.size() && highlights[k].start < vis_end; ++k) {
        const size_t b = std::max<size_t>(highlights[k].start, un.begin), e = std::min<size_t>(highlights[k].end, vis_end);
        if (e <= b) continue;
        const float x0 = p.x + width(un.begin, b), x1 = p.x + width(un.begin, e);
        dl->AddRectFilled(ImVec2(x0 - 1, p.y), ImVec2(x1 + 1, p.y + size + 2), st.highlight_bg, 2.0f);
      }
      dl->AddText(font, size, p, color, text.data() + un.begin, text.data() + vis_end);
    }
    x += width(un.begin, un.end);
  }
  if (st.ellipsis_end && !stopped && !units.empty())
    dl->AddText(font, size, ImVec2(origin.x + x, origin.y + y), color, "...");
  const float height = y + line_h;
  ImGui::Dummy(ImVec2(wrap, height));
  return height;
}

void Chip(const char* label, ImU32 bg) {
  const ImVec2 size = ImGui::CalcTextSize(label);
  const ImVec2 pad(7, 2);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + size.x + pad.x * 2, p.y + size.y + pad.y * 2), bg, 9.0f);
  dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), ImGui::GetColorU32(ImGuiCol_Text), label);
  ImGui::Dummy(ImVec2(size.x + pad.x * 2, size.y + pad.y * 2));
}

void HelpMarker(const char* text) {
  ImGui::TextDisabled("(?)");
  if (ImGui::BeginItemTooltip()) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace lede
