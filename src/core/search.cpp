// search.cpp: query compilation, evaluation and ranking. See search.h for the algorithms.
#include "core/search.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <queue>

#include "core/entities.h"
#include "core/text.h"

namespace lede {

namespace {

using Kind = QueryNode::Kind;
using Bits = std::vector<uint64_t>;

// ---- compiled query --------------------------------------------------------------------------------
struct CNode {
  // kIgnore: nothing searchable (a word of punctuation); AND and OR drop it, a query of it matches all.
  enum class K : uint8_t { kAnd, kOr, kNot, kTerms, kPhrase, kDate, kLang, kEntity, kAll, kNone, kIgnore } k = K::kNone;
  std::vector<CNode> children;
  std::vector<uint32_t> terms;               // kTerms: any of these
  std::vector<std::vector<uint32_t>> slots;  // kPhrase: any term per slot
  std::vector<uint32_t> offsets;             // kPhrase: slot k sits offsets[k] positions after slot 0
  uint8_t fields = kAllFields;
  int64_t from = INT64_MIN, to = INT64_MAX;
  std::string text;
  std::string raw;                           // kEntity: the name as written
};

void SortUnique(std::vector<uint32_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

size_t EditDistance(const std::u32string& a, const std::u32string& b, size_t cap) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > cap) return cap + 1;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > cap) return cap + 1;
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::u32string Decode(std::string_view s) {
  std::u32string out;
  char32_t cp;
  for (size_t i = 0; i < s.size();) {
    const int n = DecodeUtf8(s, i, &cp);
    if (n == 0) { ++i; continue; }
    out.push_back(cp);
    i += size_t(n);
  }
  return out;
}

class Compiler {
 public:
  explicit Compiler(const Index& index) : index_(index) {}

  CNode Compile(const QueryNode& n) {
    CNode c;
    switch (n.kind) {
      case Kind::kAnd:
      case Kind::kOr:
        c.k = n.kind == Kind::kAnd ? CNode::K::kAnd : CNode::K::kOr;
        for (const QueryNode& child : n.children) {
          CNode compiled = Compile(child);
          if (compiled.k != CNode::K::kIgnore) c.children.push_back(std::move(compiled));
        }
        if (c.children.empty()) c.k = CNode::K::kIgnore;
        else if (c.children.size() == 1) return std::move(c.children[0]);
        return c;
      case Kind::kNot: {
        CNode inner = Compile(n.children[0]);
        if (inner.k == CNode::K::kIgnore) return inner;
        if (inner.k == CNode::K::kNot) return std::move(inner.children[0]);  // NOT NOT x is x
        c.k = CNode::K::kNot;
        c.children.push_back(std::move(inner));
        return c;
      }
      case Kind::kWord:
      case Kind::kPhrase:
        return Text(n.text, n.fields ? n.fields : kAllFields);
      case Kind::kPrefix: {
        c.k = CNode::K::kTerms;
        c.fields = n.fields ? n.fields : kAllFields;
        const std::string folded = index_.analyzer().Fold(n.text);
        if (folded.empty()) { c.k = CNode::K::kIgnore; return c; }  // "*" alone, or marks only
        c.terms = index_.TermsWithPrefix(folded, kMaxExpansions);
        SortUnique(&c.terms);
        return c;
      }
      case Kind::kFuzzy: {
        c.k = CNode::K::kTerms;
        c.fields = n.fields ? n.fields : kAllFields;
        std::vector<std::u32string> targets{Decode(index_.analyzer().Fold(n.text))};
        for (const std::string& lang : index_.stemmer_langs())
          targets.push_back(Decode(index_.analyzer().Stem(index_.analyzer().Fold(n.text), lang)));
        const size_t cap = size_t(n.fuzzy);
        std::vector<uint32_t> found;
        index_.ForEachTerm([&](uint32_t t) {
          const std::string_view text = index_.TermText(t);
          for (const auto& target : targets) {
            const size_t len = text.size();  // bytes bound code points from above
            if (len + cap < target.size()) continue;
            if (EditDistance(target, Decode(text), cap) <= cap) { found.push_back(t); break; }
          }
        });
        if (found.size() > kMaxExpansions) {
          std::partial_sort(found.begin(), found.begin() + kMaxExpansions, found.end(), [&](uint32_t a, uint32_t b) {
            return index_.df(a) > index_.df(b);
          });
          found.resize(kMaxExpansions);
        }
        c.terms = std::move(found);
        SortUnique(&c.terms);
        return c;
      }
      case Kind::kDate:
        c.k = CNode::K::kDate;
        c.from = n.from;
        c.to = n.to;
        return c;
      case Kind::kLang:
        c.k = CNode::K::kLang;
        c.text = n.text;
        return c;
      case Kind::kEntity:
        c.k = CNode::K::kEntity;
        c.text = NormalizeName(n.text);
        c.raw = n.text;
        return c;
      case Kind::kAll:
        c.k = CNode::K::kAll;
        return c;
    }
    return c;
  }

