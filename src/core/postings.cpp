// postings.cpp: the posting list codec. See postings.h for the design and its sources.
//
// Layout of one term's bytes (all integers little endian; "varint": 7 bits a byte, low groups first):
//   header   varint base; if df > 1: varint step, byte qmax; varint pos_off (bytes from the first block
//            to the positions); if more than one block: per block kSkipBytes = u32 last doc, u32 byte
//            offset of the block from the first block, u32 bit offset of its positions from the
//            positions' start, u8 largest quantized impact; if df > kChampions: byte width, kChampions
//            docs packed in width bits, then their kChampions quantized impacts, best first.
//   blocks   per block of n postings: byte doc width bd, byte qmin, byte impact width bq; n doc gaps
//            minus one (from the previous block's last doc; the first block's first doc as is) packed in
//            bd bits; n impacts minus qmin packed in bq bits. Both packings start on a byte.
//   positions one bit stream, least significant bit first; per block: 5 bits k1, 5 bits k2, then per
//            posting gamma(tf), Rice_k1(first position), tf - 1 times Rice_k2(gap to the previous one).
#include "core/postings.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace lede {

namespace {

constexpr size_t kSkipBytes = 13;

inline uint32_t Width(uint32_t v) { return v ? 32u - uint32_t(__builtin_clz(v)) : 0u; }
inline size_t PackedBytes(size_t n, uint32_t width) { return (n * width + 7) / 8; }

inline uint32_t Load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline void Store32(std::vector<uint8_t>* out, uint32_t v) {
  for (int s = 0; s < 32; s += 8) out->push_back(uint8_t(v >> s));
}

inline void PutVarint(std::vector<uint8_t>* out, uint32_t v) {
  while (v >= 0x80) { out->push_back(uint8_t(v | 0x80)); v >>= 7; }
  out->push_back(uint8_t(v));
}
// Reads a varint at *p, never past end; false when it runs past end or over 32 bits.
inline bool GetVarint(const uint8_t** p, const uint8_t* end, uint32_t* v) {
  uint64_t x = 0;
  for (int shift = 0; shift < 35 && *p < end; shift += 7) {
    const uint8_t b = *(*p)++;
    x |= uint64_t(b & 0x7F) << shift;
    if (!(b & 0x80)) {
      if (x > UINT32_MAX) return false;
      *v = uint32_t(x);
      return true;
    }
  }
  return false;
}

class BitWriter {
 public:
  explicit BitWriter(std::vector<uint8_t>* out) : out_(out), start_(out->size()) {}
  void Put(uint32_t v, uint32_t bits) {  // bits <= 32
    acc_ |= uint64_t(v) << used_;
    used_ += bits;
    while (used_ >= 8) { out_->push_back(uint8_t(acc_)); acc_ >>= 8; used_ -= 8; }
  }
  void Unary(uint32_t q) {  // q zeros, then a one
    for (; q >= 31; q -= 31) Put(0, 31);
    Put(1u << q, q + 1);
  }
  void Rice(uint32_t v, uint32_t k) { Unary(v >> k); Put(k ? v & ((1u << k) - 1) : 0, k); }
  void Gamma(uint32_t x) {  // x >= 1
    const uint32_t nb = Width(x) - 1;
    Unary(nb);
    Put(x - (1u << nb), nb);
  }
  uint64_t bits() const { return uint64_t(out_->size() - start_) * 8 + used_; }
  void Flush() { if (used_) { out_->push_back(uint8_t(acc_)); acc_ = 0; used_ = 0; } }

