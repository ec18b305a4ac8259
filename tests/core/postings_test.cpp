// Tests for core/postings.h: encode/decode round trips against plain arrays (random lists and edge
// cases: df 1, 127, 128, 129, 256, 257, wide gaps, long and repeated positions), skipping to every
// target, block maxima and champions, and the checker refusing damaged bytes.
#include "core/postings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace lede {

namespace {

struct Plain {
  std::vector<uint32_t> docs;
  std::vector<uint8_t> q;
  std::vector<uint32_t> positions, pos_begin;
  Impact base = 1;
  uint32_t step = 0;
};

Plain Random(std::mt19937& rng, size_t df, uint32_t max_gap, uint32_t max_pos, uint32_t max_tf) {
  Plain p;
  uint32_t d = rng() % (max_gap + 1);
  for (size_t i = 0; i < df; ++i) {
    p.docs.push_back(d);
    d += 1 + rng() % (max_gap + 1);
    p.q.push_back(uint8_t(rng() % 256));
    p.pos_begin.push_back(uint32_t(p.positions.size()));
    const uint32_t tf = 1 + rng() % max_tf;
    uint32_t at = rng() % (max_pos + 1);
    for (uint32_t k = 0; k < tf; ++k) {
      p.positions.push_back(at);
      at += rng() % 3 == 0 ? 0 : 1 + rng() % (max_pos + 1);  // equal positions too (CJK char and bigram)
    }
  }
  p.pos_begin.push_back(uint32_t(p.positions.size()));
  p.base = 1 + rng() % 100000;
  p.step = rng() % 3000;
  return p;
}

struct Encoded {
  std::vector<uint8_t> bytes;
  PostingList pl;
};

Encoded Encode(const Plain& p) {
  Encoded e;
  TermInput in;
  in.docs = p.docs.data();
  in.q = p.q.data();
  in.df = p.docs.size();
  in.positions = p.positions.data();
  in.pos_begin = p.pos_begin.data();
  in.base = p.base;
  in.step = p.step;
  EncodeTerm(in, &e.bytes);
  const size_t end = e.bytes.size();
  e.bytes.resize(end + kPostingPad, 0);
  e.pl = PostingList(e.bytes.data(), e.bytes.data() + end, uint32_t(p.docs.size()));
  return e;
}

void ExpectRoundTrip(const Plain& p, uint32_t num_docs) {
  Encoded e = Encode(p);
  const PostingList& pl = e.pl;
  std::string error;
  ASSERT_TRUE(PostingList::Check(e.bytes.data(), e.bytes.data() + e.bytes.size() - kPostingPad, uint32_t(p.docs.size()), num_docs, &error)) << error;
  ASSERT_EQ(pl.df(), p.docs.size());
  uint8_t qmax = *std::max_element(p.q.begin(), p.q.end());
  if (p.docs.size() == 1) qmax = 0;  // one posting: its impact is the base
  EXPECT_EQ(pl.max_impact(), p.base + uint32_t(p.docs.size() == 1 ? 0 : qmax) * (p.docs.size() == 1 ? 0 : p.step));
  // Sequential walk: docs, impacts, positions.
  size_t i = 0;
  for (PostingCursor c(pl); c.doc() != kNoDoc; c.Next(), ++i) {
    ASSERT_LT(i, p.docs.size());
    ASSERT_EQ(c.doc(), p.docs[i]) << "posting " << i;
    const Impact want = p.docs.size() == 1 ? p.base : p.base + uint32_t(p.q[i]) * p.step;
    ASSERT_EQ(c.impact(), want) << "posting " << i;
    size_t count;
    const uint32_t* pos = c.positions(&count);
    ASSERT_EQ(std::vector<uint32_t>(pos, pos + count),
              std::vector<uint32_t>(p.positions.begin() + p.pos_begin[i], p.positions.begin() + p.pos_begin[i + 1])) << "posting " << i;
  }
  EXPECT_EQ(i, p.docs.size());
  // Block maxima bound every impact of their block.
  for (size_t b = 0; b < pl.num_blocks(); ++b) {
    Impact m = 0;
    for (size_t k = b * PostingList::kBlock; k < std::min(p.docs.size(), (b + 1) * PostingList::kBlock); ++k)
      m = std::max(m, p.docs.size() == 1 ? p.base : p.base + uint32_t(p.q[k]) * p.step);
    EXPECT_EQ(pl.BlockMax(b), m) << "block " << b;
  }
  // Champions: the best min(df, kChampions) postings, impact descending then doc.
  std::vector<std::pair<Impact, uint32_t>> ranked;
  for (size_t k = 0; k < p.docs.size(); ++k)
    ranked.push_back({p.docs.size() == 1 ? p.base : p.base + uint32_t(p.q[k]) * p.step, p.docs[k]});
  std::sort(ranked.begin(), ranked.end(), [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  uint32_t cd[PostingList::kChampions];
  Impact ci[PostingList::kChampions];
  const size_t nc = pl.Champions(cd, ci);
  ASSERT_EQ(nc, std::min(p.docs.size(), PostingList::kChampions));
  for (size_t k = 0; k < nc; ++k) {
    EXPECT_EQ(cd[k], ranked[k].second) << "champion " << k;
    EXPECT_EQ(ci[k], ranked[k].first) << "champion " << k;
  }
}

// NextGEQ from a fresh cursor to every target, and along increasing targets from one cursor.
void ExpectSkips(const Plain& p, std::mt19937& rng) {
  Encoded e = Encode(p);
  const uint32_t last = p.docs.back();
  std::vector<uint32_t> targets;
  if (last < 5000) for (uint32_t t = 0; t <= last + 1; ++t) targets.push_back(t);
  else for (int k = 0; k < 3000; ++k) targets.push_back(rng() % (last + 2));
  for (uint32_t t : p.docs) targets.push_back(t);
  for (uint32_t t : targets) {
    PostingCursor c(e.pl);
    c.NextGEQ(t);
    auto it = std::lower_bound(p.docs.begin(), p.docs.end(), t);
    ASSERT_EQ(c.doc(), it == p.docs.end() ? kNoDoc : *it) << "target " << t;
    if (it != p.docs.end()) {
      size_t count;
      const uint32_t* pos = c.positions(&count);
      const size_t i = size_t(it - p.docs.begin());
      ASSERT_EQ(count, p.pos_begin[i + 1] - p.pos_begin[i]) << "target " << t;
      ASSERT_EQ(pos[0], p.positions[p.pos_begin[i]]);
    }
  }
  std::sort(targets.begin(), targets.end());
  PostingCursor c(e.pl);
  for (uint32_t t : targets) {
    c.NextGEQ(t);
    auto it = std::lower_bound(p.docs.begin(), p.docs.end(), t);
    ASSERT_EQ(c.doc(), it == p.docs.end() ? kNoDoc : *it) << "ascending target " << t;
  }
  // BlockMaxFor bounds the impact found at the target.
  PostingCursor b(e.pl);
  for (uint32_t t : targets) {
    const Impact bound = b.BlockMaxFor(t);
    b.NextGEQ(t);
    if (b.doc() == kNoDoc) { EXPECT_EQ(bound, 0u); continue; }
    EXPECT_GE(bound, b.impact()) << "target " << t;
  }
}

}  // namespace

TEST(Postings, RoundTripsAtBlockBoundaries) {
  std::mt19937 rng(7);
  for (size_t df : {1u, 2u, 31u, 32u, 33u, 127u, 128u, 129u, 255u, 256u, 257u, 1000u}) {
    SCOPED_TRACE("df " + std::to_string(df));
    ExpectRoundTrip(Random(rng, df, 50, 300, 4), 1u << 20);
    ExpectSkips(Random(rng, df, 50, 300, 4), rng);
  }
}

TEST(Postings, RoundTripsRandomLists) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 200; ++round) {
    const size_t df = 1 + rng() % (round % 10 == 0 ? 3000 : 300);
    const uint32_t max_gap = std::vector<uint32_t>{0, 1, 7, 100, 5000, 1u << 20}[rng() % 6];
    const uint32_t max_pos = std::vector<uint32_t>{0, 3, 100, 70000, 1u << 24}[rng() % 5];
    const uint32_t max_tf = 1 + rng() % (rng() % 4 == 0 ? 200 : 5);
    SCOPED_TRACE("round " + std::to_string(round));
    const Plain p = Random(rng, df, max_gap, max_pos, max_tf);
    ExpectRoundTrip(p, UINT32_MAX);
    if (round % 10 == 0) ExpectSkips(p, rng);
  }
}