  static std::string NormalizeName(std::string_view s) {
    std::string out;
    bool space = false;
    for (unsigned char ch : s) {
      const bool alnum = std::isalnum(ch) || ch >= 0x80;
      if (!alnum) { space = !out.empty(); continue; }
      if (space) out += ' ';
      space = false;
      out += char(std::tolower(ch));
    }
    return out;
  }

 private:
  static constexpr size_t kMaxExpansions = 64;

  // A word or phrase: analyzed once per stemmer used in the corpus; each position may match any stem.
  // A word that analyzes to several tokens ("e-mail", 互联网) is matched as a phrase.
  CNode Text(const std::string& text, uint8_t fields) {
    std::vector<std::vector<uint32_t>> slots;
    std::vector<uint32_t> offsets;
    bool first = true;
    for (const std::string& lang : index_.stemmer_langs()) {
      Tokens toks;
      index_.analyzer().Analyze(text, lang, &toks);
      // One token per position: a CJK position with a bigram uses the bigram; the last character of a
      // CJK run is already covered by the bigram before it.
      std::vector<size_t> picked;
      for (size_t i = 0; i < toks.size(); ++i) {
        const TokenSpan& t = toks[i];
        if (!picked.empty() && toks[picked.back()].position == t.position) {
          if (t.cjk_bigram) picked.back() = i;
          continue;
        }
        if (!picked.empty() && toks[picked.back()].cjk_bigram && toks[picked.back()].end >= t.end) continue;
        picked.push_back(i);
      }
      if (first) {
        slots.resize(picked.size());
        for (size_t k = 0; k < picked.size(); ++k) offsets.push_back(toks[picked[k]].position - toks[picked[0]].position);
        first = false;
      }
      for (size_t k = 0; k < picked.size() && k < slots.size(); ++k) {
        const int32_t id = index_.FindTerm(toks.Term(picked[k]));
        if (id >= 0) slots[k].push_back(uint32_t(id));
      }
    }
    for (auto& s : slots) SortUnique(&s);
    CNode c;
    c.fields = fields;
    if (slots.empty()) { c.k = CNode::K::kIgnore; return c; }  // only punctuation: no constraint
    if (slots.size() == 1) {
      c.k = CNode::K::kTerms;
      c.terms = std::move(slots[0]);
      return c;
    }
    c.k = CNode::K::kPhrase;
    c.slots = std::move(slots);
    c.offsets = std::move(offsets);
    return c;
  }

  const Index& index_;
};

// ---- evaluation to bitsets --------------------------------------------------------------------------
inline bool Test(const Bits& b, uint32_t d) { return (b[d >> 6] >> (d & 63)) & 1; }
inline void Set(Bits& b, uint32_t d) { b[d >> 6] |= uint64_t(1) << (d & 63); }

class Evaluator {
 public:
  explicit Evaluator(const Index& index, const EntityTable* entities = nullptr)
      : index_(index), entities_(entities), words_((index.num_docs() + 63) / 64) {}

