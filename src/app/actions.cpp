// actions.cpp: state changes. Keep each one small and total (no partial updates on failure).
#include "app/actions.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>

namespace lede::actions {

namespace {

double NowMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Recomputes the selection from the filter: every view follows.
// Recounts the timeline's buckets for the visible span and the current selection.
void RecountTimeline(AppState& state) {
  auto& tl = state.timeline;
  const size_t docs = state.load.index.num_docs();
  if (state.load.phase != LoadPhase::kReady || tl.view_from >= tl.view_to || state.sel.timeline.size() * 64 < docs) {
    tl.bars.clear();  // not ready, or the selection is not computed yet (Refresh recounts)
    return;
  }
  tl.bars = Histogram(state.load.index.doc_dates(), &state.sel.timeline, tl.view_from, tl.view_to, EffectiveGranularity(state));
}

void Refresh(AppState& state) {
  state.search.snippets.clear();
  state.search.reader_for = -1;
  if (state.load.phase != LoadPhase::kReady) {
    state.sel = Selection{};
    return;
  }
  const double t0 = NowMs();
  state.sel = Select(state.load.index, state.load.facets, state.filter, state.sort);
  state.search_ms = NowMs() - t0;
  RecountTimeline(state);
}

void Change(AppState& state, Filter next, bool coalesce_query = false) {
  if (next == state.filter) return;
  const bool only_query = next.from == state.filter.from && next.to == state.filter.to && next.facets == state.filter.facets;
  if (!(coalesce_query && only_query && !state.undo.empty() && state.undo.back().from == next.from &&
        state.undo.back().to == next.to && state.undo.back().facets == next.facets && !state.filter.query.empty())) {
    state.undo.push_back(state.filter);
    if (state.undo.size() > 100) state.undo.erase(state.undo.begin());
  }
  state.filter = std::move(next);
  Refresh(state);
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c >= 0x80) out += char(c);
    else { out += '%'; out += kHex[c >> 4]; out += kHex[c & 15]; }
  }
  return out;
}

std::string UrlDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += char(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

}  // namespace

void LoadCorpusBytes(AppState& state, std::string_view bytes, std::string label, double fetch_ms) {
  ++state.load.serial;
  state.load.label = std::move(label);
  state.load.fetch_ms = fetch_ms;
  state.load.index_ms = 0;
  state.selected = -1;
  state.sel = Selection{};
  state.load.reader = std::make_unique<CorpusReader>();
  if (!state.load.reader->Begin(std::string(bytes), &state.load.corpus, &state.load.report)) {
    state.load.reader.reset();
    state.load.phase = LoadPhase::kFailed;
    return;
  }
  state.load.phase = LoadPhase::kParsing;
}

void BeginLoad(AppState& state, std::string label) {
  ++state.load.serial;
  state.load.label = std::move(label);
  state.load.reader.reset();
  state.load.corpus = Corpus{};
  state.load.report = LoadReport{};
  state.load.index = Index{};
  state.load.facets = FacetIndex{};
  state.load.bytes = state.load.bytes_total = 0;
  state.load.phase = LoadPhase::kLoading;
  state.filter = Filter{};
  state.undo.clear();
  state.sel = Selection{};
  state.selected = -1;
  state.search = {};
  state.timeline.view_from = state.timeline.view_to = 0;
  state.timeline.bars.clear();
}

void LoadProgress(AppState& state, double received, double total) {
  if (state.load.phase != LoadPhase::kLoading) return;
  state.load.bytes = received;
  state.load.bytes_total = total;
}

void FailLoad(AppState& state, std::string label, std::string error) {
  ++state.load.serial;
  state.load.label = std::move(label);
  state.load.corpus = Corpus{};
  state.load.report = LoadReport{};
  state.load.report.error = std::move(error);
  state.load.phase = LoadPhase::kFailed;
  state.sel = Selection{};
  state.selected = -1;
}

