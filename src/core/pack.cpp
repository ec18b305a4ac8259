// pack.cpp: writing and reading Lede packs (see pack.h; the byte layout is docs/pack-format.md).
//
// [SECTION] Bytes: little-endian writer and a bounds-checked reader
// [SECTION] Header
// [SECTION] Head sections: CORP, ARTS, LOAD, INDX, FACT, MENT, ETAB, BLKS
// [SECTION] WritePack
// [SECTION] Pack (reading)
//
// Depends on zstd (compression; XXH64 checksums) built from its Debian source package. The index's
// arrays are stored and restored generically through Index::VisitArrays and checked by Index::Adopt,
// so this file never names them.
#include "core/pack.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <type_traits>

#include <xxhash.h>
#include <zstd.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the pack stores arrays in host byte order, which must be little-endian (x86, ARM, wasm)"
#endif

namespace lede {

namespace {

constexpr char kMagic[8] = {'L', 'E', 'D', 'E', 'P', 'A', 'C', 'K'};
constexpr uint32_t kFlagHeadZstd = 1;
constexpr uint32_t kKnownFlags = kFlagHeadZstd;
constexpr uint32_t kSectionVersion = 1;
// Limits (docs/pack-format.md): a head up to 16 GiB once decompressed, a block up to 1 GiB.
constexpr uint64_t kMaxHeadRaw = uint64_t(16) << 30;
constexpr uint64_t kMaxBlockRaw = uint64_t(1) << 30;

uint64_t Hash(std::string_view bytes) { return XXH64(bytes.data(), bytes.size(), 0); }

// ---- [SECTION] Bytes ------------------------------------------------------------------------------------

class Writer {
 public:
  std::string out;
  void U8(uint8_t v) { out.push_back(char(v)); }
  void U32(uint32_t v) { for (int i = 0; i < 4; ++i) out.push_back(char((v >> (8 * i)) & 0xFF)); }
  void U64(uint64_t v) { for (int i = 0; i < 8; ++i) out.push_back(char((v >> (8 * i)) & 0xFF)); }
  void Var(uint64_t v) {
    while (v >= 0x80) { out.push_back(char(uint8_t(v | 0x80))); v >>= 7; }
    out.push_back(char(uint8_t(v)));
  }
  void F32(float f) { uint32_t u; std::memcpy(&u, &f, 4); U32(u); }
  void F64(double f) { uint64_t u; std::memcpy(&u, &f, 8); U64(u); }
  void Str(std::string_view s) { Var(s.size()); out.append(s); }
  void Raw(const void* p, size_t n) { out.append(static_cast<const char*>(p), n); }
};

// Reads from a span of bytes; the first failure sticks and every later read returns zero. Messages
// name the place: `where` (e.g. "head section ARTS") and the absolute offset of the failing read.
class Reader {
 public:
  // Offsets in messages are base + position, counted in `unit` ("offset", "head offset").
  Reader(std::string_view bytes, std::string where, uint64_t base, const char* unit = "offset")
      : b_(bytes), where_(std::move(where)), base_(base), unit_(unit) {}
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  size_t left() const { return ok() ? b_.size() - pos_ : 0; }
  bool at_end() const { return pos_ == b_.size(); }
  uint64_t offset() const { return base_ + pos_; }

  bool Fail(const std::string& what) {
    if (ok()) error_ = where_ + " at " + unit_ + " " + std::to_string(offset()) + ": " + what;
    return false;
  }
  bool Need(uint64_t n, const char* what) {
    if (!ok()) return false;
    if (n > b_.size() - pos_)
      return Fail(std::string(what) + " needs " + std::to_string(n) + " bytes but only " + std::to_string(b_.size() - pos_) +
                  " remain in the section (truncated, or a length that lies)");
    return true;
  }
  uint8_t U8(const char* what) { return Need(1, what) ? uint8_t(b_[pos_++]) : 0; }
  uint32_t U32(const char* what) {
    if (!Need(4, what)) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t(uint8_t(b_[pos_ + size_t(i)])) << (8 * i);
    pos_ += 4;
    return v;
  }
  uint64_t U64(const char* what) {
    if (!Need(8, what)) return 0;
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t(uint8_t(b_[pos_ + size_t(i)])) << (8 * i);
    pos_ += 8;
    return v;
  }
  uint64_t Var(const char* what) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!Need(1, what)) return 0;
      const uint8_t byte = uint8_t(b_[pos_++]);
      v |= uint64_t(byte & 0x7F) << shift;
      if (!(byte & 0x80)) return v;
    }
    Fail(std::string(what) + ": varint longer than 10 bytes");
    return 0;
  }
  uint32_t Var32(const char* what) {
    const uint64_t v = Var(what);
    if (v > UINT32_MAX) { Fail(std::string(what) + " " + std::to_string(v) + " exceeds 32 bits"); return 0; }
    return uint32_t(v);
  }
  float F32(const char* what) { const uint32_t u = U32(what); float f; std::memcpy(&f, &u, 4); return f; }
  double F64(const char* what) { const uint64_t u = U64(what); double f; std::memcpy(&f, &u, 8); return f; }
  std::string_view Bytes(uint64_t n, const char* what) {
    if (!Need(n, what)) return {};
    std::string_view s = b_.substr(pos_, size_t(n));
    pos_ += size_t(n);
    return s;
  }
  std::string Str(const char* what) {
    const uint64_t n = Var(what);
    return std::string(Bytes(n, what));
  }
  // A count of items that take at least min_bytes each: refused when the section cannot hold them, so
  // that a lying count never makes a large allocation.
  size_t Count(const char* what, size_t min_bytes) {
    const uint64_t n = Var(what);
    if (!ok()) return 0;
    if (n > left() / std::max<size_t>(min_bytes, 1)) {
      Fail(std::string(what) + " " + std::to_string(n) + " cannot fit in the " + std::to_string(left()) + " bytes left");
      return 0;
    }
    return size_t(n);
  }
  // Also checks that a value is below a bound.
  uint32_t Id(const char* what, uint64_t bound) {
    const uint64_t v = Var(what);
    if (ok() && v >= bound) Fail(std::string(what) + " " + std::to_string(v) + " out of range (" + std::to_string(bound) + ")");
    return ok() ? uint32_t(v) : 0;
  }

 private:
  std::string_view b_;
  size_t pos_ = 0;
  std::string where_;
  uint64_t base_;
  const char* unit_;
  std::string error_;
};