  Bits Eval(const CNode& c) {
    Bits out(words_, 0);
    switch (c.k) {
      case CNode::K::kAll:
      case CNode::K::kIgnore: Fill(out); break;
      case CNode::K::kNone: break;
      case CNode::K::kAnd: {
        Fill(out);
        for (const CNode& child : c.children) {
          const Bits b = Eval(child);
          for (size_t w = 0; w < words_; ++w) out[w] &= b[w];
        }
        break;
      }
      case CNode::K::kOr:
        for (const CNode& child : c.children) {
          const Bits b = Eval(child);
          for (size_t w = 0; w < words_; ++w) out[w] |= b[w];
        }
        break;
      case CNode::K::kNot: {
        const Bits b = Eval(c.children[0]);
        for (size_t w = 0; w < words_; ++w) out[w] = ~b[w];
        Trim(out);
        break;
      }
      case CNode::K::kTerms:
        for (uint32_t t : c.terms)
          for (PostingCursor cur(index_.Postings(t)); cur.doc() != kNoDoc; cur.Next())
            if (c.fields == kAllFields || InFields(cur, c.fields)) Set(out, cur.doc());
        break;
      case CNode::K::kPhrase: Phrase(c, out); break;
      case CNode::K::kDate:
        for (uint32_t d = 0; d < index_.num_docs(); ++d) {
          const int64_t t = index_.DocDate(d);
          if (t != INT64_MIN && t >= c.from && t < c.to) Set(out, d);
        }
        break;
      case CNode::K::kLang: {
        const auto& articles = index_.corpus().articles;
        for (uint32_t d = 0; d < index_.num_docs(); ++d) {
          const std::string& lang = articles[d].lang;
          if (lang.size() >= c.text.size() && std::equal(c.text.begin(), c.text.end(), lang.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
              }) && (lang.size() == c.text.size() || lang[c.text.size()] == '-'))
            Set(out, d);
        }
        break;
      }
      case CNode::K::kEntity: {
        if (entities_) {  // the entity table decides: aliases, merges and renames resolve to one entity
          int id = entities_->Find(c.raw);
          for (uint32_t e = 0; id < 0 && e < entities_->entities.size(); ++e) {
            // Written as a code ("james-baker") or with other punctuation: compare normalized names.
            const Entity& ent = entities_->entities[e];
            if (Compiler::NormalizeName(ent.name) == c.text) id = int(e);
            for (size_t a = 0; id < 0 && a < ent.aliases.size(); ++a)
              if (Compiler::NormalizeName(ent.aliases[a]) == c.text) id = int(e);
          }
          if (id >= 0)
            for (uint32_t d : entities_->entities[size_t(id)].docs)
              if (d < index_.num_docs()) Set(out, d);
          break;
        }
        const auto& articles = index_.corpus().articles;
        for (uint32_t d = 0; d < index_.num_docs(); ++d)
          for (const SuppliedEntity& e : articles[d].entities)
            if (Compiler::NormalizeName(e.name) == c.text || (!e.description.empty() && Compiler::NormalizeName(e.description) == c.text)) {
              Set(out, d);
              break;
            }
        break;
      }
    }
    return out;
  }

 private:
  void Fill(Bits& b) { std::fill(b.begin(), b.end(), ~uint64_t(0)); Trim(b); }
  void Trim(Bits& b) {
    const size_t n = index_.num_docs();
    if (n % 64) b.back() &= (uint64_t(1) << (n % 64)) - 1;
    if (n == 0) std::fill(b.begin(), b.end(), 0);
  }

  bool InFields(PostingCursor& cur, uint8_t fields) {
    size_t count;
    const uint32_t* pos = cur.positions(&count);
    for (size_t k = 0; k < count; ++k)
      if (fields & (1u << index_.FieldAt(cur.doc(), pos[k]))) return true;
    return false;
  }

  // Positions of any of the cursors' terms in doc d (sorted), or empty. Docs must come in ascending order.
  static void PositionsIn(std::vector<PostingCursor>& cursors, uint32_t d, std::vector<uint32_t>* out) {
    out->clear();
    for (PostingCursor& cur : cursors) {
      cur.NextGEQ(d);
      if (cur.doc() != d) continue;
      size_t count;
      const uint32_t* pos = cur.positions(&count);
      out->insert(out->end(), pos, pos + count);
    }
    std::sort(out->begin(), out->end());
  }

  void Phrase(const CNode& c, Bits& out) {
    Bits candidates(words_, 0);
    Fill(candidates);
    std::vector<std::vector<PostingCursor>> cursors(c.slots.size());
    for (size_t k = 0; k < c.slots.size(); ++k) {
      Bits any(words_, 0);
      for (uint32_t t : c.slots[k]) {
        for (PostingCursor cur(index_.Postings(t)); cur.doc() != kNoDoc; cur.Next()) Set(any, cur.doc());
        cursors[k].emplace_back(index_.Postings(t));
      }
      for (size_t w = 0; w < words_; ++w) candidates[w] &= any[w];
    }
    std::vector<std::vector<uint32_t>> pos(c.slots.size());
    for (size_t w = 0; w < words_; ++w) {
      for (uint64_t bits = candidates[w]; bits; bits &= bits - 1) {
        const uint32_t d = uint32_t(w * 64 + size_t(__builtin_ctzll(bits)));
        for (size_t k = 0; k < c.slots.size(); ++k) PositionsIn(cursors[k], d, &pos[k]);
        for (uint32_t p : pos[0]) {
          if (c.fields != kAllFields && !(c.fields & (1u << index_.FieldAt(d, p)))) continue;
          bool all = true;
          for (size_t k = 1; k < c.slots.size() && all; ++k)
            all = std::binary_search(pos[k].begin(), pos[k].end(), p + c.offsets[k]);
          if (all) { Set(out, d); break; }
        }
      }
    }
  }

  const Index& index_;
  const EntityTable* entities_;
  size_t words_;
};

