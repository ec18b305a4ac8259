// widgets.h: small drawing helpers shared by the views.
#pragma once
#include <string_view>
#include <vector>

#include "core/search.h"
#include "imgui.h"

namespace lede {

struct RichTextStyle {
  float wrap_width = 0;        // line width in pixels
  int max_lines = 0;           // 0: no limit; otherwise stop (with an ellipsis) after this many lines
  ImU32 text_color = 0;        // 0: the style's text colour
  ImU32 highlight_bg = 0;      // background behind highlighted ranges
  float paragraph_gap = 0;     // extra space for a blank line ("\n\n")
  bool ellipsis_start = false, ellipsis_end = false;  // draw "..." before / after (snippets)
};

// Draws text at the cursor with the current font, wrapping at spaces and between CJK characters (which
// need no spaces to break), with a background behind each highlighted byte range. Advances the cursor
// past the text; only lines inside the clip rectangle are drawn. Returns the height used.
float RichText(std::string_view text, const std::vector<Range>& highlights, const RichTextStyle& style);

// A marked byte range (an entity mention): a faint background and a coloured underline, drawn under the
// highlights' layer so search matches stay visible on top. Sorted by start, not overlapping.
struct TextMark {
  uint32_t start, end;
  ImU32 color, bg;
};
struct TextMarkHit {
  int mark = -1;               // index of the mark under the mouse, -1 for none
  ImVec2 min, max;             // its rectangle (the segment hovered)
  std::vector<ImVec2> first;   // per mark: top-left of its first drawn segment (x < 0: not drawn)
  std::vector<ImVec2> size;    // per mark: size of that segment
};
// RichText with marks as well; hit (optional) reports the hovered mark and where each mark was drawn.
float RichText(std::string_view text, const std::vector<Range>& highlights, const RichTextStyle& style,
               const std::vector<TextMark>& marks, TextMarkHit* hit);

// A rounded label (tags, filter chips).
void Chip(const char* label, ImU32 bg);

// A "(?)" that shows text in a tooltip when hovered.
void HelpMarker(const char* text);

}  // namespace lede
