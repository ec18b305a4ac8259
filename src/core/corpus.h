// corpus.h: the article model and the corpus loader. No UI; the loader is the only code that sees JSON.
// Format: docs/corpus-format.md. Accepts {"articles": [...]}, a bare array of articles, or JSON Lines.
//
//   lede::Corpus corpus; lede::LoadReport report;
//   if (!lede::LoadCorpus(bytes, &corpus, &report)) show(report.error);  // whole file unreadable
//   for (auto& w : report.warnings) show(w.where + ": " + w.message);    // articles skipped or repaired
//
// Never throws and never aborts on bad input: one broken article is skipped (or repaired) with a warning
// naming its position and id, and every good article is kept.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace lede {

enum class EntityType : uint8_t { kPerson, kOrganization, kPlace, kOther };
const char* EntityTypeName(EntityType t);  // "person", "organization", "place", "other"

struct SuppliedEntity {
  std::string name;
  EntityType type = EntityType::kOther;
  std::string description;  // optional long form ("Treasury Secretary James Baker")
};

struct Article {
  std::string id;
  std::string title;
  std::string text;
  std::string lang;    // BCP 47 primary tag as given ("en", "zh"); empty when unknown
  std::string source;  // outlet
  std::string byline;
  std::string url;
  std::string date_text;  // as written in the corpus
  Date date;              // parsed; !date.valid() when missing or unparsable
  std::vector<std::string> tags;
  std::vector<SuppliedEntity> entities;
};

struct Corpus {
  std::string name;
  std::string source;
  std::string license;
  std::vector<Article> articles;
  bool has_cjk = false;  // any title or text holds Chinese, Japanese or Korean characters
};

struct LoadWarning {
  std::string where;    // "article 12 (id \"x\")" or "line 3, column 7"
  std::string message;  // what was wrong and what was done about it
};

struct LoadReport {
  std::string error;                  // non-empty when the file could not be read at all
  size_t articles_seen = 0;           // array elements (or JSON lines) looked at
  size_t articles_loaded = 0;
  size_t articles_skipped = 0;
  size_t articles_repaired = 0;
  size_t articles_undated = 0;
  std::vector<LoadWarning> warnings;  // at most kMaxWarnings; warnings_dropped counts the rest
  size_t warnings_dropped = 0;
  double load_ms = 0;
  static constexpr size_t kMaxWarnings = 500;
  void Warn(std::string where, std::string message);
};

// Parses a corpus from bytes. Returns false (with report->error set, e.g. "line 3, column 14: syntax
// error ...") only when nothing could be read; articles already in *out are replaced.
bool LoadCorpus(std::string_view bytes, Corpus* out, LoadReport* report);

// The same, a slice at a time, so a page can show progress while a large corpus loads. Two ways in:
//
//   whole buffer (the bytes are all here):
//     CorpusReader r; if (!r.Begin(bytes, &corpus, &report)) fail(report.error);
//     each frame: if (r.Step(500)) done;      // report.error is set when no article could be read
//
//   streaming (bytes arrive in chunks, from disk or the network):
//     CorpusReader r; r.Begin(&corpus, &report); r.SetExpectedBytes(total);   // total optional
//     per chunk: if (!r.Feed(chunk)) fail(report.error);  r.Step(SIZE_MAX);   // or a few per frame
//     at the end: r.EndOfInput(); while (!r.Step(500)) {}
//
// Both give exactly the same Corpus and LoadReport for the same bytes, however they are cut into chunks
// (tests/core/corpus_test.cpp checks this against the original whole-buffer reader). Streaming keeps only
// what is not parsed yet: about one chunk plus one article, provided Step runs between Feeds.
class CorpusReader {
 public:
  CorpusReader();
  ~CorpusReader();
  CorpusReader(const CorpusReader&) = delete;
  CorpusReader& operator=(const CorpusReader&) = delete;

  // Whole buffer: Begin(out, report) + Feed(bytes) + EndOfInput(), without copying valid UTF-8.
  // Returns false when the file is unreadable as a whole (report->error set; Step then returns true).
  bool Begin(std::string bytes, Corpus* out, LoadReport* report);

  // Streaming. Begin clears *out and *report; both must outlive the reader's use (until Step returns
  // true). Feed appends the next bytes; any cut is fine (a UTF-8 sequence, a string, a line split between
  // chunks). Feed and EndOfInput return false once the file is known to be unreadable as a whole
  // (report->error names line and column). The caller may stop feeding then; feeding the rest only
  // serves the invalid-UTF-8 warning, which a whole-buffer load finds anywhere in the file. Call
  // EndOfInput once, after the last Feed. SetExpectedBytes (the file's or download's size) only drives
  // progress() and sizes the article vector up front; a wrong value costs nothing but accuracy.
  void Begin(Corpus* out, LoadReport* report);
  void SetExpectedBytes(uint64_t total);
  bool Feed(std::string_view chunk);
  bool EndOfInput();

  // Parses up to max_articles of the complete articles received so far. Returns true when the input has
  // ended and everything is parsed, or when the file failed and no later byte can change the report:
  // *out and *report are then final and the reader ignores further calls. Returns false when more work
  // or more input is needed.
  bool Step(size_t max_articles);
  float progress() const;      // 0..1: bytes parsed over the expected total (0 while the total is unknown)
  size_t buffered_bytes() const;  // bytes held now (received, not yet parsed): the streaming memory cost

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads a file in 1 MB chunks through a streaming CorpusReader (peak memory: the Corpus plus a few MB). Returns false with report->error naming the file when it cannot be read.
bool LoadCorpusFile(const std::string& path, Corpus* out, LoadReport* report);

}  // namespace lede