 private:
  std::vector<uint8_t>* out_;
  size_t start_;
  uint64_t acc_ = 0;
  uint32_t used_ = 0;
};

// Reads a bit stream of end bits from p (followed by kPostingPad readable bytes); never reads a bit at
// or past end: a stream that asks for one sets bad.
class BitReader {
 public:
  BitReader(const uint8_t* p, uint64_t bit, uint64_t end) : p_(p), bit_(bit), end_(end) {}
  uint32_t Get(uint32_t n) {
    if (n == 0) return 0;
    if (bit_ + n > end_) { bad = true; bit_ = end_; return 0; }
    const uint64_t v = Peek() & ((uint64_t(1) << n) - 1);
    bit_ += n;
    return uint32_t(v);
  }
  uint32_t Unary() {
    uint32_t q = 0;
    for (;;) {
      if (bit_ >= end_ || q > (1u << 30)) { bad = true; bit_ = end_; return 0; }
      const uint64_t w = Peek() & ((uint64_t(1) << 56) - 1);
      if (w) {
        const uint32_t tz = uint32_t(__builtin_ctzll(w));
        if (bit_ + tz + 1 > end_) { bad = true; bit_ = end_; return 0; }
        bit_ += tz + 1;
        return q + tz;
      }
      q += 56;
      bit_ += 56;
    }
  }
  uint32_t Rice(uint32_t k) {
    const uint64_t q = Unary();
    if (k > 31 || (q << k) > UINT32_MAX) { bad = true; return 0; }
    return uint32_t(q << k) | Get(k);
  }
  uint32_t Gamma() {
    const uint32_t nb = Unary();
    if (nb > 31) { bad = true; return 1; }
    return (1u << nb) | Get(nb);
  }
  uint64_t bit() const { return bit_; }
  bool bad = false;

 private:
  uint64_t Peek() const {
    uint64_t w;
    std::memcpy(&w, p_ + (bit_ >> 3), 8);
    return w >> (bit_ & 7);
  }
  const uint8_t* p_;
  uint64_t bit_, end_;
};

void Pack(const uint32_t* v, size_t n, uint32_t width, std::vector<uint8_t>* out) {
  BitWriter w(out);
  for (size_t i = 0; i < n; ++i) w.Put(v[i], width);
  w.Flush();
}

// Unpacks n values of width bits from p; reads up to 7 bytes past the packed ones (the padding). The width
// is a template parameter so that each loop compiles to constant shifts; a full block is unrolled.
template <uint32_t W> void UnpackW(const uint8_t* p, size_t n, uint32_t* out) {
  constexpr uint64_t kMask = (uint64_t(1) << W) - 1;
  auto one = [&](size_t i) {
    uint64_t w;
    std::memcpy(&w, p + ((i * W) >> 3), 8);
    out[i] = uint32_t((w >> ((i * W) & 7)) & kMask);
  };
  if (n == PostingList::kBlock) {
    for (size_t i = 0; i < PostingList::kBlock; ++i) one(i);
  } else {
    for (size_t i = 0; i < n; ++i) one(i);
  }
}

template <uint32_t... W> constexpr auto UnpackTable(std::integer_sequence<uint32_t, W...>) {
  using Fn = void (*)(const uint8_t*, size_t, uint32_t*);
  return std::array<Fn, sizeof...(W)>{&UnpackW<W + 1>...};
}

void Unpack(const uint8_t* p, size_t n, uint32_t width, uint32_t* out) {
  static constexpr auto kTable = UnpackTable(std::make_integer_sequence<uint32_t, 32>());
  if (width == 0) { std::fill(out, out + n, 0u); return; }
  kTable[width - 1](p, n, out);
}

// Decodes doc gaps into docs in groups of 8, from index `from` (a multiple of 8) while the last one decoded
// is below target, at least one group; returns the new count decoded (at most n). Eight values of W bits
// take exactly W bytes, so every group starts on a byte and each value's offset is a constant: the group
// compiles to 8 independent loads, shifts and masks, and the prefix sum (doc = previous + gap + 1) runs
// alongside. A group of fewer than 8 (the list's end) takes the generic loop, which reads no further than
// Unpack does. prev is the doc before index `from` (UINT32_MAX before a list's first, which wraps to 0).
// Gap k of a group of 8 at g, plus one: a load at a constant offset, a constant shift and a mask.
template <uint32_t W, uint32_t K> inline uint32_t GapPlus1(const uint8_t* g) {
  uint64_t w = 0;
  if (W) std::memcpy(&w, g + ((K * W) >> 3), 8);
  return uint32_t((w >> ((K * W) & 7)) & (W ? (uint64_t(1) << W) - 1 : 0)) + 1;
}
// One group of 8, unrolled by the fold (the comma fold runs left to right).
template <uint32_t W, uint32_t... K> inline uint32_t Group(const uint8_t* g, uint32_t prev, uint32_t* out, std::integer_sequence<uint32_t, K...>) {
  ((out[K] = prev = prev + GapPlus1<W, K>(g)), ...);
  return prev;
}

template <uint32_t W> size_t DocsUntilW(const uint8_t* p, size_t n, size_t from, uint32_t prev, uint32_t target, uint32_t* docs) {
  constexpr uint64_t kMask = W ? (uint64_t(1) << W) - 1 : 0;
  size_t i = from;
  do {
    if (i + 8 <= n) {
      prev = Group<W>(p + (i / 8) * W, prev, docs + i, std::make_integer_sequence<uint32_t, 8>());
      i += 8;
    } else {
      for (; i < n; ++i) {
        uint64_t w = 0;
        if (W) std::memcpy(&w, p + ((i * W) >> 3), 8);
        docs[i] = prev = prev + uint32_t((w >> ((i * W) & 7)) & kMask) + 1;
      }
    }
  } while (i < n && prev < target);
  return i;
}

template <uint32_t... W> constexpr auto DocsUntilTable(std::integer_sequence<uint32_t, W...>) {
  using Fn = size_t (*)(const uint8_t*, size_t, size_t, uint32_t, uint32_t, uint32_t*);
  return std::array<Fn, sizeof...(W)>{&DocsUntilW<W>...};
}

// width <= 32 (the encoder never writes more; Check refuses more, and a cursor masks it to be safe).
size_t DocsUntil(const uint8_t* p, uint32_t width, size_t n, size_t from, uint32_t prev, uint32_t target, uint32_t* docs) {
  static constexpr auto kTable = DocsUntilTable(std::make_integer_sequence<uint32_t, 33>());
  return kTable[width > 32 ? 32 : width](p, n, from, prev, target, docs);
}

// The Rice parameter with the fewest bits for these values (the neighbours of log2 of their mean).
uint32_t BestRice(const std::vector<uint32_t>& v) {
  if (v.empty()) return 0;
  uint64_t sum = 0;
  for (uint32_t x : v) sum += x;
  const uint32_t guess = Width(uint32_t(std::min<uint64_t>(sum / v.size(), UINT32_MAX)));
  uint32_t best = 0;
  uint64_t best_bits = UINT64_MAX;
  for (uint32_t k = guess > 2 ? guess - 2 : 0; k <= std::min(guess + 1, 31u); ++k) {
    uint64_t bits = 0;
    for (uint32_t x : v) bits += (x >> k) + 1 + k;
    if (bits < best_bits) { best_bits = bits; best = k; }
  }
  return best;
}

// Ranking order of postings: higher impact first, then lower doc.
struct Ranked {
  uint8_t q;
  uint32_t doc;
  bool operator<(const Ranked& o) const { return q != o.q ? q > o.q : doc < o.doc; }
};

}  // namespace

