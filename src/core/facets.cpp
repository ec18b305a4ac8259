// facets.cpp: facet dictionaries and the combined explorer filter (see facets.h).
#include "core/facets.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace lede {

const char* FacetName(FacetKind k) {
  static const char* kNames[] = {"source", "lang", "tag"};
  return kNames[k];
}

void FacetIndex::Build(const Corpus& corpus) {
  for (int k = 0; k < kFacetCount; ++k) {
    Facet& f = facets[k];
    f = Facet{};
    auto values_of = [&](const Article& a) {
      std::vector<const std::string*> v;
      if (k == kFacetSource && !a.source.empty()) v.push_back(&a.source);
      if (k == kFacetLang && !a.lang.empty()) v.push_back(&a.lang);
      if (k == kFacetTag)
        for (const std::string& t : a.tags) v.push_back(&t);
      return v;
    };
    std::map<std::string, uint32_t> ids;
    for (const Article& a : corpus.articles)
      for (const std::string* v : values_of(a)) ids.emplace(*v, 0);
    uint32_t next = 0;
    for (auto& [value, id] : ids) {
      id = next++;
      f.values.push_back(value);
    }
    f.doc_begin.push_back(0);
    for (const Article& a : corpus.articles) {
      std::vector<uint32_t> mine;
      for (const std::string* v : values_of(a)) mine.push_back(ids[*v]);
      std::sort(mine.begin(), mine.end());
      mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
      f.value_ids.insert(f.value_ids.end(), mine.begin(), mine.end());
      f.doc_begin.push_back(uint32_t(f.value_ids.size()));
    }
  }
}

int FacetIndex::Find(FacetKind k, const std::string& value) const {
  const auto& v = facets[k].values;
  auto it = std::lower_bound(v.begin(), v.end(), value);
  return it != v.end() && *it == value ? int(it - v.begin()) : -1;
}

namespace {

Bits All(size_t n) {
  Bits b((n + 63) / 64, ~uint64_t(0));
  if (n % 64) b.back() &= (uint64_t(1) << (n % 64)) - 1;
  if (n == 0) b.clear();
  return b;
}

void And(Bits& a, const Bits& b) {
  for (size_t w = 0; w < a.size(); ++w) a[w] &= b[w];
}

// Articles allowed by one facet's choices: any included value (or every article when none is included),
// minus the excluded values.
Bits FacetBits(const FacetIndex& fi, FacetKind k, const std::vector<FacetChoice>& choices, size_t n) {
  const auto& f = fi.facets[k];
  std::vector<char> include(f.values.size(), 0), exclude(f.values.size(), 0);
  bool any_include = false;
  for (const FacetChoice& c : choices) {
    if (c.kind != k) continue;
    const int id = fi.Find(k, c.value);
    if (c.exclude) { if (id >= 0) exclude[size_t(id)] = 1; }
    else { any_include = true; if (id >= 0) include[size_t(id)] = 1; }
  }
  Bits out = any_include ? Bits((n + 63) / 64, 0) : All(n);
  for (uint32_t d = 0; d < n; ++d) {
    bool inc = false, exc = false;
    for (uint32_t i = f.doc_begin[d]; i < f.doc_begin[d + 1]; ++i) {
      inc |= include[f.value_ids[i]] != 0;
      exc |= exclude[f.value_ids[i]] != 0;
    }
    if (exc) out[d >> 6] &= ~(uint64_t(1) << (d & 63));
    else if (any_include && inc) out[d >> 6] |= uint64_t(1) << (d & 63);
  }
  return out;
}

}  // namespace

Selection Select(const Index& index, const FacetIndex& fi, const Filter& filter, SortOrder sort,
                 const EntityTable* entities) {
  Selection s;
  const size_t n = index.num_docs();
  Bits facet_bits[kFacetCount];
  for (int k = 0; k < kFacetCount; ++k) facet_bits[k] = FacetBits(fi, FacetKind(k), filter.facets, n);
  Bits dates = All(n);
  if (filter.has_dates())
    for (uint32_t d = 0; d < n; ++d) {
      const int64_t t = index.DocDate(d);
      if (t == INT64_MIN || t < filter.from || t >= filter.to) dates[d >> 6] &= ~(uint64_t(1) << (d & 63));
    }
  Bits facets_all = All(n);
  for (const Bits& b : facet_bits) And(facets_all, b);

  // The query's matches (every article when there is no query).
  const bool has_query = filter.query.find_first_not_of(" \t") != std::string::npos;
  Bits query_bits = All(n);
  if (has_query) {
    SearchOptions o;  // over every article: the facets count the query's matches outside their own choices
    o.all = true;
    o.sort = sort;
    o.entities = entities;
    s.search = Search(index, filter.query, o);
    query_bits.assign(query_bits.size(), 0);
    for (const Hit& h : s.search.hits) query_bits[h.doc >> 6] |= uint64_t(1) << (h.doc & 63);
  }
  s.timeline = query_bits;
  And(s.timeline, facets_all);
  s.docs = s.timeline;
  And(s.docs, dates);
  for (uint64_t w : s.docs) s.count += size_t(__builtin_popcountll(w));

  // Facet counts: every filter but the facet's own.
  for (int k = 0; k < kFacetCount; ++k) {
    Bits base = query_bits;
    And(base, dates);
    for (int j = 0; j < kFacetCount; ++j)
      if (j != k) And(base, facet_bits[j]);
    // Excluded values of this facet still narrow it (they are never wanted); only its inclusions don't.
    std::vector<FacetChoice> excluded;
    for (const FacetChoice& c : filter.facets)
      if (c.kind == k && c.exclude) excluded.push_back(c);
    if (!excluded.empty()) And(base, FacetBits(fi, FacetKind(k), excluded, n));
    const auto& f = fi.facets[k];
    s.facet_counts[k].assign(f.values.size(), 0);
    for (uint32_t d = 0; d < n; ++d)
      if (TestBit(base, d))
        for (uint32_t i = f.doc_begin[d]; i < f.doc_begin[d + 1]; ++i) ++s.facet_counts[k][f.value_ids[i]];
  }

  // List order.
  if (has_query) {
    for (const Hit& h : s.search.hits)
      if (TestBit(s.docs, h.doc)) s.ranked.push_back(h.doc);
  } else {
    for (uint32_t d = 0; d < n; ++d)
      if (TestBit(s.docs, d)) s.ranked.push_back(d);
    const bool oldest = sort == SortOrder::kOldest;
    std::stable_sort(s.ranked.begin(), s.ranked.end(), [&](uint32_t a, uint32_t b) {
      const int64_t da = index.DocDate(a), db = index.DocDate(b);
      if (da != db) {
        if (da == INT64_MIN || db == INT64_MIN) return db == INT64_MIN;  // undated last
        return oldest ? da < db : da > db;
      }
      return a < b;
    });
  }
  return s;
}

}  // namespace lede
