// load_memory: what loading a corpus costs natively, in time and peak memory, and what the Corpus itself
// holds per article. Loads through LoadCorpusFile (streaming, 4 MB chunks) or, with --whole, reads the
// file into one string first and hands it to CorpusReader::Begin(bytes), as the app does with a download.
//
//   build/native/lede-load-memory FILE [--whole] [--json]
//
// Peak RSS is the process's high-water mark (VmHWM) minus its resident size before loading; the ratio
// divides it by the file's size. Heap sizes are glibc's (malloc_usable_size plus its 8-byte header).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "core/corpus.h"

namespace {

// A field of /proc/self/status in bytes ("VmHWM", "VmRSS"); 0 when unknown.
size_t StatusBytes(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t n = std::strlen(field);
  while (std::getline(in, line))
    if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':') return std::stoull(line.substr(n + 1)) * 1024;
  return 0;
}

// Heap bytes behind a string (0 when it fits in the string itself).
size_t HeapOf(const std::string& s) {
  if (s.capacity() <= 15) return 0;
#if defined(__GLIBC__)
  return malloc_usable_size(const_cast<char*>(s.data())) + 8;
#else
  return (s.capacity() + 1 + 8 + 15) / 16 * 16;
#endif
}
template <typename T>
size_t HeapOfVector(const std::vector<T>& v) {
  return v.capacity() ? (v.capacity() * sizeof(T) + 8 + 15) / 16 * 16 : 0;
}

double Mb(size_t b) { return double(b) / 1e6; }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: lede-load-memory FILE [--whole] [--json]\n");
    return 2;
  }
  const std::string path = argv[1];
  bool whole = false, as_json = false;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--whole")) whole = true;
    else if (!std::strcmp(argv[i], "--json")) as_json = true;
  }
  std::ifstream probe(path, std::ios::binary | std::ios::ate);
  if (!probe) {
    std::fprintf(stderr, "lede-load-memory: cannot open %s\n", path.c_str());
    return 1;
  }
  const size_t file_bytes = size_t(probe.tellg());
  probe.close();

  const size_t rss_before = StatusBytes("VmRSS");
  const auto t0 = std::chrono::steady_clock::now();
  lede::Corpus corpus;
  lede::LoadReport report;
  bool ok;
  if (whole) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes(file_bytes, '\0');
    in.read(bytes.data(), std::streamsize(bytes.size()));
    lede::CorpusReader reader;
    ok = reader.Begin(std::move(bytes), &corpus, &report);
    while (!reader.Step(500)) {}
    ok = ok && report.error.empty();
  } else {
    ok = lede::LoadCorpusFile(path, &corpus, &report);
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!ok) {
    std::fprintf(stderr, "lede-load-memory: %s\n", report.error.c_str());
    return 1;
  }
  const size_t peak = StatusBytes("VmHWM");
  const size_t rss_after = StatusBytes("VmRSS");

  // What the Corpus holds: the article structs, string contents, and their allocation overhead.
  size_t content = 0, heap = 0;
  for (const lede::Article& a : corpus.articles) {
    for (const std::string* s : {&a.id, &a.title, &a.text, &a.lang, &a.source, &a.byline, &a.url, &a.date_text}) {
      content += s->size();
      heap += HeapOf(*s);
    }
    heap += HeapOfVector(a.tags) + HeapOfVector(a.entities);
    for (const std::string& t : a.tags) { content += t.size(); heap += HeapOf(t); }
    for (const lede::SuppliedEntity& e : a.entities) {
      content += e.name.size() + e.description.size();
      heap += HeapOf(e.name) + HeapOf(e.description);
    }
  }
  const size_t structs = corpus.articles.capacity() * sizeof(lede::Article);
  const size_t total = structs + heap;
  const size_t n = corpus.articles.size() ? corpus.articles.size() : 1;
  const double extra_per_article = (double(total) - double(content)) / double(n);
  const size_t growth = peak > rss_before ? peak - rss_before : 0;

  if (as_json) {
    std::printf("{\"file\": \"%s\", \"mode\": \"%s\", \"fileBytes\": %zu, \"articles\": %zu, \"loadMs\": %.0f, "
                "\"peakRssBytes\": %zu, \"startRssBytes\": %zu, \"peakOverFile\": %.3f, \"corpusBytes\": %zu, "
                "\"contentBytes\": %zu, \"overheadPerArticle\": %.0f, \"vectorCapacity\": %zu}\n",
                path.c_str(), whole ? "whole" : "stream", file_bytes, corpus.articles.size(), ms, peak, rss_before,
                double(growth) / double(file_bytes), total, content, extra_per_article, corpus.articles.capacity());
  } else {
    std::printf("%s (%s): %.1f MB JSON, %zu articles, loaded in %.0f ms\n", path.c_str(),
                whole ? "whole buffer" : "streamed", Mb(file_bytes), corpus.articles.size(), ms);
    std::printf("  peak RSS %.1f MB (%.1f MB before loading): %.2fx the JSON; %.1f MB resident after\n", Mb(peak),
                Mb(rss_before), double(growth) / double(file_bytes), Mb(rss_after));
    std::printf("  corpus %.1f MB = %.1f MB of article structs (%zu B each, %zu slots for %zu articles) + %.1f MB on "
                "the heap; the text and fields themselves: %.1f MB\n", Mb(total), Mb(structs), sizeof(lede::Article),
                corpus.articles.capacity(), corpus.articles.size(), Mb(heap), Mb(content));
    std::printf("  per article: %.0f B of text and fields, %.0f B of overhead (structs, unused slots, malloc "
                "headers and rounding)\n", double(content) / double(n), extra_per_article);
  }
  return 0;
}
