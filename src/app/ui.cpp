// ui.cpp: style, fonts and the top-level layout: a header bar, the article list on the left and the
// reader on the right. Individual views live in view_*.cpp.
#include "app/ui.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>

#include "app/actions.h"
#include "app/views.h"
#include "imgui.h"

namespace lede {

namespace {
UiProbe g_probe;
Palette g_palette;

ImU32 Rgb(int r, int g, int b, int a = 255) { return IM_COL32(r, g, b, a); }

// Entity type colours (person, organization, place, other) and their faint backgrounds (alpha 0..255).
void SetEntityColors(const std::array<ImU32, 4>& colors, int background_alpha) {
  for (int t = 0; t < 4; ++t) {
    g_palette.entity[t] = colors[size_t(t)];
    g_palette.entity_bg[t] = (colors[size_t(t)] & 0x00FFFFFFu) | (IM_COL32_A_MASK & IM_COL32(0, 0, 0, background_alpha));
  }
}
ImVec4 V(int r, int g, int b, int a = 255) { return ImGui::ColorConvertU32ToFloat4(Rgb(r, g, b, a)); }

bool FileExists(const std::string& path) { return std::ifstream(path).good(); }
}  // namespace

const UiProbe& LastFrameProbe() { return g_probe; }
const Palette& Colors() { return g_palette; }

std::string DateRangeLabel(const Filter& f) {
  return (f.from == INT64_MIN ? std::string("start") : FormatDay(f.from)) + " to " +
         (f.to == INT64_MAX ? std::string("end") : FormatDay(f.to - 1));
}

void SetupStyle(bool dark) {
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  if (dark) ImGui::StyleColorsDark(&s); else ImGui::StyleColorsLight(&s);
  s.WindowPadding = ImVec2(14, 12);
  s.FramePadding = ImVec2(8, 5);
  s.ItemSpacing = ImVec2(8, 6);
  s.FrameRounding = 4;
  s.ChildRounding = 0;
  s.PopupRounding = 6;
  s.WindowRounding = 6;
  s.ScrollbarSize = 12;
  s.ScrollbarRounding = 6;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 0;
  s.FontSizeBase = 15.0f;
  ImVec4* c = s.Colors;
  if (dark) {
    c[ImGuiCol_WindowBg] = V(24, 26, 30);
    c[ImGuiCol_ChildBg] = V(24, 26, 30);
    c[ImGuiCol_Text] = V(226, 228, 232);
    c[ImGuiCol_Button] = V(52, 58, 70);
    c[ImGuiCol_FrameBg] = V(38, 42, 50);
    g_palette = {Rgb(150, 156, 168), Rgb(110, 168, 255), Rgb(38, 42, 50),
                 Rgb(40, 60, 96), Rgb(56, 60, 68), Rgb(46, 52, 62), Rgb(240, 180, 80),
                 Rgb(120, 96, 20), Rgb(196, 200, 208), Rgb(96, 48, 48), Rgb(110, 168, 255, 40),
                 Rgb(70, 76, 88), Rgb(90, 110, 150)};
    // Person blue, organization green, place orange, other violet: lighter on the dark background.
    SetEntityColors({Rgb(122, 170, 255), Rgb(92, 200, 150), Rgb(240, 150, 80), Rgb(190, 150, 235)}, 44);
  } else {
    c[ImGuiCol_WindowBg] = V(250, 249, 246);
    c[ImGuiCol_ChildBg] = V(250, 249, 246);
    c[ImGuiCol_PopupBg] = V(255, 255, 255);
    c[ImGuiCol_Text] = V(28, 30, 34);
    c[ImGuiCol_TextDisabled] = V(120, 124, 132);
    c[ImGuiCol_Button] = V(232, 230, 224);
    c[ImGuiCol_ButtonHovered] = V(218, 226, 240);
    c[ImGuiCol_ButtonActive] = V(196, 210, 234);
    c[ImGuiCol_FrameBg] = V(255, 255, 255);
    c[ImGuiCol_Border] = V(214, 210, 200);
    c[ImGuiCol_ScrollbarBg] = V(0, 0, 0, 0);
    c[ImGuiCol_Header] = V(222, 232, 248);
    c[ImGuiCol_HeaderHovered] = V(236, 240, 246);
    c[ImGuiCol_HeaderActive] = V(210, 224, 246);
    g_palette = {Rgb(110, 112, 118), Rgb(31, 95, 173), Rgb(240, 238, 232),
                 Rgb(222, 232, 248), Rgb(222, 218, 208), Rgb(236, 233, 226), Rgb(176, 96, 0),
                 Rgb(255, 226, 140), Rgb(70, 72, 78), Rgb(246, 218, 214), Rgb(31, 95, 173, 34),
                 Rgb(214, 210, 200), Rgb(140, 164, 200)};
    SetEntityColors({Rgb(38, 96, 200), Rgb(16, 130, 86), Rgb(200, 96, 16), Rgb(128, 80, 180)}, 30);
  }
}

bool LoadFonts(AppState& state, const std::string& dir, bool with_cjk) {
  ImGuiIO& io = ImGui::GetIO();
  const std::string ui = dir + "/Inter-Regular.otf", bold = dir + "/Inter-SemiBold.otf",
                    reading = dir + "/NotoSerif-Regular.ttf", cjk = dir + "/DroidSansFallbackFull.ttf";
  if (!FileExists(ui) || !FileExists(bold) || !FileExists(reading)) {
    std::fprintf(stderr, "lede: fonts not found in %s; using ImGui's default font\n", dir.c_str());
    if (io.Fonts->Fonts.empty()) io.Fonts->AddFontDefault();
    state.fonts.ui = state.fonts.ui_bold = state.fonts.reading = io.Fonts->Fonts[0];
    return false;
  }
  const bool cjk_ok = with_cjk && FileExists(cjk);
  io.Fonts->Clear();
  auto add = [&](const std::string& path) {
    ImFont* f = io.Fonts->AddFontFromFileTTF(path.c_str(), 15.0f);
    if (cjk_ok) {
      ImFontConfig merge;
      merge.MergeMode = true;
      merge.GlyphOffset.y = 1.0f;
      io.Fonts->AddFontFromFileTTF(cjk.c_str(), 15.0f, &merge);
    }
    return f;
  };
  state.fonts.ui = add(ui);
  state.fonts.ui_bold = add(bold);
  state.fonts.reading = add(reading);
  state.fonts.cjk_loaded = cjk_ok;
  return true;
}

namespace {

void DrawHeader(const AppState& state, Intents& act) {
  const auto& load = state.load;
  const SourceStatus& st = state.status;
  ImGui::PushFont(state.fonts.ui_bold, state.ui.compact ? 16.0f : 20.0f);
  ImGui::TextUnformatted("Lede");
  ImGui::PopFont();
  ImGui::SameLine(0, 16);
  ImGui::AlignTextToFramePadding();
  switch (st.phase) {
    case LoadPhase::kLoading:
      ImGui::TextColored(ImColor(Colors().text_muted), "Loading %s ...", st.label.c_str());
      if (load.bytes > 0) {
        auto amount = [](double bytes) {
          char out[32];
          if (bytes < 1e6) std::snprintf(out, sizeof out, "%.0f KB", std::max(1.0, bytes / 1e3));
          else std::snprintf(out, sizeof out, "%.1f MB", bytes / 1e6);
          return std::string(out);
        };
        char size[80];
        if (load.bytes_total > 0) std::snprintf(size, sizeof size, "%s of %s", amount(load.bytes).c_str(), amount(load.bytes_total).c_str());
        else std::snprintf(size, sizeof size, "%s", amount(load.bytes).c_str());
        ImGui::SameLine();
        ImGui::ProgressBar(load.bytes_total > 0 ? float(load.bytes / load.bytes_total) : -1.0f * float(ImGui::GetTime()),
                           ImVec2(260, 0), size);
      }
      break;
    case LoadPhase::kParsing:
    case LoadPhase::kIndexing: {
      if (st.phase == LoadPhase::kParsing) ImGui::TextColored(ImColor(Colors().text_muted), "Reading articles");
      else ImGui::TextColored(ImColor(Colors().text_muted), "Indexing %zu articles", st.articles);
      ImGui::SameLine();
      ImGui::ProgressBar(actions::IndexProgress(state), ImVec2(260, 0));
      break;
    }
    case LoadPhase::kFailed:
      ImGui::TextColored(ImColor(Colors().warn), "Could not load %s", st.label.c_str());
      break;
    case LoadPhase::kReady: {
      const std::string& name = st.name.empty() ? st.label : st.name;
      ImGui::TextUnformatted(name.c_str());
      ImGui::SameLine(0, 12);
      if (st.report.articles_undated == st.articles)
        ImGui::TextColored(ImColor(Colors().text_muted), "%zu articles, undated", st.articles);
      else
        ImGui::TextColored(ImColor(Colors().text_muted), "%zu articles, %s to %s", st.articles,
                           FormatDay(st.first_date).c_str(), FormatDay(st.last_date).c_str());
      if (st.entity_phase == EntityPhase::kExtracting) {
        ImGui::SameLine(0, 16);
        ImGui::TextColored(ImColor(Colors().text_muted), "Finding names");
        ImGui::SameLine();
        ImGui::ProgressBar(actions::EntityProgress(state), ImVec2(160, 0));
      }
      break;
    }
  }
  const auto& report = st.report;
  const size_t issues = report.warnings.size() + report.warnings_dropped;
  const bool show_issues = issues > 0 || st.phase == LoadPhase::kFailed;
  char label[64] = "";
  if (st.phase == LoadPhase::kFailed) std::snprintf(label, sizeof label, "Error details");
  else if (show_issues) std::snprintf(label, sizeof label, "%zu load warning%s", issues, issues == 1 ? "" : "s");
  const char* kOpen = "Open file...";
  const float pad = ImGui::GetStyle().FramePadding.x * 2, gap = ImGui::GetStyle().ItemSpacing.x;
  float right_w = 0;
  if (show_issues) right_w += ImGui::CalcTextSize(label).x + pad;
  if (state.ui.can_open_files) right_w += ImGui::CalcTextSize(kOpen).x + pad + (show_issues ? gap : 0);
  if (right_w > 0) {
    ImGui::SameLine();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - right_w));
  }
  if (show_issues) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(Colors().warn));
    if (ImGui::SmallButton(label)) act([](AppState& s) { actions::ShowLoadReport(s, true); });
    ImGui::PopStyleColor();
    if (state.ui.can_open_files) ImGui::SameLine();
  }
  if (state.ui.can_open_files) {
    if (ImGui::SmallButton(kOpen)) g_probe.open_file_clicked = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open a .json or .jsonl corpus from this computer\n(or drop the file onto the page)");
  }
}

