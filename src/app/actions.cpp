// actions.cpp: state changes. Keep each one small and total (no partial updates on failure).
#include "app/actions.h"

#include <algorithm>
#include <numeric>

namespace lede::actions {

void LoadCorpusBytes(AppState& state, std::string_view bytes, std::string label, double fetch_ms) {
  state.load.label = std::move(label);
  state.load.fetch_ms = fetch_ms;
  const bool ok = LoadCorpus(bytes, &state.load.corpus, &state.load.report);
  state.load.phase = ok ? LoadPhase::kReady : LoadPhase::kFailed;
  const auto& articles = state.load.corpus.articles;
  state.list.resize(articles.size());
  std::iota(state.list.begin(), state.list.end(), 0);
  // Newest first; undated articles last, in corpus order.
  std::stable_sort(state.list.begin(), state.list.end(), [&](int a, int b) {
    const Date& da = articles[size_t(a)].date;
    const Date& db = articles[size_t(b)].date;
    if (da.valid() != db.valid()) return da.valid();
    return da.utc > db.utc;
  });
  state.selected = -1;
  if (!state.load.report.warnings.empty() && !ok) state.ui.show_load_report = true;
}

void FailLoad(AppState& state, std::string label, std::string error) {
  state.load.label = std::move(label);
  state.load.corpus = Corpus{};
  state.load.report = LoadReport{};
  state.load.report.error = std::move(error);
  state.load.phase = LoadPhase::kFailed;
  state.list.clear();
  state.selected = -1;
}

void SelectArticle(AppState& state, int index) {
  if (index < -1 || index >= int(state.load.corpus.articles.size())) return;
  state.selected = index;
  state.scroll_to_selected = true;
}

void MoveSelection(AppState& state, int delta) {
  if (state.list.empty()) return;
  auto it = std::find(state.list.begin(), state.list.end(), state.selected);
  int row = it == state.list.end() ? (delta > 0 ? -1 : int(state.list.size())) : int(it - state.list.begin());
  row = std::clamp(row + delta, 0, int(state.list.size()) - 1);
  SelectArticle(state, state.list[size_t(row)]);
}

int FindArticle(const AppState& state, std::string_view id) {
  const auto& articles = state.load.corpus.articles;
  for (size_t i = 0; i < articles.size(); ++i)
    if (articles[i].id == id) return int(i);
  return -1;
}

void RecordFrameTime(AppState& state, double ms) {
  // Exponential moving average with a 60-frame window: cheap and smooth enough for a status readout.
  const double alpha = 1.0 / 60.0;
  state.perf.frame_ms_avg = state.perf.frames == 0 ? ms : state.perf.frame_ms_avg + alpha * (ms - state.perf.frame_ms_avg);
  ++state.perf.frames;
}

}  // namespace lede::actions
