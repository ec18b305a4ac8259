// Tests for core/pack.h: a pack answers exactly as the JSON corpus it was made from (search, facets,
// entities, metadata, text whole or block by block), and damaged packs (truncated, flipped bytes, wrong
// version or magic, lengths and ids that lie behind a recomputed checksum) are refused with a message
// naming the place, never read out of bounds. Run the Corrupt* tests under ASan/UBSan too (see
// docs/pack-format.md). Uses zstd and XXH64 directly to craft damaged packs.
#include "core/pack.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include <xxhash.h>
#include <zstd.h>

#include "core/search.h"

namespace lede {

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Everything the explorer computes from a JSON corpus, as lede-cli pack does it.
struct Loaded {
  Corpus corpus;
  LoadReport report;
  Index index;
  FacetIndex facets;
  std::vector<ArticleMentions> mentions;
  EntityExtractor extractor;
  EntityTable table;
  explicit Loaded(std::string_view json) {
    EXPECT_TRUE(LoadCorpus(json, &corpus, &report)) << report.error;
    index.Build(corpus);
    facets.Build(corpus);
    mentions.resize(corpus.articles.size());
    for (size_t d = 0; d < corpus.articles.size(); ++d) mentions[d] = extractor.Extract(corpus.articles[d]);
    extractor.Harmonize(&mentions);
    table.Build(corpus, mentions, EntitySource::kBoth, Corrections{}, &extractor);
  }
  std::string Pack() {
    std::string bytes, error;
    EXPECT_TRUE(WritePack(corpus, report, index, facets, mentions, table, EntitySource::kBoth, &bytes, &error)) << error;
    return bytes;
  }
};

const std::string& SampleJson() {
  static const std::string json = ReadFile(LEDE_SOURCE_DIR "/assets/corpus.json");
  return json;
}

void ExpectSameResult(const SearchResult& a, const SearchResult& b, const std::string& what) {
  ASSERT_EQ(a.hits.size(), b.hits.size()) << what;
  for (size_t i = 0; i < a.hits.size(); ++i) {
    EXPECT_EQ(a.hits[i].doc, b.hits[i].doc) << what << " hit " << i;
    EXPECT_EQ(a.hits[i].score, b.hits[i].score) << what << " hit " << i;
  }
  EXPECT_EQ(a.total, b.total) << what;
  EXPECT_EQ(a.total_exact, b.total_exact) << what;
  EXPECT_EQ(a.errors, b.errors) << what;
  EXPECT_EQ(a.highlight_terms, b.highlight_terms) << what;
}

// The queries of search_test.cpp's kinds, plus random ones from the index's own terms.
std::vector<std::string> Queries(const Index& index, size_t random_count) {
  std::vector<std::string> q = {
      "internet conference", "wuzhen OR tomlinson", "internet -wuzhen", "internet NOT wuzhen",
      "\"world internet conference\"", "\"internet conference\"", "title:conference", "(wuzhen OR governance) forum",
      "source:reuters", "e-mail", "governments", "nonexistentword", "gover*", "inter*", "tomlinsen~1", "wuzen~",
      "internet date:2014", "date:2006..2011-12", "date:>2011-10-01", "lang:zh", "lang:en icann", "互联网",
      "世界互联网大会", "乌镇", "entity:\"Jon Postel\"", "entity:ICANN", "entity:US", "byline:\"xu wen\"", "tag:governance",
      "(icann OR iana) -root", "\"domain name\" OR dns", "date:..1999 network", "((unclosed", "\"open quote", "postel",
      "oil prices", "\"interest rates\" date:1987", "title:opec OR tag:crude", "bank -japan", "entity:\"James Baker\""};
  std::mt19937 rng(1234);
  const uint32_t terms = uint32_t(index.num_terms());
  auto term = [&]() {
    std::string t(index.TermText(rng() % terms));
    for (char c : t) {
      if (c == '"' || c == '(' || c == ')' || c == ':' || c == '-' || c == '*' || c == '~') return std::string("x");
    }
    return t;
  };
  for (size_t i = 0; terms && i < random_count; ++i) {
    switch (i % 4) {
      case 0: q.push_back(term()); break;
      case 1: q.push_back(term() + " " + term()); break;
      case 2: q.push_back(term() + " OR " + term() + " OR " + term()); break;
      default: q.push_back("\"" + term() + " " + term() + "\" OR " + term()); break;
    }
  }
  return q;
}

void ExpectSameArticles(const Corpus& a, const Corpus& b, bool with_text) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.license, b.license);
  EXPECT_EQ(a.has_cjk, b.has_cjk);
  ASSERT_EQ(a.articles.size(), b.articles.size());
  for (size_t d = 0; d < a.articles.size(); ++d) {
    const Article &x = a.articles[d], &y = b.articles[d];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.title, y.title);
    if (with_text) {
      EXPECT_EQ(x.text, y.text) << "article " << d;
    }
    EXPECT_EQ(x.lang, y.lang);
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.byline, y.byline);
    EXPECT_EQ(x.url, y.url);
    EXPECT_EQ(x.date_text, y.date_text);
    EXPECT_EQ(x.date.utc, y.date.utc);
    EXPECT_EQ(x.date.precision, y.date.precision);
    EXPECT_EQ(x.tags, y.tags);
    ASSERT_EQ(x.entities.size(), y.entities.size());
    for (size_t i = 0; i < x.entities.size(); ++i) {
      EXPECT_EQ(x.entities[i].name, y.entities[i].name);
      EXPECT_EQ(x.entities[i].type, y.entities[i].type);
      EXPECT_EQ(x.entities[i].description, y.entities[i].description);
    }
  }
}

