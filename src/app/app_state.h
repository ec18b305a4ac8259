// app_state.h: everything the running app knows, in one struct: what the journalist asked for, the last
// replies of the source (the one door to the data, src/source/source.h) and the tickets still in flight.
// Views read a const AppState; only the functions in actions.h change it, and only they reach the source.
// No SDL or platform code here; ImGui only for font handles.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "source/source.h"

struct ImFont;

namespace lede {

using LoadPhase = SourcePhase;

// Right-hand pane: the article reader or the entity table.
enum class RightPane { kReader, kEntities };

namespace actions { struct Door; }

// The source the app reads through. Private: only actions.cpp (through actions::Door) calls it, so a view
// holding a const AppState cannot send a request behind the actions' back.
class SourceSlot {
 private:
  friend struct actions::Door;
  std::unique_ptr<Source> source_;
};

struct AppState {
  SourceSlot source;
  // The source's status (phase, progress, counts, load report), copied by actions::Tick when it changes.
  // Before any source is open, or when the bytes could not be obtained, the actions fill it themselves.
  SourceStatus status;

  struct {
    double bytes = 0, bytes_total = 0;  // while kLoading: received so far, expected (0: not known)
    unsigned serial = 0;   // corpora begun so far (BeginLoad, LoadCorpusBytes, FailLoad), so a platform
                           // can tell each load's end even when it begins and ends between two frames
  } load;

  // ---- what the journalist asked for ----
  Filter filter;                 // query AND date range AND facets
  std::vector<Filter> undo;      // earlier filters, most recent last
  SortOrder sort = SortOrder::kRelevance;
  std::string selected;          // id of the article open in the reader; "" for none
  long selected_row = -1;        // its row in the list; -1 when it is not in the list (or not known yet)
  bool scroll_to_selected = false;

  struct {
    std::string input;           // what the search box holds (applied to filter.query as you type)
  } search;

  struct {
    int64_t view_from = 0, view_to = 0;  // visible span of the timeline [from, to)
    int granularity = -1;                // -1: automatic, else a Granularity
  } timeline;

  // The journalist's entity settings and corrections (sent whole to the source, which rebuilds its table).
  struct {
    EntitySource source = EntitySource::kBoth;
    Corrections corrections;     // replayed on every build
    std::vector<Corrections> corrections_undo;   // earlier correction lists, most recent last
    int corrections_version = 0; // bumped on every change (the platform persists when it moves)
    std::string focus;           // entity in the details panel and on the timeline (by name)
    std::string merge_query;     // the "Merge into..." picker's search
    std::string message;         // last export / import outcome, shown in the entity view
    bool message_is_error = false;
  } entities;

  // ---- the last replies, and the tickets in flight (0: none) ----
  // A reply stays until a newer one replaces it; replies to superseded tickets are cancelled or dropped.
  struct {
    ExploreReply explore;        // the selection: total, page of rows, buckets, facets, entities
    Ticket explore_ticket = 0;
    size_t generation = 0;       // bumped with every explore reply (views cache on it)
    Ticket rows_ticket = 0;      // another page of rows (scrolling)
    size_t rows_first = 0, rows_last = 0;  // the rows that page was asked for
    long pending_row = -1;       // a row to select once its page arrives (keyboard past the page)
    ArticleReply article;        // the article open in the reader
    Ticket article_ticket = 0;
    std::string article_query;   // the query article's matches belong to
    EntityReply entity;          // details of entities.focus
    Ticket entity_ticket = 0;
    EntityListReply merge;       // choices of the "Merge into..." picker
    Ticket merge_ticket = 0;
    Ticket correct_ticket = 0;
    bool want_entities = false;  // the entity view showed: ask for entity rows (actions::WantEntities)
    uint64_t data_version = 0;   // the source's data_version these were asked under
  } replies;

  // Requests made through the JS API (search, entities, entity): their replies wait here until the platform
  // takes them (actions::TakeBridgeReplies).
  struct {
    std::vector<Ticket> tickets;
    SourceReplies done;
  } bridge;

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
    double frame_ms_max = 0;     // longest of the last 60 frames
    int frames = 0;
    // Keystroke to results drawn: from the frame a query edit was applied (SetQuery) to the end of the
    // frame that drew the source's reply to it (rows, timeline and facets). -1 until measured.
    double query_edit_at = 0;    // steady clock, ms
    bool query_pending = false;  // an edit whose reply has not been drawn yet
    bool query_reply_in = false; // its reply arrived (drawn by the frame in progress)
    double input_to_draw_ms = -1;
  } perf;
};

}  // namespace lede
