// app_state.h: everything the running app knows, in one struct. Views read it; only the functions in
// actions.h change it. No SDL or platform code here; ImGui only for font handles.
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "core/corpus.h"
#include "core/index.h"
#include "core/search.h"

struct ImFont;

namespace lede {

// Loading goes kLoading (bytes on their way) -> kIndexing (parsed; index built a slice per frame) ->
// kReady, or kFailed when the corpus cannot be read.
enum class LoadPhase { kLoading, kIndexing, kReady, kFailed };

struct AppState {
  // The corpus, how loading it went, and its index.
  struct {
    LoadPhase phase = LoadPhase::kLoading;
    std::string label;     // file path or URL it came from
    Corpus corpus;
    LoadReport report;
    double fetch_ms = 0;   // time to obtain the bytes (network or disk)
    double index_ms = 0;   // time spent building the index, summed over frames
    Index index;
  } load;

  // The query box and what it found. The list shows `rows` (article indices) in order.
  struct {
    std::string input;               // what the search box holds
    std::string ran;                 // the query the rows are for ("" = every article)
    SortOrder sort = SortOrder::kRelevance;
    SearchResult result;             // all matches, ranked (empty query: none)
    double ms = 0;                   // how long the search took
    std::unordered_map<uint32_t, Snippet> snippets;  // per article, for the current query (lazy)
    std::vector<Range> reader_title, reader_text;    // matches in the open article
    int reader_for = -1;             // article the reader_* ranges belong to
  } search;
  std::vector<int> rows;
  int selected = -1;       // article index shown in the reader; -1 for none
  bool scroll_to_selected = false;

  // Window show-flags and per-view UI settings.
  struct {
    bool show_load_report = false;
    bool focus_search = false;
  } ui;

  // Fonts, owned by ImGui's atlas; set by LoadFonts.
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