void ExpectSameTable(const EntityTable& a, const EntityTable& b) {
  ASSERT_EQ(a.entities.size(), b.entities.size());
  for (size_t i = 0; i < a.entities.size(); ++i) {
    const Entity &x = a.entities[i], &y = b.entities[i];
    EXPECT_EQ(x.name, y.name) << i;
    EXPECT_EQ(x.type, y.type) << x.name;
    EXPECT_EQ(x.docs, y.docs) << x.name;
    EXPECT_EQ(x.mentions, y.mentions) << x.name;
    EXPECT_EQ(x.first, y.first) << x.name;
    EXPECT_EQ(x.last, y.last) << x.name;
    EXPECT_EQ(x.hidden, y.hidden) << x.name;
    EXPECT_EQ(x.supplied, y.supplied) << x.name;
    EXPECT_EQ(x.extracted, y.extracted) << x.name;
    EXPECT_EQ(x.aliases, y.aliases) << x.name;
    EXPECT_EQ(a.Find(x.name), b.Find(x.name)) << x.name;
  }
  ASSERT_EQ(a.num_docs(), b.num_docs());
  for (uint32_t d = 0; d < a.num_docs(); ++d) {
    const auto &ma = a.MentionsOf(d), &mb = b.MentionsOf(d);
    ASSERT_EQ(ma.size(), mb.size()) << d;
    for (size_t i = 0; i < ma.size(); ++i) {
      EXPECT_EQ(ma[i].start, mb[i].start);
      EXPECT_EQ(ma[i].end, mb[i].end);
      EXPECT_EQ(ma[i].in_title, mb[i].in_title);
      EXPECT_EQ(ma[i].entity, mb[i].entity);
      EXPECT_EQ(ma[i].type, mb[i].type);
    }
    EXPECT_EQ(a.EntityIdsOf(d), b.EntityIdsOf(d));
  }
  for (uint32_t id = 0; id < std::min<size_t>(a.entities.size(), 50); ++id) {
    const auto ca = a.Cooccurring(id, 5), cb = b.Cooccurring(id, 5);
    ASSERT_EQ(ca.size(), cb.size());
    for (size_t i = 0; i < ca.size(); ++i) EXPECT_EQ(ca[i].entity, cb[i].entity);
  }
}

// Opens a pack the way a page does: header, head, then each block by its range (here in reverse).
void OpenByRanges(const std::string& file, Pack* pack) {
  PackHeader h;
  std::string error;
  ASSERT_TRUE(ParsePackHeader(std::string_view(file).substr(0, kPackHeaderSize), &h, &error)) << error;
  ASSERT_TRUE(pack->Open(h, std::string_view(file).substr(h.head_offset, h.head_length), &error)) << error;
  for (size_t b = pack->num_blocks(); b-- > 0;) {
    const PackBlock& k = pack->block(b);
    ASSERT_FALSE(pack->block_filled(b));
    ASSERT_TRUE(pack->FillText(b, std::string_view(file).substr(k.offset, k.length), &error)) << error;
    for (uint32_t d = k.first_doc; d < k.first_doc + k.count; ++d) ASSERT_EQ(pack->BlockOfDoc(d), b);
  }
}

