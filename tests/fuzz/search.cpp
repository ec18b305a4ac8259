// tests/fuzz/search.cpp: search (core/search.h) over two small fixed indexes, with the exhaustive path as
// the oracle for every fast path, plus filters, Select (core/facets.h) and snippets.
//
// Input: four option bytes, then the query (shorter inputs are a query with default options).
//   byte 0: bit 0 index (0: the bundled assets/corpus.json with an entity table; 1: 400 generated
//           articles over a small Zipf vocabulary, so posting lists run past the block-max block of 64 and
//           the 32 champions), bits 1-2 sort (relevance, newest, oldest), bit 3 facet filter, bit 4 date
//           range, bit 5 all matches
//   byte 1: limit (0..39)
//   byte 2: the facet value (kind, value), byte 3 bit 0: exclude it; bits 1-7: the date range
// Oracle, for every input:
// - Search with the fast paths equals Search with SearchOptions::exhaustive: the same hits (documents and
//   exact scores, in order), errors and highlight terms; the fast total is exact when it says so, and
//   otherwise the reference finds at least `limit` matches;
// - hits respect the filter bitset and the limit, are ranked by score (relevance), and filtering equals
//   searching everything and then dropping what the filter leaves out;
// - Select with the same query, facet choice and date range lists exactly those hits (or, for an empty
//   query, every article the facet and dates let through), and counts its bitset right;
// - snippets (Highlighter::Best) and matches of the top hits stay inside their text and max_bytes, on
//   UTF-8 character boundaries.
//
// fuzz: -max_len=256 -dict=query.dict
// seeds: search
#include <algorithm>
#include <memory>

#include "core/entities.h"
#include "core/facets.h"
#include "core/search.h"
#include "core/text.h"
#include "fuzz.h"