// "Reader | Entities" above the right-hand pane.
void DrawPaneTabs(const AppState& state, Intents& act) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  char entities[64];
  if (state.status.entity_phase == EntityPhase::kReady) {
    // As the table lists them: named in the selection, not hidden.
    std::snprintf(entities, sizeof entities, "Entities  %zu", state.replies.explore.entities_listed);
  }
  else std::snprintf(entities, sizeof entities, "Entities  %d%%", int(actions::EntityProgress(state) * 100));
  const char* labels[2] = {"Reader", entities};
  const RightPane panes[2] = {RightPane::kReader, RightPane::kEntities};
  UiProbe::Rect* rects[2] = {&g_probe.reader_tab, &g_probe.entities_tab};
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 20);
  for (int i = 0; i < 2; ++i) {
    if (i) ImGui::SameLine(0, 18);
    ImGui::PushID(i);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushFont(state.fonts.ui_bold, 14.0f);
    const ImVec2 size(ImGui::CalcTextSize(labels[i]).x + 4, ImGui::GetFrameHeight());
    if (ImGui::InvisibleButton("tab", size)) act([p = panes[i]](AppState& s) { actions::SetPane(s, p); });
    const bool on = state.ui.pane == panes[i];
    const bool hovered = ImGui::IsItemHovered();
    dl->AddText(ImVec2(p.x + 2, p.y + (size.y - ImGui::GetFontSize()) / 2),
                on || hovered ? ImGui::GetColorU32(ImGuiCol_Text) : Colors().text_muted, labels[i]);
    ImGui::PopFont();
    if (on) dl->AddLine(ImVec2(p.x, p.y + size.y), ImVec2(p.x + size.x, p.y + size.y), Colors().accent, 2.0f);
    *rects[i] = {p.x, p.y, size.x, size.y};
    ImGui::PopID();
  }
  if (state.ui.pane == RightPane::kEntities && ImGui::IsItemHovered())
    ImGui::SetTooltip("People, organizations and places in the current articles");
}

}  // namespace