bool Compress(std::string_view raw, int level, ZSTD_CCtx* cctx, std::string* out, std::string* error) {
  out->resize(ZSTD_compressBound(raw.size()));
  const size_t n = ZSTD_compressCCtx(cctx, out->data(), out->size(), raw.data(), raw.size(), level);
  if (ZSTD_isError(n)) {
    *error = std::string("zstd compression failed: ") + ZSTD_getErrorName(n);
    return false;
  }
  out->resize(n);
  return true;
}

// Decompresses one zstd frame whose content size must be exactly raw_length.
bool Decompress(std::string_view stored, uint64_t raw_length, std::string* out, std::string* what) {
  const unsigned long long declared = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR) { *what = "not a zstd frame"; return false; }
  if (declared != raw_length) {
    *what = "zstd frame declares " + (declared == ZSTD_CONTENTSIZE_UNKNOWN ? std::string("no") : std::to_string(declared)) +
            " content bytes, the pack says " + std::to_string(raw_length);
    return false;
  }
  if (raw_length > SIZE_MAX / 2) { *what = "too large for this machine's memory"; return false; }
  out->resize(size_t(raw_length));
  const size_t n = ZSTD_decompress(out->data(), out->size(), stored.data(), stored.size());
  if (ZSTD_isError(n) || n != raw_length) {
    *what = ZSTD_isError(n) ? std::string("zstd: ") + ZSTD_getErrorName(n) : "zstd frame decoded to " + std::to_string(n) + " bytes";
    out->clear();
    return false;
  }
  return true;
}

// ---- [SECTION] Header -----------------------------------------------------------------------------------

std::string HeaderBytes(const PackHeader& h) {
  Writer w;
  w.Raw(kMagic, sizeof kMagic);
  w.U32(h.version);
  w.U32(h.flags);
  w.U64(h.head_offset);
  w.U64(h.head_length);
  w.U64(h.head_raw_length);
  w.U64(h.file_length);
  w.U64(h.head_checksum);
  w.U64(Hash(w.out));
  return w.out;
}

// ---- [SECTION] Head sections ----------------------------------------------------------------------------
// Each section: 4-byte tag, u32 section version, u64 payload length, payload.

void Section(Writer& head, const char (&tag)[5], const Writer& payload) {
  head.Raw(tag, 4);
  head.U32(kSectionVersion);
  head.U64(payload.out.size());
  head.out.append(payload.out);
}

uint8_t MentionFlags(bool in_title, EntityType type, uint8_t strength) {
  return uint8_t((in_title ? 1 : 0) | (uint8_t(type) << 1) | (strength << 3));
}

// The index's arrays, in VisitArrays order: name, element size, count, raw elements.
struct ArrayWriter {
  Writer* w;
  uint32_t count = 0;
  template <class C> void operator()(const char* name, const C& c) {
    using T = typename C::value_type;
    static_assert(std::is_trivially_copyable<T>::value, "index arrays must be trivially copyable");
    w->Str(name);
    w->U8(uint8_t(sizeof(T)));
    w->U64(c.size());
    // Byte planes (all first bytes, then all second bytes...): the high bytes of small integers become
    // long runs of zeros that zstd compresses far better than interleaved elements.
    const size_t k = sizeof(T), n = c.size();
    const char* bytes = reinterpret_cast<const char*>(c.data());
    const size_t at = w->out.size();
    w->out.resize(at + n * k);
    char* dst = &w->out[at];
    for (size_t j = 0; j < k; ++j)
      for (size_t i = 0; i < n; ++i) dst[j * n + i] = bytes[i * k + j];
    ++count;
  }
};

struct ArrayReader {
  Reader* r;
  uint32_t expected, visited = 0;
  template <class C> void operator()(const char* name, C& c) {
    using T = typename C::value_type;
    if (!r->ok()) return;
    if (visited++ >= expected) { r->Fail(std::string("array ") + name + " is missing (the pack has " + std::to_string(expected) + " arrays)"); return; }
    const std::string stored = r->Str("array name");
    if (r->ok() && stored != name) { r->Fail("array \"" + stored + "\" found where \"" + name + "\" belongs"); return; }
    const uint8_t size = r->U8("element size");
    if (r->ok() && size != sizeof(T)) { r->Fail(std::string("array ") + name + " has " + std::to_string(size) + "-byte elements, expected " + std::to_string(sizeof(T))); return; }
    const uint64_t n = r->U64("element count");
    if (!r->ok()) return;
    if (n > r->left() / sizeof(T)) { r->Fail(std::string("array ") + name + ": " + std::to_string(n) + " elements cannot fit in the " + std::to_string(r->left()) + " bytes left"); return; }
    const std::string_view bytes = r->Bytes(n * sizeof(T), name);
    c.resize(size_t(n));
    if (!n) return;
    char* dst = reinterpret_cast<char*>(&c[0]);
    const size_t k = sizeof(T);
    if (k == 1) { std::memcpy(dst, bytes.data(), bytes.size()); return; }
    for (size_t j = 0; j < k; ++j)  // byte planes back to elements (see ArrayWriter)
      for (size_t i = 0; i < size_t(n); ++i) dst[i * k + j] = bytes[j * size_t(n) + i];
  }
};

}  // namespace

