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

const EntityTable* TableOrNull(const AppState& state) {
  return state.entities.phase == EntityPhase::kReady ? &state.entities.table : nullptr;
}

// Recounts the timeline's buckets for the visible span and the current selection, and the focused
// entity's series over the same buckets.
void RecountTimeline(AppState& state) {
  auto& tl = state.timeline;
  const size_t docs = state.load.index.num_docs();
  tl.entity_bars.clear();
  if (state.load.phase != LoadPhase::kReady || tl.view_from >= tl.view_to || state.sel.timeline.size() * 64 < docs) {
    tl.bars.clear();  // not ready, or the selection is not computed yet (Refresh recounts)
    return;
  }
  const Granularity g = EffectiveGranularity(state);
  tl.bars = Histogram(state.load.index.doc_dates(), &state.sel.timeline, tl.view_from, tl.view_to, g);
  const EntityTable* table = TableOrNull(state);
  const int id = table && !state.ui.entity_focus.empty() ? table->Find(state.ui.entity_focus) : -1;
  if (id >= 0) {
    Bits bits((docs + 63) / 64, 0);
    for (uint32_t d : table->entities[size_t(id)].docs)
      if (d < docs) bits[d >> 6] |= uint64_t(1) << (d & 63);
    tl.entity_bars = Histogram(state.load.index.doc_dates(), &bits, tl.view_from, tl.view_to, g);
  }
}

// Articles and mentions per entity under the current selection; sparkline buckets.
void CountEntities(AppState& state) {
  auto& en = state.entities;
  ++en.generation;
  en.sparklines.clear();
  en.sel_articles.clear();
  en.sel_mentions.clear();
  en.sel_first.clear();
  en.sel_last.clear();
  if (en.phase != EntityPhase::kReady || state.load.phase != LoadPhase::kReady) return;
  const size_t n = en.table.entities.size();
  en.sel_articles.assign(n, 0);
  en.sel_mentions.assign(n, 0);
  en.sel_first.assign(n, 0);
  en.sel_last.assign(n, 0);
  const auto& dates = state.load.index.doc_dates();
  std::vector<uint32_t> seen(n, 0);  // doc + 1 when the entity had a text mention in that doc
  const size_t docs = en.table.num_docs();
  for (uint32_t d = 0; d < docs && (d >> 6) < state.sel.docs.size(); ++d) {
    if (!TestBit(state.sel.docs, d)) continue;
    for (const DocMention& m : en.table.MentionsOf(d)) {
      ++en.sel_mentions[m.entity];
      seen[m.entity] = d + 1;
    }
    const int64_t t = d < dates.size() ? dates[d] : INT64_MIN;
    for (uint32_t id : en.table.EntityIdsOf(d)) {
      ++en.sel_articles[id];
      if (seen[id] != d + 1) ++en.sel_mentions[id];  // a supplied label only: one per article, as the table counts
      if (t == INT64_MIN) continue;
      if (en.sel_first[id] == 0 || t < en.sel_first[id]) en.sel_first[id] = t;
      if (en.sel_last[id] == 0 || t > en.sel_last[id]) en.sel_last[id] = t;
    }
  }
  if (en.spark_starts.empty() && (state.load.first_date != 0 || state.load.last_date != 0)) {
    const Granularity g = ChooseGranularity(state.load.last_date - state.load.first_date + 1, 40);
    for (int64_t t = BucketStart(state.load.first_date, g); t <= state.load.last_date; t = NextBucket(t, g))
      en.spark_starts.push_back(t);
  }
}

// Builds the entity table from the kept mentions, the source setting and the corrections, then
// recomputes the selection (entity:"..." resolves through the new table).
void Refresh(AppState& state);
// With corrections_only, the corrections are replayed on the table's kept preparation (a fraction of a
// full build on a large corpus).
void BuildEntities(AppState& state, bool corrections_only = false) {
  auto& en = state.entities;
  if (en.phase != EntityPhase::kReady) return;
  const double t0 = NowMs();
  if (!corrections_only || !en.table.Recorrect(state.load.corpus, en.corrections))
    en.table.Build(state.load.corpus, en.mentions, en.source, en.corrections, en.extractor.get());
  en.build_ms = NowMs() - t0;
  Refresh(state);
}