// The scoring units of a query: each word, prefix, fuzzy term or phrase position not under a NOT.
// A unit's terms are alternatives (a prefix's completions, a word's stems in several languages), so a
// unit scores the best impact among them; a document's score is the sum over distinct units.
using Unit = std::vector<uint32_t>;
void PositiveUnits(const CNode& c, bool negated, std::vector<Unit>* out) {
  if (c.k == CNode::K::kNot) { PositiveUnits(c.children[0], !negated, out); return; }
  if (negated) return;
  if (c.k == CNode::K::kTerms && !c.terms.empty()) out->push_back(c.terms);
  for (const auto& slot : c.slots)
    if (!slot.empty()) out->push_back(slot);
  for (const CNode& child : c.children) PositiveUnits(child, negated, out);
}

// ---- top-k --------------------------------------------------------------------------------------------
struct Scored {
  uint64_t score;
  uint32_t doc;
};
// a ranks before b: higher score, then lower doc.
inline bool Better(const Scored& a, const Scored& b) { return a.score != b.score ? a.score > b.score : a.doc < b.doc; }

class TopK {
 public:
  explicit TopK(size_t k) : k_(k) {}
  bool Full() const { return heap_.size() >= k_; }
  uint64_t Threshold() const { return Full() ? heap_.front().score : 0; }
  // Candidates arrive in ascending doc order, so an equal score never beats the current worst. Below
  // the floor (a proven lower bound of the k-th best score) nothing can enter.
  bool WouldEnter(uint64_t score) const { return Full() ? score > heap_.front().score : score >= floor_; }
  void SetFloor(uint64_t floor) { floor_ = floor; }
  void Push(uint64_t score, uint32_t doc) {
    if (k_ == 0) return;
    const Scored s{score, doc};
    if (!Full()) {
      if (heap_.empty()) heap_.reserve(std::min<size_t>(k_, 4096));
      heap_.push_back(s);
      std::push_heap(heap_.begin(), heap_.end(), Better);
      return;
    }
    if (!Better(s, heap_.front())) return;
    std::pop_heap(heap_.begin(), heap_.end(), Better);
    heap_.back() = s;
    std::push_heap(heap_.begin(), heap_.end(), Better);
  }
  std::vector<Scored> Sorted() {
    std::sort(heap_.begin(), heap_.end(), Better);
    return heap_;
  }

 private:
  size_t k_;
  uint64_t floor_ = 0;
  std::vector<Scored> heap_;  // heap ordered so front() is the worst kept
};

// A posting list's champions, decoded (best first).
struct ChampionList {
  explicit ChampionList(const PostingList& pl) : count(pl.Champions(docs, impacts)) {}
  uint32_t docs[PostingList::kChampions];
  Impact impacts[PostingList::kChampions];
  size_t count;
};

inline bool Allowed(const Bits* f, uint32_t d) { return !f || Test(*f, d); }

// Returns true when the answer came from the champion list alone (then *ranked holds it).
bool ChampionTopK(const PostingList& pl, const Bits* filter, size_t k, std::vector<Scored>* ranked) {
  // The champions are the best postings in ranking order: when k of them pass the filter (or the list
  // is complete), the first k that pass are the answer.
  if (k > PostingList::kChampions && PostingList::kChampions < pl.df()) return false;
  const ChampionList ch(pl);
  ranked->clear();
  ranked->reserve(std::min(k, ch.count));
  for (size_t i = 0; i < ch.count && ranked->size() < k; ++i)
    if (Allowed(filter, ch.docs[i])) ranked->push_back({ch.impacts[i], ch.docs[i]});
  return ranked->size() == k || ch.count == pl.df();
}

void SingleTermTopK(const PostingList& pl, const Bits* filter, TopK& top) {
  uint32_t docs[PostingList::kBlock];
  uint8_t q[PostingList::kBlock];
  for (size_t b = 0; b < pl.num_blocks(); ++b) {
    if (top.Full() && pl.BlockMax(b) <= top.Threshold()) continue;  // nothing here can enter: not decoded
    const size_t n = pl.DecodeDocs(b, docs);
    pl.DecodeImpacts(b, q);
    for (size_t i = 0; i < n; ++i) {
      const Impact imp = pl.ImpactOf(q[i]);
      if (top.WouldEnter(imp) && Allowed(filter, docs[i])) top.Push(imp, docs[i]);
    }
  }
}