// ---- [SECTION] WritePack ------------------------------------------------------------------------------

bool WritePack(const Corpus& corpus, const LoadReport& report, const Index& index, const FacetIndex& facets,
               const std::vector<ArticleMentions>& mentions, const EntityTable& table, EntitySource source,
               std::string* out, std::string* error, PackStats* stats, int zstd_level) {
  out->clear();
  const size_t n = corpus.articles.size();
  if (n >= UINT32_MAX) { *error = "too many articles for a pack (at most 4294967294)"; return false; }
  if (!index.ready() || index.num_docs() != n || &index.corpus() != &corpus) {
    *error = "the index is not built over this corpus";
    return false;
  }
  for (const auto& f : facets.facets)
    if (f.doc_begin.size() != n + 1) { *error = "the facets are not built over this corpus"; return false; }
  if (!mentions.empty() && mentions.size() != n) { *error = "mentions are not one list per article"; return false; }
  EntityTable::State state;
  if (!table.Export(&state) || state.doc_mentions.size() != n) { *error = "the entity table is not built over this corpus"; return false; }

  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  if (!cctx) { *error = "zstd: cannot create a compression context"; return false; }

  // Text blocks, kept back to back in memory until the head (which holds their table) is written.
  std::string blocks;
  std::vector<PackBlock> table_of_blocks;
  uint64_t text_bytes = 0;
  {
    Writer raw;
    std::string packed;
    uint32_t first = 0;
    auto flush = [&](uint32_t end) {
      if (end == first) return true;
      if (!Compress(raw.out, zstd_level, cctx.get(), &packed, error)) return false;
      PackBlock b;
      b.offset = blocks.size();  // from the end of the head (see docs/pack-format.md)
      b.length = packed.size();
      b.raw_length = raw.out.size();
      b.first_doc = first;
      b.count = end - first;
      b.checksum = Hash(packed);
      blocks += packed;
      table_of_blocks.push_back(b);
      raw.out.clear();
      first = end;
      return true;
    };
    for (uint32_t d = 0; d < n; ++d) {
      const std::string& text = corpus.articles[d].text;
      if (text.size() > kMaxBlockRaw / 2) { *error = "article " + std::to_string(d) + ": text longer than 512 MiB"; return false; }
      if (!raw.out.empty() && raw.out.size() + text.size() > kPackBlockTarget && !flush(d)) return false;
      raw.Str(text);
      text_bytes += text.size();
    }
    if (!flush(uint32_t(n))) return false;
  }

  Writer head;
  {
    Writer s;
    s.Str(corpus.name);
    s.Str(corpus.source);
    s.Str(corpus.license);
    s.U8(corpus.has_cjk ? 1 : 0);
    s.Var(n);
    Section(head, "CORP", s);
  }
  {
    Writer s;
    s.Var(n);
    for (const Article& a : corpus.articles) {
      s.Str(a.id);
      s.Str(a.title);
      s.Var(a.text.size());
      s.Str(a.lang);
      s.Str(a.source);
      s.Str(a.byline);
      s.Str(a.url);
      s.Str(a.date_text);
      s.U8(uint8_t(a.date.precision));
      s.U64(uint64_t(a.date.utc));
      s.Var(a.tags.size());
      for (const std::string& t : a.tags) s.Str(t);
      s.Var(a.entities.size());
      for (const SuppliedEntity& e : a.entities) {
        s.Str(e.name);
        s.U8(uint8_t(e.type));
        s.Str(e.description);
      }
    }
    Section(head, "ARTS", s);
  }
  {
    Writer s;
    s.Str(report.error);
    for (size_t v : {report.articles_seen, report.articles_loaded, report.articles_skipped, report.articles_repaired,
                     report.articles_undated, report.warnings_dropped})
      s.Var(v);
    s.F64(report.load_ms);
    s.Var(report.warnings.size());
    for (const LoadWarning& w : report.warnings) {
      s.Str(w.where);
      s.Str(w.message);
    }
    Section(head, "LOAD", s);
  }
  {
    Writer s;
    const Bm25Params& p = index.params();
    s.F32(p.k1);
    s.F32(p.b);
    s.U8(kFieldCount);
    for (float boost : p.boost) s.F32(boost);
    Writer arrays;
    ArrayWriter aw{&arrays};
    // VisitArrays is not const, but this visitor only reads.
    const_cast<Index&>(index).VisitArrays(aw);
    s.U32(aw.count);
    s.out += arrays.out;
    Section(head, "INDX", s);
  }
  {
    Writer s;
    s.U8(kFacetCount);
    for (const auto& f : facets.facets) {
      s.Var(f.values.size());
      for (const std::string& v : f.values) s.Str(v);
      s.Var(f.value_ids.size());
      for (uint32_t d = 0; d < n; ++d) {
        s.Var(f.doc_begin[d + 1] - f.doc_begin[d]);
        for (uint32_t i = f.doc_begin[d]; i < f.doc_begin[d + 1]; ++i) s.Var(f.value_ids[i]);
      }
    }
    Section(head, "FACT", s);
  }
  {
    // Mention names are interned: one table of distinct names, then per article its mentions.
    Writer s;
    std::map<std::string_view, uint32_t> ids;
    std::vector<std::string_view> names;
    for (const ArticleMentions& am : mentions)
      for (const Mention& m : am.mentions)
        if (ids.emplace(m.name, 0).second) names.push_back(m.name);
    std::sort(names.begin(), names.end());
    for (uint32_t i = 0; i < names.size(); ++i) ids[names[i]] = i;
    s.U8(mentions.empty() ? 0 : 1);
    s.Var(names.size());
    for (std::string_view name : names) s.Str(name);
    for (const ArticleMentions& am : mentions) {
      s.Var(am.mentions.size());
      for (const Mention& m : am.mentions) {
        s.Var(m.start);
        s.Var(m.end - m.start);
        s.U8(MentionFlags(m.in_title, m.type, m.strength));
        s.Var(ids[m.name]);
      }
    }
    Section(head, "MENT", s);
  }
  {
    Writer s;
    s.U8(uint8_t(source));
    s.Var(state.names.size());
    for (const EntityTable::State::Name& e : state.names) {
      s.Str(e.key);
      for (const auto* list : {&e.names, &e.surfaces}) {
        s.Var(list->size());
        for (const auto& [text, count] : *list) {
          s.Str(text);
          s.Var(uint32_t(count));
        }
      }
      for (double v : e.vote) s.F64(v);
      s.Var(e.mentions);
      s.U8(uint8_t((e.supplied ? 1 : 0) | (e.extracted ? 2 : 0)));
      s.Var(e.parent);
    }
    for (uint32_t d = 0; d < n; ++d) {
      s.Var(state.doc_mentions[d].size());
      for (const DocMention& m : state.doc_mentions[d]) {
        s.Var(m.start);
        s.Var(m.end - m.start);
        s.U8(MentionFlags(m.in_title, m.type, 0));
        s.Var(m.entity);
      }
      s.Var(state.doc_names[d].size());
      for (uint32_t id : state.doc_names[d]) s.Var(id);
    }
    Section(head, "ETAB", s);
  }
  {
    Writer s;
    s.Var(table_of_blocks.size());
    for (const PackBlock& b : table_of_blocks) {
      s.U64(b.offset);
      s.U64(b.length);
      s.U64(b.raw_length);
      s.U32(b.first_doc);
      s.U32(b.count);
      s.U64(b.checksum);
    }
    Section(head, "BLKS", s);
  }

  std::string head_stored;
  if (!Compress(head.out, zstd_level, cctx.get(), &head_stored, error)) return false;
  PackHeader h;
  h.version = kPackVersion;
  h.flags = kFlagHeadZstd;
  h.head_offset = kPackHeaderSize;
  h.head_length = head_stored.size();
  h.head_raw_length = head.out.size();
  h.file_length = kPackHeaderSize + head_stored.size() + blocks.size();
  h.head_checksum = Hash(head_stored);
  if (h.head_raw_length > kMaxHeadRaw) { *error = "the head exceeds 16 GiB"; return false; }
  const uint64_t head_raw = head.out.size();
  head.out = std::string();
  out->reserve(size_t(h.file_length));
  *out += HeaderBytes(h);
  *out += head_stored;
  head_stored = std::string();
  *out += blocks;
  if (stats) {
    stats->articles = n;
    stats->blocks = table_of_blocks.size();
    stats->head_bytes = h.head_length;
    stats->head_raw_bytes = head_raw;
    stats->text_bytes = text_bytes;
    stats->block_bytes = blocks.size();
    stats->file_bytes = out->size();
  }
  return true;
}