void RoundTrip(const std::string& json, size_t random_queries) {
  Loaded json_side(json);
  const auto t0 = std::chrono::steady_clock::now();
  const std::string file = json_side.Pack();
  const auto t1 = std::chrono::steady_clock::now();
  Pack pack;
  std::string error;
  ASSERT_TRUE(OpenPackBytes(file, &pack, &error)) << error;
  const auto t2 = std::chrono::steady_clock::now();
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  std::printf("[ pack     ] %zu articles: JSON %zu bytes, pack %zu bytes (%zu blocks); write %.0f ms, open %.0f ms\n",
              json_side.corpus.articles.size(), json.size(), file.size(), pack.num_blocks(), ms(t0, t1), ms(t1, t2));

  ExpectSameArticles(json_side.corpus, pack.corpus(), true);
  EXPECT_EQ(pack.load_report().articles_loaded, json_side.report.articles_loaded);
  EXPECT_EQ(pack.load_report().warnings.size(), json_side.report.warnings.size());
  ASSERT_EQ(pack.mentions().size(), json_side.mentions.size());
  for (size_t d = 0; d < json_side.mentions.size(); ++d) {
    const auto &x = json_side.mentions[d].mentions, &y = pack.mentions()[d].mentions;
    ASSERT_EQ(x.size(), y.size());
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].start, y[i].start);
      EXPECT_EQ(x[i].end, y[i].end);
      EXPECT_EQ(x[i].in_title, y[i].in_title);
      EXPECT_EQ(x[i].type, y[i].type);
      EXPECT_EQ(x[i].name, y[i].name);
      EXPECT_EQ(x[i].strength, y[i].strength);
    }
  }
  ExpectSameTable(json_side.table, pack.entities());

  // Facets: the tables, and Select under a facet choice.
  for (int k = 0; k < kFacetCount; ++k) {
    EXPECT_EQ(json_side.facets.facets[k].values, pack.facets().facets[k].values);
    EXPECT_EQ(json_side.facets.facets[k].doc_begin, pack.facets().facets[k].doc_begin);
    EXPECT_EQ(json_side.facets.facets[k].value_ids, pack.facets().facets[k].value_ids);
  }
  EXPECT_EQ(json_side.index.num_terms(), pack.index().num_terms());
  EXPECT_EQ(json_side.index.doc_dates(), pack.index().doc_dates());
  EXPECT_EQ(json_side.index.stemmer_langs(), pack.index().stemmer_langs());

  for (const std::string& q : Queries(json_side.index, random_queries)) {
    SearchOptions o;
    ExpectSameResult(Search(json_side.index, q, o), Search(pack.index(), q, o), q);
    o.entities = &json_side.table;
    SearchOptions p = o;
    p.entities = &pack.entities();
    o.all = p.all = true;
    o.sort = p.sort = SortOrder::kNewest;
    ExpectSameResult(Search(json_side.index, q, o), Search(pack.index(), q, p), q + " (all, newest)");
    o.exhaustive = p.exhaustive = true;
    o.sort = p.sort = SortOrder::kRelevance;
    ExpectSameResult(Search(json_side.index, q, o), Search(pack.index(), q, p), q + " (exhaustive)");
  }
  Filter f;
  f.query = "internet OR oil";
  if (!json_side.facets.facets[kFacetLang].values.empty()) f.facets.push_back({kFacetLang, json_side.facets.facets[kFacetLang].values[0], false});
  const Selection a = Select(json_side.index, json_side.facets, f, SortOrder::kRelevance, &json_side.table);
  const Selection b = Select(pack.index(), pack.facets(), f, SortOrder::kRelevance, &pack.entities());
  EXPECT_EQ(a.ranked, b.ranked);
  EXPECT_EQ(a.docs, b.docs);
  for (int k = 0; k < kFacetCount; ++k) EXPECT_EQ(a.facet_counts[k], b.facet_counts[k]);
  // Snippets from the filled text equal the JSON's.
  if (!a.search.hits.empty()) {
    const uint32_t d = a.search.hits[0].doc;
    Highlighter ha(json_side.index, a.search), hb(pack.index(), b.search);
    EXPECT_EQ(ha.Best(json_side.corpus.articles[d].text, "en").text, hb.Best(pack.corpus().articles[d].text, "en").text);
  }

  // Text block by block, by ranges, gives the same corpus; and no text at all before any block.
  Pack ranged;
  {
    PackHeader h;
    ASSERT_TRUE(ParsePackHeader(file, &h, &error)) << error;
    ASSERT_TRUE(ranged.Open(h, std::string_view(file).substr(h.head_offset, h.head_length), &error)) << error;
    for (const Article& art : ranged.corpus().articles) ASSERT_TRUE(art.text.empty());
    ExpectSameArticles(json_side.corpus, ranged.corpus(), false);
  }
  Pack ranged2;
  OpenByRanges(file, &ranged2);
  ExpectSameArticles(json_side.corpus, ranged2.corpus(), true);
  ranged2.ReleaseText(0);
  EXPECT_FALSE(ranged2.block_filled(0));
  EXPECT_TRUE(ranged2.corpus().articles[0].text.empty());

  // Corrections replay on the opened pack (no text needed) exactly as on the built table.
  if (json_side.table.entities.size() >= 3) {
    Corrections c;
    const std::string first = json_side.table.entities[0].name, second = json_side.table.entities[1].name;
    c.ops.push_back({Correction::Op::kMerge, second, first, EntityType::kOther});
    c.ops.push_back({Correction::Op::kRename, first, "Renamed One", EntityType::kOther});
    c.ops.push_back({Correction::Op::kHide, json_side.table.entities[2].name, "", EntityType::kOther});
    c.ops.push_back({Correction::Op::kType, "Renamed One", "", EntityType::kPlace});
    ASSERT_TRUE(json_side.table.Recorrect(json_side.corpus, c));
    ranged.entities().set_extractor(&json_side.extractor);
    ASSERT_TRUE(ranged.entities().Recorrect(ranged.corpus(), c));
    ExpectSameTable(json_side.table, ranged.entities());
  }
}

}  // namespace

