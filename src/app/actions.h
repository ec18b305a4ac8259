// actions.h: the only code that changes AppState. Views and the platform layer call these.
#pragma once
#include <string>
#include <string_view>

#include "app/app_state.h"

namespace lede::actions {

// Parses corpus bytes into state (replacing any corpus) and builds the article list. Never throws;
// on a broken file state.load.phase becomes kFailed with the error in state.load.report.error.
void LoadCorpusBytes(AppState& state, std::string_view bytes, std::string label, double fetch_ms);

// The bytes could not be obtained at all (missing file, network error).
void FailLoad(AppState& state, std::string label, std::string error);

// Opens an article in the reader; index into corpus.articles, or -1 to close. Out-of-range is ignored.
void SelectArticle(AppState& state, int index);

// Moves the selection by delta rows in the article list (keyboard up/down).
void MoveSelection(AppState& state, int delta);

// Index of the article with this id, or -1.
int FindArticle(const AppState& state, std::string_view id);

void RecordFrameTime(AppState& state, double ms);

}  // namespace lede::actions
