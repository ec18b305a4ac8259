// index.h: the inverted index. Positions for phrases and field filters; BM25F impacts precomputed per
// posting so that queries only add integers.
//
//   Index index;
//   index.Build(corpus);                       // or Begin / AddSome (per frame, for progress) / Finish
//   int32_t t = index.FindTerm("wuzhen");      // -1 when absent
//   const PostingList& pl = index.Postings(t); // docs ascending, impacts, positions
//
// Scoring is BM25F (Robertson, Zaragoza & Taylor, "Simple BM25 extension to multiple weighted fields",
// CIKM 2004), in the form with one saturation after field weighting:
//   tf~(t,d) = sum over fields f of  boost_f * tf_f(t,d) / (1 - b + b * len_f(d) / avglen_f)
//   impact(t,d) = idf(t) * tf~ * (k1 + 1) / (tf~ + k1),   idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))
// (the non-negative idf of Lucene's BM25Similarity). With one field and boost 1 this is classic Okapi
// BM25 (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009, eq. 3.15).
// A document's score is the sum of the impacts of the query's terms it contains. Impacts are stored as
// 16.16 fixed point so that sums are exact and every query path ranks identically.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"
#include "core/corpus.h"

namespace lede {

enum Field : uint8_t { kFieldTitle, kFieldText, kFieldByline, kFieldSource, kFieldTags, kFieldCount };
constexpr uint8_t kAllFields = (1u << kFieldCount) - 1;
const char* FieldName(Field f);

struct Bm25Params {
  float k1 = 1.2f;
  float b = 0.75f;
  float boost[kFieldCount] = {2.5f, 1.0f, 1.0f, 0.5f, 1.5f};  // title, text, byline, source, tags
};

using Impact = uint32_t;                 // 16.16 fixed point
constexpr float kImpactScale = 65536.0f;

// A read-only view of contiguous elements (the index stores all posting lists back to back).
template <class T> struct Span {
  const T* ptr = nullptr;
  size_t count = 0;
  size_t size() const { return count; }
  bool empty() const { return count == 0; }
  const T* begin() const { return ptr; }
  const T* end() const { return ptr + count; }
  const T& operator[](size_t i) const { return ptr[i]; }
  const T& back() const { return ptr[count - 1]; }
};

// One term's postings: a view into the index, valid while the index lives and is not rebuilt.
struct PostingList {
  static constexpr size_t kBlock = 64;   // postings per block-max entry
  Span<uint32_t> docs;                   // ascending
  Span<Impact> impacts;                  // parallel to docs
  Span<Impact> block_max;                // max impact of postings [i*kBlock, (i+1)*kBlock)
  Span<uint32_t> champions;              // up to kChampions docs with the highest impacts, best first
  Span<Impact> champion_impacts;
  const uint32_t* pos_offsets = nullptr; // docs.size() + 1 offsets into positions
  const uint8_t* positions = nullptr;    // per posting: varint deltas of word positions in the document
  Impact max_impact = 0;
  static constexpr size_t kChampions = 32;
  size_t df() const { return docs.size(); }
  // Decodes the positions of posting i into out (cleared first).
  void Positions(size_t i, std::vector<uint32_t>* out) const;
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
  PostingList Postings(uint32_t term) const;
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
  // trivially copyable type.
  template <class V> void VisitArrays(V&& v) {
    v("term_chars", term_chars_); v("term_offsets", term_offsets_); v("slots", slots_);
    v("sorted_terms", sorted_terms_); v("post_begin", post_begin_); v("docs", docs_);
    v("impacts", impacts_); v("pos_offsets", pos_offsets_); v("positions", positions_);
    v("block_begin", block_begin_); v("block_max", block_max_); v("max_impact", max_impact_);
    v("champ_begin", champ_begin_); v("champ_docs", champ_docs_); v("champ_impacts", champ_impacts_);
    v("field_starts", field_starts_); v("doc_dates", doc_dates_);
  }
  // After VisitArrays filled a fresh index from a pack: ties it to its corpus (whose articles may have
  // no text yet), sets the parameters and the corpus's stemmers, and checks that the arrays agree with
  // each other (sizes, offsets in bounds, terms in range) so that no query can read out of bounds.
  // Returns false with *error naming the first inconsistency; the index is then unusable.
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
  std::vector<uint32_t> slots_;            // open-addressing hash table of term id + 1 (0: empty)
  std::vector<uint32_t> sorted_terms_;     // term ids in byte order of their text (prefix search)
  // Postings of all terms back to back; term t owns [post_begin_[t], post_begin_[t + 1]).
  std::vector<uint32_t> post_begin_, docs_;
  std::vector<Impact> impacts_;
  std::vector<uint32_t> pos_offsets_;      // per posting, into positions_ (one extra at the end)
  std::vector<uint8_t> positions_;
  std::vector<uint32_t> block_begin_;      // term t's block maxima: [block_begin_[t], block_begin_[t + 1])
  std::vector<Impact> block_max_, max_impact_;
  std::vector<uint32_t> champ_begin_, champ_docs_;
  std::vector<Impact> champ_impacts_;
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