// ---- encoder -----------------------------------------------------------------------------------------
void EncodeTerm(const TermInput& in, std::vector<uint8_t>* out) {
  const size_t df = in.df, kB = PostingList::kBlock;
  const uint8_t zero = 0;
  const uint8_t* qs = df == 1 ? &zero : in.q;  // one posting: its impact is the base, exactly
  const size_t nb = (df + kB - 1) / kB;
  std::vector<uint8_t> blocks, positions, skip;
  BitWriter pw(&positions);
  uint8_t qmax = 0;
  uint32_t vals[PostingList::kBlock];
  std::vector<uint32_t> firsts, gaps;
  uint32_t prev = UINT32_MAX;  // gaps are doc - prev - 1; the first one wraps to the doc itself
  for (size_t b = 0; b < nb; ++b) {
    const size_t lo = b * kB, n = std::min(df, lo + kB) - lo;
    const uint32_t block_off = uint32_t(blocks.size());
    const uint32_t pos_bit = uint32_t(pw.bits());
    uint32_t max_gap = 0;
    for (size_t i = 0; i < n; ++i) {
      vals[i] = in.docs[lo + i] - prev - 1;
      prev = in.docs[lo + i];
      max_gap = std::max(max_gap, vals[i]);
    }
    uint8_t qlo = 255, qhi = 0;
    for (size_t i = 0; i < n; ++i) { qlo = std::min(qlo, qs[lo + i]); qhi = std::max(qhi, qs[lo + i]); }
    qmax = std::max(qmax, qhi);
    const uint32_t bd = Width(max_gap), bq = Width(uint32_t(qhi - qlo));
    blocks.push_back(uint8_t(bd));
    blocks.push_back(qlo);
    blocks.push_back(uint8_t(bq));
    Pack(vals, n, bd, &blocks);
    for (size_t i = 0; i < n; ++i) vals[i] = uint32_t(qs[lo + i] - qlo);
    Pack(vals, n, bq, &blocks);
    // Positions: the first of each posting and the gaps after it, each with its own Rice parameter.
    firsts.clear();
    gaps.clear();
    for (size_t i = lo; i < lo + n; ++i) {
      firsts.push_back(in.positions[in.pos_begin[i]]);
      for (uint32_t p = in.pos_begin[i] + 1; p < in.pos_begin[i + 1]; ++p) gaps.push_back(in.positions[p] - in.positions[p - 1]);
    }
    const uint32_t k1 = BestRice(firsts), k2 = BestRice(gaps);
    pw.Put(k1, 5);
    pw.Put(k2, 5);
    for (size_t i = lo; i < lo + n; ++i) {
      pw.Gamma(in.pos_begin[i + 1] - in.pos_begin[i]);
      pw.Rice(in.positions[in.pos_begin[i]], k1);
      for (uint32_t p = in.pos_begin[i] + 1; p < in.pos_begin[i + 1]; ++p) pw.Rice(in.positions[p] - in.positions[p - 1], k2);
    }
    Store32(&skip, prev);
    Store32(&skip, block_off);
    Store32(&skip, pos_bit);
    skip.push_back(qhi);
  }
  pw.Flush();

  PutVarint(out, in.base);
  if (df > 1) {
    PutVarint(out, in.step);
    out->push_back(qmax);
  }
  PutVarint(out, uint32_t(blocks.size()));
  if (nb > 1) out->insert(out->end(), skip.begin(), skip.end());
  if (df > PostingList::kChampions) {
    std::vector<Ranked> r(df);
    for (size_t i = 0; i < df; ++i) r[i] = {qs[i], in.docs[i]};
    std::partial_sort(r.begin(), r.begin() + PostingList::kChampions, r.end());
    uint32_t max_doc = 0;
    for (size_t k = 0; k < PostingList::kChampions; ++k) { vals[k] = r[k].doc; max_doc = std::max(max_doc, r[k].doc); }
    const uint32_t width = Width(max_doc);
    out->push_back(uint8_t(width));
    Pack(vals, PostingList::kChampions, width, out);
    for (size_t k = 0; k < PostingList::kChampions; ++k) out->push_back(r[k].q);
  }
  out->insert(out->end(), blocks.begin(), blocks.end());
  out->insert(out->end(), positions.begin(), positions.end());
}

