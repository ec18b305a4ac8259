// pack.h: a Lede pack (NAME.lede): one file holding everything the explorer computes at load (article
// metadata, the index in the exact form the search runs on, facets, entity mentions and table, the load
// report) and the article text in zstd blocks that can be fetched by HTTP range and decoded one at a
// time. The byte layout is in docs/pack-format.md. No I/O here: the core works on bytes; the caller reads
// files or fetches ranges.
//
//   std::string bytes; WritePack(corpus, report, index, facets, mentions, table, EntitySource::kBoth, &bytes, &err);
//
//   // Opening over ranges: header, then head, then blocks as they are needed.
//   PackHeader h; ParsePackHeader(first kPackHeaderSize bytes, &h, &err);
//   Pack pack;    pack.Open(h, bytes [h.head_offset, h.head_offset + h.head_length), &err);
//   Search(pack.index(), "wuzhen") ...;  pack.entities().entities ...   // no text needed
//   size_t b = pack.BlockOfDoc(doc); PackBlock r = pack.block(b);
//   pack.FillText(b, bytes [r.offset, r.offset + r.length), &err);     // pack.corpus().articles[doc].text
//
//   // Or the whole file at once (lede-cli, native app): OpenPackBytes(bytes, &pack, &err).
//
// Every function checks every length, offset, count and id against the bytes it was given and returns
// false with a message naming the section and offset ("head section INDX at head offset 1234: ...")
// instead of reading out of bounds; none throws. Opening never parses JSON and never rebuilds the index.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/corpus.h"
#include "core/entities.h"
#include "core/facets.h"
#include "core/index.h"

namespace lede {

constexpr uint32_t kPackVersion = 1;        // format version this code writes and reads
constexpr size_t kPackHeaderSize = 64;      // the fixed header at offset 0
constexpr size_t kPackBlockTarget = 64 * 1024;  // text bytes per block, before compression (about)

// The fixed header. Offsets and lengths are in bytes from the start of the file.
struct PackHeader {
  uint32_t version = 0;
  uint32_t flags = 0;            // bit 0: the head is one zstd frame (always set by WritePack)
  uint64_t head_offset = 0;      // where the head starts (kPackHeaderSize in version 1)
  uint64_t head_length = 0;      // stored (compressed) bytes of the head
  uint64_t head_raw_length = 0;  // bytes of the head once decompressed
  uint64_t file_length = 0;      // the whole file
  uint64_t head_checksum = 0;    // XXH64 (seed 0) of the stored head bytes
};

// True when the bytes start with the pack's magic ("LEDEPACK"): a pack, not JSON. Needs 8 bytes.
bool LooksLikePack(std::string_view first_bytes);

// Reads and checks the header (magic, version, flags, its own checksum, that the head lies inside the
// file). first_bytes needs at least kPackHeaderSize bytes. Returns false with *error otherwise.
bool ParsePackHeader(std::string_view first_bytes, PackHeader* out, std::string* error);

// One block of article text: articles [first_doc, first_doc + count) in corpus order.
struct PackBlock {
  uint64_t offset = 0;      // in the file
  uint64_t length = 0;      // stored (compressed) bytes: fetch [offset, offset + length)
  uint64_t raw_length = 0;  // decompressed bytes
  uint32_t first_doc = 0, count = 0;
  uint64_t checksum = 0;    // XXH64 of the stored bytes
};

// What WritePack did, for progress lines and benchmarks.
struct PackStats {
  size_t articles = 0, blocks = 0;
  uint64_t head_bytes = 0, head_raw_bytes = 0, text_bytes = 0, block_bytes = 0, file_bytes = 0;
};

// Writes a pack of a loaded corpus into *out (replaced). index must be built (ready()) over corpus,
// facets built over it, mentions indexed like corpus.articles (may be empty when the table was built
// from supplied labels only) and table built from them with `source`. Returns false with *error when
// the inputs disagree (sizes, an unbuilt index or table) or a limit is exceeded (see
// docs/pack-format.md). Peak memory beyond the inputs: the file's bytes plus one block.
// zstd_level: 1 (fast) .. 19 (small); 3 is zstd's default.
bool WritePack(const Corpus& corpus, const LoadReport& report, const Index& index, const FacetIndex& facets,
               const std::vector<ArticleMentions>& mentions, const EntityTable& table, EntitySource source,
               std::string* out, std::string* error, PackStats* stats = nullptr, int zstd_level = 3);

// An opened pack: the head is parsed and checked; article text is absent until blocks are filled in.
// Everything returned by reference lives as long as the Pack (which may be moved, not copied: the
// index points at the corpus, both owned here on the heap).
class Pack {
 public:
  Pack();
  ~Pack();
  Pack(Pack&&) noexcept;
  Pack& operator=(Pack&&) noexcept;

  // Parses the head (the bytes at [header.head_offset, + header.head_length)) after checking its
  // length and checksum against the header: corpus metadata, index (Index::Adopt checks it), facets,
  // mentions, entity table (restored without corrections; Recorrect replays them), load report and
  // block table. Returns false with *error naming the section and offset; the pack is then empty.
  bool Open(const PackHeader& header, std::string_view head_bytes, std::string* error);
  bool is_open() const;

  const PackHeader& header() const;
  Corpus& corpus();                      // articles have metadata; text empty until FillText
  const Corpus& corpus() const;
  const Index& index() const;
  const FacetIndex& facets() const;
  const LoadReport& load_report() const;
  // Per article, as extracted at pack time (empty when the pack was made from supplied labels only).
  // Mention offsets are into the article's title or text once its block is filled.
  const std::vector<ArticleMentions>& mentions() const;
  // The table as built at pack time, without corrections. To apply corrections: entities().Recorrect(
  // corpus(), corrections) (needs no text); set_extractor first if correction names need canonical
  // forms. A Build with another EntitySource needs the text of every article (FillText all blocks).
  EntityTable& entities();
  EntitySource entity_source() const;

  size_t num_blocks() const;
  const PackBlock& block(size_t b) const;    // b < num_blocks()
  size_t BlockOfDoc(uint32_t doc) const;     // doc < corpus().articles.size()
  bool block_filled(size_t b) const;

  // Decodes one block's stored bytes (fetched from [block(b).offset, + block(b).length)): checks length
  // and checksum, decompresses, splits into the texts of its articles. Returns false with *error (the
  // block number and what was wrong) and leaves *texts empty.
  bool DecodeBlock(size_t b, std::string_view stored, std::vector<std::string>* texts, std::string* error) const;
  // DecodeBlock, then moves the texts into corpus().articles. A filled block is decoded again harmlessly.
  bool FillText(size_t b, std::string_view stored, std::string* error);
  // Drops the text of a block's articles (memory), so it must be filled again to be shown.
  void ReleaseText(size_t b);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Opens a whole file: header, head, and every block's text. Returns false with *error.
bool OpenPackBytes(std::string_view file, Pack* out, std::string* error);

}  // namespace lede