// One slice of extraction; the harmonizing pass and the table when the last article is done.
bool TickEntities(AppState& state, double start, double budget_ms) {
  auto& en = state.entities;
  const double t0 = NowMs();
  if (en.started_at == 0) en.started_at = t0;
  if (!en.extractor) en.extractor = std::make_unique<EntityExtractor>();
  const auto& articles = state.load.corpus.articles;
  en.mentions.resize(articles.size());
  while (en.extracted < articles.size() && NowMs() - start < budget_ms) {
    const size_t end = std::min(articles.size(), en.extracted + 16);
    for (; en.extracted < end; ++en.extracted) en.mentions[en.extracted] = en.extractor->Extract(articles[en.extracted]);
  }
  if (en.extracted < articles.size()) {
    en.extract_ms += NowMs() - t0;
    return true;
  }
  en.extractor->Harmonize(&en.mentions);
  en.extract_ms += NowMs() - t0;
  en.phase = EntityPhase::kReady;
  BuildEntities(state);
  en.wall_ms = NowMs() - en.started_at;
  return false;
}

void ResetEntities(AppState& state) {
  auto& en = state.entities;
  en.phase = EntityPhase::kWaiting;
  en.mentions.clear();
  en.extracted = 0;
  en.extract_ms = en.build_ms = en.started_at = en.wall_ms = 0;
  en.table = EntityTable{};
  ++en.generation;
  en.sel_articles.clear();
  en.sel_mentions.clear();
  en.sparklines.clear();
  en.spark_starts.clear();
  state.timeline.entity_bars.clear();
  // A new corpus starts with its own corrections (the platform restores them once it is loaded); the
  // previous corpus's list, undo steps and messages must not carry over.
  en.corrections = Corrections{};
  en.corrections_undo.clear();
  en.message.clear();
  en.message_is_error = false;
  state.ui.entity_focus.clear();
}

struct EntityTerm {
  size_t begin, end;
  std::string name;
};

// The entity:"..." and entity:word terms of a query (not negated ones), with their byte ranges.
std::vector<EntityTerm> FindEntityTerms(const std::string& q) {
  std::vector<EntityTerm> out;
  for (size_t i = q.find("entity:"); i != std::string::npos; i = q.find("entity:", i + 1)) {
    if (i > 0 && !(std::isspace(static_cast<unsigned char>(q[i - 1])) || q[i - 1] == '(')) continue;
    size_t j = i + 7;
    std::string name;
    if (j < q.size() && q[j] == '"') {
      size_t close = q.find('"', j + 1);
      if (close == std::string::npos) close = q.size();
      name = q.substr(j + 1, close - j - 1);
      j = std::min(close + 1, q.size());
    } else {
      size_t k = j;
      while (k < q.size() && !std::isspace(static_cast<unsigned char>(q[k])) && q[k] != ')') ++k;
      name = q.substr(j, k - j);
      j = k;
    }
    if (!name.empty()) out.push_back({i, j, name});
  }
  return out;
}

