// local_source.h: the Source over the in-memory engine (src/core). It owns the corpus, its index, the
// facet values, the entity mentions and the entity table, and builds them a slice per Poll: JSON read in
// slices, then indexing, then entity extraction, so no frame waits long. Requests are answered inside the
// next Poll, newest work first, before the background work gets the rest of the budget.
//
//   LocalSource src;
//   if (!src.Open(bytes, "corpus.json", fetch_ms)) show(src.status().error);   // unreadable at once
//   src.Finish();                         // or Poll once a frame until status().phase is kReady
//
// Caches the last selection (filter, sort), its snippets and entity counts, so a scroll or a timeline pan
// re-ranks nothing, and entity details per name until the table changes.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/corpus.h"
#include "core/entities.h"
#include "core/facets.h"
#include "core/index.h"
#include "source/source.h"

namespace lede {

class LocalSource : public Source {
 public:
  LocalSource();
  ~LocalSource() override;
  LocalSource(const LocalSource&) = delete;
  LocalSource& operator=(const LocalSource&) = delete;

  // Starts reading a corpus (JSON, a bare array or JSON Lines). Returns false, with status().phase kFailed
  // and status().error set, when the bytes cannot be read at all. Call once.
  bool Open(std::string_view bytes, std::string label, double fetch_ms);
  // Does all pending background work now: parsing, indexing and, with entities, extraction (tests, CLI).
  void Finish(bool entities = true);

  const SourceStatus& status() const override { return status_; }
  Ticket Explore(const ExploreRequest& request) override;
  Ticket Article(const ArticleRequest& request) override;
  Ticket Entity(const EntityRequest& request) override;
  Ticket Entities(const EntityListRequest& request) override;
  Ticket Correct(const CorrectRequest& request) override;
  void Cancel(Ticket ticket) override;
  bool Poll(double budget_ms, SourceReplies* out) override;
  int HasArticle(std::string_view id) const override;

  // The engine, for tests that check answers against the core's own (valid while this source lives).
  const Corpus& corpus() const { return corpus_; }
  const Index& index() const { return index_; }
  const FacetIndex& facets() const { return facets_; }
  const EntityTable* table() const { return status_.entity_phase == EntityPhase::kReady ? &table_ : nullptr; }

 private:
  struct Pending;
  struct SelectionCache;
  bool Ready() const { return status_.phase == SourcePhase::kReady; }
  bool Background(double start, double budget_ms);  // one slice of parsing, indexing or extraction
  void FinishIndex();
  void BuildTable(bool corrections_only);
  SelectionCache& SelectionFor(const Filter& filter, SortOrder sort);
  void Answer(Pending& p, SourceReplies* out);
  ExploreReply AnswerExplore(const ExploreRequest& r);
  ArticleReply AnswerArticle(const ArticleRequest& r);
  EntityReply AnswerEntity(const EntityRequest& r);
  EntityListReply AnswerEntities(const EntityListRequest& r);
  uint32_t SelectedArticles(const std::vector<uint32_t>& docs, const Filter& filter);
  void Touch() { ++status_.version; }

  SourceStatus status_;
  Corpus corpus_;
  std::unique_ptr<CorpusReader> reader_;  // while kParsing
  Index index_;
  FacetIndex facets_;
  std::unordered_map<std::string, uint32_t> ids_;  // article id -> position (first of duplicates)
  // Entities.
  std::unique_ptr<EntityExtractor> extractor_;
  std::vector<ArticleMentions> mentions_;  // like corpus_.articles
  size_t extracted_ = 0;
  double extract_started_ = 0;
  EntityTable table_;
  Corrections corrections_;
  EntitySource entity_source_ = EntitySource::kBoth;
  // Requests and caches.
  std::vector<std::unique_ptr<Pending>> queue_;
  std::unique_ptr<SelectionCache> selection_;
  std::unordered_map<std::string, EntityReply> entity_cache_;  // folded name -> details (no selection)
};

}  // namespace lede