bool LooksLikePack(std::string_view first_bytes) {
  return first_bytes.size() >= sizeof kMagic && std::memcmp(first_bytes.data(), kMagic, sizeof kMagic) == 0;
}

bool ParsePackHeader(std::string_view bytes, PackHeader* out, std::string* error) {
  if (bytes.size() < kPackHeaderSize) {
    *error = "pack header: " + std::to_string(bytes.size()) + " bytes, a pack starts with " + std::to_string(kPackHeaderSize);
    return false;
  }
  if (!LooksLikePack(bytes)) { *error = "pack header at offset 0: no \"LEDEPACK\" magic (not a Lede pack)"; return false; }
  Reader r(bytes.substr(0, kPackHeaderSize), "pack header", 0);
  r.Bytes(sizeof kMagic, "magic");
  PackHeader h;
  h.version = r.U32("version");
  h.flags = r.U32("flags");
  h.head_offset = r.U64("head offset");
  h.head_length = r.U64("head length");
  h.head_raw_length = r.U64("head raw length");
  h.file_length = r.U64("file length");
  h.head_checksum = r.U64("head checksum");
  const uint64_t checksum = r.U64("header checksum");
  auto fail = [&](const std::string& what) {
    *error = "pack header: " + what;
    return false;
  };
  if (checksum != Hash(bytes.substr(0, kPackHeaderSize - 8)))
    return fail("checksum mismatch at offset 56 (the header is damaged)");
  if (h.version != kPackVersion)
    return fail("format version " + std::to_string(h.version) + " at offset 8; this Lede reads version " +
                std::to_string(kPackVersion) + (h.version > kPackVersion ? " (the pack is newer: update Lede)" : ""));
  if (h.flags & ~kKnownFlags) return fail("unknown flags " + std::to_string(h.flags) + " at offset 12");
  if (h.head_offset != kPackHeaderSize) return fail("head offset " + std::to_string(h.head_offset) + " at offset 16, expected 64");
  if (h.head_length > h.file_length || h.head_offset > h.file_length - h.head_length)
    return fail("the head [" + std::to_string(h.head_offset) + ", +" + std::to_string(h.head_length) +
                ") lies outside the file length " + std::to_string(h.file_length));
  if (h.head_raw_length > kMaxHeadRaw || h.head_raw_length > SIZE_MAX / 2)
    return fail("head of " + std::to_string(h.head_raw_length) + " bytes is beyond this reader's limit");
  if (!(h.flags & kFlagHeadZstd) && h.head_raw_length != h.head_length)
    return fail("an uncompressed head must have equal stored and raw lengths");
  *out = h;
  return true;
}

