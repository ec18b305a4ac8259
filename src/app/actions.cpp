// actions.cpp: state changes, and the app's side of the door. [SECTION] index: the source and Tick;
// requests; entities; the filter; timeline; list and reader; UI settings; JS API; links.
// Keep each action small and total (no partial updates on failure).
#include "app/actions.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "source/local_source.h"

namespace lede {

void Intents::Apply(AppState& state) {
  // An action may queue nothing, but applying may take a while: take the queue first.
  std::vector<std::function<void(AppState&)>> queue;
  queue.swap(queue_);
  for (auto& f : queue) f(state);
}

namespace actions {

// The one place that reaches the source (AppState::source is private to everyone else).
struct Door {
  static Source* Get(AppState& s) { return s.source.source_.get(); }
  static void Set(AppState& s, std::unique_ptr<Source> src) { s.source.source_ = std::move(src); }
};

namespace {

Source* Src(AppState& s) { return Door::Get(s); }
double NowMs() { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
bool Ready(const AppState& s) { return s.status.phase == LoadPhase::kReady; }

void CancelTicket(AppState& s, Ticket* t) {
  if (*t && Src(s)) Src(s)->Cancel(*t);
  *t = 0;
}

// ---- [SECTION] requests --------------------------------------------------------------------------------------

// The whole explorer interaction: filter, sort, the rows around what the list shows, the timeline span,
// the focused entity, and the entity rows when their view is open.
void AskExplore(AppState& s) {
  if (!Src(s) || !Ready(s)) return;
  CancelTicket(s, &s.replies.explore_ticket);
  CancelTicket(s, &s.replies.rows_ticket);
  ExploreRequest r;
  r.filter = s.filter;
  r.sort = s.sort;
  const size_t first = s.replies.rows_first, last = std::max(s.replies.rows_last, s.replies.rows_first + 40);
  r.row_offset = first > 20 ? first - 20 : 0;
  r.row_count = last - r.row_offset + 20;
  r.view_from = s.timeline.view_from;
  r.view_to = s.timeline.view_to;
  r.granularity = EffectiveGranularity(s);
  r.focus_entity = s.entities.focus;
  r.want_entities = s.replies.want_entities || (s.ui.show_entities && s.ui.pane == RightPane::kEntities);
  r.locate_id = s.selected;
  s.replies.explore_ticket = Src(s)->Explore(r);
}

void AskArticle(AppState& s) {
  CancelTicket(s, &s.replies.article_ticket);
  if (s.selected.empty()) {
    s.replies.article = ArticleReply{};
    return;
  }
  if (!Src(s)) return;
  s.replies.article_query = s.filter.query;
  s.replies.article_ticket = Src(s)->Article({s.selected, s.filter.query});
}

void AskEntity(AppState& s) {
  CancelTicket(s, &s.replies.entity_ticket);
  if (s.entities.focus.empty() || !Src(s)) {
    s.replies.entity = EntityReply{};
    return;
  }
  EntityRequest r;
  r.name = s.entities.focus;
  s.replies.entity_ticket = Src(s)->Entity(r);
}

void AskCorrect(AppState& s) {
  CancelTicket(s, &s.replies.correct_ticket);  // each request carries the whole list: the newest is enough
  if (!Src(s)) return;
  s.replies.correct_ticket = Src(s)->Correct({s.entities.corrections, s.entities.source});
}

// Everything the views show, asked again (the source's data changed, or a new corpus is ready).
void AskAll(AppState& s) {
  AskExplore(s);
  AskArticle(s);
  AskEntity(s);
  if (!s.entities.merge_query.empty() || s.replies.merge_ticket) FindMergeTargets(s, s.entities.merge_query);
}

void Deliver(AppState& s, SourceReplies& r) {
  auto for_bridge = [&](Ticket t) {
    auto it = std::find(s.bridge.tickets.begin(), s.bridge.tickets.end(), t);
    if (it == s.bridge.tickets.end()) return false;
    s.bridge.tickets.erase(it);
    return true;
  };
  auto& rp = s.replies;
  for (ExploreReply& e : r.explore) {
    if (e.ticket == rp.explore_ticket) {
      rp.explore_ticket = 0;
      if (!s.selected.empty()) s.selected_row = e.located_row;
      rp.explore = std::move(e);
      ++rp.generation;
      if (s.perf.query_pending && rp.explore.error.empty()) s.perf.query_reply_in = true;
    } else if (e.ticket == rp.rows_ticket) {
      rp.rows_ticket = 0;
      rp.explore.rows = std::move(e.rows);
      rp.explore.row_offset = e.row_offset;
    } else if (for_bridge(e.ticket)) {
      s.bridge.done.explore.push_back(std::move(e));
    }  // else superseded: dropped
  }
  if (rp.pending_row >= 0) {
    if (const ArticleSummary* a = RowAt(s, size_t(rp.pending_row))) {
      const long row = rp.pending_row;
      rp.pending_row = -1;
      SelectArticle(s, a->id, row);
    } else if (!rp.rows_ticket && !rp.explore_ticket) {
      rp.pending_row = -1;  // the list changed under it
    }
  }
  for (ArticleReply& a : r.article) {
    if (a.ticket != rp.article_ticket) continue;
    rp.article_ticket = 0;
    if (!a.found && a.id.empty() && Ready(s)) {
      s.selected.clear();  // no such article (a stale link): close the reader
      s.selected_row = -1;
    }
    rp.article = std::move(a);
  }
  for (EntityReply& e : r.entity) {
    if (e.ticket == rp.entity_ticket) {
      rp.entity_ticket = 0;
      // The focused name is gone (merged away by an undo, say): nothing is focused any more.
      if (!e.found && s.status.entity_phase == EntityPhase::kReady && !s.entities.focus.empty()) {
        s.entities.focus.clear();
        AskExplore(s);
      }
      rp.entity = std::move(e);
    } else if (for_bridge(e.ticket)) {
      s.bridge.done.entity.push_back(std::move(e));
    }
  }
  for (EntityListReply& e : r.entity_list) {
    if (e.ticket == rp.merge_ticket) {
      rp.merge_ticket = 0;
      rp.merge = std::move(e);
    } else if (for_bridge(e.ticket)) {
      s.bridge.done.entity_list.push_back(std::move(e));
    }
  }
  for (CorrectReply& c : r.correct)
    if (c.ticket == rp.correct_ticket) rp.correct_ticket = 0;
}

// Requests of the JS API that will never be answered (the source went away) are answered empty.
void AnswerBridgeEmpty(AppState& s) {
  for (Ticket t : s.bridge.tickets) {
    ExploreReply e;
    e.ticket = t;
    e.error = "another corpus was opened";
    s.bridge.done.explore.push_back(e);
    EntityReply d;
    d.ticket = t;
    s.bridge.done.entity.push_back(d);
    EntityListReply l;
    l.ticket = t;
    s.bridge.done.entity_list.push_back(l);
  }
  s.bridge.tickets.clear();
}

// A new corpus: the journalist's questions about the old one go, with its replies.
void Forget(AppState& s) {
  AnswerBridgeEmpty(s);
  s.filter = Filter{};
  s.undo.clear();
  s.selected.clear();
  s.selected_row = -1;
  s.search = {};
  s.timeline.view_from = s.timeline.view_to = 0;
  s.replies = {};
  auto& en = s.entities;
  // A new corpus starts with its own corrections (the platform restores them once it is ready).
  en.corrections = Corrections{};
  en.corrections_undo.clear();
  en.message.clear();
  en.message_is_error = false;
  en.focus.clear();
  en.merge_query.clear();
  en.source = EntitySource::kBoth;
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

// The filter or sort changed: the selection and, when its matches changed, the open article.
void Refresh(AppState& s) {
  AskExplore(s);
  if (!s.selected.empty() && s.replies.article_query != s.filter.query) AskArticle(s);
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

// ---- [SECTION] the source and Tick -------------------------------------------------------------------------------

void OpenSource(AppState& state, std::unique_ptr<Source> source, std::string label) {
  ++state.load.serial;
  Forget(state);
  Door::Set(state, std::move(source));
  state.status = Src(state)->status();
  if (state.status.label.empty()) state.status.label = std::move(label);
}

void LoadCorpusBytes(AppState& state, std::string_view bytes, std::string label, double fetch_ms) {
  auto src = std::make_unique<LocalSource>();
  src->Open(bytes, label, fetch_ms);
  OpenSource(state, std::move(src), std::move(label));
}

void BeginLoad(AppState& state, std::string label) {
  ++state.load.serial;
  Forget(state);
  Door::Set(state, nullptr);
  state.status = SourceStatus{};
  state.status.label = std::move(label);
  state.load.bytes = state.load.bytes_total = 0;
}

void LoadProgress(AppState& state, double received, double total) {
  if (state.status.phase != LoadPhase::kLoading) return;
  state.load.bytes = received;
  state.load.bytes_total = total;
}

void FailLoad(AppState& state, std::string label, std::string error) {
  ++state.load.serial;
  Forget(state);
  Door::Set(state, nullptr);
  state.status = SourceStatus{};
  state.status.label = std::move(label);
  state.status.phase = LoadPhase::kFailed;
  state.status.error = error;
  state.status.report.error = std::move(error);
}

bool Tick(AppState& state, double budget_ms) {
  Source* src = Src(state);
  if (!src) return false;
  SourceReplies replies;
  const bool more = src->Poll(budget_ms, &replies);
  if (src->status().version != state.status.version) state.status = src->status();
  if (Ready(state) && state.status.data_version != state.replies.data_version) {
    // The index became ready, or the entity table was built or corrected: every answer may have changed.
    const bool first = state.replies.data_version == 0;
    state.replies.data_version = state.status.data_version;
    if (first && state.timeline.view_from >= state.timeline.view_to) {
      const int64_t lo = state.status.first_date, hi = state.status.last_date;
      const Granularity g = ChooseGranularity(hi - lo + 1);
      state.timeline.view_from = BucketStart(lo, g);
      state.timeline.view_to = NextBucket(BucketStart(hi, g), g);
    }
    AskAll(state);
    src->Poll(0, &replies);  // answered in this frame still: the views need not show a gap
  }
  Deliver(state, replies);
  const auto& rp = state.replies;
  return more || rp.explore_ticket || rp.rows_ticket || rp.article_ticket || rp.entity_ticket || rp.merge_ticket ||
         rp.correct_ticket || !state.bridge.tickets.empty();
}

void FinishLoading(AppState& state, bool entities) {
  for (int guard = 0; Src(state) && guard < 100000; ++guard) {
    const bool loading = state.status.phase == LoadPhase::kParsing || state.status.phase == LoadPhase::kIndexing;
    const bool extracting = entities && Ready(state) && state.status.entity_phase != EntityPhase::kReady;
    if (!loading && !extracting) break;
    Tick(state, 1e9);
  }
  Settle(state);
}

void Settle(AppState& state) {
  for (int i = 0; i < 1000 && Src(state); ++i) {
    const auto& rp = state.replies;
    if (!(rp.explore_ticket || rp.rows_ticket || rp.article_ticket || rp.entity_ticket || rp.merge_ticket ||
          rp.correct_ticket || !state.bridge.tickets.empty() || state.status.data_version != rp.data_version))
      return;
    if (state.status.phase != LoadPhase::kReady && state.status.phase != LoadPhase::kFailed) return;
    Tick(state, 0);
  }
}

bool Updating(const AppState& state) { return state.replies.explore_ticket != 0; }

float IndexProgress(const AppState& state) { return state.status.progress; }
float EntityProgress(const AppState& state) { return state.status.entity_progress; }

// ---- [SECTION] entities ---------------------------------------------------------------------------------------------

void SetEntitySource(AppState& state, EntitySource source) {
  if (state.entities.source == source) return;
  state.entities.source = source;
  AskCorrect(state);
}

void AddCorrection(AppState& state, Correction c) {
  auto& en = state.entities;
  if (c.name.empty() || ((c.op == Correction::Op::kMerge || c.op == Correction::Op::kRename) && c.target.empty())) return;
  en.corrections_undo.push_back(en.corrections);
  if (en.corrections_undo.size() > 100) en.corrections_undo.erase(en.corrections_undo.begin());
  if ((c.op == Correction::Op::kMerge || c.op == Correction::Op::kRename) && FoldName(en.focus) == FoldName(c.name))
    en.focus = c.target;
  en.corrections.ops.push_back(std::move(c));
  ++en.corrections_version;
  en.message.clear();
  AskCorrect(state);
}

bool UndoCorrection(AppState& state) {
  auto& en = state.entities;
  if (en.corrections_undo.empty()) return false;
  en.corrections = std::move(en.corrections_undo.back());
  en.corrections_undo.pop_back();
  ++en.corrections_version;
  en.message.clear();
  AskCorrect(state);  // a focus that no longer exists is dropped when its details come back empty
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
  AskCorrect(state);
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
  AskCorrect(state);
}

std::string CorrectionsKey(const AppState& state) {
  if (state.status.label.find("://") != std::string::npos) return state.status.label;
  return state.status.label + " #" + state.status.fingerprint;
}

std::string CorrectionsJson(const AppState& state) { return FormatCorrections(state.entities.corrections); }

void SetEntityMessage(AppState& state, std::string message, bool is_error) {
  state.entities.message = std::move(message);
  state.entities.message_is_error = is_error;
}

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
  // Two spellings of one entity: the same folded name, or an alias of the focused entity's (the details
  // reply lists its aliases; the source resolves the rest when it runs the query).
  auto same = [&](const std::string& other) {
    if (FoldName(other) == FoldName(clean)) return true;
    const EntityReply& d = state.replies.entity;
    if (!d.found) return false;
    auto names = [&](const std::string& n) {
      if (FoldName(n) == FoldName(d.name)) return true;
      for (const std::string& a : d.aliases)
        if (FoldName(a) == FoldName(n)) return true;
      return false;
    };
    return names(other) && names(clean);
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
  if (append) {
    state.entities.focus = clean;
    AskEntity(state);
  }
  Change(state, std::move(f));
}

void FocusEntity(AppState& state, const std::string& name) {
  if (state.entities.focus == name) return;
  state.entities.focus = name;
  AskEntity(state);
  AskExplore(state);  // its series on the timeline
}

void FindMergeTargets(AppState& state, std::string text) {
  state.entities.merge_query = std::move(text);
  CancelTicket(state, &state.replies.merge_ticket);
  if (!Src(state)) return;
  EntityListRequest r;
  r.contains = state.entities.merge_query;
  r.limit = 13;  // twelve, and the entity itself when it matches
  r.include_hidden = true;
  r.filter = state.filter;
  state.replies.merge_ticket = Src(state)->Entities(r);
}

void SetPane(AppState& state, RightPane pane) {
  if (state.ui.pane == pane) return;
  state.ui.pane = pane;
  state.replies.want_entities = false;  // the entity rows are asked while their view shows
  if (pane == RightPane::kEntities && !state.replies.explore.entities_included) AskExplore(state);
}

void WantEntities(AppState& state) {
  if (state.replies.want_entities) return;
  state.replies.want_entities = true;
  if (!state.replies.explore.entities_included) AskExplore(state);
}

void SetEntityFilter(AppState& state, std::string text) { state.ui.entity_filter = std::move(text); }
void ToggleEntityType(AppState& state, int type) {
  if (type >= 0 && type < 4) state.ui.entity_types[type] = !state.ui.entity_types[type];
}
void SetShowHidden(AppState& state, bool show) { state.ui.show_hidden = show; }
void SetEntitySort(AppState& state, int column, bool ascending) {
  state.ui.entity_sort_column = column;
  state.ui.entity_sort_ascending = ascending;
}

// ---- [SECTION] the filter ---------------------------------------------------------------------------------------------

void SetQuery(AppState& state, std::string query) {
  if (query != state.filter.query) {
    state.perf.query_edit_at = NowMs();
    state.perf.query_pending = true;
    state.perf.query_reply_in = false;
  }
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
  if (state.sort == sort) return;
  state.sort = sort;
  Refresh(state);
}

// ---- [SECTION] timeline -----------------------------------------------------------------------------------------------

void SetTimelineView(AppState& state, int64_t from, int64_t to) {
  const int64_t kMinSpan = 7 * 86400, kMaxSpan = int64_t(400) * 365 * 86400;
  if (to - from < kMinSpan) {
    const int64_t mid = from / 2 + to / 2;
    from = mid - kMinSpan / 2;
    to = mid + kMinSpan / 2;
  }
  if (to - from > kMaxSpan) from = to - kMaxSpan;  // keep the recent end (a typo'd year 1015 stays off-screen)
  if (state.timeline.view_from == from && state.timeline.view_to == to) return;
  state.timeline.view_from = from;
  state.timeline.view_to = to;
  AskExplore(state);
}

void SetGranularity(AppState& state, int granularity) {
  granularity = std::clamp(granularity, -1, 3);
  if (state.timeline.granularity == granularity) return;
  state.timeline.granularity = granularity;
  AskExplore(state);
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

// ---- [SECTION] list and reader ----------------------------------------------------------------------------------------

bool SelectArticle(AppState& state, const std::string& id, long row) {
  if (!id.empty() && Src(state) && Src(state)->HasArticle(id) == 0) return false;
  if (!id.empty()) state.ui.pane = RightPane::kReader;  // opening an article shows it
  const bool same = id == state.selected;
  state.selected = id;
  if (row < 0 && !id.empty()) {  // maybe on the page we hold
    const auto& e = state.replies.explore;
    for (size_t i = 0; i < e.rows.size(); ++i)
      if (e.rows[i].id == id) row = long(e.row_offset + i);
  }
  state.selected_row = id.empty() ? -1 : row;
  state.scroll_to_selected = true;
  if (!same || (!id.empty() && !state.replies.article.found && !state.replies.article_ticket)) AskArticle(state);
  return true;
}

long SelectedRow(const AppState& state) { return state.selected.empty() ? -1 : state.selected_row; }

const ArticleSummary* RowAt(const AppState& state, size_t row) {
  const auto& e = state.replies.explore;
  if (row < e.row_offset || row >= e.row_offset + e.rows.size()) return nullptr;
  return &e.rows[row - e.row_offset];
}

void MoveSelection(AppState& state, int delta) {
  const size_t total = state.replies.explore.total;
  if (total == 0) return;
  long row = SelectedRow(state);
  if (row < 0) row = delta > 0 ? -1 : long(total);
  row = std::clamp(row + delta, 0L, long(total) - 1);
  if (const ArticleSummary* a = RowAt(state, size_t(row))) {
    SelectArticle(state, a->id, row);
    return;
  }
  state.replies.pending_row = row;
  WantRows(state, size_t(row), size_t(row) + 1);
}

void WantRows(AppState& state, size_t first, size_t last) {
  auto& rp = state.replies;
  const auto& e = rp.explore;
  last = std::min(last, e.total);
  if (first >= last) return;
  if (first >= e.row_offset && last <= e.row_offset + e.rows.size()) return;   // here
  if ((rp.rows_ticket || rp.explore_ticket) && first >= rp.rows_first && last <= rp.rows_last) return;  // on its way
  if (!Src(state) || !Ready(state)) return;
  CancelTicket(state, &rp.rows_ticket);
  ExploreRequest r;
  r.filter = state.filter;
  r.sort = state.sort;
  r.row_offset = first > 20 ? first - 20 : 0;
  r.row_count = last - r.row_offset + 20;
  r.rows_only = true;
  rp.rows_first = first;
  rp.rows_last = last;
  rp.rows_ticket = Src(state)->Explore(r);
}

// ---- [SECTION] UI settings ----------------------------------------------------------------------------------------------

void FocusSearch(AppState& state, bool focus) { state.ui.focus_search = focus; }
void ScrolledToSelected(AppState& state) { state.scroll_to_selected = false; }
void ToggleFacetExpanded(AppState& state, int kind) {
  if (kind >= 0 && kind < kFacetCount) state.ui.facet_expanded[kind] = !state.ui.facet_expanded[kind];
}
void ShowLoadReport(AppState& state, bool show) { state.ui.show_load_report = show; }
void SetShowEntityMarks(AppState& state, bool show) { state.ui.show_entity_marks = show; }
void LinkCopied(AppState& state, double now) {
  state.ui.link_copied = "Link copied";
  state.ui.link_copied_at = now;
}

// ---- [SECTION] JS API --------------------------------------------------------------------------------------------------

Ticket BridgeSearch(AppState& state, const std::string& query, size_t limit) {
  if (!Src(state)) return 0;
  ExploreRequest r;
  r.filter.query = query;
  r.row_count = limit;
  r.snippet_bytes = 0;
  r.rows_only = true;
  const Ticket t = Src(state)->Explore(r);
  state.bridge.tickets.push_back(t);
  return t;
}

Ticket BridgeEntities(AppState& state, size_t limit) {
  if (!Src(state)) return 0;
  EntityListRequest r;
  r.limit = limit;
  r.filter = state.filter;
  const Ticket t = Src(state)->Entities(r);
  state.bridge.tickets.push_back(t);
  return t;
}

Ticket BridgeEntity(AppState& state, const std::string& name) {
  if (!Src(state)) return 0;
  EntityRequest r;
  r.name = name;
  r.with_selection = true;
  r.filter = state.filter;
  const Ticket t = Src(state)->Entity(r);
  state.bridge.tickets.push_back(t);
  return t;
}

SourceReplies TakeBridgeReplies(AppState& state) {
  SourceReplies out;
  std::swap(out, state.bridge.done);
  return out;
}

// ---- [SECTION] links ----------------------------------------------------------------------------------------------------

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
  add("a", state.selected);
  if (state.sort != SortOrder::kRelevance) add("sort", state.sort == SortOrder::kNewest ? "newest" : "oldest");
  if (Ready(state) && state.timeline.view_to > state.timeline.view_from)
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
  if (!SelectArticle(state, article)) SelectArticle(state, "");
  SetFilter(state, std::move(f));
  AskExplore(state);  // the sort may have changed with an equal filter
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
  p.frame_ms_max = *std::max_element(p.frame_ms, p.frame_ms + n);
  if (p.query_pending && p.query_reply_in) {  // this frame drew the reply to the last query edit
    p.input_to_draw_ms = NowMs() - p.query_edit_at;
    p.query_pending = p.query_reply_in = false;
  }
}

}  // namespace actions
}  // namespace lede