std::string Tidy(std::string q) {  // collapses runs of spaces left by removed terms
  std::string out;
  for (char c : q) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void Refresh(AppState& state) {
  state.search.snippets.clear();
  state.search.reader_for = -1;
  if (state.load.phase != LoadPhase::kReady) {
    state.sel = Selection{};
    return;
  }
  const double t0 = NowMs();
  state.sel = Select(state.load.index, state.load.facets, state.filter, state.sort, TableOrNull(state));
  state.search_ms = NowMs() - t0;
  RecountTimeline(state);
  CountEntities(state);
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
  uint64_t hash = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ull;
  char fp[48];
  std::snprintf(fp, sizeof fp, "%zu-%016llx", bytes.size(), static_cast<unsigned long long>(hash));
  state.load.fingerprint = fp;
  state.load.fetch_ms = fetch_ms;
  state.load.index_ms = 0;
  state.selected = -1;
  state.sel = Selection{};
  ResetEntities(state);
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
  ResetEntities(state);
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
  ResetEntities(state);
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
  if (state.load.phase == LoadPhase::kReady && state.entities.phase == EntityPhase::kExtracting)
    return TickEntities(state, start, budget_ms);
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
    state.entities.phase = EntityPhase::kExtracting;  // next frames: names, a slice at a time
    if (state.timeline.view_from >= state.timeline.view_to) {
      const Granularity g = ChooseGranularity(hi - lo + 1);
      SetTimelineView(state, BucketStart(lo, g), NextBucket(BucketStart(hi, g), g));
    }
    Refresh(state);
  }
  state.load.index_ms += NowMs() - start;
  return true;  // more indexing, or the entities next
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

void FinishEntities(AppState& state) {
  while (state.load.phase == LoadPhase::kReady && state.entities.phase == EntityPhase::kExtracting) Tick(state, 1e9);
}

float EntityProgress(const AppState& state) {
  const auto& en = state.entities;
  if (en.phase == EntityPhase::kReady) return 1.0f;
  const size_t n = state.load.corpus.articles.size();
  return n ? float(en.extracted) / float(n) : 0.0f;
}

void SetEntitySource(AppState& state, EntitySource source) {
  if (state.entities.source == source) return;
  state.entities.source = source;
  BuildEntities(state);
}

void AddCorrection(AppState& state, Correction c) {
  auto& en = state.entities;
  if (c.name.empty() || ((c.op == Correction::Op::kMerge || c.op == Correction::Op::kRename) && c.target.empty())) return;
  en.corrections_undo.push_back(en.corrections);
  if (en.corrections_undo.size() > 100) en.corrections_undo.erase(en.corrections_undo.begin());
  if ((c.op == Correction::Op::kMerge || c.op == Correction::Op::kRename) && FoldName(state.ui.entity_focus) == FoldName(c.name))
    state.ui.entity_focus = c.target;
  en.corrections.ops.push_back(std::move(c));
  ++en.corrections_version;
  en.message.clear();
  BuildEntities(state, /*corrections_only=*/true);
}

bool UndoCorrection(AppState& state) {
  auto& en = state.entities;
  if (en.corrections_undo.empty()) return false;
  en.corrections = std::move(en.corrections_undo.back());
  en.corrections_undo.pop_back();
  ++en.corrections_version;
  en.message.clear();
  BuildEntities(state, /*corrections_only=*/true);
  if (!state.ui.entity_focus.empty() && en.phase == EntityPhase::kReady && en.table.Find(state.ui.entity_focus) < 0)
    FocusEntity(state, "");
  return true;
}

bool ImportCorrections(AppState& state, std::string_view json) {
  auto& en = state.entities;
  Corrections next;
  std::string error;
  std::vector<std::string> warnings;
  if (!ParseCorrections(json, &next, &error, &warnings)) {
    en.message = "Import failed, nothing changed: " + error;
    en.message_is_error = true;
    return false;
  }
  en.corrections_undo.push_back(en.corrections);
  const size_t before = en.corrections.ops.size();
  en.corrections = std::move(next);
  ++en.corrections_version;
  char buf[160];
  std::snprintf(buf, sizeof buf, "Imported %zu correction%s (replacing %zu; Undo brings them back)", en.corrections.ops.size(),
                en.corrections.ops.size() == 1 ? "" : "s", before);
  en.message = buf;
  for (const std::string& w : warnings) en.message += "\n" + w;
  en.message_is_error = !warnings.empty();
  BuildEntities(state, /*corrections_only=*/true);
  return true;
}

void RestoreCorrections(AppState& state, std::string_view json) {
  auto& en = state.entities;
  Corrections saved;
  std::string error;
  std::vector<std::string> warnings;
  if (!ParseCorrections(json, &saved, &error, &warnings)) {
    en.message = "Saved corrections could not be read (" + error + "); they are left as they were and not applied";
    en.message_is_error = true;
    return;
  }
  en.corrections = std::move(saved);
  for (const std::string& w : warnings) en.message += (en.message.empty() ? "Saved corrections: " : "\n") + w;
  en.message_is_error = !warnings.empty();
  BuildEntities(state, /*corrections_only=*/true);
}

std::string CorrectionsKey(const AppState& state) {
  if (state.load.label.find("://") != std::string::npos) return state.load.label;
  return state.load.label + " #" + state.load.fingerprint;
}

std::string CorrectionsJson(const AppState& state) { return FormatCorrections(state.entities.corrections); }

std::vector<std::string> QueryEntities(const std::string& query) {
  std::vector<std::string> out;
  for (const EntityTerm& t : FindEntityTerms(query)) out.push_back(t.name);
  return out;
}

void FilterByEntity(AppState& state, const std::string& name, bool add) {
  std::string clean;
  for (char c : name)
    if (c != '"') clean += c;
  if (clean.empty()) return;
  const EntityTable* table = TableOrNull(state);
  auto same = [&](const std::string& other) {
    if (FoldName(other) == FoldName(clean)) return true;
    const int a = table ? table->Find(other) : -1;
    return a >= 0 && a == table->Find(clean);
  };
  std::string q = state.filter.query;
  const std::vector<EntityTerm> terms = FindEntityTerms(q);
  const bool present = std::any_of(terms.begin(), terms.end(), [&](const EntityTerm& t) { return same(t.name); });
  const bool only = present && terms.size() == 1;
  bool append = true;
  for (size_t i = terms.size(); i-- > 0;) {
    // Replace mode clears every entity term; add mode takes back only this one.
    if (add ? same(terms[i].name) : true) q.erase(terms[i].begin, terms[i].end - terms[i].begin);
  }
  if ((add && present) || (!add && only)) append = false;  // a second click takes the entity back
  q = Tidy(q);
  if (append) q += (q.empty() ? "" : " ") + std::string("entity:\"") + clean + "\"";
  state.search.input = q;
  Filter f = state.filter;
  f.query = q;
  FocusEntity(state, append ? clean : state.ui.entity_focus);
  Change(state, std::move(f));
}

void FocusEntity(AppState& state, const std::string& name) {
  state.ui.entity_focus = name;
  RecountTimeline(state);
}

const std::vector<uint32_t>& SparklineFor(AppState& state, uint32_t entity) {
  auto& en = state.entities;
  auto it = en.sparklines.find(entity);
  if (it != en.sparklines.end()) return it->second;
  std::vector<uint32_t> counts(en.spark_starts.size(), 0);
  if (entity < en.table.entities.size() && !counts.empty()) {
    const auto& dates = state.load.index.doc_dates();
    for (uint32_t d : en.table.entities[entity].docs) {
      if (d >= dates.size() || dates[d] == INT64_MIN || (d >> 6) >= state.sel.docs.size() || !TestBit(state.sel.docs, d)) continue;
      auto b = std::upper_bound(en.spark_starts.begin(), en.spark_starts.end(), dates[d]);
      if (b == en.spark_starts.begin()) continue;
      ++counts[size_t(b - en.spark_starts.begin()) - 1];
    }
  }
  return en.sparklines.emplace(entity, std::move(counts)).first->second;
}

void SetPane(AppState& state, RightPane pane) { state.ui.pane = pane; }

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
  if (index >= 0) state.ui.pane = RightPane::kReader;  // opening an article shows it
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
  // A link names whole days (EncodeLink writes YYYY-MM-DD): a range given to the minute is widened to the
  // days it touches, as the timeline's brush snaps to whole buckets, so that its link applies the same.
  auto day = [](int64_t t) { return (t >= 0 ? t : t - 86399) / 86400 * 86400; };
  if (f.from != INT64_MIN) f.from = day(f.from);
  if (f.to != INT64_MAX) f.to = day(f.to - 1) + 86400;
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
