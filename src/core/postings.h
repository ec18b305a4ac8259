// postings.h: the compressed posting list of one term, its encoder, a cursor that decodes it lazily (a
// block's docs 8 at a time, only as far as asked; impacts one at a time), and a checker for lists read
// from untrusted bytes (a pack).
//
//   std::vector<uint8_t> bytes;
//   EncodeTerm(input, &bytes);                       // appends one term's list; then kPostingPad zeros
//   PostingList pl(bytes.data() + b, bytes.data() + e, df);
//   for (PostingCursor c(pl); c.doc() != kNoDoc; c.Next()) use(c.doc(), c.impact());
//   c.NextGEQ(target);                               // jumps over whole blocks with the skip table
//
// Design. Postings are cut into blocks of kBlock = 128 (the block size of PISA's block codecs and of
// Lemire & Boytsov, "Decoding billions of integers per second through vectorization", SPE 2015, whose
// "binary packing" is used here): each block stores its doc gaps (minus one) bit-packed with the width of
// its largest gap, and its quantized impacts frame-of-reference packed (block minimum, then the width of
// the largest difference). A skip table (last doc, block byte offset, positions bit offset, block
// maximum) per block lets AND and block-max skip blocks without decoding them (as in Ding & Suel,
// "Faster top-k document retrieval using block-max indexes", SIGIR 2011). Positions, read only for
// phrases and field filters, sit after the blocks in one bit stream per term: per posting the term
// frequency in Elias gamma, the first position and the later gaps (minus one) in Golomb-Rice codes whose
// parameters are chosen per block (Witten, Moffat & Bell, "Managing Gigabytes", 2nd ed., section 3.3).
// On Reuters-21578 Rice codes took 2.8 MB for the positions where byte varints took 3.4 MB.
//
// Impacts are quantized per term linearly into 8 bits: impact(q) = base + q * step, with base the
// term's smallest exact impact and step = ceil((largest - smallest) / 255) in 16.16 units (a per-term
// form of the linear quantizer of Anh & Moffat, "Impact transformations", SIGIR 2005, and of PISA's
// quantized scorers). A stored impact is within step / 2 of the exact BM25F one; scores stay exact
// integer sums of stored impacts, so every query path ranks identically, ties by article order. A list of
// one posting, or of equal impacts, stores its impact exactly.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace lede {

using Impact = uint32_t;                 // 16.16 fixed point
constexpr float kImpactScale = 65536.0f;
constexpr uint32_t kNoDoc = UINT32_MAX;
// Zero bytes that must follow the last list in the byte array: the decoders read 8 bytes at a time.
constexpr size_t kPostingPad = 8;

// One term's postings to encode: docs ascending; q[i] the quantized impact of posting i; its positions
// ascending in positions[pos_begin[i], pos_begin[i + 1]) (at least one per posting).
struct TermInput {
  const uint32_t* docs = nullptr;
  const uint8_t* q = nullptr;
  size_t df = 0;
  const uint32_t* positions = nullptr;
  const uint32_t* pos_begin = nullptr;   // df + 1 entries
  Impact base = 1;
  uint32_t step = 0;
};

// Appends the encoded list of in (df >= 1) to out.
void EncodeTerm(const TermInput& in, std::vector<uint8_t>* out);

// A read-only view of one encoded list; valid while the bytes live. Construction parses the header.
class PostingList {
 public:
  static constexpr size_t kBlock = 128;
  static constexpr size_t kChampions = 32;   // kept per list: the best postings in ranking order

  PostingList() = default;
  // [begin, end): the term's bytes (followed by readable padding); df: its number of postings.
  PostingList(const uint8_t* begin, const uint8_t* end, uint32_t df);

  size_t df() const { return df_; }
  size_t num_blocks() const { return (df_ + kBlock - 1) / kBlock; }
  Impact ImpactOf(uint32_t q) const { return base_ + q * step_; }
  Impact max_impact() const { return ImpactOf(qmax_); }
  // Largest impact in block b, and its last doc (read from the skip table, nothing decoded). A list of
  // one block has no skip table: its last doc is kNoDoc here (decode the block to know it).
  Impact BlockMax(size_t b) const;
  uint32_t BlockLastDoc(size_t b) const;
  // Decodes block b's docs (returns how many, at most kBlock) / quantized impacts into caller buffers.
  size_t DecodeDocs(size_t b, uint32_t* docs) const;
  void DecodeImpacts(size_t b, uint8_t* q) const;
  // Decodes block b's positions: posting k's are (*pos)[offsets[k], offsets[k + 1]). False when the
  // stream is malformed (only a corrupted pack; Adopt's check refuses those first).
  bool DecodePositions(size_t b, std::vector<uint32_t>* pos, uint32_t* offsets) const;
  // Up to kChampions postings with the highest impacts, best first (impact descending, then doc):
  // fills docs and impacts, returns the count (= min(df, kChampions)).
  size_t Champions(uint32_t* docs, Impact* impacts) const;