void DrawApp(AppState& app) {
  g_probe = UiProbe{};
  const AppState& state = app;  // the views read; what they ask for is applied after they drew
  Intents act;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushFont(state.fonts.ui, 0.0f);
  ImGui::Begin("Lede", nullptr, flags);
  DrawHeader(state, act);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto rule_across = [&] {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl->AddLine(ImVec2(vp->WorkPos.x, p.y), ImVec2(vp->WorkPos.x + vp->WorkSize.x, p.y), Colors().rule);
    ImGui::Dummy(ImVec2(0, 4));
  };
  rule_across();

  // Keyboard: Ctrl+Z undoes the last filter change (when no text field has focus).
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput && (io.KeyCtrl || io.KeySuper) && ImGui::IsKeyPressed(ImGuiKey_Z, false))
    act([](AppState& s) { actions::Undo(s); });

  if (state.status.phase == LoadPhase::kFailed) {
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.ui_bold, 18.0f);
    ImGui::Text("%s could not be loaded.", state.status.label.empty() ? "The corpus" : state.status.label.c_str());
    ImGui::PopFont();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(state.status.error.c_str());
    ImGui::PopTextWrapPos();
    if (state.ui.can_open_files) {
      ImGui::Spacing();
      ImGui::TextColored(ImColor(Colors().text_muted), "You can open a corpus file from this computer instead:");
      if (ImGui::Button("Open file...")) g_probe.open_file_clicked = true;
      ImGui::SameLine();
      ImGui::TextColored(ImColor(Colors().text_muted), "or drop a .json or .jsonl file onto the page.");
    }
  } else if (state.status.phase == LoadPhase::kReady) {
    // Which views show is the embedder's choice (state.ui.show_*); compact mode trims the chrome.
    const auto& ui = state.ui;
    DrawFilterBar(state, act, g_probe);
    if (ui.show_timeline) {
      const bool short_window = vp->WorkSize.y < 460;  // a small embed: leave room for the list
      const float h = ui.compact || short_window ? std::max(96.0f, vp->WorkSize.y * 0.12f) : std::max(110.0f, vp->WorkSize.y * 0.17f);
      ImGui::BeginChild("timeline", ImVec2(0, h), ImGuiChildFlags_None);
      DrawTimeline(state, act, g_probe);
      ImGui::EndChild();
      rule_across();
    }

    const float avail_w = ImGui::GetContentRegionAvail().x;
    const bool facets = ui.show_facets && !ui.compact && avail_w >= 720;
    const float facets_w = facets ? std::clamp(avail_w * 0.16f, 170.0f, 240.0f) : 0.0f;
    // The right pane holds the reader and the entity view (tabs), as the embedder allows.
    const bool right_views = ui.show_reader || ui.show_entities;
    const RightPane pane = !ui.show_entities ? RightPane::kReader : !ui.show_reader ? RightPane::kEntities : state.ui.pane;
    // Narrow embeds show the list or, once an article or the entity view is open, that pane alone (with a
    // way back).
    const bool narrow = avail_w - facets_w < 620;
    const bool pane_open = !state.selected.empty() || (pane == RightPane::kEntities && ui.show_results);
    const bool list = ui.show_results && !(narrow && right_views && pane_open);
    const bool reader = right_views && (!ui.show_results || !narrow || pane_open);
    // The entity table needs more room than the reader's measure: the list gives some up while it shows.
    const float list_share = pane == RightPane::kEntities ? 0.34f : 0.42f;
    const float list_w = !reader ? 0.0f : std::max(300.0f, std::min((avail_w - facets_w) * list_share, 560.0f));
    bool first = true;
    auto divider = [&] {
      if (first) { first = false; return; }
      ImGui::SameLine(0, 0);
      const ImVec2 p = ImGui::GetCursorScreenPos();
      dl->AddLine(ImVec2(p.x + 4, p.y - 4), ImVec2(p.x + 4, p.y + ImGui::GetContentRegionAvail().y), Colors().rule);
      ImGui::Dummy(ImVec2(9, 0));
      ImGui::SameLine(0, 0);
    };
    if (facets) {
      divider();
      ImGui::BeginChild("facets", ImVec2(facets_w, 0), ImGuiChildFlags_None);
      DrawFacets(state, act, g_probe);
      ImGui::EndChild();
    }
    if (list) {
      divider();
      ImGui::BeginChild("list", ImVec2(list_w, 0), ImGuiChildFlags_None);
      if (narrow && ui.show_entities && !reader) {  // the list alone: the way to the entity view
        if (ImGui::SmallButton("Entities")) act([](AppState& s) { actions::SetPane(s, RightPane::kEntities); });
      }
      DrawResults(state, act, g_probe);
      ImGui::EndChild();
    }
    if (reader) {  // the right pane: the reader, or the entity view in its tab
      divider();
      ImGui::BeginGroup();
      if (ui.show_reader && ui.show_entities) DrawPaneTabs(state, act);
      if (pane == RightPane::kEntities) {
        ImGui::BeginChild("entities", ImVec2(0, 0), ImGuiChildFlags_None);
        const float pane_w = ImGui::GetContentRegionAvail().x;
        DrawEntities(state, act, g_probe);
        if (narrow && ui.show_results) {
          const char* kBack = "Back to the list";
          ImGui::SetCursorPos(ImVec2(std::max(0.0f, pane_w - ImGui::CalcTextSize(kBack).x - 16), 8));
          if (ImGui::SmallButton(kBack)) act([](AppState& s) {
              actions::SetPane(s, RightPane::kReader);
              actions::SelectArticle(s, "");
            });
        }
      } else {
        ImGui::BeginChild("reader", ImVec2(0, 0), ImGuiChildFlags_None);
        const float reader_w = ImGui::GetContentRegionAvail().x;
        DrawReader(state, act, g_probe);
        if (narrow && ui.show_results) {  // on the reader's Previous / Next line, at the right
          const char* kBack = "Back to the list";
          ImGui::SetCursorPos(ImVec2(std::max(0.0f, reader_w - ImGui::CalcTextSize(kBack).x - 16), 8));
          if (ImGui::SmallButton(kBack)) act([](AppState& s) { actions::SelectArticle(s, ""); });
        }
      }
      ImGui::EndChild();
      ImGui::EndGroup();
    }
  }
  ImGui::End();
  DrawLoadReport(state, act);
  ImGui::PopFont();
  act.Apply(app);
}

}  // namespace lede