bool Tick(AppState& state, double budget_ms) {
  const double start = NowMs();
  if (state.load.phase == LoadPhase::kParsing) {
    bool read = false;
    while (!read && NowMs() - start < budget_ms) read = state.load.reader->Step(200);
    if (!read) return true;
    state.load.reader.reset();
    if (!state.load.report.error.empty()) {
      state.load.phase = LoadPhase::kFailed;
      return false;
    }
    state.load.phase = LoadPhase::kIndexing;
    state.load.index.Begin(state.load.corpus);
  }
  if (state.load.phase != LoadPhase::kIndexing) return false;
  Index& index = state.load.index;
  bool done = false;
  while (!done && NowMs() - start < budget_ms) done = index.AddSome(256);
  if (done) {
    index.Finish();
    state.load.facets.Build(state.load.corpus);
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (int64_t t : index.doc_dates())
      if (t != INT64_MIN) { lo = std::min(lo, t); hi = std::max(hi, t); }
    if (lo == INT64_MAX) lo = hi = 0;
    state.load.first_date = lo;
    state.load.last_date = hi;
    state.load.phase = LoadPhase::kReady;
    if (state.timeline.view_from >= state.timeline.view_to) {
      const Granularity g = ChooseGranularity(hi - lo + 1);
      SetTimelineView(state, BucketStart(lo, g), NextBucket(BucketStart(hi, g), g));
    }
    Refresh(state);
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
  if (state.load.phase == LoadPhase::kParsing) return 0.5f * state.load.reader->progress();
  if (state.load.phase != LoadPhase::kIndexing) return 0.0f;
  return 0.5f + 0.5f * (n ? float(state.load.index.added()) / float(n) : 0.0f);
}

void SetQuery(AppState& state, std::string query) {
  state.search.input = query;
  Filter f = state.filter;
  f.query = std::move(query);
  Change(state, std::move(f), /*coalesce_query=*/true);
}

void SetDateRange(AppState& state, int64_t from, int64_t to) {
  if (from >= to) return;
  Filter f = state.filter;
  f.from = from;
  f.to = to;
  Change(state, std::move(f));
}

void ClearDateRange(AppState& state) { SetDateRange(state, INT64_MIN, INT64_MAX); }

void ToggleFacet(AppState& state, FacetKind kind, const std::string& value, bool exclude) {
  Filter f = state.filter;
  auto same = [&](const FacetChoice& c) { return c.kind == kind && c.value == value; };
  auto it = std::find_if(f.facets.begin(), f.facets.end(), same);
  if (it != f.facets.end() && it->exclude == exclude) {
    f.facets.erase(it);  // a second click takes it back
  } else if (it != f.facets.end()) {
    it->exclude = exclude;
  } else {
    f.facets.push_back({kind, value, exclude});
  }
  Change(state, std::move(f));
}

void RemoveFacet(AppState& state, size_t index) {
  if (index >= state.filter.facets.size()) return;
  Filter f = state.filter;
  f.facets.erase(f.facets.begin() + std::ptrdiff_t(index));
  Change(state, std::move(f));
}

void SetFilter(AppState& state, Filter filter) {
  state.search.input = filter.query;
  Change(state, std::move(filter));
}

void ClearFilters(AppState& state) { SetFilter(state, Filter{}); }

bool Undo(AppState& state) {
  if (state.undo.empty()) return false;
  state.filter = state.undo.back();
  state.undo.pop_back();
  state.search.input = state.filter.query;
  Refresh(state);
  return true;
}

void SetSort(AppState& state, SortOrder sort) {
  state.sort = sort;
  Refresh(state);
}

void SetTimelineView(AppState& state, int64_t from, int64_t to) {
  const int64_t kMinSpan = 7 * 86400, kMaxSpan = int64_t(400) * 365 * 86400;
  if (to - from < kMinSpan) {
    const int64_t mid = from / 2 + to / 2;
    from = mid - kMinSpan / 2;
    to = mid + kMinSpan / 2;
  }
  if (to - from > kMaxSpan) from = to - kMaxSpan;  // keep the recent end (a typo'd year 1015 stays off-screen)
  state.timeline.view_from = from;
  state.timeline.view_to = to;
  RecountTimeline(state);
}

void SetGranularity(AppState& state, int granularity) {
  state.timeline.granularity = std::clamp(granularity, -1, 3);
  RecountTimeline(state);
}

Granularity EffectiveGranularity(const AppState& state) {
  if (state.timeline.granularity >= 0) {
    const Granularity g = Granularity(state.timeline.granularity);
    // Never more than ~2000 bars, whatever was chosen.
    const int64_t span = state.timeline.view_to - state.timeline.view_from;
    if (ChooseGranularity(span, 2000) > g) return ChooseGranularity(span, 2000);
    return g;
  }
  return ChooseGranularity(state.timeline.view_to - state.timeline.view_from);
}

void SelectArticle(AppState& state, int index) {
  if (index < -1 || index >= int(state.load.corpus.articles.size())) return;
  state.selected = index;
  state.scroll_to_selected = true;
}

int SelectedRow(const AppState& state) {
  const auto& rows = state.rows();
  auto it = std::find(rows.begin(), rows.end(), uint32_t(state.selected));
  return state.selected < 0 || it == rows.end() ? -1 : int(it - rows.begin());
}

void MoveSelection(AppState& state, int delta) {
  const auto& rows = state.rows();
  if (rows.empty()) return;
  int row = SelectedRow(state);
  if (row < 0) row = delta > 0 ? -1 : int(rows.size());
  row = std::clamp(row + delta, 0, int(rows.size()) - 1);
  SelectArticle(state, int(rows[size_t(row)]));
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
  Highlighter hl(state.load.index, state.sel.search);
  return cache.emplace(uint32_t(article), hl.Best(a.text, a.lang, 200)).first->second;
}

void UpdateReaderMatches(AppState& state) {
  auto& s = state.search;
  if (s.reader_for == state.selected) return;
  s.reader_for = state.selected;
  s.reader_title.clear();
  s.reader_text.clear();
  if (state.selected < 0 || state.sel.search.highlight_terms.empty()) return;
  const Article& a = state.load.corpus.articles[size_t(state.selected)];
  Highlighter hl(state.load.index, state.sel.search);
  s.reader_title = hl.Matches(a.title, a.lang);
  s.reader_text = hl.Matches(a.text, a.lang);
}

std::string EncodeLink(const AppState& state) {
  std::string out;
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    out += (out.empty() ? "" : "&") + std::string(key) + "=" + UrlEncode(value);
  };
  const Filter& f = state.filter;
  add("q", f.query);
  if (f.from != INT64_MIN) add("from", FormatDay(f.from));
  if (f.to != INT64_MAX) add("to", FormatDay(f.to));
  std::string facets;
  for (const FacetChoice& c : f.facets)
    facets += (facets.empty() ? "" : ",") + std::string(c.exclude ? "-" : "") + FacetName(c.kind) + ":" + UrlEncode(c.value);
  if (!facets.empty()) out += (out.empty() ? "" : "&") + std::string("f=") + facets;
  if (state.selected >= 0) add("a", state.load.corpus.articles[size_t(state.selected)].id);
  if (state.sort != SortOrder::kRelevance) add("sort", state.sort == SortOrder::kNewest ? "newest" : "oldest");
  if (state.load.phase == LoadPhase::kReady && state.timeline.view_to > state.timeline.view_from)
    add("view", FormatDay(state.timeline.view_from) + ".." + FormatDay(state.timeline.view_to));
  if (state.timeline.granularity >= 0) add("g", GranularityName(Granularity(state.timeline.granularity)));
  return out;
}

