// facets.h: facet values per article (source, language, tag) and the combined filter of the explorer:
// query AND date range AND facets, computed as bitsets over articles. No UI.
//
//   FacetIndex facets; facets.Build(corpus);
//   Selection sel = Select(index, facets, filter);   // sel.docs: what every view shows
//   sel.facet_counts[kFacetSource][value]            // live counts under the other filters
//
// Crossfilter semantics, as journalists expect from linked views: a view's own filter does not narrow
// that view. The timeline counts articles matching the query and facets but not the date range (so the
// brush shows what lies outside it); each facet counts under every filter except its own selections
// (so more values can be added). Values of one facet combine with OR, facets with AND; excluded values
// are removed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/corpus.h"
#include "core/index.h"
#include "core/search.h"

namespace lede {

enum FacetKind : uint8_t { kFacetSource, kFacetLang, kFacetTag, kFacetCount };
const char* FacetName(FacetKind k);   // "source", "lang", "tag"

struct FacetIndex {
  struct Facet {
    std::vector<std::string> values;        // sorted
    std::vector<uint32_t> doc_begin;        // CSR: doc d has values value_ids[doc_begin[d] .. doc_begin[d+1])
    std::vector<uint32_t> value_ids;
  } facets[kFacetCount];
  void Build(const Corpus& corpus);
  int Find(FacetKind k, const std::string& value) const;  // -1 when absent
};

struct FacetChoice {
  FacetKind kind;
  std::string value;
  bool exclude = false;
  bool operator==(const FacetChoice& o) const { return kind == o.kind && value == o.value && exclude == o.exclude; }
};

struct Filter {
  std::string query;
  int64_t from = INT64_MIN, to = INT64_MAX;  // date range [from, to); INT64_MIN/MAX: open
  std::vector<FacetChoice> facets;
  bool has_dates() const { return from != INT64_MIN || to != INT64_MAX; }
  bool operator==(const Filter& o) const { return query == o.query && from == o.from && to == o.to && facets == o.facets; }
  bool operator!=(const Filter& o) const { return !(*this == o); }
};

using Bits = std::vector<uint64_t>;

struct Selection {
  Bits docs;                 // articles passing every filter
  size_t count = 0;
  Bits timeline;             // query AND facets (not the date range)
  std::vector<uint32_t> facet_counts[kFacetCount];  // per value id
  SearchResult search;       // the query's ranked matches within docs (empty query: none)
  std::vector<uint32_t> ranked;  // docs in list order (relevance, or by date for an empty query / date sort)
};

// Runs the filter. sort orders `ranked`. entities: resolves entity:"Name" in the query (see SearchOptions).
Selection Select(const Index& index, const FacetIndex& facets, const Filter& filter, SortOrder sort,
                 const EntityTable* entities = nullptr);

inline bool TestBit(const Bits& b, uint32_t d) { return (b[d >> 6] >> (d & 63)) & 1; }

}  // namespace lede
