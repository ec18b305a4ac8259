// index.cpp: building the inverted index and computing BM25F impacts. See index.h for the formula.
#include "core/index.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

namespace lede {

const char* FieldName(Field f) {
  static const char* kNames[] = {"title", "text", "byline", "source", "tags"};
  return f < kFieldCount ? kNames[f] : "?";
}

namespace {

inline uint64_t HashBytes(std::string_view s) {  // FNV-1a, 64-bit
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) { h ^= c; h *= 1099511628211ull; }
  return h;
}

inline void PutVarint(std::vector<uint8_t>& out, uint32_t v) {
  while (v >= 0x80) { out.push_back(uint8_t(v | 0x80)); v >>= 7; }
  out.push_back(uint8_t(v));
}

inline uint32_t GetVarint(const uint8_t*& p) {
  uint32_t v = 0;
  for (int shift = 0;; shift += 7) {
    const uint8_t b = *p++;
    v |= uint32_t(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
  }
}

template <class T> size_t Bytes(const std::vector<T>& v) { return v.capacity() * sizeof(T); }

}  // namespace

void PostingList::Positions(size_t i, std::vector<uint32_t>* out) const {
  out->clear();
  const uint8_t* p = positions.data() + pos_offsets[i];
  const uint8_t* end = positions.data() + (i + 1 < pos_offsets.size() ? pos_offsets[i + 1] : positions.size());
  uint32_t pos = 0;
  while (p < end) {
    pos += GetVarint(p);
    out->push_back(pos);
  }
}

Index::Index() : analyzer_(std::make_unique<Analyzer>()) {}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

void Index::Build(const Corpus& corpus, const Bm25Params& params) {
  Begin(corpus, params);
  while (!AddSome(SIZE_MAX)) {}
  Finish();
}

void Index::Begin(const Corpus& corpus, const Bm25Params& params) {
  Analyzer* keep = analyzer_.release();  // stem caches stay useful across rebuilds
  *this = Index();
  analyzer_.reset(keep);
  corpus_ = &corpus;
  params_ = params;
  slots_.assign(1 << 16, 0);
  term_offsets_.push_back(0);
  doc_dates_.reserve(corpus.articles.size());
  field_starts_.reserve(corpus.articles.size() * (kFieldCount + 1));
  std::set<std::string> stemmers;
  for (const Article& a : corpus.articles) stemmers.insert(analyzer_->StemmerName(a.lang));
  stemmer_langs_.assign(stemmers.begin(), stemmers.end());
}

uint32_t Index::Intern(std::string_view term) {
  const size_t mask = slots_.size() - 1;
  size_t slot = HashBytes(term) & mask;
  while (uint32_t id1 = slots_[slot]) {
    const uint32_t id = id1 - 1;
    const std::string_view existing(term_chars_.data() + term_offsets_[id], term_offsets_[id + 1] - term_offsets_[id]);
    if (existing == term) return id;
    slot = (slot + 1) & mask;
  }
  const uint32_t id = uint32_t(lists_.size());
  term_chars_.append(term);
  term_offsets_.push_back(uint32_t(term_chars_.size()));
  lists_.emplace_back();
  last_pos_.push_back(0);
  slots_[slot] = id + 1;
  if (lists_.size() * 2 > slots_.size()) {  // keep the load under one half
    std::vector<uint32_t> bigger(slots_.size() * 2, 0);
    const size_t m = bigger.size() - 1;
    for (uint32_t t = 0; t < lists_.size(); ++t) {
      size_t s = HashBytes(TermText(t)) & m;
      while (bigger[s]) s = (s + 1) & m;
      bigger[s] = t + 1;
    }
    slots_.swap(bigger);
  }
  return id;
}

int32_t Index::FindTerm(std::string_view term) const {
  if (slots_.empty()) return -1;
  const size_t mask = slots_.size() - 1;
  for (size_t slot = HashBytes(term) & mask; uint32_t id1 = slots_[slot]; slot = (slot + 1) & mask)
    if (TermText(id1 - 1) == term) return int32_t(id1 - 1);
  return -1;
}

std::string_view Index::TermText(uint32_t t) const {
  return {term_chars_.data() + term_offsets_[t], size_t(term_offsets_[t + 1] - term_offsets_[t])};
}

void Index::AddArticle(uint32_t doc, const Article& a) {
  tokens_.clear();
  uint32_t starts[kFieldCount + 1];
  uint32_t lens[kFieldCount] = {};
  auto field = [&](Field f, std::string_view text) {
    starts[f] = tokens_.positions;
    analyzer_->Analyze(text, a.lang, &tokens_);
    lens[f] = tokens_.positions - starts[f];
  };
  field(kFieldTitle, a.title);
  tokens_.positions += 1;  // gaps keep phrases inside one field
  field(kFieldText, a.text);
  tokens_.positions += 1;
  field(kFieldByline, a.byline);
  tokens_.positions += 1;
  field(kFieldSource, a.source);
  tokens_.positions += 1;
  starts[kFieldTags] = tokens_.positions;
  for (const std::string& tag : a.tags) {
    const uint32_t before = tokens_.positions;
    analyzer_->Analyze(tag, a.lang, &tokens_);
    lens[kFieldTags] += tokens_.positions - before;
    tokens_.positions += 1;
  }
  starts[kFieldCount] = tokens_.positions;
  field_starts_.insert(field_starts_.end(), starts, starts + kFieldCount + 1);
  field_lens_.insert(field_lens_.end(), lens, lens + kFieldCount);
  doc_dates_.push_back(a.date.valid() ? a.date.utc : INT64_MIN);

  for (size_t i = 0; i < tokens_.size(); ++i) {
    const uint32_t t = Intern(tokens_.Term(i));
    PostingList& pl = lists_[t];
    const uint32_t pos = tokens_[i].position;
    if (pl.docs.empty() || pl.docs.back() != doc) {
      pl.docs.push_back(doc);
      pl.pos_offsets.push_back(uint32_t(pl.positions.size()));
      PutVarint(pl.positions, pos);
    } else {
      PutVarint(pl.positions, pos - last_pos_[t]);
    }
    last_pos_[t] = pos;
  }
}

bool Index::AddSome(size_t max_articles) {
  const auto& articles = corpus_->articles;
  const size_t end = std::min(articles.size(), added_ + std::min(max_articles, articles.size()));
  for (; added_ < end; ++added_) AddArticle(uint32_t(added_), articles[added_]);
  return added_ == articles.size();
}

Field Index::FieldAt(uint32_t doc, uint32_t position) const {
  const uint32_t* s = &field_starts_[size_t(doc) * (kFieldCount + 1)];
  for (int f = kFieldCount - 1; f >= 0; --f)
    if (position >= s[f]) return Field(f);
  return kFieldTitle;
}

void Index::Finish() {
  const size_t n = doc_dates_.size();
  double avg[kFieldCount] = {};
  for (size_t d = 0; d < n; ++d)
    for (int f = 0; f < kFieldCount; ++f) avg[f] += field_lens_[d * kFieldCount + size_t(f)];
  for (double& x : avg) x = n ? x / double(n) : 0;
  // Per-doc length normalisation per field: 1 - b + b * len / avglen.
  std::vector<float> norm(n * kFieldCount, 1.0f);
  for (size_t d = 0; d < n; ++d) {
    for (int f = 0; f < kFieldCount; ++f) {
      const double len = field_lens_[d * kFieldCount + size_t(f)];
      norm[d * kFieldCount + size_t(f)] = avg[f] > 0 ? float(1.0 - params_.b + params_.b * len / avg[f]) : 1.0f;
    }
  }
  field_lens_ = {};
  const float k1 = params_.k1;
  std::vector<uint32_t> pos;
  for (PostingList& pl : lists_) {
    const double df = double(pl.docs.size());
    const float idf = float(std::log(1.0 + (double(n) - df + 0.5) / (df + 0.5)));
    pl.impacts.resize(pl.docs.size());
    for (size_t i = 0; i < pl.docs.size(); ++i) {
      const uint32_t d = pl.docs[i];
      pl.Positions(i, &pos);
      float tf[kFieldCount] = {};
      for (uint32_t p : pos) tf[FieldAt(d, p)] += 1.0f;
      float pseudo = 0;
      for (int f = 0; f < kFieldCount; ++f)
        if (tf[f] > 0) pseudo += params_.boost[f] * tf[f] / norm[size_t(d) * kFieldCount + size_t(f)];
      const float score = idf * pseudo * (k1 + 1.0f) / (pseudo + k1);
      pl.impacts[i] = Impact(std::lround(double(score) * kImpactScale)) + 1;  // never 0: a match always counts
    }
    pl.block_max.assign((pl.docs.size() + PostingList::kBlock - 1) / PostingList::kBlock, 0);
    for (size_t i = 0; i < pl.impacts.size(); ++i) {
      Impact& bm = pl.block_max[i / PostingList::kBlock];
      bm = std::max(bm, pl.impacts[i]);
      pl.max_impact = std::max(pl.max_impact, pl.impacts[i]);
    }
    pl.docs.shrink_to_fit();
    pl.pos_offsets.shrink_to_fit();
    pl.positions.shrink_to_fit();
  }
  sorted_terms_.resize(lists_.size());
  for (uint32_t t = 0; t < lists_.size(); ++t) sorted_terms_[t] = t;
  std::sort(sorted_terms_.begin(), sorted_terms_.end(), [&](uint32_t a, uint32_t b) { return TermText(a) < TermText(b); });
  last_pos_ = {};
  tokens_ = Tokens{};
  finished_ = true;
}

std::vector<uint32_t> Index::TermsWithPrefix(std::string_view prefix, size_t limit) const {
  auto lo = std::lower_bound(sorted_terms_.begin(), sorted_terms_.end(), prefix,
                             [&](uint32_t t, std::string_view p) { return TermText(t) < p; });
  std::vector<uint32_t> out;
  for (auto it = lo; it != sorted_terms_.end(); ++it) {
    const std::string_view text = TermText(*it);
    if (text.substr(0, prefix.size()) != prefix) break;
    out.push_back(*it);
  }
  if (out.size() > limit) {
    std::partial_sort(out.begin(), out.begin() + std::ptrdiff_t(limit), out.end(), [&](uint32_t a, uint32_t b) {
      return lists_[a].df() != lists_[b].df() ? lists_[a].df() > lists_[b].df() : a < b;
    });
    out.resize(limit);
  }
  return out;
}

size_t Index::MemoryBytes() const {
  size_t bytes = sizeof(*this) + Bytes(lists_) + term_chars_.capacity() + Bytes(term_offsets_) + Bytes(slots_) +
                 Bytes(sorted_terms_) + Bytes(field_starts_) + Bytes(doc_dates_);
  for (const PostingList& pl : lists_)
    bytes += Bytes(pl.docs) + Bytes(pl.impacts) + Bytes(pl.pos_offsets) + Bytes(pl.positions) + Bytes(pl.block_max);
  return bytes;
}

}  // namespace lede
