// search.h: runs a query against the index: boolean matching, BM25F ranking, top-k, snippets.
//
//   SearchResult r = Search(index, "wuzhen OR \"internet conference\" date:2014..2020");
//   for (const Hit& h : r.hits) ... index.corpus().articles[h.doc] ...
//   Highlighter hl(index, r);  Snippet s = hl.Best(article.text, article.lang);
//
// Pieces, as in PISA: the compiled query (terms resolved against the index), cursors over posting
// lists, the query algorithms, and a top-k queue. Fast paths, used when the query is a conjunction or a
// disjunction of plain terms (plus any filters): a single term skips blocks whose best impact cannot
// enter the top k (block-max); OR runs MaxScore (Turtle & Flood, "Query evaluation: strategies and
// optimizations", IP&M 1995); AND drives the rarest term and jumps the others forward (galloping
// search) without visiting their other postings. Everything else, and the reference the fast paths are
// tested against, evaluates the whole tree to a bitset and scores every match. Both rank identically:
// score (exact integer sums of impacts) descending, then article order.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/index.h"
#include "core/query.h"

namespace lede {

class EntityTable;

enum class SortOrder : uint8_t { kRelevance, kNewest, kOldest };

struct SearchOptions {
  size_t limit = 20;             // top k (ignored when all)
  bool all = false;              // return every match, ranked (for the results list); total is exact
  SortOrder sort = SortOrder::kRelevance;
  bool exhaustive = false;       // force the reference path (tests)
  const std::vector<uint64_t>* filter = nullptr;  // optional bitset of allowed docs (facets, brushing)
  // entity:"Name" resolves through this table when given (display names, aliases, merges and the
  // journalist's corrections, see entities.h); without it only the corpus's supplied labels match.
  const EntityTable* entities = nullptr;
};

struct Hit {
  uint32_t doc;
  float score;
};

struct SearchResult {
  std::vector<Hit> hits;
  size_t total = 0;              // number of matches; exact when total_exact
  bool total_exact = false;
  std::vector<std::string> errors;           // from the parser and from unknown fields
  std::vector<std::string> highlight_terms;  // index terms to highlight (positive terms of the query)
  bool fast_path = false;
};

SearchResult Search(const Index& index, std::string_view query, const SearchOptions& options = {});
SearchResult Search(const Index& index, const Query& query, const SearchOptions& options = {});

struct Range {
  uint32_t start, end;  // bytes
};

struct Snippet {
  std::string text;           // newlines replaced by spaces
  std::vector<Range> highlights;  // relative to text
  bool cut_start = false, cut_end = false;  // text was cut (show an ellipsis)
};

// Finds where a result's query terms occur in a text, by analyzing it the way the index did.
class Highlighter {
 public:
  Highlighter(const Index& index, const SearchResult& result);
  Highlighter(Analyzer& analyzer, const std::vector<std::string>& terms);
  bool active() const { return !terms_.empty(); }
  // All matches in text, merged and in order.
  std::vector<Range> Matches(std::string_view text, std::string_view lang) const;
  // The passage of about max_bytes with the most (and most varied) matches; the opening when none.
  Snippet Best(std::string_view text, std::string_view lang, size_t max_bytes = 240) const;

 private:
  Analyzer* analyzer_;
  std::unordered_set<std::string> terms_;
};

}  // namespace lede