// ---- decoding ----------------------------------------------------------------------------------------
PostingList::PostingList(const uint8_t* begin, const uint8_t* end, uint32_t df) : end_(end), df_(df) {
  const uint8_t* p = begin;
  uint32_t pos_off = 0;
  GetVarint(&p, end, &base_);
  if (df > 1) {
    GetVarint(&p, end, &step_);
    qmax_ = p < end ? *p++ : 0;
  }
  GetVarint(&p, end, &pos_off);
  if (num_blocks() > 1) { skip_ = p; p += kSkipBytes * num_blocks(); }
  if (df > kChampions) { champ_ = p; p += 1 + PackedBytes(kChampions, *p) + kChampions; }
  blocks_ = p;
  pos_ = p + pos_off;
}

const uint8_t* PostingList::BlockPtr(size_t b) const { return b == 0 ? blocks_ : blocks_ + Load32(skip_ + b * kSkipBytes + 4); }

Impact PostingList::BlockMax(size_t b) const { return skip_ ? ImpactOf(skip_[b * kSkipBytes + 12]) : max_impact(); }

uint32_t PostingList::BlockLastDoc(size_t b) const { return skip_ ? Load32(skip_ + b * kSkipBytes) : kNoDoc; }

size_t PostingList::DecodeDocs(size_t b, uint32_t* docs) const {
  const size_t n = std::min(df_ - b * kBlock, kBlock);
  const uint8_t* p = BlockPtr(b);
  return DocsUntil(p + 3, p[0], n, 0, b == 0 ? UINT32_MAX : BlockLastDoc(b - 1), UINT32_MAX, docs);
}

void PostingList::DecodeImpacts(size_t b, uint8_t* q) const {
  const size_t n = std::min(df_ - b * kBlock, kBlock);
  const uint8_t* p = BlockPtr(b);
  uint32_t tmp[kBlock];
  Unpack(p + 3 + PackedBytes(n, p[0]), n, p[2], tmp);
  for (size_t i = 0; i < n; ++i) q[i] = uint8_t(p[1] + tmp[i]);
}

