// source.h: the one door to the data. The app reads articles, rankings, counts and entities only through a
// Source, which answers requests asynchronously: every request returns a Ticket at once, and its reply is
// handed out later by Poll, called once a frame on the main loop (no threads). A request carries everything
// it needs (the whole filter, the page of rows, the timeline span), so a source keeps no per-client state
// and a server can implement the same interface. Articles are known by their id, never by position.
//
//   LocalSource src; src.Open(bytes, "corpus.json", 0);            // local_source.h: JSON in slices
//   Ticket t = src.Explore(request);                               // returns at once
//   each frame: SourceReplies r; src.Poll(8.0, &r);  for (auto& e : r.explore) if (e.ticket == t) show(e);
//
// Implementations: LocalSource (in-memory engine over JSON; a pack with lazily fetched text blocks next),
// and a remote one (issue 12). tests/source/conformance_test.cpp runs one suite against each of them.
// Depends on src/core value types only (Filter, Bucket, Snippet, Range, EntityType, LoadReport).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/corpus.h"
#include "core/entities.h"
#include "core/facets.h"
#include "core/search.h"
#include "core/timeline.h"

namespace lede {

// Identifies one request and its reply. Never 0; increasing within a source.
using Ticket = uint64_t;

// kLoading (bytes on their way) -> kParsing (articles read a slice per Poll) -> kIndexing -> kReady, or
// kFailed when the corpus cannot be read. The numeric order is the JS API's ("loading", "indexing",
// "ready", "failed", "parsing").
enum class SourcePhase : uint8_t { kLoading, kIndexing, kReady, kFailed, kParsing };

// Entities are found after indexing while the source already answers: kWaiting -> kExtracting -> kReady.
// Until kReady, entity:"..." matches the corpus's supplied labels only and entity requests find nothing.
enum class EntityPhase : uint8_t { kWaiting, kExtracting, kReady };

struct SourceStatus {
  SourcePhase phase = SourcePhase::kLoading;
  float progress = 0;            // parsing and indexing as one bar, 0..1 (1 when ready)
  std::string label;             // file path or URL the corpus came from
  std::string name;              // the corpus's own name ("" when it has none)
  std::string fingerprint;       // size and FNV-1a hash of the bytes ("25100327-9f0c..."); "" when unknown
  std::string error;             // why kFailed (also in report.error)
  size_t articles = 0;
  int64_t first_date = 0, last_date = 0;  // dated range (0, 0 when nothing is dated)
  bool has_cjk = false;          // some title or text holds Chinese, Japanese or Korean
  LoadReport report;             // warnings while reading; complete once kReady or kFailed
  double fetch_ms = 0, index_ms = 0;  // obtaining the bytes; building the index (summed over Polls)
  std::vector<int64_t> spark_starts;  // bucket starts of entity sparklines (the corpus's dated range)
  EntityPhase entity_phase = EntityPhase::kWaiting;
  float entity_progress = 0;     // 0..1
  double extract_ms = 0, entity_wall_ms = 0, entity_build_ms = 0;
  size_t entities = 0;           // entities listed by the table (not hidden, named somewhere)
  // Bumped whenever the status changes (copy it then); data_version whenever earlier answers may have
  // changed (the index became ready, the entity table was built or corrected): ask again.
  uint64_t version = 0, data_version = 0;
};

// ---- explore: one interaction of the explorer -------------------------------------------------------------

struct ExploreRequest {
  Filter filter;                 // query AND date range AND facets
  SortOrder sort = SortOrder::kRelevance;
  size_t row_offset = 0, row_count = 40;  // the page of ranked rows wanted
  size_t snippet_bytes = 200;    // snippet length per row when the query has terms (0: no snippets)
  // Timeline buckets over [view_from, view_to) at this granularity; none when view_from >= view_to.
  int64_t view_from = 0, view_to = 0;
  Granularity granularity = Granularity::kMonth;
  std::string focus_entity;      // its articles per bucket too (entity_buckets); "" for none
  bool want_entities = false;    // the entity rows of the selection (when the table is ready)
  bool rows_only = false;        // only total, errors, highlight terms and the page (scrolling)
  std::string locate_id;         // the reply says at which row this article sits (located_row)
};

struct ArticleSummary {
  std::string id, title, source, lang, byline, url;
  Date date;                     // !date.valid() when undated
  float score = 0;               // relevance (0 without a query)
  Snippet snippet;               // empty without query terms
};

struct FacetValueCount {
  std::string value;
  uint32_t count = 0;            // articles under every filter but this facet's own choices
};

// An entity as the selection sees it.
struct EntityRow {
  std::string name;
  EntityType type = EntityType::kOther;
  bool hidden = false;
  std::vector<std::string> aliases;
  uint32_t articles = 0, mentions = 0;  // within the selection
  int64_t first = 0, last = 0;   // dates of its selected articles (0: none dated)
  uint32_t corpus_articles = 0;  // in the whole corpus
  std::vector<uint32_t> sparkline;  // selected articles per bucket of SourceStatus::spark_starts
};

struct ExploreReply {
  Ticket ticket = 0;
  std::string error;             // the source cannot answer (not loaded, failed); everything else empty
  size_t total = 0;              // articles in the selection (= rows in the ranked list)
  bool total_exact = true;
  std::vector<std::string> errors;           // the query's mistakes, as said to the journalist
  std::vector<std::string> highlight_terms;  // the query's positive terms (empty: no query terms)
  size_t row_offset = 0;
  std::vector<ArticleSummary> rows;          // rows [row_offset, row_offset + rows.size())
  long located_row = -1;                     // row of request.locate_id, -1 when not in the list
  // Not set when rows_only:
  std::vector<Bucket> buckets;               // selected = query AND facets (not the date range)
  std::vector<Bucket> entity_buckets;        // the focused entity's selected articles, same buckets
  std::vector<FacetValueCount> facets[kFacetCount];  // every value, in the source's order
  size_t entities_listed = 0;                // entities named in the selection, not hidden
  bool entities_included = false;            // want_entities was honoured (the table is ready)
  std::vector<EntityRow> entities;           // named in the selection (hidden ones too, flagged)
  double ms = 0;                             // time the source spent on it
};

// ---- one article ------------------------------------------------------------------------------------------

struct ArticleRequest {
  std::string id;
  std::string query;             // its matches are returned as ranges ("" for none)
};

struct ArticleMention {          // an entity named in the article
  uint32_t start = 0, end = 0;   // bytes in the title or the text
  bool in_title = false;
  std::string entity;            // the entity's display name
  EntityType type = EntityType::kOther;
  bool hidden = false;
  uint32_t entity_articles = 0;  // articles naming the entity in the corpus
};

struct ArticleReply {
  Ticket ticket = 0;
  bool found = false;            // false: no article with that id (or error)
  std::string error;
  std::string id, title, text, source, byline, url, lang, date_text;
  Date date;
  std::vector<std::string> tags;
  std::vector<Range> title_matches, text_matches;  // of the request's query, sorted, merged
  std::vector<ArticleMention> mentions;           // in reading order; empty until entities are ready
};

// ---- entities -------------------------------------------------------------------------------------------

// One entity's details, by name or alias (any case).
struct EntityRequest {
  std::string name;
  bool with_selection = false;   // also count its articles under filter (EntityReply::selected)
  Filter filter;
  size_t cooccurring = 10;       // how many companions
};

struct Companion {
  std::string name;
  EntityType type = EntityType::kOther;
  uint32_t together = 0;         // articles naming both
  double score = 0;              // Dunning's log-likelihood ratio
};

struct EntityReply {
  Ticket ticket = 0;
  bool found = false;            // false: unknown name, or the table is not ready yet
  std::string name;              // display name
  EntityType type = EntityType::kOther;
  uint32_t articles = 0, mentions = 0, selected = 0;
  int64_t first = 0, last = 0;
  bool supplied = false, extracted = false, hidden = false;
  std::vector<std::string> aliases;
  std::vector<Companion> cooccurring;  // strongest first, hidden ones left out
};

// Entities by articles in the corpus, most first.
struct EntityListRequest {
  std::string contains;          // only names (or aliases) containing this, any case ("" for all)
  size_t limit = 100;            // 0: all
  bool include_hidden = false;
  Filter filter;                 // EntityListRow::selected counts articles under it
};

struct EntityListRow {
  std::string name;
  EntityType type = EntityType::kOther;
  uint32_t articles = 0, mentions = 0, selected = 0;
  bool hidden = false;
};

struct EntityListReply {
  Ticket ticket = 0;
  std::vector<EntityListRow> rows;
};

// Replaces the table's corrections and source setting (the whole list, as a server needs). The table is
// rebuilt; data_version moves when it is.
struct CorrectRequest {
  Corrections corrections;
  EntitySource source = EntitySource::kBoth;
};

struct CorrectReply {
  Ticket ticket = 0;
  bool applied = false;          // false: the table is not built yet; it will be built with these
  double ms = 0;
};

// What one Poll hands out, each in the order of its requests.
struct SourceReplies {
  std::vector<ExploreReply> explore;
  std::vector<ArticleReply> article;
  std::vector<EntityReply> entity;
  std::vector<EntityListReply> entity_list;
  std::vector<CorrectReply> correct;
  bool empty() const {
    return explore.empty() && article.empty() && entity.empty() && entity_list.empty() && correct.empty();
  }
};

class Source {
 public:
  virtual ~Source() = default;

