// index.cpp: building the inverted index and computing BM25F impacts. See index.h for the formula.
#include "core/index.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
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

template <class T> size_t Bytes(const std::vector<T>& v) { return v.capacity() * sizeof(T); }

}  // namespace

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
  surface_slots_.assign(1 << 16, 0);
  term_offsets_.push_back(0);
  surface_offsets_.push_back(0);
  doc_dates_.reserve(corpus.articles.size());
  field_starts_.reserve(corpus.articles.size() * (kFieldCount + 1));
  size_t bytes = 0;
  std::set<std::string> stemmers;
  for (const Article& a : corpus.articles) {
    stemmers.insert(analyzer_->StemmerName(a.lang));
    bytes += a.title.size() + a.text.size();
  }
  occurrences_.reserve(bytes / 6);  // about one token per six bytes of English
  stemmer_langs_.assign(stemmers.begin(), stemmers.end());
}

namespace {
// Linear probing in a power-of-two table of id + 1; grows at half load.
template <class Eq>
uint32_t* Probe(std::vector<uint32_t>& slots, uint64_t hash, Eq&& eq) {
  const size_t mask = slots.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask)
    if (!slots[slot] || eq(slots[slot] - 1)) return &slots[slot];
}
void Grow(std::vector<uint32_t>& slots, size_t count, const std::function<uint64_t(uint32_t)>& hash_of) {
  if (count * 2 <= slots.size()) return;
  std::vector<uint32_t> bigger(slots.size() * 2, 0);
  const size_t mask = bigger.size() - 1;
  for (uint32_t id = 0; id < count; ++id) {
    size_t s = hash_of(id) & mask;
    while (bigger[s]) s = (s + 1) & mask;
    bigger[s] = id + 1;
  }
  slots.swap(bigger);
}
}  // namespace

uint32_t Index::Intern(std::string_view term) {
  uint32_t* slot = Probe(slots_, HashBytes(term), [&](uint32_t id) { return TermText(id) == term; });
  if (*slot) return *slot - 1;
  const uint32_t id = uint32_t(term_offsets_.size() - 1);
  term_chars_.append(term);
  term_offsets_.push_back(uint32_t(term_chars_.size()));
  *slot = id + 1;
  Grow(slots_, id + 1, [&](uint32_t t) { return HashBytes(TermText(t)); });
  return id;
}

uint32_t Index::TermOfWord(std::string_view raw, bool ascii, int stemmer) {
  const uint64_t hash = HashBytes(raw) * 31 + uint64_t(stemmer);
  auto surface = [&](uint32_t e) {
    return std::string_view(surface_chars_.data() + surface_offsets_[e], surface_offsets_[e + 1] - surface_offsets_[e]);
  };
  uint32_t* slot = Probe(surface_slots_, hash, [&](uint32_t e) {
    return surface_chars_[surface_offsets_[e]] == char(stemmer) && surface(e).substr(1) == raw;
  });
  if (*slot) return surface_terms_[*slot - 1];
  const std::string_view term = analyzer_->Normalize(raw, ascii, stemmer);
  const uint32_t t = term.empty() ? UINT32_MAX : Intern(term);
  const uint32_t e = uint32_t(surface_terms_.size());
  surface_chars_ += char(stemmer);
  surface_chars_.append(raw);
  surface_offsets_.push_back(uint32_t(surface_chars_.size()));
  surface_terms_.push_back(t);
  *slot = e + 1;
  Grow(surface_slots_, e + 1, [&](uint32_t x) {
    return HashBytes(surface(x).substr(1)) * 31 + uint64_t(static_cast<unsigned char>(surface_chars_[surface_offsets_[x]]));
  });
  return t;
}