// Top k of one unit of several terms (a prefix): the score is the best impact among the terms, so the
// answer is the k best distinct documents across the terms' champion lists. That is exact when every
// list is complete or yields k documents that pass the filter: a document missing from term t's
// champions has at least k documents ranked before it by t alone. Returns false when it cannot answer.
bool UnitChampionTopK(const Index& index, const Unit& unit, const Bits* filter, size_t k, std::vector<Scored>* ranked) {
  std::vector<Scored> all;
  for (uint32_t t : unit) {
    const PostingList pl = index.Postings(t);
    const ChampionList ch(pl);
    size_t passed = 0;
    for (size_t i = 0; i < ch.count && passed < k; ++i)
      if (Allowed(filter, ch.docs[i])) { all.push_back({ch.impacts[i], ch.docs[i]}); ++passed; }
    if (passed < k && ch.count < pl.df()) return false;
  }
  // Best impact per document, then rank.
  std::sort(all.begin(), all.end(), [](const Scored& a, const Scored& b) { return a.doc != b.doc ? a.doc < b.doc : a.score > b.score; });
  all.erase(std::unique(all.begin(), all.end(), [](const Scored& a, const Scored& b) { return a.doc == b.doc; }), all.end());
  const size_t keep = std::min(k, all.size());
  std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(keep), all.end(), Better);
  all.resize(keep);
  *ranked = std::move(all);
  return true;
}

// A lower bound of the k-th best score from the champion lists: each champion entry proves that its
// document scores at least the sum of the impacts listed for it.
uint64_t ChampionFloor(const std::vector<PostingCursor>& cur, const Bits* filter, size_t k) {
  std::vector<std::pair<uint32_t, Impact>> seen;
  for (const PostingCursor& c : cur) {
    const ChampionList ch(c.list());
    for (size_t i = 0; i < ch.count; ++i)
      if (Allowed(filter, ch.docs[i])) seen.push_back({ch.docs[i], ch.impacts[i]});
  }
  std::sort(seen.begin(), seen.end());
  std::vector<uint64_t> sums;
  for (size_t i = 0; i < seen.size();) {
    uint64_t sum = 0;
    const uint32_t d = seen[i].first;
    for (; i < seen.size() && seen[i].first == d; ++i) sum += seen[i].second;
    sums.push_back(sum);
  }
  if (k == 0 || sums.size() < k) return 0;
  std::nth_element(sums.begin(), sums.begin() + std::ptrdiff_t(k - 1), sums.end(), std::greater<uint64_t>());
  return sums[k - 1];
}

void MaxScoreTopK(const Index& index, std::vector<uint32_t> terms, const Bits* filter, size_t k, TopK& top) {
  // Cursors in ascending order of their list's largest impact (stable: equal ones keep query order).
  std::stable_sort(terms.begin(), terms.end(), [&](uint32_t a, uint32_t b) {
    return index.Postings(a).max_impact() < index.Postings(b).max_impact();
  });
  std::vector<PostingCursor> cur;
  cur.reserve(terms.size());
  for (uint32_t t : terms) cur.emplace_back(index.Postings(t));
  top.SetFloor(ChampionFloor(cur, filter, k));
  std::vector<uint64_t> ub(cur.size());
  uint64_t sum = 0;
  for (size_t i = 0; i < cur.size(); ++i) ub[i] = (sum += cur[i].list().max_impact());
  size_t essential = 0;  // cursors [essential, n) drive the iteration
  auto update_essential = [&] {
    while (essential < cur.size() && !top.WouldEnter(ub[essential])) ++essential;
  };
  update_essential();
  while (essential < cur.size()) {
    uint32_t d = UINT32_MAX;
    for (size_t i = essential; i < cur.size(); ++i) d = std::min(d, cur[i].doc());
    if (d == UINT32_MAX) break;
    uint64_t score = 0;
    for (size_t i = essential; i < cur.size(); ++i)
      if (cur[i].doc() == d) { score += cur[i].impact(); cur[i].Next(); }
    if (!Allowed(filter, d)) continue;
    for (size_t i = essential; i-- > 0;) {
      if (!top.WouldEnter(score + ub[i])) { score = 0; break; }
      cur[i].NextGEQ(d);
      if (cur[i].doc() == d) score += cur[i].impact();
    }
    if (score && top.WouldEnter(score)) {
      top.Push(score, d);
      update_essential();
    }
  }
}

