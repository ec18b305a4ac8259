// local_source.cpp: LocalSource. [SECTION] index: opening and background work; requests and Poll; explore;
// articles; entities.
#include "source/local_source.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/timeline.h"

namespace lede {

namespace {

double NowMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Tickets are unique in the process, not only per source: a reply of a source replaced by another can
// never be taken for one of the new source's.
Ticket g_next_ticket = 1;

bool Contains(const std::string& hay, const std::string& folded_needle) {
  return folded_needle.empty() || FoldName(hay).find(folded_needle) != std::string::npos;
}

}  // namespace

// A request waiting for its answer.
struct LocalSource::Pending {
  enum class Kind { kExplore, kArticle, kEntity, kEntities, kCorrect } kind;
  Ticket ticket = 0;
  ExploreRequest explore;
  ArticleRequest article;
  EntityRequest entity;
  EntityListRequest entities;
  CorrectRequest correct;
};

// The last filter's selection and what was derived from it; dropped when the index or the table changes.
struct LocalSource::SelectionCache {
  Filter filter;
  SortOrder sort = SortOrder::kRelevance;
  Selection sel;
  std::vector<float> scores;                    // parallel to sel.ranked (relevance; 0 without a query)
  std::unordered_map<uint64_t, Snippet> snippets;  // (doc << 16 | bytes) -> snippet
  bool counted = false, sparked = false;        // entity counts, sparklines computed
  std::vector<uint32_t> articles, mentions;     // per entity id, within the selection
  std::vector<int64_t> first, last;
  std::vector<uint32_t> sparks;                 // entity id * buckets + bucket
  size_t listed = 0;
};

LocalSource::LocalSource() = default;
LocalSource::~LocalSource() = default;

// ---- [SECTION] opening and background work ---------------------------------------------------------------

bool LocalSource::Open(std::string_view bytes, std::string label, double fetch_ms) {
  status_.label = std::move(label);
  uint64_t hash = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ull;
  char fp[48];
  std::snprintf(fp, sizeof fp, "%zu-%016llx", bytes.size(), static_cast<unsigned long long>(hash));
  status_.fingerprint = fp;
  status_.fetch_ms = fetch_ms;
  reader_ = std::make_unique<CorpusReader>();
  Touch();
  if (!reader_->Begin(std::string(bytes), &corpus_, &status_.report)) {
    reader_.reset();
    status_.phase = SourcePhase::kFailed;
    status_.error = status_.report.error;
    return false;
  }
  status_.phase = SourcePhase::kParsing;
  return true;
}

void LocalSource::Finish(bool entities) {
  while (status_.phase == SourcePhase::kParsing || status_.phase == SourcePhase::kIndexing ||
         (entities && Ready() && status_.entity_phase == EntityPhase::kExtracting))
    Background(NowMs(), 1e9);
}

void LocalSource::FinishIndex() {
  index_.Finish();
  facets_.Build(corpus_);
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (int64_t t : index_.doc_dates())
    if (t != INT64_MIN) { lo = std::min(lo, t); hi = std::max(hi, t); }
  if (lo == INT64_MAX) lo = hi = 0;
  status_.first_date = lo;
  status_.last_date = hi;
  status_.spark_starts.clear();
  if (lo != 0 || hi != 0) {
    const Granularity g = ChooseGranularity(hi - lo + 1, 40);
    for (int64_t t = BucketStart(lo, g); t <= hi; t = NextBucket(t, g)) status_.spark_starts.push_back(t);
  }
  for (size_t i = 0; i < corpus_.articles.size(); ++i) ids_.emplace(corpus_.articles[i].id, uint32_t(i));
  status_.articles = corpus_.articles.size();
  status_.name = corpus_.name;
  status_.has_cjk = corpus_.has_cjk;
  status_.phase = SourcePhase::kReady;
  status_.progress = 1;
  status_.entity_phase = EntityPhase::kExtracting;  // next Polls: names, a slice at a time
  ++status_.data_version;
  selection_.reset();
}

bool LocalSource::Background(double start, double budget_ms) {
  if (status_.phase == SourcePhase::kParsing) {
    bool read = false;
    while (!read && NowMs() - start < budget_ms) read = reader_->Step(200);
    status_.progress = 0.5f * reader_->progress();
    status_.articles = corpus_.articles.size();
    Touch();
    if (!read) return true;
    reader_.reset();
    if (!status_.report.error.empty()) {
      status_.phase = SourcePhase::kFailed;
      status_.error = status_.report.error;
      return false;
    }
    status_.phase = SourcePhase::kIndexing;
    index_.Begin(corpus_);
  }
  if (status_.phase == SourcePhase::kIndexing) {
    const double t0 = NowMs();
    bool done = false;
    while (!done && NowMs() - start < budget_ms) done = index_.AddSome(256);
    const size_t n = corpus_.articles.size();
    status_.progress = 0.5f + 0.5f * (n ? float(index_.added()) / float(n) : 0.0f);
    if (done) FinishIndex();
    status_.index_ms += NowMs() - t0;
    Touch();
    return true;  // the entities next
  }
  if (!Ready() || status_.entity_phase != EntityPhase::kExtracting) return false;
  // One slice of entity extraction; the harmonizing pass and the table when the last article is done.
  const double t0 = NowMs();
  if (extract_started_ == 0) extract_started_ = t0;
  if (!extractor_) extractor_ = std::make_unique<EntityExtractor>();
  const auto& articles = corpus_.articles;
  mentions_.resize(articles.size());
  while (extracted_ < articles.size() && NowMs() - start < budget_ms) {
    const size_t end = std::min(articles.size(), extracted_ + 16);
    for (; extracted_ < end; ++extracted_) mentions_[extracted_] = extractor_->Extract(articles[extracted_]);
  }
  status_.entity_progress = articles.empty() ? 1.0f : float(extracted_) / float(articles.size());
  Touch();
  if (extracted_ < articles.size()) {
    status_.extract_ms += NowMs() - t0;
    return true;
  }
  extractor_->Harmonize(&mentions_);
  status_.extract_ms += NowMs() - t0;
  status_.entity_phase = EntityPhase::kReady;
  status_.entity_progress = 1;
  BuildTable(false);
  status_.entity_wall_ms = NowMs() - extract_started_;
  return false;
}

void LocalSource::BuildTable(bool corrections_only) {
  const double t0 = NowMs();
  if (!corrections_only || !table_.Recorrect(corpus_, corrections_))
    table_.Build(corpus_, mentions_, entity_source_, corrections_, extractor_.get());
  status_.entity_build_ms = NowMs() - t0;
  size_t listed = 0;
  for (const auto& e : table_.entities) listed += !e.hidden && !e.docs.empty();
  status_.entities = listed;
  ++status_.data_version;
  Touch();
  selection_.reset();  // entity:"..." resolves through the new table
  entity_cache_.clear();
}

// ---- [SECTION] requests and Poll ----------------------------------------------------------------------------

Ticket LocalSource::Explore(const ExploreRequest& request) {
  auto p = std::make_unique<Pending>();
  p->kind = Pending::Kind::kExplore;
  p->ticket = g_next_ticket++;
  p->explore = request;
  queue_.push_back(std::move(p));
  return queue_.back()->ticket;
}

Ticket LocalSource::Article(const ArticleRequest& request) {
  auto p = std::make_unique<Pending>();
  p->kind = Pending::Kind::kArticle;
  p->ticket = g_next_ticket++;
  p->article = request;
  queue_.push_back(std::move(p));
  return queue_.back()->ticket;
}

Ticket LocalSource::Entity(const EntityRequest& request) {
  auto p = std::make_unique<Pending>();
  p->kind = Pending::Kind::kEntity;
  p->ticket = g_next_ticket++;
  p->entity = request;
  queue_.push_back(std::move(p));
  return queue_.back()->ticket;
}

Ticket LocalSource::Entities(const EntityListRequest& request) {
  auto p = std::make_unique<Pending>();
  p->kind = Pending::Kind::kEntities;
  p->ticket = g_next_ticket++;
  p->entities = request;
  queue_.push_back(std::move(p));
  return queue_.back()->ticket;
}

Ticket LocalSource::Correct(const CorrectRequest& request) {
  auto p = std::make_unique<Pending>();
  p->kind = Pending::Kind::kCorrect;
  p->ticket = g_next_ticket++;
  p->correct = request;
  queue_.push_back(std::move(p));
  return queue_.back()->ticket;
}

void LocalSource::Cancel(Ticket ticket) {
  queue_.erase(std::remove_if(queue_.begin(), queue_.end(), [&](const auto& p) { return p->ticket == ticket; }),
               queue_.end());
}

int LocalSource::HasArticle(std::string_view id) const {
  if (!Ready()) return status_.phase == SourcePhase::kFailed ? 0 : -1;
  return ids_.count(std::string(id)) ? 1 : 0;
}

void LocalSource::Answer(Pending& p, SourceReplies* out) {
  const bool failed = status_.phase == SourcePhase::kFailed;
  const std::string why = status_.error.empty() ? "the corpus could not be loaded" : status_.error;
  switch (p.kind) {
    case Pending::Kind::kExplore: {
      ExploreReply r;
      if (failed) r.error = why;
      else r = AnswerExplore(p.explore);
      r.ticket = p.ticket;
      out->explore.push_back(std::move(r));
      break;
    }
    case Pending::Kind::kArticle: {
      ArticleReply r;
      if (failed) r.error = why;
      else r = AnswerArticle(p.article);
      r.ticket = p.ticket;
      out->article.push_back(std::move(r));
      break;
    }
    case Pending::Kind::kEntity: {
      EntityReply r;
      if (!failed) r = AnswerEntity(p.entity);
      r.ticket = p.ticket;
      out->entity.push_back(std::move(r));
      break;
    }
    case Pending::Kind::kEntities: {
      EntityListReply r;
      if (!failed) r = AnswerEntities(p.entities);
      r.ticket = p.ticket;
      out->entity_list.push_back(std::move(r));
      break;
    }
    case Pending::Kind::kCorrect: {
      CorrectReply r;
      r.ticket = p.ticket;
      const double t0 = NowMs();
      const bool same_source = entity_source_ == p.correct.source;
      corrections_ = p.correct.corrections;
      entity_source_ = p.correct.source;
      if (!failed && status_.entity_phase == EntityPhase::kReady) {
        BuildTable(/*corrections_only=*/same_source);
        r.applied = true;
      }
      r.ms = NowMs() - t0;
      out->correct.push_back(std::move(r));
      break;
    }
  }
}

bool LocalSource::Poll(double budget_ms, SourceReplies* out) {
  const double start = NowMs();
  auto answer_all = [&] {
    // Requests wait while the corpus is read and indexed; once it is ready (or failed) each is answered,
    // in order, whatever the budget: they are what the journalist waits for.
    if (status_.phase != SourcePhase::kReady && status_.phase != SourcePhase::kFailed) return;
    std::vector<std::unique_ptr<Pending>> queue;
    queue.swap(queue_);
    for (auto& p : queue) Answer(*p, out);
  };
  answer_all();
  // Background work gets what is left of the budget, and a quarter of it at least, so that a stream of
  // requests cannot starve indexing.
  const double left = std::max(budget_ms - (NowMs() - start), budget_ms * 0.25);
  const bool more = Background(NowMs(), left);
  answer_all();
  return more || !queue_.empty();
}

// ---- [SECTION] explore ----------------------------------------------------------------------------------------

LocalSource::SelectionCache& LocalSource::SelectionFor(const Filter& filter, SortOrder sort) {
  if (selection_ && selection_->filter == filter && selection_->sort == sort) return *selection_;
  auto c = std::make_unique<SelectionCache>();
  c->filter = filter;
  c->sort = sort;
  c->sel = Select(index_, facets_, filter, sort, table());
  c->scores.reserve(c->sel.ranked.size());
  if (!c->sel.search.hits.empty()) {
    for (const Hit& h : c->sel.search.hits)
      if (TestBit(c->sel.docs, h.doc)) c->scores.push_back(h.score);
  }
  c->scores.resize(c->sel.ranked.size(), 0.0f);
  selection_ = std::move(c);
  return *selection_;
}

ExploreReply LocalSource::AnswerExplore(const ExploreRequest& r) {
  const double t0 = NowMs();
  ExploreReply out;
  SelectionCache& c = SelectionFor(r.filter, r.sort);
  const Selection& sel = c.sel;
  out.total = sel.ranked.size();
  out.errors = sel.search.errors;
  out.highlight_terms = sel.search.highlight_terms;
  out.row_offset = std::min(r.row_offset, out.total);
  const size_t end = std::min(out.total, out.row_offset + r.row_count);
  const bool snippets = r.snippet_bytes > 0 && !sel.search.highlight_terms.empty();
  Highlighter hl(index_, sel.search);
  for (size_t i = out.row_offset; i < end; ++i) {
    const uint32_t d = sel.ranked[i];
    const lede::Article& a = corpus_.articles[d];
    ArticleSummary s{a.id, a.title, a.source, a.lang, a.byline, a.url, a.date, c.scores[i], {}};
    if (snippets) {
      const uint64_t key = (uint64_t(d) << 16) | std::min<size_t>(r.snippet_bytes, 0xFFFF);
      auto it = c.snippets.find(key);
      if (it == c.snippets.end()) it = c.snippets.emplace(key, hl.Best(a.text, a.lang, r.snippet_bytes)).first;
      s.snippet = it->second;
    }
    out.rows.push_back(std::move(s));
  }
  if (!r.locate_id.empty()) {
    auto it = ids_.find(r.locate_id);
    if (it != ids_.end()) {
      auto pos = std::find(sel.ranked.begin(), sel.ranked.end(), it->second);
      if (pos != sel.ranked.end()) out.located_row = long(pos - sel.ranked.begin());
    }
  }
  if (r.rows_only) {
    out.ms = NowMs() - t0;
    return out;
  }

  // The timeline, and the focused entity's series over the same buckets.
  const EntityTable* t = table();
  if (r.view_from < r.view_to) {
    out.buckets = Histogram(index_.doc_dates(), &sel.timeline, r.view_from, r.view_to, r.granularity);
    const int focus = t && !r.focus_entity.empty() ? t->Find(r.focus_entity) : -1;
    if (focus >= 0) {
      const size_t docs = index_.num_docs();
      Bits bits((docs + 63) / 64, 0);
      for (uint32_t d : t->entities[size_t(focus)].docs)
        if (d < docs) bits[d >> 6] |= uint64_t(1) << (d & 63);
      out.entity_buckets = Histogram(index_.doc_dates(), &bits, r.view_from, r.view_to, r.granularity);
    }
  }
  for (int k = 0; k < kFacetCount; ++k) {
    const auto& values = facets_.facets[k].values;
    out.facets[k].reserve(values.size());
    for (size_t v = 0; v < values.size(); ++v)
      out.facets[k].push_back({values[v], v < sel.facet_counts[k].size() ? sel.facet_counts[k][v] : 0});
  }

  // Entities under the selection: articles, mentions, first and last date per entity (and sparklines).
  if (t && !c.counted) {
    c.counted = true;
    const size_t n = t->entities.size();
    c.articles.assign(n, 0);
    c.mentions.assign(n, 0);
    c.first.assign(n, 0);
    c.last.assign(n, 0);
    const auto& dates = index_.doc_dates();
    std::vector<uint32_t> seen(n, 0);  // doc + 1 when the entity had a text mention in that doc
    const size_t docs = t->num_docs();
    for (uint32_t d = 0; d < docs && (d >> 6) < sel.docs.size(); ++d) {
      if (!TestBit(sel.docs, d)) continue;
      for (const DocMention& m : t->MentionsOf(d)) {
        ++c.mentions[m.entity];
        seen[m.entity] = d + 1;
      }
      const int64_t when = d < dates.size() ? dates[d] : INT64_MIN;
      for (uint32_t id : t->EntityIdsOf(d)) {
        ++c.articles[id];
        if (seen[id] != d + 1) ++c.mentions[id];  // a supplied label only: one per article, as the table counts
        if (when == INT64_MIN) continue;
        if (c.first[id] == 0 || when < c.first[id]) c.first[id] = when;
        if (c.last[id] == 0 || when > c.last[id]) c.last[id] = when;
      }
    }
    for (size_t id = 0; id < n; ++id) c.listed += c.articles[id] > 0 && !t->entities[id].hidden;
  }
  if (t) out.entities_listed = c.listed;
  if (t && r.want_entities) {
    const auto& starts = status_.spark_starts;
    const size_t buckets = starts.size();
    if (!c.sparked) {
      c.sparked = true;
      c.sparks.assign(t->entities.size() * buckets, 0);
      const auto& dates = index_.doc_dates();
      for (uint32_t d = 0; d < t->num_docs() && (d >> 6) < sel.docs.size() && buckets; ++d) {
        if (!TestBit(sel.docs, d) || d >= dates.size() || dates[d] == INT64_MIN) continue;
        auto b = std::upper_bound(starts.begin(), starts.end(), dates[d]);
        if (b == starts.begin()) continue;
        const size_t bucket = size_t(b - starts.begin()) - 1;
        for (uint32_t id : t->EntityIdsOf(d)) ++c.sparks[id * buckets + bucket];
      }
    }
    out.entities_included = true;
    for (uint32_t id = 0; id < t->entities.size(); ++id) {
      if (c.articles[id] == 0) continue;
      const lede::Entity& e = t->entities[id];
      EntityRow row{e.name, e.type, e.hidden, e.aliases, c.articles[id], c.mentions[id], c.first[id], c.last[id],
                    uint32_t(e.docs.size()), {}};
      row.sparkline.assign(c.sparks.begin() + std::ptrdiff_t(id * buckets), c.sparks.begin() + std::ptrdiff_t((id + 1) * buckets));
      out.entities.push_back(std::move(row));
    }
  }
  out.ms = NowMs() - t0;
  return out;
}

// ---- [SECTION] articles ---------------------------------------------------------------------------------------

ArticleReply LocalSource::AnswerArticle(const ArticleRequest& r) {
  ArticleReply out;
  auto it = ids_.find(r.id);
  if (it == ids_.end()) {
    out.error = "no article with id \"" + r.id + "\"";
    return out;
  }
  const uint32_t d = it->second;
  const lede::Article& a = corpus_.articles[d];
  out.found = true;
  out.id = a.id;
  out.title = a.title;
  out.text = a.text;
  out.source = a.source;
  out.byline = a.byline;
  out.url = a.url;
  out.lang = a.lang;
  out.date_text = a.date_text;
  out.date = a.date;
  out.tags = a.tags;
  if (r.query.find_first_not_of(" \t") != std::string::npos) {
    // The selection's own parse when it is the same query (the usual case); else a search of one hit.
    std::vector<std::string> terms;
    if (selection_ && selection_->filter.query == r.query) {
      terms = selection_->sel.search.highlight_terms;
    } else {
      SearchOptions o;
      o.limit = 1;
      o.entities = table();
      terms = Search(index_, r.query, o).highlight_terms;
    }
    if (!terms.empty()) {
      Highlighter hl(index_.analyzer(), terms);
      out.title_matches = hl.Matches(a.title, a.lang);
      out.text_matches = hl.Matches(a.text, a.lang);
    }
  }
  if (const EntityTable* t = table(); t && d < t->num_docs()) {
    for (const DocMention& m : t->MentionsOf(d)) {
      const lede::Entity& e = t->entities[m.entity];
      out.mentions.push_back({m.start, m.end, m.in_title, e.name, e.type, e.hidden, uint32_t(e.docs.size())});
    }
  }
  return out;
}

// ---- [SECTION] entities ---------------------------------------------------------------------------------------

uint32_t LocalSource::SelectedArticles(const std::vector<uint32_t>& docs, const Filter& filter) {
  const Selection& sel = SelectionFor(filter, selection_ && selection_->filter == filter ? selection_->sort : SortOrder::kRelevance).sel;
  uint32_t n = 0;
  for (uint32_t d : docs) n += (d >> 6) < sel.docs.size() && TestBit(sel.docs, d);
  return n;
}

EntityReply LocalSource::AnswerEntity(const EntityRequest& r) {
  const EntityTable* t = table();
  const int id = t ? t->Find(r.name) : -1;
  if (id < 0) return {};
  const std::string key = FoldName(t->entities[size_t(id)].name) + "\x1f" + std::to_string(r.cooccurring);
  auto it = entity_cache_.find(key);
  if (it == entity_cache_.end()) {
    // Co-occurrence walks every article of the entity and its companions: computed once per table.
    const lede::Entity& e = t->entities[size_t(id)];
    EntityReply d;
    d.found = true;
    d.name = e.name;
    d.type = e.type;
    d.articles = uint32_t(e.docs.size());
    d.mentions = e.mentions;
    d.first = e.first;
    d.last = e.last;
    d.supplied = e.supplied;
    d.extracted = e.extracted;
    d.hidden = e.hidden;
    d.aliases = e.aliases;
    for (const Cooccurrence& c : t->Cooccurring(uint32_t(id), r.cooccurring)) {
      const lede::Entity& o = t->entities[c.entity];
      d.cooccurring.push_back({o.name, o.type, c.together, c.score});
    }
    it = entity_cache_.emplace(key, std::move(d)).first;
  }
  EntityReply out = it->second;
  if (r.with_selection) out.selected = SelectedArticles(t->entities[size_t(id)].docs, r.filter);
  return out;
}

EntityListReply LocalSource::AnswerEntities(const EntityListRequest& r) {
  EntityListReply out;
  const EntityTable* t = table();
  if (!t) return out;
  const std::string needle = FoldName(r.contains);
  std::vector<uint32_t> ids;
  for (uint32_t id = 0; id < t->entities.size(); ++id) {
    const lede::Entity& e = t->entities[id];
    if (e.docs.empty() || (e.hidden && !r.include_hidden)) continue;
    bool match = Contains(e.name, needle);
    for (size_t a = 0; !match && a < e.aliases.size(); ++a) match = Contains(e.aliases[a], needle);
    if (match) ids.push_back(id);
  }
  std::stable_sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) { return t->entities[a].docs.size() > t->entities[b].docs.size(); });
  if (r.limit > 0 && ids.size() > r.limit) ids.resize(r.limit);
  for (uint32_t id : ids) {
    const lede::Entity& e = t->entities[id];
    out.rows.push_back({e.name, e.type, uint32_t(e.docs.size()), e.mentions, SelectedArticles(e.docs, r.filter), e.hidden});
  }
  return out;
}

}  // namespace lede