int32_t Index::FindTerm(std::string_view term) const {
  if (!finished_) {  // while building: the hash table
    if (slots_.empty()) return -1;
    const size_t mask = slots_.size() - 1;
    for (size_t slot = HashBytes(term) & mask; uint32_t id1 = slots_[slot]; slot = (slot + 1) & mask)
      if (TermText(id1 - 1) == term) return int32_t(id1 - 1);
    return -1;
  }
  // Finished: binary search of the sorted terms (the hash table is dropped to save its memory).
  auto it = std::lower_bound(sorted_terms_.begin(), sorted_terms_.end(), term,
                             [&](uint32_t t, std::string_view x) { return TermText(t) < x; });
  return it != sorted_terms_.end() && TermText(*it) == term ? int32_t(*it) : -1;
}

std::string_view Index::TermText(uint32_t t) const {
  return {term_chars_.data() + term_offsets_[t], size_t(term_offsets_[t + 1] - term_offsets_[t])};
}

PostingList Index::Postings(uint32_t t) const {
  return PostingList(post_bytes_.data() + post_offsets_[t], post_bytes_.data() + post_offsets_[t + 1], post_begin_[t + 1] - post_begin_[t]);
}

void Index::AddArticle(uint32_t doc, const Article& a) {
  uint32_t starts[kFieldCount + 1];
  uint32_t lens[kFieldCount] = {};
  const int stemmer = analyzer_->StemmerIndex(a.lang);
  auto add = [&](std::string_view text, Field f) {
    tokens_.clear();
    tokens_.positions = starts[kFieldCount];
    analyzer_->Segment(text, &tokens_);
    lens[f] += tokens_.positions - starts[kFieldCount];
    for (const TokenSpan& t : tokens_.spans) {
      const std::string_view raw = text.substr(t.start, t.end - t.start);
      const bool cjk = t.cjk_bigram || (!t.ascii && Analyzer::IsCjkStart(raw));
      const uint32_t term = cjk ? Intern(raw) : TermOfWord(raw, t.ascii, stemmer);
      if (term != UINT32_MAX) occurrences_.push_back({term, doc, t.position});
    }
    starts[kFieldCount] = tokens_.positions + 1;  // a gap keeps phrases inside one field (or tag)
  };
  starts[kFieldCount] = 0;
  starts[kFieldTitle] = 0;
  add(a.title, kFieldTitle);
  starts[kFieldText] = starts[kFieldCount];
  add(a.text, kFieldText);
  starts[kFieldByline] = starts[kFieldCount];
  add(a.byline, kFieldByline);
  starts[kFieldSource] = starts[kFieldCount];
  add(a.source, kFieldSource);
  starts[kFieldTags] = starts[kFieldCount];
  for (const std::string& tag : a.tags) add(tag, kFieldTags);
  field_starts_.insert(field_starts_.end(), starts, starts + kFieldCount + 1);
  field_lens_.insert(field_lens_.end(), lens, lens + kFieldCount);
  doc_dates_.push_back(a.date.valid() ? a.date.utc : INT64_MIN);
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
  const size_t num_terms = term_offsets_.size() - 1;
  // BM25F length normalisation per document and field: 1 - b + b * len / avglen.
  double avg[kFieldCount] = {};
  for (size_t d = 0; d < n; ++d)
    for (int f = 0; f < kFieldCount; ++f) avg[f] += field_lens_[d * kFieldCount + size_t(f)];
  for (double& x : avg) x = n ? x / double(n) : 0;
  std::vector<float> norm(n * kFieldCount, 1.0f);
  for (size_t d = 0; d < n; ++d)
    for (int f = 0; f < kFieldCount; ++f) {
      const double len = field_lens_[d * kFieldCount + size_t(f)];
      norm[d * kFieldCount + size_t(f)] = avg[f] > 0 ? float(1.0 - params_.b + params_.b * len / avg[f]) : 1.0f;
    }
  std::vector<uint32_t>().swap(field_lens_);

  // Counting sort of the occurrences by term; stable, so each term's stay in (doc, position) order.
  std::vector<uint32_t> start(num_terms + 1, 0);
  for (const Occurrence& o : occurrences_) ++start[o.term + 1];
  for (size_t t = 0; t < num_terms; ++t) start[t + 1] += start[t];
  std::vector<Occurrence> sorted(occurrences_.size());
  {
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (const Occurrence& o : occurrences_) sorted[next[o.term]++] = o;
  }
  std::vector<Occurrence>().swap(occurrences_);

  post_begin_.assign(num_terms + 1, 0);
  post_offsets_.assign(num_terms + 1, 0);
  post_bytes_.reserve(sorted.size() * 2);
  const float k1 = params_.k1;
  std::vector<float> pseudo;
  std::vector<uint32_t> docs, positions, pos_begin;
  std::vector<Impact> exact;
  std::vector<uint8_t> q;
  uint32_t postings = 0;
  for (size_t t = 0; t < num_terms; ++t) {
    post_begin_[t] = postings;
    post_offsets_[t] = post_bytes_.size();
    pseudo.clear();
    docs.clear();
    positions.clear();
    pos_begin.clear();
    // Postings: one per document, with the positions and the BM25F pseudo term frequency.
    for (uint32_t i = start[t]; i < start[t + 1];) {
      const uint32_t d = sorted[i].doc;
      docs.push_back(d);
      pos_begin.push_back(uint32_t(positions.size()));
      float tf[kFieldCount] = {};
      for (; i < start[t + 1] && sorted[i].doc == d; ++i) {
        const uint32_t p = sorted[i].position;
        positions.push_back(p);
        tf[FieldAt(d, p)] += 1.0f;
      }
      float x = 0;
      for (int f = 0; f < kFieldCount; ++f)
        if (tf[f] > 0) x += params_.boost[f] * tf[f] / norm[size_t(d) * kFieldCount + size_t(f)];
      pseudo.push_back(x);
    }
    pos_begin.push_back(uint32_t(positions.size()));
    const size_t df = pseudo.size();
    postings += uint32_t(df);
    const float idf = float(std::log(1.0 + (double(n) - double(df) + 0.5) / (double(df) + 0.5)));
    exact.clear();
    for (size_t i = 0; i < df; ++i) {
      const float score = idf * pseudo[i] * (k1 + 1.0f) / (pseudo[i] + k1);
      exact.push_back(Impact(std::lround(double(score) * kImpactScale)) + 1);  // never 0: a match counts
    }
    // Per-term linear quantization to 8 bits (postings.h): impact = base + q * step, q = 0..255.
    const Impact lo = *std::min_element(exact.begin(), exact.end());
    const Impact hi = *std::max_element(exact.begin(), exact.end());
    const uint32_t step = (hi - lo + 254) / 255;
    q.resize(df);
    for (size_t i = 0; i < df; ++i) q[i] = step ? uint8_t((exact[i] - lo + step / 2) / step) : 0;
    TermInput in;
    in.docs = docs.data();
    in.q = q.data();
    in.df = df;
    in.positions = positions.data();
    in.pos_begin = pos_begin.data();
    in.base = lo;
    in.step = step;
    EncodeTerm(in, &post_bytes_);
  }
  post_begin_[num_terms] = postings;
  post_offsets_[num_terms] = post_bytes_.size();
  post_bytes_.resize(post_bytes_.size() + kPostingPad, 0);
  post_bytes_.shrink_to_fit();
  std::vector<uint32_t>().swap(slots_);
  term_chars_.shrink_to_fit();
  term_offsets_.shrink_to_fit();

  sorted_terms_.resize(num_terms);
  for (uint32_t t = 0; t < num_terms; ++t) sorted_terms_[t] = t;
  std::sort(sorted_terms_.begin(), sorted_terms_.end(), [&](uint32_t x, uint32_t y) { return TermText(x) < TermText(y); });
  std::vector<uint32_t>().swap(surface_slots_);
  std::vector<uint32_t>().swap(surface_offsets_);
  std::vector<uint32_t>().swap(surface_terms_);
  surface_chars_ = std::string();
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
    std::partial_sort(out.begin(), out.begin() + std::ptrdiff_t(limit), out.end(),
                      [&](uint32_t a, uint32_t b) { return df(a) != df(b) ? df(a) > df(b) : a < b; });
    out.resize(limit);
  }
  return out;
}

