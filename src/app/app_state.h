// app_state.h: everything the running app knows, in one struct. Views read it; only the functions in
// actions.h change it. No SDL or platform code here; ImGui only for font handles.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/corpus.h"
#include "core/facets.h"
#include "core/index.h"
#include "core/search.h"
#include "core/timeline.h"

struct ImFont;

namespace lede {

// Loading goes kLoading (bytes on their way) -> kParsing (articles read a slice per frame) -> kIndexing
// (index built a slice per frame) -> kReady, or kFailed when the corpus cannot be read.
enum class LoadPhase { kLoading, kIndexing, kReady, kFailed, kParsing };

struct AppState {
  // The corpus, how loading it went, its index and facet values.
  struct {
    LoadPhase phase = LoadPhase::kLoading;
    std::string label;     // file path or URL it came from
    Corpus corpus;
    LoadReport report;
    std::unique_ptr<CorpusReader> reader;  // while kParsing
    double fetch_ms = 0;   // time to obtain the bytes (network or disk)
    double bytes = 0, bytes_total = 0;  // while kLoading: received so far, expected (0: not known)
    unsigned serial = 0;   // corpora begun so far (BeginLoad, LoadCorpusBytes, FailLoad), so a platform
                           // can tell each load's end even when it begins and ends between two frames
    double index_ms = 0;   // time spent building the index, summed over frames
    Index index;
    FacetIndex facets;
    int64_t first_date = 0, last_date = 0;  // dated range of the corpus
  } load;

  // What the journalist asked for, and what it selects. Every view shows `sel`.
  Filter filter;                 // query AND date range AND facets
  std::vector<Filter> undo;      // earlier filters, most recent last
  SortOrder sort = SortOrder::kRelevance;
  Selection sel;                 // recomputed by actions whenever filter or sort changes
  double search_ms = 0;          // time the last filter took
  std::vector<uint32_t>& rows() { return sel.ranked; }
  const std::vector<uint32_t>& rows() const { return sel.ranked; }

  int selected = -1;             // article open in the reader; -1 for none
  bool scroll_to_selected = false;

  struct {
    std::string input;           // what the search box holds (applied to filter.query as you type)
    std::unordered_map<uint32_t, Snippet> snippets;  // per article, for the current query (lazy)
    std::vector<Range> reader_title, reader_text;    // matches in the open article
    int reader_for = -1;         // article the reader_* ranges belong to
  } search;

  struct {
    int64_t view_from = 0, view_to = 0;  // visible span of the timeline [from, to)
    int granularity = -1;                // -1: automatic, else a Granularity
    std::vector<Bucket> bars;            // counts for the visible span (kept up to date by actions)
  } timeline;

  // Window show-flags and per-view UI settings.
  struct {
    bool show_load_report = false;
    bool focus_search = false;
    bool facet_expanded[kFacetCount] = {};  // show every value, not only the most frequent
    std::string link_copied;     // shown briefly after "Copy link"
    double link_copied_at = 0;
    // Set once by the platform or the embedder (iframe URL, Lede.mount options):
    bool show_timeline = true, show_facets = true, show_results = true, show_reader = true;
    bool compact = false;        // small embeds: slimmer header, shorter timeline, no facet column
    bool can_open_files = false; // the platform has a file picker ("Open file..." in the header)
    // Two-finger pinch from the touch screen, consumed by the timeline: the span is multiplied by
    // pinch_scale around pinch_x (screen x); pinching is true while two fingers are down. Input like
    // ImGui's own: written by main() from this frame's touch events, read by the view.
    float pinch_scale = 1.0f, pinch_x = 0;
    bool pinching = false;
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
    double ui_ms_avg = 0;        // of which building the UI (before the GL calls)
    double frame_ms[60] = {}, ui_ms[60] = {};
    int frames = 0;
  } perf;
};

}  // namespace lede
