// index.h: the inverted index. Positions for phrases and field filters; BM25F impacts precomputed per
// posting so that queries only add integers.
//
//   Index index;
//   index.Build(corpus);                       // or Begin / AddSome (per frame, for progress) / Finish
//   int32_t t = index.FindTerm("wuzhen");      // -1 when absent
//   PostingList pl = index.Postings(t);        // compressed: read with a PostingCursor (postings.h)
//
// Scoring is BM25F (Robertson, Zaragoza & Taylor, "Simple BM25 extension to multiple weighted fields",
// CIKM 2004), in the form with one saturation after field weighting:
//   tf~(t,d) = sum over fields f of  boost_f * tf_f(t,d) / (1 - b + b * len_f(d) / avglen_f)
//   impact(t,d) = idf(t) * tf~ * (k1 + 1) / (tf~ + k1),   idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))
// (the non-negative idf of Lucene's BM25Similarity). With one field and boost 1 this is classic Okapi
// BM25 (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009, eq. 3.15).
// A document's score is the sum of the impacts of the query's terms it contains. Impacts are 16.16
// fixed point, quantized per term to 8 bits (postings.h: within half a quantization step of the exact
// value; a term of one posting keeps its exact impact), so that sums are exact and every query path ranks
// identically. Relative to unquantized impacts, rankings change only where quantization reorders or ties
// two documents' sums; ties go to article order.
//
// Memory (Reuters-21578, title + text, 16.7 MB of text): 27.5 MB with flat arrays; see MemoryBytes and
// postings.h for the compressed lists.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"
#include "core/corpus.h"
#include "core/postings.h"

namespace lede {

enum Field : uint8_t { kFieldTitle, kFieldText, kFieldByline, kFieldSource, kFieldTags, kFieldCount };
constexpr uint8_t kAllFields = (1u << kFieldCount) - 1;
const char* FieldName(Field f);

struct Bm25Params {
  float k1 = 1.2f;
  float b = 0.75f;
  float boost[kFieldCount] = {2.5f, 1.0f, 1.0f, 0.5f, 1.5f};  // title, text, byline, source, tags
};

class Index {
 public:
  Index();
  ~Index();
  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;

  // Builds the whole index. The corpus must outlive the index.
  void Build(const Corpus& corpus, const Bm25Params& params = {});
  // The same in steps: Begin, then AddSome until it returns true (all added), then Finish.
  void Begin(const Corpus& corpus, const Bm25Params& params = {});
  bool AddSome(size_t max_articles);
  void Finish();
  size_t added() const { return added_; }

  bool ready() const { return finished_; }
  size_t num_docs() const { return doc_dates_.size(); }
  size_t num_terms() const { return term_offsets_.size() - 1; }
  const Corpus& corpus() const { return *corpus_; }

  int32_t FindTerm(std::string_view term) const;
  std::string_view TermText(uint32_t term) const;
  // Term's postings: a view valid while the index lives and is not rebuilt.
  PostingList Postings(uint32_t term) const;
  size_t df(uint32_t term) const { return post_begin_[term + 1] - post_begin_[term]; }
  // Term ids whose text starts with prefix, at most limit of them, most frequent first.
  std::vector<uint32_t> TermsWithPrefix(std::string_view prefix, size_t limit) const;
  // Calls f(term id) for every term (for fuzzy matching).
  template <class F> void ForEachTerm(F&& f) const { for (uint32_t t = 0; t < num_terms(); ++t) f(t); }

  Field FieldAt(uint32_t doc, uint32_t position) const;
  int64_t DocDate(uint32_t doc) const { return doc_dates_[doc]; }  // INT64_MIN when undated
  const std::vector<int64_t>& doc_dates() const { return doc_dates_; }
  // Snowball stemmers used by the corpus's languages ("english", "french" ...), for query expansion.
  const std::vector<std::string>& stemmer_langs() const { return stemmer_langs_; }
  const Bm25Params& params() const { return params_; }
  Analyzer& analyzer() const { return *analyzer_; }

  // Bytes held by the index (postings, dictionary, per-document tables); the articles are not counted.
  size_t MemoryBytes() const;