size_t Index::MemoryBytes() const {
  return sizeof(*this) + term_chars_.capacity() + Bytes(term_offsets_) + Bytes(slots_) + Bytes(sorted_terms_) +
         Bytes(post_begin_) + Bytes(post_offsets_) + Bytes(post_bytes_) + Bytes(field_starts_) + Bytes(doc_dates_);
}

bool Index::Check(std::string* error) const {
  auto fail = [&](const std::string& what) {
    *error = what;
    return false;
  };
  const size_t n = doc_dates_.size();
  if (term_offsets_.empty()) return fail("term_offsets is empty (it has one entry more than there are terms)");
  const size_t terms = term_offsets_.size() - 1;
  if (term_offsets_[0] != 0 || term_offsets_.back() != term_chars_.size()) return fail("term_offsets does not span term_chars");
  for (size_t t = 0; t < terms; ++t)
    if (term_offsets_[t] > term_offsets_[t + 1]) return fail("term_offsets decreases at term " + std::to_string(t));
  if (sorted_terms_.size() != terms) return fail("sorted_terms has " + std::to_string(sorted_terms_.size()) + " entries for " + std::to_string(terms) + " terms");
  {
    std::vector<bool> seen(terms, false);
    for (size_t k = 0; k < terms; ++k) {
      const uint32_t t = sorted_terms_[k];
      if (t >= terms || seen[t]) return fail("sorted_terms is not a permutation of the term ids (entry " + std::to_string(k) + ")");
      seen[t] = true;
      if (k > 0 && !(TermText(sorted_terms_[k - 1]) < TermText(t))) return fail("sorted_terms is not strictly ascending at entry " + std::to_string(k));
    }
  }
  if (post_begin_.size() != terms + 1 || post_offsets_.size() != terms + 1) return fail("post_begin or post_offsets does not have one entry per term plus one");
  if (post_begin_[0] != 0 || post_offsets_[0] != 0) return fail("post_begin or post_offsets does not start at 0");
  if (post_offsets_.back() > post_bytes_.size() || post_bytes_.size() - post_offsets_.back() != kPostingPad)
    return fail("post_bytes does not end with exactly " + std::to_string(kPostingPad) + " padding bytes after the last list");
  for (size_t k = post_offsets_.back(); k < post_bytes_.size(); ++k)
    if (post_bytes_[k]) return fail("post_bytes' padding is not zero");
  std::string why;
  for (size_t t = 0; t < terms; ++t) {
    if (post_begin_[t + 1] <= post_begin_[t] || post_begin_[t + 1] - post_begin_[t] > n)
      return fail("post_begin gives term " + std::to_string(t) + " a document frequency of 0 or over the document count");
    if (post_offsets_[t + 1] <= post_offsets_[t]) return fail("post_offsets is not strictly ascending at term " + std::to_string(t));
    if (!PostingList::Check(post_bytes_.data() + post_offsets_[t], post_bytes_.data() + post_offsets_[t + 1],
                            post_begin_[t + 1] - post_begin_[t], uint32_t(n), &why))
      return fail("post_bytes: the list of term " + std::to_string(t) + " (\"" + std::string(TermText(uint32_t(t))) + "\"): " + why);
  }
  if (field_starts_.size() != n * (kFieldCount + 1)) return fail("field_starts does not have kFieldCount + 1 entries per document");
  for (size_t d = 0; d < n; ++d)
    for (size_t f = 0; f < kFieldCount; ++f)
      if (field_starts_[d * (kFieldCount + 1) + f] > field_starts_[d * (kFieldCount + 1) + f + 1])
        return fail("field_starts decreases in document " + std::to_string(d));
  return true;
}

}  // namespace lede
