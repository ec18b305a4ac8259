// index_adopt.cpp: Index::Adopt, the check that makes an index restored from a pack (src/core/pack.cpp
// fills its arrays through VisitArrays) as safe to query as a built one. It knows the representation of
// the finished index: whoever changes the arrays in index.h/index.cpp changes the checks here too (and
// bumps the pack's format version). Every check is linear in the array sizes; no allocation beyond a
// bitmap of terms.
#include <cstring>
#include <set>

#include "core/index.h"

namespace lede {

namespace {

template <class T> bool NonDecreasing(const std::vector<T>& v) {
  for (size_t i = 1; i < v.size(); ++i)
    if (v[i] < v[i - 1]) return false;
  return true;
}

// An offsets array for `parts` parts into an array of `total` elements: parts + 1 entries, starting at
// 0, never decreasing, ending at total.
bool Offsets(const std::vector<uint32_t>& v, size_t parts, size_t total, const char* name, std::string* error) {
  if (v.size() != parts + 1 || v.front() != 0 || v.back() != total || !NonDecreasing(v)) {
    *error = std::string("index array ") + name + ": " + std::to_string(v.size()) + " offsets do not split " +
             std::to_string(total) + " elements into " + std::to_string(parts) + " ascending parts";
    return false;
  }
  return true;
}

}  // namespace

bool Index::Adopt(const Corpus& corpus, const Bm25Params& params, std::string* error) {
  corpus_ = &corpus;
  params_ = params;
  finished_ = false;
  auto fail = [&](std::string what) {
    *error = std::move(what);
    return false;
  };
  const size_t n = corpus.articles.size();
  if (doc_dates_.size() != n)
    return fail("index array doc_dates: " + std::to_string(doc_dates_.size()) + " dates for " + std::to_string(n) + " articles");
  if (field_starts_.size() != n * (kFieldCount + 1))
    return fail("index array field_starts: " + std::to_string(field_starts_.size()) + " entries, expected " +
                std::to_string(n * (kFieldCount + 1)));
  if (term_offsets_.empty()) return fail("index array term_offsets is empty");
  const size_t num_terms = term_offsets_.size() - 1;
  if (num_terms >= UINT32_MAX) return fail("index: too many terms");
  if (!Offsets(term_offsets_, num_terms, term_chars_.size(), "term_offsets", error)) return false;
  // The term hash table: a power of two with at least one empty slot (so that FindTerm's probe ends),
  // holding term ids + 1.
  const size_t slots = slots_.size();
  if (slots == 0 || (slots & (slots - 1)) != 0 || slots <= num_terms)
    return fail("index array slots: " + std::to_string(slots) + " slots for " + std::to_string(num_terms) +
                " terms (a power of two larger than the term count is needed)");
  for (size_t s = 0; s < slots; ++s)
    if (slots_[s] > num_terms) return fail("index array slots: slot " + std::to_string(s) + " names term " + std::to_string(slots_[s] - 1));
  if (sorted_terms_.size() != num_terms) return fail("index array sorted_terms: " + std::to_string(sorted_terms_.size()) + " entries for " + std::to_string(num_terms) + " terms");
  {
    std::vector<uint8_t> seen(num_terms, 0);
    for (uint32_t t : sorted_terms_) {
      if (t >= num_terms || seen[t]) return fail("index array sorted_terms: term " + std::to_string(t) + " out of range or repeated");
      seen[t] = 1;
    }
  }
  // Postings.
  if (!Offsets(post_begin_, num_terms, docs_.size(), "post_begin", error)) return false;
  if (impacts_.size() != docs_.size()) return fail("index array impacts: " + std::to_string(impacts_.size()) + " impacts for " + std::to_string(docs_.size()) + " postings");
  for (size_t t = 0; t < num_terms; ++t)
    for (uint32_t i = post_begin_[t]; i < post_begin_[t + 1]; ++i)
      if (docs_[i] >= n || (i > post_begin_[t] && docs_[i] <= docs_[i - 1]))
        return fail("index array docs: posting " + std::to_string(i) + " of term " + std::to_string(t) + " names document " +
                    std::to_string(docs_[i]) + " (out of range or not ascending; " + std::to_string(n) + " articles)");
  if (!Offsets(pos_offsets_, docs_.size(), positions_.size(), "pos_offsets", error)) return false;
  // Positions are varints of at most 5 bytes (32 bits) and every posting's last byte ends one, so that
  // decoding never reads past a posting.
  {
    int run = 0;
    for (size_t i = 0; i < positions_.size(); ++i) {
      run = (positions_[i] & 0x80) ? run + 1 : 0;
      if (run >= 5) return fail("index array positions: varint longer than 5 bytes at byte " + std::to_string(i));
    }
    for (size_t i = 1; i < pos_offsets_.size(); ++i)
      if (pos_offsets_[i] > pos_offsets_[i - 1] && (positions_[pos_offsets_[i] - 1] & 0x80))
        return fail("index array positions: posting " + std::to_string(i - 1) + " ends inside a varint");
  }
  // Block maxima: one per kBlock postings of each term.
  if (!Offsets(block_begin_, num_terms, block_max_.size(), "block_begin", error)) return false;
  for (size_t t = 0; t < num_terms; ++t) {
    const size_t df = post_begin_[t + 1] - post_begin_[t];
    if (block_begin_[t + 1] - block_begin_[t] != (df + PostingList::kBlock - 1) / PostingList::kBlock)
      return fail("index array block_begin: term " + std::to_string(t) + " has " + std::to_string(block_begin_[t + 1] - block_begin_[t]) +
                  " blocks for " + std::to_string(df) + " postings");
  }
  if (max_impact_.size() != num_terms) return fail("index array max_impact: " + std::to_string(max_impact_.size()) + " entries for " + std::to_string(num_terms) + " terms");
  // Champions: at most kChampions per term, never more than its postings.
  if (!Offsets(champ_begin_, num_terms, champ_docs_.size(), "champ_begin", error)) return false;
  if (champ_impacts_.size() != champ_docs_.size()) return fail("index array champ_impacts: size differs from champ_docs");
  for (size_t t = 0; t < num_terms; ++t) {
    const size_t c = champ_begin_[t + 1] - champ_begin_[t], df = post_begin_[t + 1] - post_begin_[t];
    if (c > PostingList::kChampions || c > df) return fail("index array champ_begin: term " + std::to_string(t) + " has " + std::to_string(c) + " champions for " + std::to_string(df) + " postings");
  }
  for (size_t i = 0; i < champ_docs_.size(); ++i)
    if (champ_docs_[i] >= n) return fail("index array champ_docs: entry " + std::to_string(i) + " names document " + std::to_string(champ_docs_[i]));

  // Ready: the build state stays empty; the stemmers follow the corpus's languages, as Begin sets them.
  std::set<std::string> stemmers;
  for (const Article& a : corpus.articles) stemmers.insert(analyzer_->StemmerName(a.lang));
  stemmer_langs_.assign(stemmers.begin(), stemmers.end());
  added_ = n;
  finished_ = true;
  return true;
}

}  // namespace lede