void ApplyLink(AppState& state, std::string_view fragment) {
  if (!fragment.empty() && fragment[0] == '#') fragment.remove_prefix(1);
  Filter f;
  std::string article, sort, view, gran;
  while (!fragment.empty()) {
    const size_t amp = fragment.find('&');
    const std::string_view pair = fragment.substr(0, amp);
    fragment = amp == std::string_view::npos ? std::string_view() : fragment.substr(amp + 1);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = pair.substr(0, eq), raw = pair.substr(eq + 1);
    if (key == "q") f.query = UrlDecode(raw);
    else if (key == "from") { if (auto d = ParseDate(UrlDecode(raw))) f.from = d->utc; }
    else if (key == "to") { if (auto d = ParseDate(UrlDecode(raw))) f.to = d->utc; }
    else if (key == "a") article = UrlDecode(raw);
    else if (key == "sort") sort = UrlDecode(raw);
    else if (key == "view") view = UrlDecode(raw);
    else if (key == "g") gran = UrlDecode(raw);
    else if (key == "f") {
      std::string_view list = raw;
      while (!list.empty()) {
        const size_t comma = list.find(',');
        std::string item = std::string(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        FacetChoice c{kFacetSource, "", false};
        if (!item.empty() && item[0] == '-') { c.exclude = true; item.erase(0, 1); }
        const size_t colon = item.find(':');
        if (colon == std::string::npos) continue;
        const std::string kind = item.substr(0, colon);
        bool known = false;
        for (int k = 0; k < kFacetCount; ++k)
          if (kind == FacetName(FacetKind(k))) { c.kind = FacetKind(k); known = true; }
        if (!known) continue;
        c.value = UrlDecode(item.substr(colon + 1));
        auto same = [&](const FacetChoice& x) { return x.kind == c.kind && x.value == c.value; };
        if (std::none_of(f.facets.begin(), f.facets.end(), same)) f.facets.push_back(std::move(c));
      }
    }
  }
  if (f.from >= f.to) f.from = INT64_MIN, f.to = INT64_MAX;
  state.sort = sort == "newest" ? SortOrder::kNewest : sort == "oldest" ? SortOrder::kOldest : SortOrder::kRelevance;
  if (size_t dots = view.find(".."); dots != std::string::npos) {
    auto a = ParseDate(view.substr(0, dots)), b = ParseDate(view.substr(dots + 2));
    if (a && b && a->utc < b->utc) SetTimelineView(state, a->utc, b->utc);
  }
  int granularity = -1;
  for (int g = 0; g < 4; ++g)
    if (gran == GranularityName(Granularity(g))) granularity = g;
  SetGranularity(state, granularity);
  SetFilter(state, std::move(f));
  SelectArticle(state, article.empty() ? -1 : FindArticle(state, article));
}

void RecordFrameTime(AppState& state, double ms, double ui_ms) {
  auto& p = state.perf;
  p.frame_ms[p.frames % 60] = ms;
  p.ui_ms[p.frames % 60] = ui_ms;
  ++p.frames;
  const int n = std::min(p.frames, 60);
  double sum = 0, ui = 0;
  for (int i = 0; i < n; ++i) { sum += p.frame_ms[i]; ui += p.ui_ms[i]; }
  p.frame_ms_avg = sum / n;
  p.ui_ms_avg = ui / n;
}

}  // namespace lede::actions