// ---- [SECTION] Pack (reading) ---------------------------------------------------------------------------

struct Pack::Impl {
  PackHeader header;
  Corpus corpus;  // the index points here: Impl never moves
  Index index;
  FacetIndex facets;
  LoadReport report;
  std::vector<ArticleMentions> mentions;
  EntityTable table;
  EntitySource source = EntitySource::kBoth;
  std::vector<PackBlock> blocks;
  std::vector<uint64_t> text_lengths;  // per article, as stored in ARTS
  std::vector<uint8_t> filled;
  bool open = false;
};

Pack::Pack() : impl_(std::make_unique<Impl>()) {}
Pack::~Pack() = default;
Pack::Pack(Pack&&) noexcept = default;
Pack& Pack::operator=(Pack&&) noexcept = default;

bool Pack::is_open() const { return impl_ && impl_->open; }
const PackHeader& Pack::header() const { return impl_->header; }
Corpus& Pack::corpus() { return impl_->corpus; }
const Corpus& Pack::corpus() const { return impl_->corpus; }
const Index& Pack::index() const { return impl_->index; }
const FacetIndex& Pack::facets() const { return impl_->facets; }
const LoadReport& Pack::load_report() const { return impl_->report; }
const std::vector<ArticleMentions>& Pack::mentions() const { return impl_->mentions; }
EntityTable& Pack::entities() { return impl_->table; }
EntitySource Pack::entity_source() const { return impl_->source; }
size_t Pack::num_blocks() const { return impl_->blocks.size(); }
const PackBlock& Pack::block(size_t b) const { return impl_->blocks[b]; }
bool Pack::block_filled(size_t b) const { return b < impl_->filled.size() && impl_->filled[b]; }

size_t Pack::BlockOfDoc(uint32_t doc) const {
  const auto& blocks = impl_->blocks;
  auto it = std::upper_bound(blocks.begin(), blocks.end(), doc, [](uint32_t d, const PackBlock& b) { return d < b.first_doc; });
  return it == blocks.begin() ? 0 : size_t(it - blocks.begin()) - 1;
}

namespace {

// The sections of a head, by tag: where each payload starts (offset in the raw head) and its bytes.
struct SectionSpan {
  std::string_view bytes;
  uint64_t offset = 0;
};

bool ReadMentionFlags(Reader& r, uint8_t flags, bool* in_title, EntityType* type, uint8_t* strength) {
  *in_title = flags & 1;
  const int t = (flags >> 1) & 3;
  *type = EntityType(t);
  *strength = uint8_t(flags >> 3);
  if (*strength > 2) return r.Fail("mention strength " + std::to_string(*strength) + " (0..2)");
  return true;
}

}  // namespace

