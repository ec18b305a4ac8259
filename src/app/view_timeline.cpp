// view_timeline.cpp: article counts per calendar bucket, drawn with ImDrawList. Each bar shows the
// articles matching the query and facets (dark) against all articles (light); the brushed date range is
// shaded. Drag to brush a range (it becomes the date filter), wheel to zoom around the mouse, right-drag
// (or shift-drag) to pan, double-click to clear the range. On a touch screen a tap selects a bar, a drag
// pans and a two-finger pinch zooms (state.ui.pinch_*). Buckets come from the source's explore reply. The entity
// focused in the entity view is drawn over the bars as a line in its type's colour (to its own scale).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/actions.h"
#include "app/views.h"
#include "imgui.h"

namespace lede {

namespace {

// Drag state lives only while the mouse is down.
struct Drag {
  enum Kind { kNone, kBrush, kPan } kind = kNone;
  float start_x = 0;
  int64_t start_from = 0, start_to = 0;
  bool pinched = false;  // a second finger joined: this touch is a zoom, not a tap
} g_drag;

std::string AxisLabel(int64_t t, Granularity g) {
  const CivilDate c = CivilFromDays(t >= 0 ? t / 86400 : (t - 86399) / 86400);
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[32];
  if (g == Granularity::kYear) std::snprintf(buf, sizeof buf, "%d", c.year);
  else if (g == Granularity::kMonth) std::snprintf(buf, sizeof buf, c.month == 1 ? "%s %d" : "%s", kMonths[c.month - 1], c.year);
  else std::snprintf(buf, sizeof buf, "%d %s", c.day, kMonths[c.month - 1]);
  return buf;
}

}  // namespace

void DrawTimeline(const AppState& state, Intents& act, UiProbe& probe) {
  const auto& tl = state.timeline;
  const ExploreReply& reply = state.replies.explore;
  const Granularity g = actions::EffectiveGranularity(state);
  const char* kGran[] = {"Auto", "Day", "Week", "Month", "Year"};

  // Header line: title, range readout, granularity.
  const float right_edge = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  ImGui::PushFont(state.fonts.ui_bold, 13.0f);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImColor(Colors().text_muted), "TIMELINE");
  ImGui::PopFont();
  ImGui::SameLine();
  if (state.filter.has_dates()) {
    ImGui::TextColored(ImColor(Colors().accent), "%s", DateRangeLabel(state.filter).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear range")) act([](AppState& s) { actions::ClearDateRange(s); });
  } else {
    if (ImGui::GetIO().MouseSource == ImGuiMouseSource_TouchScreen)
      ImGui::TextColored(ImColor(Colors().text_muted), "tap a bar to select it \xC2\xB7 drag to pan \xC2\xB7 pinch to zoom");
    else
      ImGui::TextColored(ImColor(Colors().text_muted), "drag to select dates \xC2\xB7 wheel to zoom \xC2\xB7 right-drag to pan");
  }
  const char* kScales = "\xC2\xB7  dark: matches, light: all articles (each to its own scale)";
  const float controls_w = ImGui::CalcTextSize("Fit  Month").x + ImGui::GetFrameHeight() + 110;
  if ((!state.filter.query.empty() || !state.filter.facets.empty()) &&
      right_edge - ImGui::GetItemRectMax().x > ImGui::CalcTextSize(kScales).x + controls_w) {
    ImGui::SameLine();
    ImGui::TextColored(ImColor(Colors().text_muted), "%s", kScales);
  }
  // The focused entity (its details reply gives the display name and type).
  const EntityReply& e = state.replies.entity;
  const bool focus = !reply.entity_buckets.empty() && e.found;
  if (focus) {
    ImGui::SameLine(0, 14);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float y = p.y + ImGui::GetFrameHeight() / 2;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, y), ImVec2(p.x + 16, y), Colors().entity[int(e.type)], 2.0f);
    ImGui::Dummy(ImVec2(18, 0));
    ImGui::SameLine();
    ImGui::TextColored(ImColor(Colors().entity[int(e.type)]), "%s", e.name.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The line: every article naming %s, to its own scale", e.name.c_str());
    ImGui::SameLine(0, 4);
    if (ImGui::SmallButton("x##entity_line")) act([](AppState& s) { actions::FocusEntity(s, ""); });
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove the line");
  }
  const float combo_w = ImGui::CalcTextSize("Month").x + ImGui::GetFrameHeight() + 14;
  ImGui::SameLine(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - combo_w - 70));
  if (ImGui::SmallButton("Fit")) {
    const int64_t lo = state.status.first_date, hi = state.status.last_date;
    const Granularity fit = ChooseGranularity(hi - lo + 1);
    act([=](AppState& s) { actions::SetTimelineView(s, BucketStart(lo, fit), NextBucket(BucketStart(hi, fit), fit)); });
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(combo_w);
  int gi = tl.granularity + 1;
  if (ImGui::Combo("##gran", &gi, kGran, 5)) act([gi](AppState& s) { actions::SetGranularity(s, gi - 1); });
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Bars per %s", GranularityName(g));

  // Plot area.
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float axis_h = ImGui::GetTextLineHeight() + 4;
  const float height = std::max(40.0f, ImGui::GetContentRegionAvail().y - axis_h - 2);
  const ImVec2 p1(p0.x + width, p0.y + height);
  ImGui::InvisibleButton("plot", ImVec2(width, height + axis_h),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, p1, Colors().chip_bg, 3.0f);

  const double from = double(tl.view_from), to = double(tl.view_to), span = to - from;
  auto x_of = [&](double t) { return float(p0.x + (t - from) / span * width); };
  auto t_of = [&](float x) { return int64_t(from + double(x - p0.x) / width * span); };
  probe.timeline = {p0.x, p0.y, width, height, tl.view_from, tl.view_to};

  const std::vector<Bucket>& bars = reply.buckets;  // the source's, for the span last asked
  // Light bars (all articles) are scaled to their own busiest bucket; dark bars (the matches) too when a
  // search or facet narrows them, so a query's shape stays visible next to the whole corpus.
  uint32_t peak = 1, peak_sel = 1;
  for (const Bucket& b : bars) { peak = std::max(peak, b.total); peak_sel = std::max(peak_sel, b.selected); }
  const bool narrowed = !state.filter.query.empty() || !state.filter.facets.empty();
  if (!narrowed) peak_sel = peak;

  // Brushed range.
  if (state.filter.has_dates()) {
    const float bx0 = std::max(p0.x, state.filter.from == INT64_MIN ? p0.x : x_of(double(state.filter.from)));
    const float bx1 = std::min(p1.x, state.filter.to == INT64_MAX ? p1.x : x_of(double(state.filter.to)));
    if (bx1 > bx0) dl->AddRectFilled(ImVec2(bx0, p0.y), ImVec2(bx1, p1.y), Colors().brush, 2.0f);
  }
  // Bars: total (light) behind selected (accent).
  const int hovered_bar = [&] {
    if (!hovered) return -1;
    const int64_t t = t_of(ImGui::GetIO().MousePos.x);
    for (size_t i = 0; i < bars.size(); ++i)
      if (t >= bars[i].start && t < bars[i].end) return int(i);
    return -1;
  }();
  dl->PushClipRect(p0, p1, true);
  const float top_pad = 6;
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bucket& b = bars[i];
    float x0 = x_of(double(b.start)), x1 = x_of(double(b.end));
    if (x1 - x0 > 3) { x0 += 0.5f; x1 -= 0.5f; }
    const float h_total = (height - top_pad) * float(b.total) / float(peak);
    const float h_sel = (height - top_pad) * float(b.selected) / float(peak_sel);
    const bool in_range = b.end > state.filter.from && b.start < state.filter.to;
    if (b.total) dl->AddRectFilled(ImVec2(x0, p1.y - h_total), ImVec2(x1, p1.y), Colors().bar_total);
    if (b.selected) dl->AddRectFilled(ImVec2(x0, p1.y - h_sel), ImVec2(x1, p1.y), in_range ? Colors().accent : Colors().bar_outside);
    if (int(i) == hovered_bar) dl->AddRect(ImVec2(x0, p0.y + 1), ImVec2(x1, p1.y), Colors().accent, 0, 0, 1.0f);
  }
  // The focused entity's series: a line through the bucket centres, to its own peak.
  const auto& ebars = reply.entity_buckets;
  if (focus && ebars.size() == bars.size()) {
    uint32_t epeak = 1;
    for (const Bucket& b : ebars) epeak = std::max(epeak, b.selected);
    const ImU32 col = Colors().entity[int(e.type)];
    ImVec2 prev;
    for (size_t i = 0; i < ebars.size(); ++i) {
      const float x = (x_of(double(ebars[i].start)) + x_of(double(ebars[i].end))) / 2;
      const ImVec2 q(x, p1.y - (height - top_pad) * float(ebars[i].selected) / float(epeak));
      if (i) dl->AddLine(prev, q, col, 2.0f);
      if (ebars[i].selected && x_of(double(ebars[i].end)) - x_of(double(ebars[i].start)) > 6) dl->AddCircleFilled(q, 2.5f, col);
      prev = q;
    }
  }
  dl->PopClipRect();

  // Axis labels: at bucket starts, spaced so they never overlap.
  {
    const Granularity lg = g == Granularity::kWeek ? Granularity::kMonth : g;
    float last_right = -1e9f;
    for (int64_t t = BucketStart(tl.view_from, lg); t < tl.view_to; t = NextBucket(t, lg)) {
      const float x = x_of(double(t));
      if (x < p0.x) continue;
      const std::string label = AxisLabel(t, lg);
      const float w = ImGui::CalcTextSize(label.c_str()).x;
      if (x < last_right + 12 || x + w > p1.x) continue;
      dl->AddLine(ImVec2(x, p1.y), ImVec2(x, p1.y + 3), Colors().text_muted);
      dl->AddText(ImVec2(x + 2, p1.y + 2), Colors().text_muted, label.c_str());
      last_right = x + w;
    }
  }

  // Interaction.
  ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0) {
    const double factor = std::pow(0.85, double(io.MouseWheel));
    const double anchor = double(t_of(io.MousePos.x));
    act([=](AppState& s) { actions::SetTimelineView(s, int64_t(anchor - (anchor - from) * factor), int64_t(anchor + (to - anchor) * factor)); });
  }
  const auto& ui = state.ui;
  // The span after this frame's pinch (applied with the frame's other actions, after the views drew): a pan
  // that goes on under two fingers starts from it.
  int64_t pinched_from = tl.view_from, pinched_to = tl.view_to;
  if (ui.pinch_scale != 1.0f && ui.pinch_x >= p0.x && ui.pinch_x <= p1.x) {
    const double anchor = double(t_of(ui.pinch_x));
    const double factor = 1.0 / double(ui.pinch_scale);
    pinched_from = int64_t(anchor - (anchor - from) * factor);
    pinched_to = int64_t(anchor + (to - anchor) * factor);
    act([=](AppState& s) { actions::SetTimelineView(s, pinched_from, pinched_to); });
  }
  const bool touch = io.MouseSource == ImGuiMouseSource_TouchScreen;
  if (ui.pinching && g_drag.kind == Drag::kPan) g_drag = {Drag::kPan, io.MousePos.x, pinched_from, pinched_to, true};  // zoom, not pan
  if (ImGui::IsItemActivated()) {
    const bool pan = ImGui::IsMouseDown(ImGuiMouseButton_Right) || io.KeyShift || touch;
    g_drag = {pan ? Drag::kPan : Drag::kBrush, io.MousePos.x, tl.view_from, tl.view_to};
  }
  if (ImGui::IsItemActive() && g_drag.kind == Drag::kPan) {
    const double dt = double(io.MousePos.x - g_drag.start_x) / width * span;
    const int64_t f0 = g_drag.start_from - int64_t(dt), t0 = g_drag.start_to - int64_t(dt);
    act([=](AppState& s) { actions::SetTimelineView(s, f0, t0); });
  }
  if (ImGui::IsItemActive() && g_drag.kind == Drag::kBrush) {
    const float a = std::clamp(g_drag.start_x, p0.x, p1.x), b = std::clamp(io.MousePos.x, p0.x, p1.x);
    dl->AddRectFilled(ImVec2(std::min(a, b), p0.y), ImVec2(std::max(a, b), p1.y), Colors().brush);
    dl->AddRect(ImVec2(std::min(a, b), p0.y), ImVec2(std::max(a, b), p1.y), Colors().accent);
  }
  if (ImGui::IsItemDeactivated() && g_drag.kind == Drag::kBrush) {
    const float a = std::clamp(g_drag.start_x, p0.x, p1.x), b = std::clamp(io.MousePos.x, p0.x, p1.x);
    if (io.MouseClickedLastCount[0] >= 2) {
      act([](AppState& s) { actions::ClearDateRange(s); });  // double-click
    } else if (std::fabs(b - a) >= 4) {
      // Snap the brushed span outward to whole buckets.
      const int64_t t0 = BucketStart(t_of(std::min(a, b)), g);
      const int64_t t1 = NextBucket(BucketStart(t_of(std::max(a, b)) - 1, g), g);
      act([=](AppState& s) { actions::SetDateRange(s, t0, t1); });
    } else if (hovered_bar >= 0 && bars[size_t(hovered_bar)].total > 0) {
      const Bucket bar = bars[size_t(hovered_bar)];
      act([bar](AppState& s) { actions::SetDateRange(s, bar.start, bar.end); });  // click a bar
    }
  }
  if (ImGui::IsItemDeactivated() && g_drag.kind == Drag::kPan && touch && !g_drag.pinched &&
      std::fabs(io.MousePos.x - g_drag.start_x) < 4 && hovered_bar >= 0 && bars[size_t(hovered_bar)].total > 0) {
    const Bucket bar = bars[size_t(hovered_bar)];
    act([bar](AppState& s) { actions::SetDateRange(s, bar.start, bar.end); });  // tap a bar
  }
  if (ImGui::IsItemDeactivated()) g_drag = {};
  // No hover on a touch screen once the finger is lifted: the last touch point is not a pointer resting there.
  if (hovered_bar >= 0 && g_drag.kind == Drag::kNone && !(touch && !ImGui::IsMouseDown(ImGuiMouseButton_Left))) {
    const Bucket& b = bars[size_t(hovered_bar)];
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(BucketLabel(b.start, g).c_str());
    ImGui::Text("%u of %u article%s", b.selected, b.total, b.total == 1 ? "" : "s");
    if (focus && size_t(hovered_bar) < ebars.size())
      ImGui::TextColored(ImColor(Colors().entity[int(e.type)]), "%u naming %s", ebars[size_t(hovered_bar)].selected, e.name.c_str());
    ImGui::TextDisabled("click to select this %s", GranularityName(g));
    ImGui::EndTooltip();
  }
}

}  // namespace lede