  // Every array a finished index keeps, as v(name, member) calls: the pack (src/core/pack.cpp) stores
  // and restores exactly these, so whoever adds, removes or changes a member of the finished index
  // lists it here (and bumps the pack's format version). Members are std::string or std::vector of a
  // trivially copyable type. With T terms and N documents, a consistent index has (Check tests all):
  //   term_chars    the term texts back to back.
  //   term_offsets  T + 1 entries, [0] = 0, non-decreasing, back() = term_chars.size().
  //   sorted_terms  T entries, a permutation of 0..T-1, term texts strictly ascending in byte order
  //                 (FindTerm binary-searches it, prefix search scans it).
  //   post_begin    T + 1 entries, [0] = 0, strictly ascending (every term has a posting):
  //                 df(t) = post_begin[t + 1] - post_begin[t] <= N.
  //   post_offsets  T + 1 entries, [0] = 0, strictly ascending, back() + kPostingPad = post_bytes.size():
  //                 term t's encoded list is post_bytes[post_offsets[t], post_offsets[t + 1]).
  //   post_bytes    the encoded lists (layout in postings.cpp), then kPostingPad zero bytes; each list
  //                 passes PostingList::Check with its df and N (docs < N, ascending; skip entries,
  //                 block offsets and position streams consistent and inside the list's bytes;
  //                 champions the true best postings).
  //   field_starts  N * (kFieldCount + 1) entries, non-decreasing within each document.
  //   doc_dates     N entries (INT64_MIN when undated).
  template <class V> void VisitArrays(V&& v) {
    v("term_chars", term_chars_); v("term_offsets", term_offsets_); v("sorted_terms", sorted_terms_);
    v("post_begin", post_begin_); v("post_offsets", post_offsets_); v("post_bytes", post_bytes_);
    v("field_starts", field_starts_); v("doc_dates", doc_dates_);
  }
  // Checks the invariants listed above on arrays VisitArrays filled (a pack's); Adopt calls it. Returns
  // false with *error naming the array and the first inconsistency. Decodes every list: linear in size.
  bool Check(std::string* error) const;
  bool Adopt(const Corpus& corpus, const Bm25Params& params, std::string* error);

 private:
  uint32_t Intern(std::string_view term);
  uint32_t TermOfWord(std::string_view raw, bool ascii, int stemmer);
  void AddArticle(uint32_t doc, const Article& a);

  const Corpus* corpus_ = nullptr;
  Bm25Params params_;
  std::unique_ptr<Analyzer> analyzer_;
  // Dictionary.
  std::string term_chars_;                 // all term texts back to back
  std::vector<uint32_t> term_offsets_;     // term id -> offset in term_chars_ (size num_terms + 1)
  std::vector<uint32_t> slots_;            // while building: open-addressing hash table of term id + 1
  std::vector<uint32_t> sorted_terms_;     // term ids in byte order of their text (lookup, prefix search)
  // Postings of all terms: term t has df = post_begin_[t + 1] - post_begin_[t] postings, encoded (see
  // postings.h) in post_bytes_[post_offsets_[t], post_offsets_[t + 1]).
  std::vector<uint32_t> post_begin_;
  std::vector<uint64_t> post_offsets_;
  std::vector<uint8_t> post_bytes_;
  // Per document.
  std::vector<uint32_t> field_starts_;     // kFieldCount + 1 positions per doc
  std::vector<int64_t> doc_dates_;
  std::vector<std::string> stemmer_langs_;
  // Build state: one (term, doc, position) triple per token, sorted by term in Finish; and a cache
  // from a word's surface form (and stemmer) to its term, so most tokens skip folding and stemming.
  struct Occurrence { uint32_t term, doc, position; };
  std::vector<Occurrence> occurrences_;
  std::vector<uint32_t> field_lens_;       // kFieldCount per doc, in positions
  std::vector<uint32_t> surface_slots_;    // hash table of surface entry + 1
  std::vector<uint32_t> surface_offsets_, surface_terms_;
  std::string surface_chars_;
  Tokens tokens_;
  size_t added_ = 0;
  bool finished_ = false;
};

}  // namespace lede
