// fuzz.h: what the libFuzzer targets in tests/fuzz share. Not a target itself (only *.cpp files are).
//
//   FUZZ_CHECK(a == b, "what differs: " << a << " vs " << b);   // prints, then aborts: a crash to libFuzzer
//   std::string bytes = ReadSourceFile("assets/corpus.json");  // a file of the source tree, read once
//   Rng rng(Hash(data, size));                                 // decisions drawn from the input itself
//
// Every target states its oracle (what must hold for every input) at the top of its file, and its run
// options on a line "// fuzz: OPTIONS", which tests/fuzz/run.sh passes to libFuzzer (e.g. -max_len=4096
// -dict=query.dict; the dictionary path is relative to tests/fuzz), and its seeds on a line
// "// seeds: KIND ..." naming the folders of tests/fuzz/seeds.py's output it starts from.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#define FUZZ_CHECK(cond, msg)                                                             \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::ostringstream fuzz_check_os_;                                                  \
      fuzz_check_os_ << msg;                                                              \
      std::fprintf(stderr, "\n%s:%d: FUZZ_CHECK(%s) failed: %s\n", __FILE__, __LINE__, #cond, \
                   fuzz_check_os_.str().c_str());                                         \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace lede::fuzz {

// The bytes of a file of the source tree (path relative to it); aborts when it cannot be read, since a
// target without its fixture would test nothing.
inline std::string ReadSourceFile(const char* relative) {
  const std::string path = std::string(LEDE_SOURCE_DIR) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz: cannot read %s\n", path.c_str());
    std::abort();
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// FNV-1a (Fowler, Noll, Vo), to seed decisions from the input.
inline uint64_t Hash(const uint8_t* data, size_t size) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 1099511628211ull;
  return h;
}

// splitmix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
// small, and the same on every platform, so a crashing input replays exactly.
struct Rng {
  uint64_t state;
  explicit Rng(uint64_t seed) : state(seed) {}
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n ? size_t(Next() % n) : 0; }
};

// A printable form of bytes for messages (escapes everything outside ASCII 0x20..0x7E).
inline std::string Printable(std::string_view s, size_t max = 200) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') { out += char(c); continue; }
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02X", c);
    out += buf;
  }
  if (s.size() > max) out += "...";
  return out;
}

}  // namespace lede::fuzz