TEST(PackRoundTrip, SampleCorpusAnswersExactlyAsItsJson) { RoundTrip(SampleJson(), 400); }

TEST(PackRoundTrip, ReutersAnswersExactlyAsItsJson) {
  const std::string path = LEDE_SOURCE_DIR "/../shared/corpora/reuters21578.json";
  if (!std::ifstream(path)) GTEST_SKIP() << "../shared/corpora/reuters21578.json is absent; skipping the Reuters round trip";
  RoundTrip(ReadFile(path), 300);
}

TEST(PackRoundTrip, EmptyAndTinyCorpora) {
  for (const char* json : {R"({"name": "empty", "articles": []})",
                           R"([{"id": "a", "title": "Only a title", "text": ""}])",
                           R"([{"id": "a", "title": "One", "text": "Alpha beta."}, {"id": "a", "title": "Two", "text": "Gamma."}])"}) {
    Loaded l(json);
    const std::string file = l.Pack();
    Pack pack;
    std::string error;
    ASSERT_TRUE(OpenPackBytes(file, &pack, &error)) << json << ": " << error;
    ExpectSameArticles(l.corpus, pack.corpus(), true);
    EXPECT_EQ(pack.num_blocks(), l.corpus.articles.empty() ? 0u : 1u);
  }
}

TEST(PackRoundTrip, LargeTextsMakeSeveralBlocksOfAboutTheTargetSize) {
  std::string json = "[";
  for (int i = 0; i < 300; ++i) {
    std::string text;
    for (int w = 0; w < 200 + (i * 37) % 400; ++w) text += "word" + std::to_string((i * 7 + w) % 1000) + " ";
    json += std::string(i ? "," : "") + "{\"id\": \"n" + std::to_string(i) + "\", \"title\": \"Note " + std::to_string(i) +
            "\", \"text\": \"" + text + "\"}";
  }
  json += "]";
  Loaded l(json);
  const std::string file = l.Pack();
  Pack pack;
  std::string error;
  ASSERT_TRUE(OpenPackBytes(file, &pack, &error)) << error;
  ExpectSameArticles(l.corpus, pack.corpus(), true);
  EXPECT_GT(pack.num_blocks(), 5u);
  for (size_t b = 0; b + 1 < pack.num_blocks(); ++b) EXPECT_LE(pack.block(b).raw_length, kPackBlockTarget + 8);
  ExpectSameResult(Search(l.index, "word17 word18"), Search(pack.index(), "word17 word18"), "word17 word18");
}

// ---- Corruption -------------------------------------------------------------------------------------------

namespace {

struct Section {
  std::string tag;
  uint32_t version;
  std::string payload;
};

uint64_t Get64(const std::string& s, size_t at) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t(uint8_t(s[at + size_t(i)])) << (8 * i);
  return v;
}
void Put64(std::string& s, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) s[at + size_t(i)] = char((v >> (8 * i)) & 0xFF);
}
void Put32(std::string& s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + size_t(i)] = char((v >> (8 * i)) & 0xFF);
}
void Seal(std::string& file) { Put64(file, 56, XXH64(file.data(), 56, 0)); }  // header checksum

