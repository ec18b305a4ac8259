// actions.h: the only code that changes AppState. Views and the platform layer call these.
#pragma once
#include <string>
#include <string_view>

#include "app/app_state.h"

namespace lede::actions {

// Parses corpus bytes into state (replacing any corpus) and starts indexing. Never throws; on a broken
// file state.load.phase becomes kFailed with the error in state.load.report.error.
void LoadCorpusBytes(AppState& state, std::string_view bytes, std::string label, double fetch_ms);

// The bytes could not be obtained at all (missing file, network error).
void FailLoad(AppState& state, std::string label, std::string error);

// Does up to budget_ms of pending work (index building); call once a frame. Returns true while work remains.
bool Tick(AppState& state, double budget_ms);

// Builds the whole index now (native start-up, tests).
void FinishIndexing(AppState& state);

// Fraction of the index built, 0..1.
float IndexProgress(const AppState& state);

// Sets the query (and runs it when the index is ready). The list then shows the matches.
void SetQuery(AppState& state, std::string query);
void SetSort(AppState& state, SortOrder sort);

// Opens an article in the reader; index into corpus.articles, or -1 to close. Out-of-range is ignored.
void SelectArticle(AppState& state, int index);

// Moves the selection by delta rows in the list (keyboard up/down).
void MoveSelection(AppState& state, int delta);

// Index of the article with this id, or -1.
int FindArticle(const AppState& state, std::string_view id);

// The snippet of an article for the current query (computed on first use).
const Snippet& SnippetFor(AppState& state, int article);

// Match ranges of the current query in the selected article's title and text (computed on first use).
void UpdateReaderMatches(AppState& state);

void RecordFrameTime(AppState& state, double ms);

}  // namespace lede::actions