TEST(Postings, EdgeCases) {
  std::mt19937 rng(3);
  Plain p;
  // Consecutive docs (gap width 0), all impacts equal (impact width 0), one position each at 0.
  for (uint32_t d = 0; d < 300; ++d) {
    p.docs.push_back(d);
    p.q.push_back(0);
    p.pos_begin.push_back(d);
    p.positions.push_back(0);
  }
  p.pos_begin.push_back(300);
  ExpectRoundTrip(p, 300);
  ExpectSkips(p, rng);
  // The largest doc ids and positions, and a huge gap.
  Plain w;
  w.docs = {0, UINT32_MAX - 2};
  w.q = {255, 0};
  w.positions = {UINT32_MAX - 1, 0, 5, UINT32_MAX - 1};
  w.pos_begin = {0, 1, 4};
  w.base = 1;
  w.step = 1000;
  ExpectRoundTrip(w, UINT32_MAX - 1);
  ExpectSkips(w, rng);
  // A posting with many positions (long document, frequent word).
  Plain l;
  l.docs = {42};
  l.q = {0};
  l.pos_begin = {0};
  for (uint32_t k = 0; k < 100000; ++k) l.positions.push_back(k * 3);
  l.pos_begin.push_back(uint32_t(l.positions.size()));
  l.base = 77;
  ExpectRoundTrip(l, 43);
}

TEST(Postings, CheckRefusesDamagedBytes) {
  std::mt19937 rng(99);
  const Plain p = Random(rng, 300, 20, 200, 3);
  Encoded e = Encode(p);
  const size_t len = e.bytes.size() - kPostingPad;
  std::string error;
  ASSERT_TRUE(PostingList::Check(e.bytes.data(), e.bytes.data() + len, 300, 100000, &error)) << error;
  EXPECT_FALSE(PostingList::Check(e.bytes.data(), e.bytes.data() + len, 299, 100000, &error));  // wrong df
  EXPECT_FALSE(PostingList::Check(e.bytes.data(), e.bytes.data() + len, 300, p.docs.back(), &error));  // doc >= N
  EXPECT_NE(error.find("names document"), std::string::npos) << error;
  for (size_t cut : {size_t(0), size_t(1), len / 2, len - 1})
    EXPECT_FALSE(PostingList::Check(e.bytes.data(), e.bytes.data() + cut, 300, 100000, &error)) << "cut at " << cut;
  // Flipping any single byte is either refused or still decodes within bounds (never crashes: run
  // under ASan); most flips are refused.
  size_t refused = 0;
  for (size_t k = 0; k < len; ++k) {
    std::vector<uint8_t> bad = e.bytes;
    bad[k] ^= 0x5A;
    if (!PostingList::Check(bad.data(), bad.data() + len, 300, 100000, &error)) ++refused;
  }
  EXPECT_GT(refused, len / 2);
}

}  // namespace lede