// AND of groups (units); each group matches when any of its terms does and scores its best impact. The
// rarest group leads; the others jump forward, skipping whole blocks (block-max AND: Ding & Suel,
// "Faster top-k document retrieval using block-max indexes", SIGIR 2011).
void ConjunctiveTopK(const Index& index, std::vector<std::vector<uint32_t>> groups, const Bits* filter, TopK& top) {
  auto df = [&](const std::vector<uint32_t>& g) {
    size_t s = 0;
    for (uint32_t t : g) s += index.df(t);
    return s;
  };
  std::sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) { return df(a) < df(b); });
  std::vector<std::vector<PostingCursor>> cur(groups.size());
  std::vector<uint64_t> group_max(groups.size(), 0);
  for (size_t g = 0; g < groups.size(); ++g) {
    cur[g].reserve(groups[g].size());
    for (uint32_t t : groups[g]) {
      cur[g].emplace_back(index.Postings(t));
      group_max[g] = std::max<uint64_t>(group_max[g], cur[g].back().list().max_impact());
    }
  }
  uint64_t rest_max = 0;
  for (size_t g = 1; g < groups.size(); ++g) rest_max += group_max[g];
  uint64_t lead_block = 0, rest_block = rest_max;  // block-max bounds, valid for lead docs <= range_end
  uint32_t range_end = 0;
  bool ranged = false;
  for (;;) {
    uint32_t d = UINT32_MAX;
    for (const PostingCursor& c : cur[0]) d = std::min(d, c.doc());
    if (d == UINT32_MAX) break;
    // Block-max AND (once the top k is full): the skip table's block maxima bound what any doc in
    // [d, range_end] can score, range_end being where the first of the lists involved leaves its block.
    // When that bound cannot enter, the whole range is skipped undecoded; otherwise it stays valid for
    // every lead doc up to range_end, so it is computed once per range, not per doc.
    if (top.Full() && (!ranged || d > range_end)) {
      ranged = true;
      lead_block = 0;
      range_end = kNoDoc;
      for (const PostingCursor& c : cur[0]) {
        lead_block = std::max<uint64_t>(lead_block, c.block_max());
        range_end = std::min(range_end, c.block_last());  // kNoDoc for a list already ended
      }
      rest_block = 0;
      bool ended = false;
      for (size_t g = 1; g < groups.size(); ++g) {
        Impact gm = 0;
        for (const PostingCursor& c : cur[g]) {
          uint32_t last;
          gm = std::max(gm, c.BlockMaxFor(d, &last));
          range_end = std::min(range_end, last);
        }
        ended = ended || gm == 0;  // every list of group g ends before d: no match from here on
        rest_block += gm;
      }
      if (ended) break;
    }
    if (top.Full() && !top.WouldEnter(lead_block + rest_block)) {
      if (range_end == kNoDoc) break;  // no list leaves its block again: the bound holds to the end
      for (PostingCursor& c : cur[0]) c.NextGEQ(range_end + 1);
      continue;
    }
    uint64_t score = 0;
    for (PostingCursor& c : cur[0])
      if (c.doc() == d) { score = std::max<uint64_t>(score, c.impact()); c.Next(); }
    if (!Allowed(filter, d) || !top.WouldEnter(score + (top.Full() ? rest_block : rest_max))) continue;
    bool all = true;
    for (size_t g = 1; g < groups.size() && all; ++g) {
      uint64_t gs = 0;
      for (PostingCursor& c : cur[g]) {
        c.NextGEQ(d);
        if (c.doc() == d) gs = std::max<uint64_t>(gs, c.impact());
      }
      all = gs > 0;
      score += gs;
    }
    if (all) top.Push(score, d);
  }
}

// Dispatches to the fast top-k algorithms. groups: units to AND (or, when disjunction, one group of
// single-term units to OR).
std::vector<Scored> FastTopK(const Index& index, const Unit* group_ptr, size_t num_groups, bool disjunction,
                             const Bits* filter, size_t k) {
  TopK top(k);
  std::vector<Scored> ranked;
  if (k == 0) return ranked;
  for (size_t g = 0; g < num_groups; ++g)
    if (group_ptr[g].empty()) return ranked;  // a word that is not in the corpus: no results
  if (num_groups == 1 && group_ptr[0].size() == 1) {
    const PostingList pl = index.Postings(group_ptr[0][0]);
    if (ChampionTopK(pl, filter, k, &ranked)) return ranked;
    SingleTermTopK(pl, filter, top);
  } else if (disjunction) {
    MaxScoreTopK(index, group_ptr[0], filter, k, top);  // single-term units: sum
  } else if (num_groups == 1 && UnitChampionTopK(index, group_ptr[0], filter, k, &ranked)) {
    return ranked;
  } else {
    ConjunctiveTopK(index, std::vector<Unit>(group_ptr, group_ptr + num_groups), filter, top);  // also one unit alone
  }
  return top.Sorted();
}