std::vector<Section> HeadSections(const std::string& file) {
  const uint64_t len = Get64(file, 24), raw_len = Get64(file, 32);
  std::string raw(raw_len, '\0');
  EXPECT_EQ(ZSTD_decompress(raw.data(), raw.size(), file.data() + 64, len), raw_len);
  std::vector<Section> out;
  for (size_t at = 0; at < raw.size();) {
    Section s{raw.substr(at, 4), 0, ""};
    s.version = uint32_t(uint8_t(raw[at + 4])) | uint32_t(uint8_t(raw[at + 5])) << 8;
    const uint64_t n = Get64(raw, at + 8);
    s.payload = raw.substr(at + 16, n);
    out.push_back(s);
    at += 16 + n;
  }
  return out;
}

// A file with its head replaced by these sections, every length and checksum recomputed so that only
// the structure inside the sections can catch what was changed. Blocks keep their place after the head.
std::string WithHead(const std::string& file, const std::vector<Section>& sections) {
  std::string raw;
  for (const Section& s : sections) {
    std::string h(16, '\0');
    std::memcpy(&h[0], s.tag.data(), 4);
    Put32(h, 4, s.version);
    Put64(h, 8, s.payload.size());
    raw += h + s.payload;
  }
  std::string stored(ZSTD_compressBound(raw.size()), '\0');
  stored.resize(ZSTD_compress(stored.data(), stored.size(), raw.data(), raw.size(), 1));
  const uint64_t old_len = Get64(file, 24);
  const std::string blocks = file.substr(64 + old_len);
  std::string out = file.substr(0, 64) + stored + blocks;
  Put64(out, 24, stored.size());
  Put64(out, 32, raw.size());
  Put64(out, 40, out.size());
  Put64(out, 48, XXH64(stored.data(), stored.size(), 0));
  Seal(out);
  return out;
}

Section* Find(std::vector<Section>& s, const std::string& tag) {
  for (Section& x : s)
    if (x.tag == tag) return &x;
  return nullptr;
}

std::string Refused(const std::string& file) {
  Pack pack;
  std::string error;
  EXPECT_FALSE(OpenPackBytes(file, &pack, &error)) << "a damaged pack was accepted";
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(pack.is_open());
  return error;
}

// Offset of the array `name` inside the INDX payload, and its element count.
size_t ArrayAt(const std::string& indx, const std::string& name, uint64_t* count) {
  size_t at = 4 + 4 + 1 + 4 * kFieldCount + 4;
  while (at < indx.size()) {
    const size_t len = uint8_t(indx[at]);  // names are short: one-byte varint
    const std::string n = indx.substr(at + 1, len);
    const size_t elem = uint8_t(indx[at + 1 + len]);
    *count = Get64(indx, at + 2 + len);
    if (n == name) return at + 10 + len;
    at += 10 + len + *count * elem;
  }
  return std::string::npos;
}

// Sets element i of a stored array of n 32-bit elements, kept as byte planes (docs/pack-format.md).
void PutElement32(std::string& s, size_t array_at, uint64_t n, size_t i, uint32_t v) {
  for (size_t j = 0; j < 4; ++j) s[array_at + j * n + i] = char((v >> (8 * j)) & 0xFF);
}

const std::string& SamplePack() {
  static const std::string file = Loaded(SampleJson()).Pack();
  return file;
}

}  // namespace

TEST(PackCorrupt, TruncatedAnywhereIsRefused) {
  const std::string& file = SamplePack();
  std::vector<size_t> cuts;
  for (size_t i = 0; i <= 80; ++i) cuts.push_back(i);
  for (size_t i = 1; i < 200; ++i) cuts.push_back(file.size() * i / 200);
  cuts.push_back(file.size() - 1);
  for (size_t cut : cuts) {
    const std::string e = Refused(file.substr(0, cut));
    if (cut < 64) {
      EXPECT_NE(e.find("header"), std::string::npos) << e;
    } else {
      EXPECT_NE(e.find("truncated"), std::string::npos) << cut << ": " << e;
    }
  }
  // Over ranges: a short head or block is refused by Open and FillText too.
  PackHeader h;
  std::string error;
  ASSERT_TRUE(ParsePackHeader(file, &h, &error));
  Pack pack;
  EXPECT_FALSE(pack.Open(h, std::string_view(file).substr(64, h.head_length - 1), &error));
  EXPECT_NE(error.find("truncated"), std::string::npos) << error;
  ASSERT_TRUE(pack.Open(h, std::string_view(file).substr(64, h.head_length), &error)) << error;
  const PackBlock k = pack.block(0);
  EXPECT_FALSE(pack.FillText(0, std::string_view(file).substr(k.offset, k.length - 1), &error));
  EXPECT_NE(error.find("pack block 0"), std::string::npos) << error;
  EXPECT_FALSE(pack.FillText(pack.num_blocks(), std::string_view(file).substr(k.offset, k.length), &error));
}

