// lede_bench: Lede's side of the search benchmark (bench/run.sh runs it natively and as WebAssembly
// under node, next to the JavaScript peers, and prints one table).
//
//   lede-bench CORPUS QUERIES.json   -> one JSON object on stdout
//   lede-bench --entities CORPUS     -> entity extraction times (bench/entities.sh), one JSON object
//
// Measures, from already-parsed articles as for the peers: index build time, index memory (the index's
// own allocations; the article text is not counted), and per-query latency for the top 20 with BM25F
// ranking, then separately the time to make the 20 snippets with highlight ranges.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/corpus.h"
#include "core/entities.h"
#include "core/search.h"

namespace {
double Ms(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}
}  // namespace

// Entity extraction as the app does it after loading: gazetteer, every article, the corpus pass, the table.
int Entities(const char* path) {
  lede::Corpus corpus;
  lede::LoadReport report;
  if (!lede::LoadCorpusFile(path, &corpus, &report)) {
    std::fprintf(stderr, "lede-bench: %s\n", report.error.c_str());
    return 1;
  }
  auto t0 = std::chrono::steady_clock::now();
  lede::EntityExtractor extractor;
  auto t1 = std::chrono::steady_clock::now();
  std::vector<lede::ArticleMentions> mentions(corpus.articles.size());
  size_t count = 0;
  for (size_t d = 0; d < corpus.articles.size(); ++d) {
    mentions[d] = extractor.Extract(corpus.articles[d]);
    count += mentions[d].mentions.size();
  }
  auto t2 = std::chrono::steady_clock::now();
  extractor.Harmonize(&mentions);
  auto t3 = std::chrono::steady_clock::now();
  lede::EntityTable table;
  table.Build(corpus, mentions, lede::EntitySource::kBoth, {}, &extractor);
  auto t4 = std::chrono::steady_clock::now();
  // A journalist's correction: hide the most named entity, replayed on the kept preparation.
  lede::Corrections hide;
  hide.ops.push_back({lede::Correction::Op::kHide, table.entities.empty() ? "" : table.entities[0].name, "", {}});
  table.Recorrect(corpus, hide);
  auto t5 = std::chrono::steady_clock::now();
  nlohmann::json j = {{"articles", corpus.articles.size()}, {"mentions", count}, {"entities", table.entities.size()},
                      {"gazetteerMs", Ms(t0, t1)}, {"extractMs", Ms(t1, t2)}, {"harmonizeMs", Ms(t2, t3)},
                      {"tableMs", Ms(t3, t4)}, {"totalMs", Ms(t0, t4)}, {"correctionMs", Ms(t4, t5)}};
  std::printf("%s\n", j.dump().c_str());
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--entities") return Entities(argv[2]);
  if (argc != 3) {
    std::fprintf(stderr, "usage: lede-bench CORPUS QUERIES.json | lede-bench --entities CORPUS\n");
    return 2;
  }
  lede::Corpus corpus;
  lede::LoadReport report;
  if (!lede::LoadCorpusFile(argv[1], &corpus, &report)) {
    std::fprintf(stderr, "lede-bench: %s\n", report.error.c_str());
    return 1;
  }
  std::ifstream qf(argv[2]);
  std::stringstream qs;
  qs << qf.rdbuf();
  const nlohmann::json queries = nlohmann::json::parse(qs.str(), nullptr, false);
  if (queries.is_discarded() || !queries.is_array()) {
    std::fprintf(stderr, "lede-bench: %s is not a JSON array of queries\n", argv[2]);
    return 1;
  }
  // Title and text, as the peers index them.
  for (lede::Article& a : corpus.articles) {
    a.byline.clear();
    a.source.clear();
    a.tags.clear();
  }
  auto t0 = std::chrono::steady_clock::now();
  lede::Index index;
  index.Build(corpus);
  auto t1 = std::chrono::steady_clock::now();
  const double build_ms = Ms(t0, t1);

  auto lede_query = [](const nlohmann::json& q) {
    const std::string kind = q["kind"].get<std::string>();
    std::string s;
    for (const auto& t : q["terms"]) s += (s.empty() ? "" : " ") + t.get<std::string>();
    return kind == "prefix" ? s + "*" : s;
  };
  lede::SearchOptions options;
  options.limit = 20;
  for (const auto& q : queries) lede::Search(index, lede_query(q), options);  // warm-up

  nlohmann::json latencies = nlohmann::json::array(), snippet_ms = nlohmann::json::array(), counts = nlohmann::json::array();
  // Each query runs in kRuns batches of kBatch back-to-back runs; its latency is the median batch's mean
  // (the peers are measured the same way). Batching keeps timer overhead out of microsecond answers.
  constexpr int kRuns = 5, kBatch = 10;
  for (const auto& q : queries) {
    const std::string text = lede_query(q);
    std::vector<double> search_runs, snippet_runs;
    size_t hits = 0;
    lede::SearchResult r;
    for (int run = 0; run < kRuns; ++run) {
      auto a = std::chrono::steady_clock::now();
      for (int k = 0; k < kBatch; ++k) r = lede::Search(index, text, options);
      auto b = std::chrono::steady_clock::now();
      search_runs.push_back(Ms(a, b) / kBatch);
    }
    for (int run = 0; run < kRuns; ++run) {
      auto b = std::chrono::steady_clock::now();
      lede::Highlighter hl(index, r);
      for (const lede::Hit& h : r.hits) {
        const lede::Article& art = corpus.articles[h.doc];
        hl.Best(art.text.empty() ? art.title : art.text, art.lang);
      }
      auto c = std::chrono::steady_clock::now();
      snippet_runs.push_back(Ms(b, c));
    }
    hits = r.hits.size();
    std::sort(search_runs.begin(), search_runs.end());
    std::sort(snippet_runs.begin(), snippet_runs.end());
    latencies.push_back(search_runs[kRuns / 2]);
    snippet_ms.push_back(snippet_runs[kRuns / 2]);
    counts.push_back(hits);
  }
  nlohmann::json out = {{"engine", "lede"}, {"articles", corpus.articles.size()}, {"buildMs", build_ms},
                        {"memoryBytes", index.MemoryBytes()}, {"terms", index.num_terms()},
                        {"latencyMs", latencies}, {"snippetMs", snippet_ms}, {"hits", counts}};
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