  // Where the source stands. Valid until the next Poll.
  virtual const SourceStatus& status() const = 0;

  // Requests. Each returns a new ticket at once; exactly one reply with that ticket comes out of a later
  // Poll, unless Cancel(ticket) was called first. Requests made before the source is ready are answered
  // once it is (or with an error once it failed). Replies never come out of the call itself.
  virtual Ticket Explore(const ExploreRequest& request) = 0;
  virtual Ticket Article(const ArticleRequest& request) = 0;
  virtual Ticket Entity(const EntityRequest& request) = 0;
  virtual Ticket Entities(const EntityListRequest& request) = 0;
  virtual Ticket Correct(const CorrectRequest& request) = 0;

  // A newer request superseded this one: no reply with this ticket will come out of Poll. Unknown or
  // already answered tickets are ignored.
  virtual void Cancel(Ticket ticket) = 0;

  // Call once a frame. Appends the replies that are ready to *out and does pending background work
  // (parsing, indexing, entity extraction, fetching) for about budget_ms. Returns true while requests or
  // background work remain.
  virtual bool Poll(double budget_ms, SourceReplies* out) = 0;

  // Whether an article with this id exists: 1 yes, 0 no, -1 not known without asking (a remote source, or
  // not loaded yet). For answers that must be synchronous (the JS API's select(id)); cheap.
  virtual int HasArticle(std::string_view id) const = 0;
};

}  // namespace lede