bool Pack::Open(const PackHeader& header, std::string_view head_bytes, std::string* error) {
  impl_ = std::make_unique<Impl>();
  Impl& p = *impl_;
  auto fail = [&](std::string what) {
    *error = std::move(what);
    impl_ = std::make_unique<Impl>();
    return false;
  };
  if (head_bytes.size() != header.head_length)
    return fail("pack head: " + std::to_string(head_bytes.size()) + " bytes given, the header says " + std::to_string(header.head_length) +
                " (truncated file?)");
  if (Hash(head_bytes) != header.head_checksum)
    return fail("pack head at offset " + std::to_string(header.head_offset) + ": checksum mismatch (the head is damaged)");
  std::string raw_storage;
  std::string_view raw = head_bytes;
  if (header.flags & kFlagHeadZstd) {
    std::string what;
    if (!Decompress(head_bytes, header.head_raw_length, &raw_storage, &what))
      return fail("pack head at offset " + std::to_string(header.head_offset) + ": " + what);
    raw = raw_storage;
  }

  // Frame the sections. Unknown tags are skipped (a later version may add optional ones); known ones
  // must appear once and have a version this code reads.
  std::map<std::string, SectionSpan> sections;
  {
    Reader r(raw, "pack head", 0, "head offset");
    while (r.ok() && !r.at_end()) {
      const uint64_t at = r.offset();
      const std::string tag(r.Bytes(4, "section tag"));
      const uint32_t version = r.U32("section version");
      const uint64_t length = r.U64("section length");
      const std::string_view payload = r.Bytes(length, ("section " + tag + " payload").c_str());
      if (!r.ok()) break;
      static const char* kKnown[] = {"CORP", "ARTS", "LOAD", "INDX", "FACT", "MENT", "ETAB", "BLKS"};
      if (std::find_if(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return tag == k; }) == std::end(kKnown)) continue;
      if (version != kSectionVersion)
        return fail("pack head section " + tag + " at head offset " + std::to_string(at) + ": version " + std::to_string(version) +
                    ", this Lede reads " + std::to_string(kSectionVersion));
      if (!sections.emplace(tag, SectionSpan{payload, at + 16}).second)
        return fail("pack head section " + tag + " at head offset " + std::to_string(at) + ": appears twice");
    }
    if (!r.ok()) return fail(r.error());
    for (const char* tag : {"CORP", "ARTS", "LOAD", "INDX", "FACT", "MENT", "ETAB", "BLKS"})
      if (!sections.count(tag)) return fail(std::string("pack head: section ") + tag + " is missing");
  }
  auto reader = [&](const char* tag) {
    const SectionSpan& s = sections[tag];
    return Reader(s.bytes, std::string("pack head section ") + tag, s.offset, "head offset");
  };
  auto done = [&](Reader& r) {
    if (!r.at_end() && r.ok()) r.Fail(std::to_string(r.left()) + " bytes left over at the end of the section");
    return r.ok() || fail(r.error());
  };

  Corpus& corpus = p.corpus;
  size_t n = 0;
  {
    Reader r = reader("CORP");
    corpus.name = r.Str("corpus name");
    corpus.source = r.Str("corpus source");
    corpus.license = r.Str("corpus license");
    corpus.has_cjk = r.U8("has_cjk") != 0;
    const uint64_t count = r.Var("article count");
    if (r.ok() && count >= UINT32_MAX) r.Fail("article count " + std::to_string(count) + " beyond the limit");
    n = size_t(count);
    if (!done(r)) return false;
  }
  {
    Reader r = reader("ARTS");
    constexpr size_t kMinArticle = 19;  // bytes of the smallest encoded article (7 empty strings, text length, u8, u64, 2 counts)
    const size_t count = r.Count("article count", kMinArticle);
    if (r.ok() && count != n) r.Fail("article count " + std::to_string(count) + " differs from CORP's " + std::to_string(n));
    if (r.ok()) corpus.articles.resize(n);
    p.text_lengths.assign(r.ok() ? n : 0, 0);
    for (size_t d = 0; r.ok() && d < n; ++d) {
      Article& a = corpus.articles[d];
      a.id = r.Str("article id");
      a.title = r.Str("article title");
      p.text_lengths[d] = r.Var("text length");
      if (p.text_lengths[d] > kMaxBlockRaw) r.Fail("article " + std::to_string(d) + ": text length beyond the limit");
      a.lang = r.Str("article lang");
      a.source = r.Str("article source");
      a.byline = r.Str("article byline");
      a.url = r.Str("article url");
      a.date_text = r.Str("article date text");
      const uint8_t precision = r.U8("date precision");
      if (precision > uint8_t(DatePrecision::kTime)) r.Fail("article " + std::to_string(d) + ": date precision " + std::to_string(precision));
      a.date.precision = DatePrecision(precision);
      a.date.utc = int64_t(r.U64("date"));
      a.tags.resize(r.Count("tag count", 1));
      for (std::string& t : a.tags) t = r.Str("tag");
      a.entities.resize(r.Count("supplied entity count", 3));
      for (SuppliedEntity& e : a.entities) {
        e.name = r.Str("supplied entity name");
        const uint8_t type = r.U8("supplied entity type");
        if (type > uint8_t(EntityType::kOther)) r.Fail("article " + std::to_string(d) + ": entity type " + std::to_string(type));
        e.type = EntityType(type & 3);
        e.description = r.Str("supplied entity description");
      }
    }
    if (!done(r)) return false;
  }
  {
    Reader r = reader("LOAD");
    LoadReport& rep = p.report;
    rep.error = r.Str("load error");
    for (size_t* v : {&rep.articles_seen, &rep.articles_loaded, &rep.articles_skipped, &rep.articles_repaired,
                      &rep.articles_undated, &rep.warnings_dropped})
      *v = size_t(r.Var("load count"));
    rep.load_ms = r.F64("load time");
    rep.warnings.resize(r.Count("warning count", 2));
    for (LoadWarning& w : rep.warnings) {
      w.where = r.Str("warning place");
      w.message = r.Str("warning message");
    }
    if (!done(r)) return false;
  }
  {
    // Blocks tile the file from the end of the head to its end, in order, and cover every article once.
    Reader r = reader("BLKS");
    const size_t count = r.Count("block count", 40);
    p.blocks.resize(count);
    const uint64_t base = header.head_offset + header.head_length;
    if (base > header.file_length) r.Fail("the head ends past the end of the file");
    uint64_t next_offset = 0;
    uint32_t next_doc = 0;
    for (size_t b = 0; r.ok() && b < count; ++b) {
      PackBlock& k = p.blocks[b];
      k.offset = r.U64("block offset");
      k.length = r.U64("block length");
      k.raw_length = r.U64("block raw length");
      k.first_doc = r.U32("block first article");
      k.count = r.U32("block article count");
      k.checksum = r.U64("block checksum");
      if (!r.ok()) break;
      const std::string which = "block " + std::to_string(b);
      if (k.offset != next_offset) r.Fail(which + " starts at " + std::to_string(k.offset) + ", expected " + std::to_string(next_offset));
      else if (k.length > header.file_length - base - k.offset) r.Fail(which + " runs past the end of the file");
      else if (k.first_doc != next_doc || k.count == 0 || k.count > n - next_doc)
        r.Fail(which + " holds articles [" + std::to_string(k.first_doc) + ", +" + std::to_string(k.count) + "), expected to start at " +
               std::to_string(next_doc) + " of " + std::to_string(n));
      else if (k.raw_length > kMaxBlockRaw) r.Fail(which + " is larger than 1 GiB");
      next_offset = k.offset + k.length;
      next_doc = k.first_doc + k.count;
      k.offset += base;
    }
    if (r.ok() && next_doc != n) r.Fail("the blocks hold " + std::to_string(next_doc) + " of " + std::to_string(n) + " articles");
    if (r.ok() && base + next_offset != header.file_length)
      r.Fail("the blocks end at " + std::to_string(base + next_offset) + ", the file at " + std::to_string(header.file_length));
    p.filled.assign(count, 0);
    if (!done(r)) return false;
  }
  {
    Reader r = reader("INDX");
    Bm25Params params;
    params.k1 = r.F32("k1");
    params.b = r.F32("b");
    const uint8_t fields = r.U8("field count");
    if (r.ok() && fields != kFieldCount) r.Fail("field count " + std::to_string(fields) + ", expected " + std::to_string(kFieldCount));
    for (float& boost : params.boost) boost = r.F32("field boost");
    ArrayReader ar{&r, r.U32("array count")};
    p.index.VisitArrays(ar);
    if (r.ok() && ar.visited != ar.expected)
      r.Fail("the pack has " + std::to_string(ar.expected) + " index arrays, this Lede's index has " + std::to_string(ar.visited));
    if (!done(r)) return false;
    std::string what;
    if (!p.index.Adopt(corpus, params, &what)) return fail("pack head section INDX: " + what);
  }
  {
    Reader r = reader("FACT");
    const uint8_t kinds = r.U8("facet count");
    if (r.ok() && kinds != kFacetCount) r.Fail("facet count " + std::to_string(kinds) + ", expected " + std::to_string(kFacetCount));
    for (auto& f : p.facets.facets) {
      if (!r.ok()) break;
      f.values.resize(r.Count("facet value count", 1));
      for (std::string& v : f.values) v = r.Str("facet value");
      for (size_t i = 1; r.ok() && i < f.values.size(); ++i)
        if (!(f.values[i - 1] < f.values[i])) r.Fail("facet values are not sorted and distinct at value " + std::to_string(i));
      const size_t ids = r.Count("facet id count", 1);
      if (!r.ok()) break;
      f.value_ids.reserve(ids);
      f.doc_begin.assign(1, 0);
      f.doc_begin.reserve(n + 1);
      for (size_t d = 0; r.ok() && d < n; ++d) {
        const size_t k = r.Count("facet values of an article", 1);
        if (k > ids - f.value_ids.size()) { r.Fail("article " + std::to_string(d) + " has more facet values than the section declares"); break; }
        for (size_t i = 0; i < k; ++i) f.value_ids.push_back(r.Id("facet value id", f.values.size()));
        f.doc_begin.push_back(uint32_t(f.value_ids.size()));
      }
      if (r.ok() && f.value_ids.size() != ids) r.Fail("facet ids: " + std::to_string(f.value_ids.size()) + " read, " + std::to_string(ids) + " declared");
    }
    if (!done(r)) return false;
  }
  // A mention's byte range must lie inside its field, so that marks never read past the text.
  auto check_range = [&](Reader& r, size_t d, uint64_t start, uint64_t len, bool in_title) {
    const uint64_t field = in_title ? corpus.articles[d].title.size() : p.text_lengths[d];
    if (len > field || start > field - len)
      r.Fail("article " + std::to_string(d) + ": mention [" + std::to_string(start) + ", +" + std::to_string(len) + ") outside its " +
             (in_title ? "title" : "text") + " of " + std::to_string(field) + " bytes");
  };
  {
    Reader r = reader("MENT");
    const bool present = r.U8("mentions present") != 0;
    std::vector<std::string> names(r.Count("mention name count", 1));
    for (std::string& s : names) s = r.Str("mention name");
    if (present && r.ok()) p.mentions.resize(n);
    for (size_t d = 0; present && r.ok() && d < n; ++d) {
      auto& list = p.mentions[d].mentions;
      list.resize(r.Count("mention count", 4));
      for (Mention& m : list) {
        const uint64_t start = r.Var32("mention start"), len = r.Var32("mention length");
        ReadMentionFlags(r, r.U8("mention flags"), &m.in_title, &m.type, &m.strength);
        check_range(r, d, start, len, m.in_title);
        m.start = uint32_t(start);
        m.end = uint32_t(start + len);
        const uint32_t id = r.Id("mention name id", names.size());
        if (!r.ok()) break;
        m.name = names[id];
      }
    }
    if (!done(r)) return false;
  }
  {
    Reader r = reader("ETAB");
    const uint8_t source = r.U8("entity source");
    if (r.ok() && source > uint8_t(EntitySource::kExtracted)) r.Fail("entity source " + std::to_string(source));
    p.source = EntitySource(source);
    EntityTable::State state;
    state.names.resize(r.Count("entity name count", 38));  // smallest: empty key, 2 counts, 4 f64, 3 one-byte fields
    const size_t names = state.names.size();
    for (EntityTable::State::Name& e : state.names) {
      if (!r.ok()) break;
      e.key = r.Str("entity key");
      for (auto* list : {&e.names, &e.surfaces}) {
        list->resize(r.Count("entity form count", 2));
        for (auto& [text, count] : *list) {
          text = r.Str("entity form");
          count = int32_t(r.Var32("entity form count"));
        }
      }
      for (double& v : e.vote) v = r.F64("entity vote");
      e.mentions = r.Var32("entity mentions");
      const uint8_t flags = r.U8("entity flags");
      e.supplied = flags & 1;
      e.extracted = flags & 2;
      e.parent = r.Id("entity parent", names);
    }
    if (r.ok()) {
      state.doc_mentions.resize(n);
      state.doc_names.resize(n);
    }
    for (size_t d = 0; r.ok() && d < n; ++d) {
      state.doc_mentions[d].resize(r.Count("entity mention count", 4));
      for (DocMention& m : state.doc_mentions[d]) {
        const uint64_t start = r.Var32("entity mention start"), len = r.Var32("entity mention length");
        uint8_t strength = 0;
        ReadMentionFlags(r, r.U8("entity mention flags"), &m.in_title, &m.type, &strength);
        check_range(r, d, start, len, m.in_title);
        m.start = uint32_t(start);
        m.end = uint32_t(start + len);
        m.entity = r.Id("entity mention id", names);
        if (!r.ok()) break;
      }
      state.doc_names[d].resize(r.Count("entity name list", 1));
      for (uint32_t& id : state.doc_names[d]) id = r.Id("entity id", names);
    }
    if (!done(r)) return false;
    std::string what;
    if (!p.table.Restore(std::move(state), corpus, Corrections{}, nullptr, &what)) return fail("pack head section ETAB: " + what);
  }
  p.header = header;
  p.open = true;
  return true;
}