  // Checks a list read from untrusted bytes: header, skip table, every block (widths, extents, docs
  // ascending and below num_docs, impacts within the term's maximum, skip entries equal to what the
  // blocks hold), the champions, and every position stream. end must be followed by kPostingPad
  // readable bytes. Returns false with *error saying what is wrong.
  static bool Check(const uint8_t* begin, const uint8_t* end, uint32_t df, uint32_t num_docs, std::string* error);

 private:
  friend class PostingCursor;
  const uint8_t* BlockPtr(size_t b) const;
  const uint8_t* end_ = nullptr;
  const uint8_t* skip_ = nullptr;        // num_blocks > 1: kSkipBytes per block
  const uint8_t* champ_ = nullptr;       // df > kChampions: width byte, packed docs, impact bytes
  const uint8_t* blocks_ = nullptr;
  const uint8_t* pos_ = nullptr;
  uint32_t df_ = 0;
  Impact base_ = 0;
  uint32_t step_ = 0;
  uint8_t qmax_ = 0;
};

// Walks one list in doc order, decoding a block's docs lazily, 8 at a time, only as far as asked. doc() is
// kNoDoc past the end.
class PostingCursor {
 public:
  PostingCursor() = default;
  explicit PostingCursor(const PostingList& pl);
  uint32_t doc() const { return doc_; }
  // The current posting's impact, read from its packed bits (bq_ <= 8; the padding covers the 8-byte
  // load); 0 past the end.
  Impact impact() const {
    if (doc_ == kNoDoc) return 0;
    const size_t bit = i_ * bq_;
    uint64_t w;
    std::memcpy(&w, qp_ + (bit >> 3), 8);
    return pl_.ImpactOf(qlo_ + uint32_t((w >> (bit & 7)) & ((1u << bq_) - 1)));
  }
  void Next() {
    if (++i_ < m_) doc_ = docs_[i_];
    else NextSlow();
  }
  // Moves to the first posting with doc >= target (never backwards): whole blocks are skipped by their
  // last doc in the skip table, then the target's block is decoded only as far as the target.
  void NextGEQ(uint32_t target) {
    if (doc_ < target) NextGEQSlow(target);  // doc_ is kNoDoc past the end
  }
  // The current block's largest impact and last doc (0 and kNoDoc past the end): every posting from the
  // current one to block_last() has an impact of at most block_max().
  Impact block_max() const { return doc_ == kNoDoc ? 0 : pl_.BlockMax(block_); }
  uint32_t block_last() const { return last_; }
  // The largest impact of the block that holds target's place in the list (0 when the list ends
  // before target), read from the skip table without moving or decoding: a bound for block-max AND.
  // last, when given, receives that block's last doc (kNoDoc when the list ends before target).
  Impact BlockMaxFor(uint32_t target, uint32_t* last = nullptr) const;
  // Positions of the current posting (decodes the block's once); empty past the end or on bad data.
  const uint32_t* positions(size_t* count);
  const PostingList& list() const { return pl_; }

 private:
  void Load(size_t b);
  void NextSlow();
  void NextGEQSlow(uint32_t target);
  size_t BlockFor(uint32_t target) const;  // first block from the next one whose last doc >= target
  PostingList pl_;
  size_t block_ = 0, n_ = 0, m_ = 0, i_ = 0;  // block_ holds n_ postings, m_ of them decoded, i_ current
  uint32_t doc_ = kNoDoc, last_ = kNoDoc;     // last_: block_'s last doc
  const uint8_t* gaps_ = nullptr;             // block_'s packed doc gaps and impacts
  const uint8_t* qp_ = nullptr;
  uint32_t width_ = 0, qlo_ = 0, bq_ = 0;
  bool pos_ready_ = false;
  uint32_t docs_[PostingList::kBlock];
  uint32_t pos_offsets_[PostingList::kBlock + 1];
  std::vector<uint32_t> pos_;
};

}  // namespace lede