TEST(PackCorrupt, FlippedBytesFailTheirChecksum) {
  const std::string& file = SamplePack();
  for (size_t i = 0; i < 64; ++i) {
    std::string bad = file;
    bad[i] = char(bad[i] ^ 0x20);
    const std::string e = Refused(bad);
    EXPECT_NE(e.find("pack header"), std::string::npos) << i << ": " << e;
  }
  const uint64_t head_len = Get64(file, 24);
  for (size_t i = 64; i < 64 + head_len; i += head_len / 37 + 1) {
    std::string bad = file;
    bad[i] = char(bad[i] ^ 0x01);
    EXPECT_NE(Refused(bad).find("head at offset 64: checksum mismatch"), std::string::npos);
  }
  for (size_t i = 64 + head_len; i < file.size(); i += (file.size() - 64 - head_len) / 23 + 1) {
    std::string bad = file;
    bad[i] = char(bad[i] ^ 0x80);
    const std::string e = Refused(bad);
    EXPECT_NE(e.find("pack block"), std::string::npos) << e;
    EXPECT_NE(e.find("checksum mismatch"), std::string::npos) << e;
  }
}

TEST(PackCorrupt, WrongMagicVersionFlagsAndLengthsInTheHeader) {
  const std::string& file = SamplePack();
  std::string bad = file;
  bad[0] = '{';
  EXPECT_NE(Refused(bad).find("not a Lede pack"), std::string::npos);
  EXPECT_FALSE(LooksLikePack(bad));
  EXPECT_TRUE(LooksLikePack(file));
  bad = file;
  Put32(bad, 8, 2);
  Seal(bad);
  EXPECT_NE(Refused(bad).find("format version 2"), std::string::npos) << Refused(bad);
  bad = file;
  Put32(bad, 12, 6);
  Seal(bad);
  EXPECT_NE(Refused(bad).find("unknown flags"), std::string::npos);
  bad = file;
  Put64(bad, 24, Get64(file, 40));  // head longer than the file
  Seal(bad);
  EXPECT_NE(Refused(bad).find("outside the file"), std::string::npos) << Refused(bad);
  bad = file;
  Put64(bad, 32, Get64(file, 32) + 1);  // raw length that lies
  Seal(bad);
  EXPECT_NE(Refused(bad).find("content bytes"), std::string::npos) << Refused(bad);
  bad = file + "xx";
  EXPECT_NE(Refused(bad).find("trailing bytes"), std::string::npos);
}