bool PostingList::DecodePositions(size_t b, std::vector<uint32_t>* pos, uint32_t* offsets) const {
  const size_t n = std::min(df_ - b * kBlock, kBlock);
  const uint64_t start = skip_ && b > 0 ? Load32(skip_ + b * kSkipBytes + 8) : 0;
  BitReader r(pos_, start, uint64_t(end_ - pos_) * 8);
  pos->clear();
  offsets[0] = 0;
  const uint32_t k1 = r.Get(5), k2 = r.Get(5);
  for (size_t i = 0; i < n && !r.bad; ++i) {
    const uint32_t tf = r.Gamma();
    uint64_t p = r.Rice(k1);
    pos->push_back(uint32_t(p));
    for (uint32_t k = 1; k < tf && !r.bad; ++k) {
      p += r.Rice(k2);
      if (p > UINT32_MAX) r.bad = true;
      pos->push_back(uint32_t(p));
    }
    offsets[i + 1] = uint32_t(pos->size());
  }
  if (r.bad) {
    pos->clear();
    std::fill(offsets, offsets + n + 1, 0u);
  }
  return !r.bad;
}

size_t PostingList::Champions(uint32_t* docs, Impact* impacts) const {
  Ranked r[kBlock > kChampions ? kBlock : kChampions];
  size_t count;
  if (champ_) {
    uint32_t d[kChampions];
    Unpack(champ_ + 1, kChampions, champ_[0], d);
    const uint8_t* q = champ_ + 1 + PackedBytes(kChampions, champ_[0]);
    for (size_t k = 0; k < kChampions; ++k) r[k] = {q[k], d[k]};
    count = kChampions;
  } else {  // the whole list is the champion list: one block, sorted here
    if (df_ == 0) return 0;
    uint32_t d[kBlock];
    uint8_t q[kBlock];
    count = DecodeDocs(0, d);
    DecodeImpacts(0, q);
    for (size_t k = 0; k < count; ++k) r[k] = {q[k], d[k]};
    for (size_t k = 1; k < count; ++k)  // insertion sort: at most kChampions, usually a handful
      for (size_t j = k; j > 0 && r[j] < r[j - 1]; --j) std::swap(r[j], r[j - 1]);
  }
  for (size_t k = 0; k < count; ++k) { docs[k] = r[k].doc; impacts[k] = ImpactOf(r[k].q); }
  return count;
}

// ---- cursor --------------------------------------------------------------------------------------------
// A block is decoded lazily: Load reads its header and decodes its first group of 8 docs; the rest are
// decoded a group at a time only as far as Next and NextGEQ need (m_ of n_ so far). Its last doc comes
// from the skip table, so NextGEQ knows whether a target lies inside it without decoding. Impacts are
// read one at a time, straight from their packed bits.
PostingCursor::PostingCursor(const PostingList& pl) : pl_(pl) { Load(0); }

void PostingCursor::Load(size_t b) {
  block_ = b;
  i_ = 0;
  pos_ready_ = false;
  if (b >= pl_.num_blocks()) { n_ = m_ = 0; doc_ = last_ = kNoDoc; return; }
  const uint8_t* p = pl_.BlockPtr(b);
  n_ = std::min(pl_.df() - b * PostingList::kBlock, PostingList::kBlock);
  gaps_ = p + 3;
  width_ = p[0];
  qlo_ = p[1];
  bq_ = std::min<uint32_t>(p[2], 8);
  qp_ = gaps_ + PackedBytes(n_, width_);
  if (pl_.num_blocks() == 1) {  // no skip table: decode it all to know its last doc
    m_ = DocsUntil(gaps_, width_, n_, 0, UINT32_MAX, UINT32_MAX, docs_);
    last_ = docs_[n_ - 1];
  } else {
    m_ = DocsUntil(gaps_, width_, n_, 0, b == 0 ? UINT32_MAX : pl_.BlockLastDoc(b - 1), 0, docs_);
    last_ = pl_.BlockLastDoc(b);
  }
  doc_ = docs_[0];
}

void PostingCursor::NextSlow() {  // i_ == m_: decode the next group, or load the next block
  if (i_ < n_) {
    m_ = DocsUntil(gaps_, width_, n_, m_, docs_[m_ - 1], 0, docs_);
    doc_ = docs_[i_];
    return;
  }
  Load(block_ + 1);
}

