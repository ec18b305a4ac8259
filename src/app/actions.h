// actions.h: the only code that changes AppState, and the only code that talks to the source. Views call
// these through Intents (applied after the frame's views drew); the platform layer calls them directly.
// Every change of what the journalist asked for sends the source a request; Tick polls the source once a
// frame and puts the replies into AppState (the newest request wins: older tickets are cancelled).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_state.h"

namespace lede {

// What the views ask for while drawing a frame. Views hold a const AppState, so they queue actions here:
//   act([=](AppState& s) { actions::SetQuery(s, text); });
// DrawApp applies the queue once every view has drawn (in the order queued).
class Intents {
 public:
  template <class F> void operator()(F&& f) { queue_.emplace_back(std::forward<F>(f)); }
  void Apply(AppState& state);
  bool empty() const { return queue_.empty(); }

 private:
  std::vector<std::function<void(AppState&)>> queue_;
};

namespace actions {

// ---- the source ----
// Replaces the source (a new corpus) and forgets everything asked of the old one: filter, undo history,
// open article, timeline view, entity corrections (the platform restores them once the new one is ready).
void OpenSource(AppState& state, std::unique_ptr<Source> source, std::string label);
// A LocalSource over corpus bytes (JSON); parsing starts at the next Tick. On bytes that cannot be read at
// all, state.status.phase becomes kFailed with the error in state.status.error.
void LoadCorpusBytes(AppState& state, std::string_view bytes, std::string label, double fetch_ms);
// A new corpus is on its way (a dropped file, a URL): no source until its bytes arrive; kLoading with label.
void BeginLoad(AppState& state, std::string label);
// Bytes of the corpus received so far and expected (0 when the server did not say), while kLoading.
void LoadProgress(AppState& state, double received, double total);
// The bytes could not be obtained at all (missing file, network error).
void FailLoad(AppState& state, std::string label, std::string error);

// Polls the source (its replies, and up to budget_ms of its background work); call once a frame. Returns
// true while the source has work or the app has tickets in flight.
bool Tick(AppState& state, double budget_ms);
// Ticks until the corpus is ready (or failed), with entities when asked, and no ticket is in flight
// (native start-up, tests).
void FinishLoading(AppState& state, bool entities = false);
// Ticks until no ticket is in flight (tests: an action's replies have arrived).
void Settle(AppState& state);
// True while an explore request is in flight: views mark the last reply as updating.
bool Updating(const AppState& state);

// Fraction of the corpus read and indexed, and of the articles whose names were extracted, 0..1.
float IndexProgress(const AppState& state);
float EntityProgress(const AppState& state);

// ---- entities ----
// Supplied labels only, extracted names only, or both: the source rebuilds its table.
void SetEntitySource(AppState& state, EntitySource source);
// Appends one correction (undoable); the source rebuilds its table. The focus follows a rename or merge.
void AddCorrection(AppState& state, Correction c);
// Takes back the last correction change (a single op, or a whole import). False when there is none.
bool UndoCorrection(AppState& state);
// Replaces the corrections with a file's (undoable). On a broken file nothing changes and false is
// returned; state.entities.message says what and where either way.
bool ImportCorrections(AppState& state, std::string_view json);
// Corrections saved by an earlier session (not undoable, no message unless they cannot be read).
void RestoreCorrections(AppState& state, std::string_view json);
// The corrections in the file format (FormatCorrections).
std::string CorrectionsJson(const AppState& state);
// Where the platform keeps this corpus's corrections: a fetched corpus by its URL (it may grow and stay
// the same archive); a file or inline data by its name and its bytes' fingerprint.
std::string CorrectionsKey(const AppState& state);
// A line under the corrections bar (export and import outcomes).
void SetEntityMessage(AppState& state, std::string message, bool is_error);
// Filters every view by an entity: entity:"Name" in the query. add=false replaces the query's other
// entity:"..." terms (a second call with the same name takes it out again); add=true adds it (AND).
void FilterByEntity(AppState& state, const std::string& name, bool add);
// Shows an entity in the entity view's details and its series on the timeline ("" for none).
void FocusEntity(AppState& state, const std::string& name);
// Entity names that the query filters by (its entity:"..." terms), in order.
std::vector<std::string> QueryEntities(const std::string& query);
// The "Merge into..." picker's search: asks for the entities whose names contain text.
void FindMergeTargets(AppState& state, std::string text);
void SetPane(AppState& state, RightPane pane);
// The entity view is drawn: explore replies carry the entity rows from now on (until the pane changes).
void WantEntities(AppState& state);
// Entity table settings: name filter box, type toggles, hidden names, sort column.
void SetEntityFilter(AppState& state, std::string text);
void ToggleEntityType(AppState& state, int type);
void SetShowHidden(AppState& state, bool show);
void SetEntitySort(AppState& state, int column, bool ascending);

// ---- the filter (every change is undoable; consecutive query edits count as one) ----
void SetQuery(AppState& state, std::string query);
void SetDateRange(AppState& state, int64_t from, int64_t to);  // [from, to); INT64_MIN/MAX: open ends
void ClearDateRange(AppState& state);
// Click on a facet value: include it (or, with exclude, leave it out); a second click removes it.
void ToggleFacet(AppState& state, FacetKind kind, const std::string& value, bool exclude);
void RemoveFacet(AppState& state, size_t index);  // index into filter.facets
void SetFilter(AppState& state, Filter filter);   // replaces the whole filter
void ClearFilters(AppState& state);
bool Undo(AppState& state);                       // false when there is nothing to undo
void SetSort(AppState& state, SortOrder sort);

// ---- timeline view ----
void SetTimelineView(AppState& state, int64_t from, int64_t to);  // clamped to a sensible span
void SetGranularity(AppState& state, int granularity);             // -1: automatic
Granularity EffectiveGranularity(const AppState& state);

// ---- the list and the reader ----
// Opens an article in the reader by id ("" closes it); row: its row in the list when the caller knows it.
// Returns false (and changes nothing) when the source knows there is no such article.
bool SelectArticle(AppState& state, const std::string& id, long row = -1);
// Moves the selection by delta rows in the list (keyboard up/down, reader next/previous). A row whose page
// has not arrived yet is asked for and selected when it comes.
void MoveSelection(AppState& state, int delta);
// Row of the selected article in the list, or -1.
long SelectedRow(const AppState& state);
// The summary of a row of the list, or null while its page is not here.
const ArticleSummary* RowAt(const AppState& state, size_t row);
// The list shows rows [first, last): asks for their page unless it is here or on its way.
void WantRows(AppState& state, size_t first, size_t last);

// ---- UI settings ----
void FocusSearch(AppState& state, bool focus);    // the search box takes the keyboard next frame
void ScrolledToSelected(AppState& state);         // the list has brought the selected row into view
void ToggleFacetExpanded(AppState& state, int kind);
void ShowLoadReport(AppState& state, bool show);
void SetShowEntityMarks(AppState& state, bool show);
void LinkCopied(AppState& state, double now);

// ---- the JS API: requests whose replies the platform takes with TakeBridgeReplies ----
// Each returns the ticket (0 when no corpus is open: the platform answers empty at once).
Ticket BridgeSearch(AppState& state, const std::string& query, size_t limit);
Ticket BridgeEntities(AppState& state, size_t limit);
Ticket BridgeEntity(AppState& state, const std::string& name);
SourceReplies TakeBridgeReplies(AppState& state);

// ---- links: the view state in a URL fragment ----
// "q=wuzhen&from=2014-01-01&to=2016-01-01&f=source:Lede%20Sample%20Wire,-tag:china&a=lede-sample-049&..."
std::string EncodeLink(const AppState& state);
// Applies a fragment made by EncodeLink (with or without the leading '#'). Unknown keys are ignored.
void ApplyLink(AppState& state, std::string_view fragment);

// ms: the whole frame's CPU time; ui_ms: of which building the UI (events, layout, search), before GL.
void RecordFrameTime(AppState& state, double ms, double ui_ms);

}  // namespace actions
}  // namespace lede
