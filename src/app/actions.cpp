// actions.cpp: state changes. Keep each one small and total (no partial updates on failure).
#include "app/actions.h"

#include <algorithm>
#include <chrono>
#include <numeric>

namespace lede::actions {

namespace {

double NowMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Recomputes rows from the query (or every article when it is empty).
void RunQuery(AppState& state) {
  auto& s = state.search;
  s.snippets.clear();
  s.reader_for = -1;
  s.ran = s.input;
  const auto& articles = state.load.corpus.articles;
  state.rows.clear();
  s.result = SearchResult{};
  if (state.load.phase != LoadPhase::kReady) return;
  const bool empty = s.input.find_first_not_of(" \t") == std::string::npos;
  if (empty) {
    state.rows.resize(articles.size());
    std::iota(state.rows.begin(), state.rows.end(), 0);
    const bool oldest = s.sort == SortOrder::kOldest;
    std::stable_sort(state.rows.begin(), state.rows.end(), [&](int a, int b) {
      const Date& da = articles[size_t(a)].date;
      const Date& db = articles[size_t(b)].date;
      if (da.valid() != db.valid()) return da.valid();  // undated last
      return oldest ? da.utc < db.utc : da.utc > db.utc;
    });
    return;
  }
  SearchOptions o;
  o.all = true;
  o.sort = s.sort;
  const double t0 = NowMs();
  s.result = Search(state.load.index, s.input, o);
  s.ms = NowMs() - t0;
  state.rows.reserve(s.result.hits.size());
  for (const Hit& h : s.result.hits) state.rows.push_back(int(h.doc));
}

}  // namespace

void LoadCorpusBytes(AppState& state, std::string_view bytes, std::string label, double fetch_ms) {
  state.load.label = std::move(label);
  state.load.fetch_ms = fetch_ms;
  state.load.index_ms = 0;
  const bool ok = LoadCorpus(bytes, &state.load.corpus, &state.load.report);
  state.selected = -1;
  state.rows.clear();
  state.search.result = SearchResult{};
  if (!ok) {
    state.load.phase = LoadPhase::kFailed;
    return;
  }
  state.load.phase = LoadPhase::kIndexing;
  state.load.index.Begin(state.load.corpus);
}

void FailLoad(AppState& state, std::string label, std::string error) {
  state.load.label = std::move(label);
  state.load.corpus = Corpus{};
  state.load.report = LoadReport{};
  state.load.report.error = std::move(error);
  state.load.phase = LoadPhase::kFailed;
  state.rows.clear();
  state.selected = -1;
}

bool Tick(AppState& state, double budget_ms) {
  if (state.load.phase != LoadPhase::kIndexing) return false;
  const double start = NowMs();
  Index& index = state.load.index;
  bool done = false;
  while (!done && NowMs() - start < budget_ms) done = index.AddSome(256);
  if (done) {
    index.Finish();
    state.load.phase = LoadPhase::kReady;
    RunQuery(state);
  }
  state.load.index_ms += NowMs() - start;
  return !done;
}

void FinishIndexing(AppState& state) {
  while (Tick(state, 1e9)) {}
}

float IndexProgress(const AppState& state) {
  const size_t n = state.load.corpus.articles.size();
  if (state.load.phase == LoadPhase::kReady) return 1.0f;
  return n ? float(state.load.index.added()) / float(n) : 0.0f;
}

void SetQuery(AppState& state, std::string query) {
  state.search.input = std::move(query);
  RunQuery(state);
}

void SetSort(AppState& state, SortOrder sort) {
  state.search.sort = sort;
  RunQuery(state);
}

void SelectArticle(AppState& state, int index) {
  if (index < -1 || index >= int(state.load.corpus.articles.size())) return;
  state.selected = index;
  state.scroll_to_selected = true;
}

void MoveSelection(AppState& state, int delta) {
  if (state.rows.empty()) return;
  auto it = std::find(state.rows.begin(), state.rows.end(), state.selected);
  int row = it == state.rows.end() ? (delta > 0 ? -1 : int(state.rows.size())) : int(it - state.rows.begin());
  row = std::clamp(row + delta, 0, int(state.rows.size()) - 1);
  SelectArticle(state, state.rows[size_t(row)]);
}

int FindArticle(const AppState& state, std::string_view id) {
  const auto& articles = state.load.corpus.articles;
  for (size_t i = 0; i < articles.size(); ++i)
    if (articles[i].id == id) return int(i);
  return -1;
}

const Snippet& SnippetFor(AppState& state, int article) {
  auto& cache = state.search.snippets;
  auto it = cache.find(uint32_t(article));
  if (it != cache.end()) return it->second;
  const Article& a = state.load.corpus.articles[size_t(article)];
  Highlighter hl(state.load.index, state.search.result);
  return cache.emplace(uint32_t(article), hl.Best(a.text, a.lang, 200)).first->second;
}

void UpdateReaderMatches(AppState& state) {
  auto& s = state.search;
  if (s.reader_for == state.selected) return;
  s.reader_for = state.selected;
  s.reader_title.clear();
  s.reader_text.clear();
  if (state.selected < 0 || s.result.highlight_terms.empty()) return;
  const Article& a = state.load.corpus.articles[size_t(state.selected)];
  Highlighter hl(state.load.index, s.result);
  s.reader_title = hl.Matches(a.title, a.lang);
  s.reader_text = hl.Matches(a.text, a.lang);
}

void RecordFrameTime(AppState& state, double ms) {
  // Mean over a 60-frame window, as an exponential moving average: cheap and smooth for a readout.
  const double alpha = 1.0 / 60.0;
  state.perf.frame_ms_avg = state.perf.frames == 0 ? ms : state.perf.frame_ms_avg + alpha * (ms - state.perf.frame_ms_avg);
  ++state.perf.frames;
}

}  // namespace lede::actions
