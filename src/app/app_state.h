// app_state.h: everything the running app knows, in one struct. Views read it (const AppState&); only
// the functions in actions.h change it. No SDL or platform code here; ImGui only for font handles.
#pragma once
#include <string>
#include <vector>

#include "core/corpus.h"

struct ImFont;

namespace lede {

enum class LoadPhase { kLoading, kReady, kFailed };

struct AppState {
  // The corpus and how loading it went.
  struct {
    LoadPhase phase = LoadPhase::kLoading;
    std::string label;     // file path or URL it came from
    Corpus corpus;
    LoadReport report;
    double fetch_ms = 0;   // time to obtain the bytes (network or disk), on top of report.load_ms
  } load;

  // The article list: indices into load.corpus.articles, newest first.
  std::vector<int> list;
  int selected = -1;       // article index shown in the reader; -1 for none
  bool scroll_to_selected = false;

  // Window show-flags and per-view UI settings.
  struct {
    bool show_load_report = false;
  } ui;

  // Fonts, owned by ImGui's atlas; set by the platform layer after it builds the atlas.
  struct {
    ImFont* ui = nullptr;        // interface text
    ImFont* ui_bold = nullptr;   // headings, titles in lists
    ImFont* reading = nullptr;   // article body
    bool cjk_loaded = false;     // the CJK fallback is merged into the three fonts above
  } fonts;

  // Measurements for window.lede.stats().
  struct {
    double frame_ms_avg = 0;     // mean CPU time of the last 60 frames
    int frames = 0;
  } perf;
};

}  // namespace lede