TEST(PackCorrupt, SectionsThatLieBehindAGoodChecksum) {
  const std::string& file = SamplePack();
  const std::vector<Section> good = HeadSections(file);
  {
    Pack pack;
    std::string error;
    EXPECT_TRUE(OpenPackBytes(WithHead(file, good), &pack, &error)) << "the crafting itself must keep a good pack good: " << error;
  }
  auto expect = [&](std::vector<Section> s, const std::string& needle, const std::string& what) {
    const std::string e = Refused(WithHead(file, s));
    EXPECT_NE(e.find(needle), std::string::npos) << what << ": " << e;
  };
  {  // an unknown section is skipped; an unknown version of a known one is refused; one missing is named
    std::vector<Section> s = good;
    s.push_back({"XTRA", 7, "whatever"});
    Pack pack;
    std::string error;
    EXPECT_TRUE(OpenPackBytes(WithHead(file, s), &pack, &error)) << error;
    s = good;
    Find(s, "FACT")->version = 2;
    expect(s, "section FACT at head offset", "section version");
    s = good;
    s.erase(s.begin() + 2);
    expect(s, "is missing", "missing section");
    s = good;
    s.push_back(good[0]);
    expect(s, "appears twice", "duplicate section");
  }
  {  // article count larger than the section can hold
    std::vector<Section> s = good;
    std::string& p = Find(s, "ARTS")->payload;
    p = std::string("\xff\xff\xff\xff\x0f", 5) + p.substr(1);
    expect(s, "pack head section ARTS at head offset", "huge article count");
  }
  {  // a string length that runs past the section
    std::vector<Section> s = good;
    std::string& p = Find(s, "ARTS")->payload;
    p[1] = char(0x7f);  // the first article id's length (ids are short)
    expect(s, "section ARTS", "lying string length");
  }
  {  // section shorter than its content (cut the last byte)
    std::vector<Section> s = good;
    Find(s, "LOAD")->payload.pop_back();
    expect(s, "section LOAD", "short section");
    s = good;
    Find(s, "LOAD")->payload += "z";
    expect(s, "left over", "long section");
  }
  {  // index arrays (checked by Index::Check): damaged posting lists, lying offsets, a wrong count, terms
     // out of order
    std::vector<Section> s = good;
    uint64_t n = 0;
    const size_t pb = ArrayAt(Find(s, "INDX")->payload, "post_begin", &n);
    ASSERT_NE(pb, std::string::npos);
    PutElement32(Find(s, "INDX")->payload, pb, n, n / 2, 0x7FFFFFFF);
    expect(s, "post_begin", "lying posting offsets");
    s = good;
    const size_t tc = ArrayAt(Find(s, "INDX")->payload, "term_offsets", &n);
    Put64(Find(s, "INDX")->payload, tc - 8, n + 1000000);
    expect(s, "cannot fit", "element count beyond the section");
    s = good;
    const size_t st = ArrayAt(Find(s, "INDX")->payload, "sorted_terms", &n);
    PutElement32(Find(s, "INDX")->payload, st, n, 0, 0x7FFFFFFF);
    expect(s, "sorted_terms", "term id out of range in the sorted dictionary");
    s = good;
    const size_t po = ArrayAt(Find(s, "INDX")->payload, "post_bytes", &n);
    ASSERT_NE(po, std::string::npos);
    for (size_t i = 0; i < 8; ++i) Find(s, "INDX")->payload[po + i] = char(0xFF);  // the first list's header
    expect(s, "post_bytes", "a damaged posting list");
  }
  {  // facets: a value id beyond the values
    std::vector<Section> s = good;
    std::string& p = Find(s, "FACT")->payload;
    // source facet: count, values..., ids count, then per doc: k, ids. Rewrite the whole facet 0 list.
    p[p.size() - 1] = char(0x7f);  // the last article's last tag id
    expect(s, "section FACT", "facet id out of range");
  }
  {  // blocks: a table that does not tile the file, or covers the wrong articles
    std::vector<Section> s = good;
    std::string& p = Find(s, "BLKS")->payload;
    Put64(p, 1 + 8, Get64(p, 1 + 8) + 1);  // block 0 one byte longer
    expect(s, "section BLKS", "block length");
    s = good;
    Put32(Find(s, "BLKS")->payload, 1 + 28, 1000000);  // block 0 article count
    expect(s, "holds articles", "block article count");
  }
  {  // block content that lies behind a recomputed block checksum: text lengths disagree with the head
    std::vector<Section> s = good;
    std::string& blks = Find(s, "BLKS")->payload;
    std::string bad = WithHead(file, s);
    const uint64_t base = 64 + Get64(bad, 24);
    const uint64_t off = Get64(blks, 1), len = Get64(blks, 9), raw_len = Get64(blks, 17);
    std::string raw(raw_len, '\0');
    ASSERT_EQ(ZSTD_decompress(raw.data(), raw.size(), bad.data() + base + off, len), raw_len);
    raw[0] = char(uint8_t(raw[0]) ^ 1);  // first article's text length
    std::string z(ZSTD_compressBound(raw.size()), '\0');
    z.resize(ZSTD_compress(z.data(), z.size(), raw.data(), raw.size(), 3));
    // Rebuild blocks: this block recompressed, the rest shifted.
    std::string blocks = bad.substr(base);
    blocks = z + blocks.substr(len);
    Put64(blks, 9, z.size());
    Put64(blks, 33, XXH64(z.data(), z.size(), 0));
    const size_t nblocks = uint8_t(blks[0]);
    for (size_t b = 1; b < nblocks; ++b) Put64(blks, 1 + 40 * b, Get64(blks, 1 + 40 * b) + z.size() - len);
    std::string head_only = WithHead(file, s);
    head_only = head_only.substr(0, 64 + Get64(head_only, 24)) + blocks;
    Put64(head_only, 40, head_only.size());
    Seal(head_only);
    const std::string e = Refused(head_only);
    EXPECT_NE(e.find("pack block 0"), std::string::npos) << e;
  }
}