bool Pack::DecodeBlock(size_t b, std::string_view stored, std::vector<std::string>* texts, std::string* error) const {
  texts->clear();
  if (!is_open() || b >= impl_->blocks.size()) {
    *error = "pack: no block " + std::to_string(b) + " (the pack has " + std::to_string(is_open() ? impl_->blocks.size() : 0) + ")";
    return false;
  }
  const PackBlock& k = impl_->blocks[b];
  const std::string where = "pack block " + std::to_string(b) + " at offset " + std::to_string(k.offset) + ": ";
  if (stored.size() != k.length) {
    *error = where + std::to_string(stored.size()) + " bytes given, the block has " + std::to_string(k.length) + " (truncated?)";
    return false;
  }
  if (Hash(stored) != k.checksum) {
    *error = where + "checksum mismatch (the block is damaged)";
    return false;
  }
  std::string raw, what;
  if (!Decompress(stored, k.raw_length, &raw, &what)) {
    *error = where + what;
    return false;
  }
  Reader r(raw, "pack block " + std::to_string(b) + " (decompressed)", 0);
  texts->resize(k.count);
  for (uint32_t i = 0; i < k.count && r.ok(); ++i) {
    const uint64_t len = r.Var("text length");
    if (r.ok() && len != impl_->text_lengths[k.first_doc + i])
      r.Fail("article " + std::to_string(k.first_doc + i) + " has " + std::to_string(len) + " bytes of text, the head says " +
             std::to_string(impl_->text_lengths[k.first_doc + i]));
    (*texts)[i] = std::string(r.Bytes(len, "article text"));
  }
  if (r.ok() && !r.at_end()) r.Fail(std::to_string(r.left()) + " bytes left over");
  if (!r.ok()) {
    *error = r.error();
    texts->clear();
    return false;
  }
  return true;
}

