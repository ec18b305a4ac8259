// actions.h: the only code that changes AppState. Views and the platform layer call these.
#pragma once
#include <string>
#include <string_view>

#include "app/app_state.h"

namespace lede::actions {

// Parses corpus bytes into state (replacing any corpus) and starts indexing. Never throws; on a broken
// file state.load.phase becomes kFailed with the error in state.load.report.error.
void LoadCorpusBytes(AppState& state, std::string_view bytes, std::string label, double fetch_ms);

// A new corpus is on its way (a dropped file, a URL): forgets the current one, its filter, undo history and
// timeline view, and shows kLoading with label.
void BeginLoad(AppState& state, std::string label);

// Bytes of the corpus received so far and expected (0 when the server did not say), while kLoading.
void LoadProgress(AppState& state, double received, double total);

// The bytes could not be obtained at all (missing file, network error).
void FailLoad(AppState& state, std::string label, std::string error);

// Does up to budget_ms of pending work (index building); call once a frame. Returns true while work remains.
bool Tick(AppState& state, double budget_ms);

// Builds the whole index now (native start-up, tests).
void FinishIndexing(AppState& state);

// Fraction of the index built, 0..1.
float IndexProgress(const AppState& state);

// ---- entities ----
// Extraction runs inside Tick after indexing (the app is usable meanwhile); this finishes it now (tests).
void FinishEntities(AppState& state);
// Fraction of the articles whose names have been extracted, 0..1.
float EntityProgress(const AppState& state);
// Supplied labels only, extracted names only, or both: rebuilds the table from the kept mentions.
void SetEntitySource(AppState& state, EntitySource source);
// Appends one correction (undoable) and rebuilds the table. The focus follows a rename or merge.
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
// the same archive); a file or inline data by its name and its bytes' fingerprint, so two files called
// "export.json" do not share corrections.
std::string CorrectionsKey(const AppState& state);
// Filters every view by an entity: entity:"Name" in the query. add=false replaces the query's other
// entity:"..." terms (a second call with the same name takes it out again); add=true adds it (AND).
void FilterByEntity(AppState& state, const std::string& name, bool add);
// Shows an entity in the entity view's details and its series on the timeline ("" for none).
void FocusEntity(AppState& state, const std::string& name);
// Articles per sparkline bucket (state.entities.spark_starts) for an entity, within the selection.
const std::vector<uint32_t>& SparklineFor(AppState& state, uint32_t entity);
// Entity names that the query filters by (its entity:"..." terms), in order.
std::vector<std::string> QueryEntities(const std::string& query);
void SetPane(AppState& state, RightPane pane);

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

// ---- reader ----
// Opens an article in the reader; index into corpus.articles, or -1 to close. Out-of-range is ignored.
void SelectArticle(AppState& state, int index);
// Moves the selection by delta rows in the list (keyboard up/down, reader next/previous).
void MoveSelection(AppState& state, int delta);
// Row of the selected article in the list, or -1.
int SelectedRow(const AppState& state);
// Index of the article with this id, or -1.
int FindArticle(const AppState& state, std::string_view id);

// The snippet of an article for the current query (computed on first use).
const Snippet& SnippetFor(AppState& state, int article);
// Match ranges of the current query in the selected article's title and text (computed on first use).
void UpdateReaderMatches(AppState& state);

// ---- links: the view state in a URL fragment ----
// "q=wuzhen&from=2014-01-01&to=2016-01-01&f=source:Lede%20Sample%20Wire,-tag:china&a=lede-sample-049&..."
std::string EncodeLink(const AppState& state);
// Applies a fragment made by EncodeLink (with or without the leading '#'). Unknown keys are ignored.
void ApplyLink(AppState& state, std::string_view fragment);

// ms: the whole frame's CPU time; ui_ms: of which building the UI (events, layout, search), before GL.
void RecordFrameTime(AppState& state, double ms, double ui_ms);

}  // namespace lede::actions
