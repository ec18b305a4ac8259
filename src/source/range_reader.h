// range_reader.h: asynchronous reads of byte ranges of one file, natively from disk and in the browser by
// HTTP Range requests. A pack-backed LocalSource reads its text blocks through it, a block when an article
// is first shown (issue 10, item 3); the format and the source do not care where the bytes live (as
// Tantivy's Directory, or sokol_fetch's ranged loads pumped once a frame).
//
//   RangeReader& r = ...;                       // NativeRangeReader(path), HttpRangeReader(url) (later)
//   ReadTicket t = r.Read(offset, length);     // at once
//   each frame: std::vector<RangeResult> done; r.Poll(&done);   // results for finished reads
//
// No threads: a native reader may read inside Poll; the web one polls fetch() promises resolved by the
// browser between frames.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace lede {

using ReadTicket = uint64_t;  // never 0

struct RangeResult {
  ReadTicket ticket = 0;
  bool ok = false;
  std::string error;        // when !ok: what failed and where ("HTTP 416 for bytes 100-199 of x.lede")
  std::string bytes;        // exactly the requested length when ok (a short file is an error)
};

class RangeReader {
 public:
  virtual ~RangeReader() = default;
  // Size of the whole file in bytes; -1 while not known yet (the first answer of a server tells).
  virtual int64_t size() const = 0;
  // Starts reading [offset, offset + length). A reader whose host ignores Range may fetch the whole file
  // once (with progress) and answer every later read from it.
  virtual ReadTicket Read(uint64_t offset, uint64_t length) = 0;
  // Appends the reads that finished since the last call. Returns true while reads are pending.
  virtual bool Poll(std::vector<RangeResult>* done) = 0;
  // Bytes received so far and expected (for progress); expected 0 when unknown.
  virtual void Progress(double* received, double* expected) const = 0;
};

}  // namespace lede