// A query of one plain ASCII word (the most common search) needs no parser: it is one unit of the
// word's stems. Same answer as the general path; tested against the exhaustive one.
bool PlainWord(std::string_view s) {
  if (s.empty() || s.size() > 64 || s == "OR" || s == "AND" || s == "NOT") return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

SearchResult Search(const Index& index, std::string_view text, const SearchOptions& options) {
  if (index.ready() && PlainWord(text) && !options.all && !options.exhaustive && options.sort == SortOrder::kRelevance) {
    SearchResult r;
    Unit unit;
    for (const std::string& lang : index.stemmer_langs()) {
      Analyzer& an = index.analyzer();
      const int32_t t = index.FindTerm(an.Normalize(text, true, an.StemmerIndex(lang)));
      if (t >= 0) unit.push_back(uint32_t(t));
    }
    SortUnique(&unit);
    for (uint32_t t : unit) r.highlight_terms.emplace_back(index.TermText(t));
    r.fast_path = true;
    const std::vector<Scored> ranked = FastTopK(index, &unit, 1, false, options.filter, options.limit);
    r.hits.reserve(ranked.size());
    for (const Scored& sc : ranked) r.hits.push_back({sc.doc, float(double(sc.score) / kImpactScale)});
    r.total = r.hits.size();
    r.total_exact = r.hits.size() < options.limit;
    return r;
  }
  return Search(index, ParseQuery(text), options);
}

SearchResult Search(const Index& index, const Query& query, const SearchOptions& options) {
  SearchResult r;
  r.errors = query.errors;
  if (!index.ready()) return r;
  Compiler compiler(index);
  const CNode root = compiler.Compile(query.root);
  std::vector<Unit> units;
  PositiveUnits(root, false, &units);
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  {
    std::vector<uint32_t> terms;
    for (const Unit& u : units) terms.insert(terms.end(), u.begin(), u.end());
    SortUnique(&terms);
    for (uint32_t t : terms) r.highlight_terms.emplace_back(index.TermText(t));
  }

  const Bits* filter = options.filter;
  const size_t n = index.num_docs();
  Evaluator eval(index, options.entities);
  auto finish = [&](std::vector<Scored> ranked) {
    r.hits.reserve(ranked.size());
    for (const Scored& sc : ranked) r.hits.push_back({sc.doc, float(double(sc.score) / kImpactScale)});
    return r;
  };

  // Fast paths: units ANDed (or single-term units ORed), with pure filters beside them.
  if (!options.all && !options.exhaustive && options.sort == SortOrder::kRelevance && !units.empty()) {
    std::vector<Unit> groups;
    std::vector<const CNode*> filters;
    bool ok = true, disjunction = false;
    auto is_group = [](const CNode& c) { return c.k == CNode::K::kTerms && c.fields == kAllFields; };
    auto is_filter = [](const CNode& c) {
      if (c.k == CNode::K::kNot) {  // a pure filter only if nothing under it scores (as in -(a -b))
        std::vector<Unit> inside;
        PositiveUnits(c, false, &inside);
        return inside.empty();
      }
      return c.k == CNode::K::kDate || c.k == CNode::K::kLang || c.k == CNode::K::kEntity;
    };
    if (is_group(root)) {
      groups.push_back(root.terms);
    } else if (root.k == CNode::K::kOr) {
      disjunction = true;
      groups.emplace_back();
      for (const CNode& c : root.children) {
        if (!is_group(c) || c.terms.size() > 1) { ok = false; break; }
        groups[0].insert(groups[0].end(), c.terms.begin(), c.terms.end());
      }
      if (ok) SortUnique(&groups[0]);
    } else if (root.k == CNode::K::kAnd) {
      for (const CNode& c : root.children) {
        if (is_group(c)) groups.push_back(c.terms);
        else if (is_filter(c)) filters.push_back(&c);
        else { ok = false; break; }
      }
      std::sort(groups.begin(), groups.end());
      groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    } else {
      ok = false;
    }
    if (ok && !groups.empty()) {
      Bits combined;
      if (!filters.empty()) {
        combined.assign((n + 63) / 64, ~uint64_t(0));
        if (filter) combined = *filter;
        for (const CNode* f : filters) {
          const Bits b = eval.Eval(*f);
          for (size_t w = 0; w < combined.size(); ++w) combined[w] &= b[w];
        }
        filter = &combined;
      }
      r.fast_path = true;
      std::vector<Scored> ranked = FastTopK(index, groups.data(), groups.size(), disjunction, filter, options.limit);
      r.total = ranked.size();
      r.total_exact = ranked.size() < options.limit;
      return finish(std::move(ranked));
    }
  }

  // Reference path: the whole tree to a bitset, then every match scored unit by unit.
  Bits match = eval.Eval(root);
  if (filter)
    for (size_t w = 0; w < match.size(); ++w) match[w] &= (*filter)[w];
  std::vector<uint64_t> score(n, 0);
  std::vector<Impact> best(n, 0);
  for (const Unit& u : units) {
    for (uint32_t t : u)
      for (PostingCursor cur(index.Postings(t)); cur.doc() != kNoDoc; cur.Next())
        if (Test(match, cur.doc())) best[cur.doc()] = std::max(best[cur.doc()], cur.impact());
    for (uint32_t t : u)
      for (PostingCursor cur(index.Postings(t)); cur.doc() != kNoDoc; cur.Next()) {
        score[cur.doc()] += best[cur.doc()];
        best[cur.doc()] = 0;
      }
  }
  std::vector<Scored> ranked;
  for (size_t w = 0; w < match.size(); ++w)
    for (uint64_t bits = match[w]; bits; bits &= bits - 1) {
      const uint32_t d = uint32_t(w * 64 + size_t(__builtin_ctzll(bits)));
      ranked.push_back({score[d], d});
    }
  r.total = ranked.size();
  r.total_exact = true;
  SortOrder sort = options.sort;
  if (sort == SortOrder::kRelevance && units.empty()) sort = SortOrder::kNewest;  // filters only
  if (sort == SortOrder::kRelevance) {
    const size_t k = options.all ? ranked.size() : std::min(options.limit, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + std::ptrdiff_t(k), ranked.end(), Better);
    ranked.resize(k);
  } else {
    const bool newest = sort == SortOrder::kNewest;
    std::stable_sort(ranked.begin(), ranked.end(), [&](const Scored& a, const Scored& b) {
      const int64_t da = index.DocDate(a.doc), db = index.DocDate(b.doc);
      if (da != db) {
        if (da == INT64_MIN || db == INT64_MIN) return db == INT64_MIN;  // undated last
        return newest ? da > db : da < db;
      }
      return Better(a, b);
    });
    if (!options.all && ranked.size() > options.limit) ranked.resize(options.limit);
  }
  return finish(std::move(ranked));
}

// ---- highlighting and snippets ---------------------------------------------------------------------
Highlighter::Highlighter(const Index& index, const SearchResult& result)
    : analyzer_(&index.analyzer()), terms_(result.highlight_terms.begin(), result.highlight_terms.end()) {}

Highlighter::Highlighter(Analyzer& analyzer, const std::vector<std::string>& terms)
    : analyzer_(&analyzer), terms_(terms.begin(), terms.end()) {}

std::vector<Range> Highlighter::Matches(std::string_view text, std::string_view lang) const {
  std::vector<Range> out;
  if (terms_.empty()) return out;
  Tokens toks;
  analyzer_->Analyze(text, lang, &toks);
  std::string key;
  for (size_t i = 0; i < toks.size(); ++i) {
    key.assign(toks.Term(i));
    if (!terms_.count(key)) continue;
    const Range r{toks[i].start, toks[i].end};
    if (!out.empty() && r.start <= out.back().end) out.back().end = std::max(out.back().end, r.end);
    else out.push_back(r);
  }
  return out;
}

Snippet Highlighter::Best(std::string_view text, std::string_view lang, size_t max_bytes) const {
  Snippet s;
  std::vector<Range> matches = Matches(text, lang);
  size_t begin = 0;
  if (!matches.empty()) {
    // Window of max_bytes with the most matches; ties go to the earliest.
    size_t best = 0, best_count = 0;
    for (size_t i = 0, j = 0; i < matches.size(); ++i) {
      while (j < matches.size() && matches[j].end <= matches[i].start + max_bytes) ++j;
      if (j - i > best_count) { best_count = j - i; best = i; }
    }
    // Start a little before the first match, at a word or sentence boundary.
    const size_t first = matches[best].start;
    begin = first > max_bytes / 5 ? first - max_bytes / 5 : 0;
    const size_t sentence = text.rfind(". ", first);
    if (sentence != std::string_view::npos && sentence + 2 >= begin && sentence + 2 <= first) begin = sentence + 2;
  }
  // Snap to a character boundary, then forward to a word start.
  while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
  if (begin > 0 && text[begin - 1] != ' ' && text[begin - 1] != '\n') {
    const size_t space = text.find_first_of(" \n", begin);
    if (space != std::string_view::npos && space < begin + 24) begin = space + 1;
  }
  size_t end = std::min(text.size(), begin + max_bytes);
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  if (end < text.size()) {
    const size_t space = text.rfind(' ', end);
    if (space != std::string_view::npos && space > begin + max_bytes / 2) end = space;
  }
  s.text.assign(text.substr(begin, end - begin));
  for (char& c : s.text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  s.cut_start = begin > 0;
  s.cut_end = end < text.size();
  for (const Range& m : matches)
    if (m.start >= begin && m.end <= end) s.highlights.push_back({uint32_t(m.start - begin), uint32_t(m.end - begin)});
  return s;
}

}  // namespace lede
