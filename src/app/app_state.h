// app_state.h: everything the running app knows, in one struct. Views read it; only the functions in
// actions.h change it. No SDL or platform code here; ImGui only for font handles.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/corpus.h"
#include "core/entities.h"
#include "core/facets.h"
#include "core/index.h"
#include "core/search.h"
#include "core/timeline.h"

struct ImFont;

namespace lede {

// Loading goes kLoading (bytes on their way) -> kParsing (articles read a slice per frame) -> kIndexing
// (index built a slice per frame) -> kReady, or kFailed when the corpus cannot be read.
enum class LoadPhase { kLoading, kIndexing, kReady, kFailed, kParsing };

// Entities are found after indexing, a slice of articles per frame, while the app is already usable:
// kWaiting (no corpus ready yet) -> kExtracting -> kReady (table built). Search falls back to the corpus's
// supplied labels for entity:"..." until the table exists.
enum class EntityPhase { kWaiting, kExtracting, kReady };

// Right-hand pane: the article reader or the entity table.
enum class RightPane { kReader, kEntities };

struct AppState {
  // The corpus, how loading it went, its index and facet values.
  struct {
    LoadPhase phase = LoadPhase::kLoading;
    std::string label;     // file path or URL it came from
    std::string fingerprint;  // size and FNV-1a hash of the bytes ("25100327-9f0c..."), set by LoadCorpusBytes
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

  // Entities: extraction progress, the mentions per article, the journalist's corrections and the table
  // built from them. Only actions change these; views read them.
  struct {
    EntityPhase phase = EntityPhase::kWaiting;
    std::unique_ptr<EntityExtractor> extractor;  // created when extraction starts (parses the gazetteer)
    std::vector<ArticleMentions> mentions;        // indexed like corpus.articles; kept for source changes
    size_t extracted = 0;        // articles done so far
    double extract_ms = 0;       // gazetteer + extraction + harmonization, summed over frames
    double started_at = 0, wall_ms = 0;  // wall clock from the first extraction frame to the table
    double build_ms = 0;         // building the table (last build)
    EntitySource source = EntitySource::kBoth;
    Corrections corrections;     // replayed on every build
    std::vector<Corrections> corrections_undo;   // earlier correction lists, most recent last
    int corrections_version = 0; // bumped on every change (the platform persists when it moves)
    EntityTable table;
    // Under the current selection (state.sel.docs): articles, mentions, first and last date per entity id
    // (dates 0 when none of its selected articles is dated).
    std::vector<uint32_t> sel_articles, sel_mentions;
    std::vector<int64_t> sel_first, sel_last;
    size_t generation = 0;       // bumped whenever the table or these counts change (views cache on it)
    std::unordered_map<uint32_t, std::vector<uint32_t>> sparklines;  // per entity, lazily (SparklineFor)
    std::vector<int64_t> spark_starts;  // bucket starts of the sparklines (the corpus's dated range)
    std::string message;         // last export / import outcome, shown in the entity view
    bool message_is_error = false;
  } entities;

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
    std::vector<Bucket> entity_bars;     // the focused entity's articles per bucket (in .selected), same
                                         // buckets as bars; empty when no entity is focused
  } timeline;

  // Window show-flags and per-view UI settings.
  struct {
    bool show_load_report = false;
    bool focus_search = false;
    bool facet_expanded[kFacetCount] = {};  // show every value, not only the most frequent
    std::string link_copied;     // shown briefly after "Copy link"
    double link_copied_at = 0;
    RightPane pane = RightPane::kReader;
    bool show_entity_marks = true;  // reader: underline names by type
    // Entity view settings.
    std::string entity_filter;   // text box: names containing this
    bool entity_types[4] = {true, true, true, true};  // person, organization, place, other shown
    bool show_hidden = false;
    int entity_sort_column = 2;  // 0 name, 1 type, 2 articles, 3 mentions, 4 first, 5 last
    bool entity_sort_ascending = false;
    std::string entity_focus;    // entity shown in the details panel (by name: ids change on rebuild)
    // Set once by the platform or the embedder (iframe URL, Lede.mount options):
    bool show_timeline = true, show_facets = true, show_results = true, show_reader = true, show_entities = true;
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