size_t PostingCursor::BlockFor(uint32_t target) const {
  // Gallop over the skip table's last docs from the next block, then binary search the bracket.
  const size_t nb = pl_.num_blocks();
  size_t lo = block_ + 1, hi = lo, step = 1;
  while (hi < nb && pl_.BlockLastDoc(hi) < target) { lo = hi + 1; hi += step; step *= 2; }
  hi = std::min(hi, nb);
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (pl_.BlockLastDoc(mid) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

void PostingCursor::NextGEQSlow(uint32_t target) {  // doc_ < target
  if (last_ < target) {
    Load(BlockFor(target));
    if (doc_ >= target) return;  // also past the end
  }
  // target lies in this block, after doc_. Either it is among the docs decoded already, at most a group
  // or so ahead (a block decoded whole at Load: search it), or decoding stops in the group that holds it.
  size_t i = i_ + 1;
  if (docs_[m_ - 1] < target) {
    const size_t from = m_;
    m_ = DocsUntil(gaps_, width_, n_, m_, docs_[m_ - 1], target, docs_);
    i = std::max(from, m_ >= 8 ? m_ - 8 : 0);
  } else if (m_ - i > 16) {
    i = size_t(std::lower_bound(docs_ + i, docs_ + m_, target) - docs_);
  }
  while (docs_[i] < target) ++i;  // stops at m_ - 1 at the latest: docs_[m_ - 1] >= target
  i_ = i;
  doc_ = docs_[i];
}

Impact PostingCursor::BlockMaxFor(uint32_t target, uint32_t* last) const {
  size_t b = block_;
  if (doc_ != kNoDoc && last_ < target) b = BlockFor(target);
  if (doc_ == kNoDoc || b >= pl_.num_blocks()) {
    if (last) *last = kNoDoc;
    return 0;
  }
  if (last) *last = b == block_ ? last_ : pl_.BlockLastDoc(b);
  return pl_.BlockMax(b);
}

const uint32_t* PostingCursor::positions(size_t* count) {
  *count = 0;
  if (doc_ == kNoDoc) return nullptr;
  if (!pos_ready_) {
    pl_.DecodePositions(block_, &pos_, pos_offsets_);
    pos_ready_ = true;
  }
  *count = pos_offsets_[i_ + 1] - pos_offsets_[i_];
  return pos_.data() + pos_offsets_[i_];
}

// ---- checking untrusted bytes ----------------------------------------------------------------------------
bool PostingList::Check(const uint8_t* begin, const uint8_t* end, uint32_t df, uint32_t num_docs, std::string* error) {
  auto fail = [&](const std::string& what) {
    *error = what;
    return false;
  };
  if (df == 0) return fail("a term with no postings");
  if (end < begin) return fail("its byte range is reversed");
  const uint8_t* p = begin;
  uint32_t base = 0, step = 0, pos_off = 0, qmax = 0;
  if (!GetVarint(&p, end, &base)) return fail("its header is cut (base)");
  if (base == 0) return fail("its base impact is 0 (a match must count)");
  if (df > 1) {
    if (!GetVarint(&p, end, &step) || p >= end) return fail("its header is cut (step)");
    qmax = *p++;
  }
  if (uint64_t(base) + uint64_t(qmax) * step > UINT32_MAX) return fail("its largest impact overflows 32 bits");
  if (!GetVarint(&p, end, &pos_off)) return fail("its header is cut (positions offset)");
  const size_t nb = (size_t(df) + kBlock - 1) / kBlock;
  if (nb > 1 && size_t(end - p) < kSkipBytes * nb) return fail("its skip table runs past its bytes");
  const uint8_t* skip = nb > 1 ? p : nullptr;
  if (skip) p += kSkipBytes * nb;
  const uint8_t* champ = nullptr;
  if (df > kChampions) {
    if (p >= end || *p > 32) return fail("its champion list is cut or has a bad width");
    if (size_t(end - p) < 1 + PackedBytes(kChampions, *p) + kChampions) return fail("its champion list runs past its bytes");
    champ = p;
    p += 1 + PackedBytes(kChampions, *p) + kChampions;
  }
  if (size_t(end - p) < pos_off) return fail("its positions offset points past its bytes");
  const uint8_t* blocks = p;
  const uint8_t* positions = p + pos_off;
  PostingList pl(begin, end, df);
  // Blocks: contiguous, each within [blocks, positions), docs ascending below num_docs.
  std::vector<Ranked> all;
  all.reserve(df);
  uint32_t docs[kBlock];
  uint8_t q[kBlock];
  const uint8_t* expect = blocks;
  uint64_t prev = 0;
  bool first = true;
  uint32_t seen_qmax = 0;
  for (size_t b = 0; b < nb; ++b) {
    const size_t n = std::min(size_t(df) - b * kBlock, kBlock);
    if (skip && b > 0 && blocks + Load32(skip + b * kSkipBytes + 4) != expect) return fail("block " + std::to_string(b) + "'s offset is not where the block before it ends");
    if (positions - expect < 3) return fail("block " + std::to_string(b) + " is cut");
    const uint32_t bd = expect[0], qlo = expect[1], bq = expect[2];
    if (bd > 32 || bq > 8) return fail("block " + std::to_string(b) + " has a bad bit width");
    const size_t bytes = 3 + PackedBytes(n, bd) + PackedBytes(n, bq);
    if (size_t(positions - expect) < bytes) return fail("block " + std::to_string(b) + " runs past the blocks' end");
    uint32_t gaps[kBlock], dq[kBlock];
    Unpack(expect + 3, n, bd, gaps);
    Unpack(expect + 3 + PackedBytes(n, bd), n, bq, dq);
    uint32_t block_q = 0;
    for (size_t i = 0; i < n; ++i) {
      const uint64_t d = first ? gaps[i] : prev + 1 + gaps[i];
      first = false;
      if (d >= num_docs) return fail("block " + std::to_string(b) + " names document " + std::to_string(d) + " of " + std::to_string(num_docs));
      prev = d;
      docs[i] = uint32_t(d);
      if (qlo + dq[i] > 255) return fail("block " + std::to_string(b) + " has an impact over 255");
      q[i] = uint8_t(qlo + dq[i]);
      block_q = std::max<uint32_t>(block_q, q[i]);
      all.push_back({q[i], docs[i]});
    }
    if (skip && (Load32(skip + b * kSkipBytes) != prev || skip[b * kSkipBytes + 12] != block_q))
      return fail("block " + std::to_string(b) + "'s skip entry disagrees with the block");
    seen_qmax = std::max(seen_qmax, block_q);
    expect += bytes;
  }
  if (expect != positions) return fail("the blocks do not end where the positions start");
  if (seen_qmax != qmax) return fail("its largest impact is not the one in its header");
  // Positions: one stream, block after block, that ends in the last byte.
  const uint64_t total_bits = uint64_t(end - positions) * 8;
  uint64_t bit = 0;
  std::vector<uint32_t> pos;
  uint32_t offsets[kBlock + 1];
  for (size_t b = 0; b < nb; ++b) {
    const size_t n = std::min(size_t(df) - b * kBlock, kBlock);
    if (skip && b > 0 && Load32(skip + b * kSkipBytes + 8) != bit) return fail("block " + std::to_string(b) + "'s positions do not start where the block before's end");
    BitReader r(positions, bit, total_bits);
    const uint32_t k1 = r.Get(5), k2 = r.Get(5);
    for (size_t i = 0; i < n && !r.bad; ++i) {
      const uint32_t tf = r.Gamma();
      if (tf > total_bits) r.bad = true;
      uint64_t at = r.Rice(k1);
      for (uint32_t k = 1; k < tf && !r.bad; ++k) {
        at += r.Rice(k2);
        if (at > UINT32_MAX) r.bad = true;
      }
    }
    if (r.bad || !pl.DecodePositions(b, &pos, offsets)) return fail("block " + std::to_string(b) + "'s positions are malformed");
    bit = r.bit();
  }
  if ((bit + 7) / 8 * 8 != total_bits) return fail("its positions do not end where its bytes end");
  // Champions: exactly the best kChampions postings, best first.
  if (champ) {
    std::partial_sort(all.begin(), all.begin() + kChampions, all.end());
    uint32_t d[kChampions];
    Unpack(champ + 1, kChampions, champ[0], d);
    const uint8_t* cq = champ + 1 + PackedBytes(kChampions, champ[0]);
    for (size_t k = 0; k < kChampions; ++k)
      if (d[k] != all[k].doc || cq[k] != all[k].q) return fail("its champion list is not its best postings");
  }
  return true;
}

}  // namespace lede