// Random single-byte changes inside the decompressed head, with every checksum recomputed: each pack
// is refused with a message or opens and answers queries; none reads out of bounds (run under ASan).
TEST(PackCorrupt, RandomDamageBehindGoodChecksumsNeverCrashes) {
  const std::string& file = SamplePack();
  const std::vector<Section> good = HeadSections(file);
  std::mt19937 rng(99);
  int refused = 0, opened = 0;
  for (int round = 0; round < 400; ++round) {
    std::vector<Section> s = good;
    Section& sec = s[rng() % s.size()];
    if (sec.payload.empty()) continue;
    for (int k = 0; k < 1 + int(rng() % 3); ++k) {
      const size_t at = rng() % sec.payload.size();
      sec.payload[at] = char(rng() % 3 == 0 ? 0xFF : rng() % 256);
    }
    Pack pack;
    std::string error;
    if (!OpenPackBytes(WithHead(file, s), &pack, &error)) {
      EXPECT_NE(error.find("pack"), std::string::npos) << error;
      ++refused;
      continue;
    }
    ++opened;
    for (const char* q : {"internet", "\"internet governance\"", "inter*", "wuzen~", "postel OR icann", "lang:zh"}) {
      SearchOptions o;
      o.entities = &pack.entities();
      Search(pack.index(), q, o);
    }
    for (uint32_t id = 0; id < std::min<size_t>(pack.entities().entities.size(), 5); ++id) pack.entities().Cooccurring(id, 5);
  }
  EXPECT_GT(refused, 100);
  std::printf("[ pack     ] random damage: %d refused, %d opened (damage the checks cannot see: titles, impacts)\n", refused, opened);
}

// lede-cli pack, then every command on the pack answers as on the JSON.
TEST(PackCli, CommandsAnswerTheSameOnThePack) {
  const std::string dir = testing::TempDir();
  const std::string json = LEDE_SOURCE_DIR "/assets/corpus.json", pack = dir + "/lede_cli_test.lede", out = dir + "/lede_cli_out.txt";
  const std::string make = std::string(LEDE_CLI) + " pack " + json + " -o " + pack + " 2>" + out;
  ASSERT_EQ(std::system(make.c_str()), 0) << ReadFile(out);
  EXPECT_NE(ReadFile(out).find("blocks"), std::string::npos) << ReadFile(out);
  auto run = [&](const std::string& args) {
    const std::string cmd = std::string(LEDE_CLI) + " " + args + " > " + out + " 2>/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::string s = ReadFile(out);
    // Timings and the file name differ.
    if (const size_t ms = s.find(" ms\n"); ms != std::string::npos && s.find(" results in ") < ms) s.erase(0, ms);
    for (const char* key : {"\"ms\":", "\"loadMs\":", "\"file\":"}) {
      for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + 1)) {
        const size_t end = s.find_first_of(",\n}", at);
        s.erase(at, end - at);
      }
    }
    return s;
  };
  for (const std::string& cmd : {std::string("search CORPUS 'internet governance' --json --limit 20"),
                                 std::string("search CORPUS 'entity:ICANN' --json"), std::string("search CORPUS postel"),
                                 std::string("stats CORPUS --json"), std::string("entities CORPUS --json"),
                                 std::string("entities CORPUS --mentions"), std::string("entities CORPUS --source supplied --json")}) {
    auto with = [&](const std::string& corpus) {
      std::string c = cmd;
      c.replace(c.find("CORPUS"), 6, corpus);
      return run(c);
    };
    const std::string a = with(json), b = with(pack);
    EXPECT_FALSE(a.empty()) << cmd;
    EXPECT_EQ(a, b) << cmd;
  }
  // Several corpora concatenated; a damaged pack is refused with a clear message.
  const std::string two = std::string(LEDE_CLI) + " pack " + json + " " + json + " -o " + pack + " 2>" + out;
  ASSERT_EQ(std::system(two.c_str()), 0) << ReadFile(out);
  EXPECT_NE(run("stats " + pack + " --json").find("\"articles\": 132"), std::string::npos) << ReadFile(out);
  std::string bytes = ReadFile(pack);
  std::ofstream(pack, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  const std::string cmd = std::string(LEDE_CLI) + " stats " + pack + " > " + out + " 2>&1";
  EXPECT_NE(std::system(cmd.c_str()), 0);
  EXPECT_NE(ReadFile(out).find("truncated"), std::string::npos) << ReadFile(out);
}

}  // namespace lede