bool Pack::FillText(size_t b, std::string_view stored, std::string* error) {
  std::vector<std::string> texts;
  if (!DecodeBlock(b, stored, &texts, error)) return false;
  const PackBlock& k = impl_->blocks[b];
  for (uint32_t i = 0; i < k.count; ++i) impl_->corpus.articles[k.first_doc + i].text = std::move(texts[i]);
  impl_->filled[b] = 1;
  return true;
}

void Pack::ReleaseText(size_t b) {
  if (!is_open() || b >= impl_->blocks.size()) return;
  const PackBlock& k = impl_->blocks[b];
  for (uint32_t i = 0; i < k.count; ++i) impl_->corpus.articles[k.first_doc + i].text = std::string();
  impl_->filled[b] = 0;
}

bool OpenPackBytes(std::string_view file, Pack* out, std::string* error) {
  PackHeader h;
  if (!ParsePackHeader(file, &h, error)) return false;
  if (file.size() != h.file_length) {
    *error = "pack: the file has " + std::to_string(file.size()) + " bytes, its header says " + std::to_string(h.file_length) +
             (file.size() < h.file_length ? " (truncated)" : " (trailing bytes)");
    return false;
  }
  Pack pack;
  if (!pack.Open(h, file.substr(size_t(h.head_offset), size_t(h.head_length)), error)) return false;
  for (size_t b = 0; b < pack.num_blocks(); ++b) {
    const PackBlock& k = pack.block(b);
    if (!pack.FillText(b, file.substr(size_t(k.offset), size_t(k.length)), error)) return false;
  }
  *out = std::move(pack);
  return true;
}

}  // namespace lede