namespace {

using lede::Bits;
using lede::Hit;
using lede::SearchOptions;
using lede::SearchResult;
using lede::SortOrder;
using lede::fuzz::Printable;

struct Fixture {
  lede::Corpus corpus;
  lede::Index index;
  lede::FacetIndex facets;
  std::vector<lede::ArticleMentions> mentions;
  lede::EntityTable table;
  bool has_table = false;
  std::vector<int64_t> dates;  // sorted distinct article dates, for date ranges
  void Finish() {
    index.Build(corpus);
    facets.Build(corpus);
    for (int64_t d : index.doc_dates())
      if (d != INT64_MIN) dates.push_back(d);
    std::sort(dates.begin(), dates.end());
    dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  }
};

// 400 articles: titles and texts drawn from a small vocabulary with Zipf-like frequencies, a few in
// French and Chinese, four sources, tags, supplied entities, and dates (some missing, some shared).
void Generate(lede::Corpus* c) {
  static const char* const kWords[] = {
      "market", "internet", "government", "conference", "network", "minister", "election", "bank", "oil",
      "price", "trade", "talks", "wuzhen", "zhejiang", "reform", "growth", "court", "protocol", "email",
      "tomlinson", "postel", "governance", "forum", "stocks", "rose", "fell", "report", "water", "city",
      "ICANN", "Zürich", "naïve", "e-mail", "U.S.", "2014", "x25", "crisis", "deal", "vote", "treaty"};
  static const char* const kCjk[] = {"世界", "互联网", "大会", "乌镇", "浙江", "举行", "第一届", "会议"};
  static const char* const kSources[] = {"Reuters", "Lede Sample Wire", "Le Monde", "新华社"};
  static const char* const kTags[] = {"economy", "china", "internet", "politics", "energy", "law"};
  lede::fuzz::Rng rng(20240611);
  const size_t nw = sizeof kWords / sizeof kWords[0];
  auto word = [&] {  // rank r with probability ~ 1/(r+1)
    for (;;) {
      const size_t r = rng.Below(nw);
      if (rng.Below(r + 1) == 0) return std::string(kWords[r]);
    }
  };
  auto words = [&](size_t n) {
    std::string s;
    for (size_t k = 0; k < n; ++k) s += (k ? " " : "") + word();
    return s;
  };
  for (int i = 0; i < 400; ++i) {
    lede::Article a;
    a.id = "g" + std::to_string(i);
    const size_t kind = rng.Below(20);
    if (kind == 0) {
      a.lang = "zh";
      for (size_t k = 0, n = 2 + rng.Below(6); k < n; ++k) a.title += kCjk[rng.Below(8)];
      for (size_t k = 0, n = 5 + rng.Below(30); k < n; ++k) a.text += kCjk[rng.Below(8)] + std::string(k % 7 == 6 ? "。" : "");
      a.text += " " + words(3);
    } else {
      a.lang = kind == 1 ? "fr" : "en";
      a.title = words(2 + rng.Below(5));
      a.text = words(5 + rng.Below(60));
    }
    a.source = kSources[rng.Below(4)];
    a.byline = rng.Below(3) == 0 ? "Jon Postel" : "";
    for (size_t k = 0, n = rng.Below(3); k < n; ++k) a.tags.push_back(kTags[rng.Below(6)]);
    if (rng.Below(5) == 0) a.entities.push_back({"James Baker", lede::EntityType::kPerson, "Treasury Secretary James Baker"});
    if (rng.Below(8) != 0) {
      const int64_t day = int64_t(rng.Below(50 * 365)) / (rng.Below(4) == 0 ? 30 : 1) * (rng.Below(4) == 0 ? 30 : 1);
      a.date = {day * 86400, lede::DatePrecision::kDay};
      a.date_text = lede::FormatDate(a.date);
    }
    c->articles.push_back(std::move(a));
  }
}

Fixture* Make(int which) {
  auto* f = new Fixture;
  if (which == 0) {
    lede::LoadReport report;
    if (!lede::LoadCorpus(lede::fuzz::ReadSourceFile("assets/corpus.json"), &f->corpus, &report)) std::abort();
    f->Finish();
    lede::EntityExtractor extractor;
    for (const lede::Article& a : f->corpus.articles) f->mentions.push_back(extractor.Extract(a));
    extractor.Harmonize(&f->mentions);
    f->table.Build(f->corpus, f->mentions, lede::EntitySource::kBoth, {}, &extractor);
    f->has_table = true;
  } else {
    Generate(&f->corpus);
    f->Finish();
  }
  return f;
}

void SameHits(const SearchResult& a, const SearchResult& b, std::string_view q, const char* what) {
  FUZZ_CHECK(a.hits.size() == b.hits.size(), what << ": " << a.hits.size() << " hits vs " << b.hits.size() << " for "
                                                  << Printable(q));
  for (size_t i = 0; i < a.hits.size(); ++i)
    FUZZ_CHECK(a.hits[i].doc == b.hits[i].doc && a.hits[i].score == b.hits[i].score,
               what << ": rank " << i << " is doc " << a.hits[i].doc << " (" << a.hits[i].score << ") vs doc "
                    << b.hits[i].doc << " (" << b.hits[i].score << ") for " << Printable(q));
}

bool Allowed(const Bits* filter, uint32_t d) { return !filter || lede::TestBit(*filter, d); }

void CheckSnippets(const Fixture& f, const SearchResult& r) {
  lede::Highlighter hl(f.index, r);
  for (size_t i = 0; i < r.hits.size() && i < 3; ++i) {
    const lede::Article& a = f.corpus.articles[r.hits[i].doc];
    for (size_t max : {size_t(240), size_t(40)}) {
      const lede::Snippet s = hl.Best(a.text, a.lang, max);
      FUZZ_CHECK(s.text.size() <= max, "snippet of " << s.text.size() << " bytes for max " << max);
      FUZZ_CHECK(lede::FindInvalidUtf8(s.text) == std::string::npos, "snippet cuts a character: " << Printable(s.text));
      uint32_t last = 0;
      for (const lede::Range& h : s.highlights) {
        FUZZ_CHECK(h.start < h.end && h.end <= s.text.size() && h.start >= last, "snippet highlight out of place");
        last = h.end;
      }
    }
    for (const lede::Range& m : hl.Matches(a.title, a.lang))
      FUZZ_CHECK(m.start < m.end && m.end <= a.title.size(), "title match out of range");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* const fixtures[2] = {Make(0), Make(1)};
  uint8_t opt[4] = {0, 20, 0, 0};
  if (size >= 4) {
    std::copy(data, data + 4, opt);
    data += 4;
    size -= 4;
  }
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  const Fixture& f = *fixtures[opt[0] & 1];
  const size_t n = f.index.num_docs();
  const int sort_bits = (opt[0] >> 1) & 3;
  const SortOrder sort = sort_bits == 1 ? SortOrder::kNewest : sort_bits == 2 ? SortOrder::kOldest : SortOrder::kRelevance;

  // The filter, built here independently of facets.cpp: one facet value (or all but it) and a date range.
  lede::Filter filter;
  filter.query = std::string(query);
  Bits bits((n + 63) / 64, 0);
  for (uint32_t d = 0; d < n; ++d) bits[d >> 6] |= uint64_t(1) << (d & 63);
  if (opt[0] & 8) {
    const lede::FacetKind kind = lede::FacetKind(opt[2] % lede::kFacetCount);
    const auto& facet = f.facets.facets[kind];
    if (!facet.values.empty()) {
      const uint32_t value = uint32_t(opt[2] / lede::kFacetCount % facet.values.size());
      const bool exclude = opt[3] & 1;
      filter.facets.push_back({kind, facet.values[value], exclude});
      for (uint32_t d = 0; d < n; ++d) {
        const bool has = std::find(facet.value_ids.begin() + facet.doc_begin[d], facet.value_ids.begin() + facet.doc_begin[d + 1],
                                   value) != facet.value_ids.begin() + facet.doc_begin[d + 1];
        if (has == exclude) bits[d >> 6] &= ~(uint64_t(1) << (d & 63));
      }
    }
  }
  if ((opt[0] & 16) && !f.dates.empty()) {
    const size_t a = (opt[3] >> 1) & 7, b = opt[3] >> 4;  // eighths and sixteenths of the dated span
    filter.from = f.dates[a * (f.dates.size() - 1) / 8];
    filter.to = f.dates[std::min(f.dates.size() - 1, b * f.dates.size() / 16)] + (b & 1);
    if (filter.from >= filter.to) filter.to = INT64_MAX;
    for (uint32_t d = 0; d < n; ++d) {
      const int64_t t = f.index.DocDate(d);
      if (t == INT64_MIN || t < filter.from || t >= filter.to) bits[d >> 6] &= ~(uint64_t(1) << (d & 63));
    }
  }
  const bool filtered = !filter.facets.empty() || filter.has_dates();

  SearchOptions o;
  o.limit = opt[1] % 40;
  o.all = opt[0] & 32;
  o.sort = sort;
  o.filter = filtered ? &bits : nullptr;
  o.entities = f.has_table ? &f.table : nullptr;
  const SearchResult fast = lede::Search(f.index, query, o);
  SearchOptions ox = o;
  ox.exhaustive = true;
  const SearchResult ref = lede::Search(f.index, query, ox);

  // Fast paths against the reference.
  SameHits(fast, ref, query, fast.fast_path ? "fast path vs exhaustive" : "repeated search");
  FUZZ_CHECK(fast.errors == ref.errors, "errors differ for " << Printable(query));
  FUZZ_CHECK(fast.highlight_terms == ref.highlight_terms, "highlight terms differ for " << Printable(query));
  FUZZ_CHECK(ref.total_exact, "the reference total is not exact");
  if (fast.total_exact)
    FUZZ_CHECK(fast.total == ref.total, "total " << fast.total << " vs " << ref.total << " for " << Printable(query));
  else
    FUZZ_CHECK(!o.all && fast.hits.size() == o.limit && ref.total >= o.limit,
               "inexact total " << fast.total << " with " << fast.hits.size() << " hits, reference " << ref.total);
  FUZZ_CHECK(o.all ? ref.hits.size() == ref.total : ref.hits.size() == std::min(o.limit, ref.total),
             ref.hits.size() << " hits of " << ref.total << " with limit " << o.limit);

  // Hits: inside the filter, unique, ranked.
  std::vector<char> seen(n, 0);
  for (size_t i = 0; i < ref.hits.size(); ++i) {
    const Hit& h = ref.hits[i];
    FUZZ_CHECK(h.doc < n && !seen[h.doc], "hit " << i << " is doc " << h.doc);
    seen[h.doc] = 1;
    FUZZ_CHECK(Allowed(o.filter, h.doc), "hit " << i << " (doc " << h.doc << ") is outside the filter");
    FUZZ_CHECK(h.score >= 0, "negative score");
    if (i > 0 && sort == SortOrder::kRelevance && !ref.highlight_terms.empty())
      FUZZ_CHECK(h.score <= ref.hits[i - 1].score, "rank " << i << " scores above rank " << i - 1);
  }

  // Filtering equals dropping: every match, with and without the filter.
  SearchOptions all = ox;
  all.all = true;
  all.filter = nullptr;
  const SearchResult without = lede::Search(f.index, query, all);
  if (filtered) {
    all.filter = &bits;
    const SearchResult with = lede::Search(f.index, query, all);
    all.filter = nullptr;
    SearchResult dropped;
    for (const Hit& h : without.hits)
      if (Allowed(o.filter, h.doc)) dropped.hits.push_back(h);
    SameHits(with, dropped, query, "filter vs dropping");
  }

  // Select: the app's combined filter over the same choices.
  const lede::Selection sel = lede::Select(f.index, f.facets, filter, sort, o.entities);
  size_t count = 0;
  for (uint64_t w : sel.docs) count += size_t(__builtin_popcountll(w));
  FUZZ_CHECK(count == sel.count, "Select counts " << sel.count << " of " << count);
  FUZZ_CHECK(sel.ranked.size() == sel.count, "Select lists " << sel.ranked.size() << " of " << sel.count);
  const bool has_query = filter.query.find_first_not_of(" \t") != std::string::npos;
  if (has_query) {
    SearchOptions ranked = all;
    ranked.exhaustive = false;  // Select searches as the app does
    const SearchResult everything = lede::Search(f.index, query, ranked);
    std::vector<uint32_t> expected;
    for (const Hit& h : everything.hits)
      if (lede::TestBit(bits, h.doc)) expected.push_back(h.doc);
    FUZZ_CHECK(sel.ranked == expected, "Select lists " << sel.ranked.size() << " articles, the search and filter "
                                                       << expected.size() << " for " << Printable(query));
  } else {
    for (uint32_t d = 0; d < n; ++d)
      FUZZ_CHECK(lede::TestBit(sel.docs, d) == lede::TestBit(bits, d), "Select and the filter disagree on doc " << d);
  }

  CheckSnippets(f, ref);
  return 0;
}
