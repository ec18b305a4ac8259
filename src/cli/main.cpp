// lede-cli: the Lede core on the command line, with no UI. Proves the core stands alone, and gives
// newsrooms a scriptable way to check a corpus before publishing it.
//
//   lede-cli stats CORPUS [--json]      counts, date range, languages, load warnings
//   lede-cli search CORPUS QUERY [--limit N] [--sort relevance|newest|oldest] [--json]
//                                        ranked results with snippets; matches shown [like this]
//
// Exit status: 0 on success, 1 when the corpus cannot be read, 2 on bad usage.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/corpus.h"
#include "core/search.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: lede-cli stats CORPUS [--json]\n"
               "       lede-cli search CORPUS QUERY [--limit N] [--sort relevance|newest|oldest] [--json]\n"
               "  CORPUS is a corpus JSON file or JSON Lines (see docs/corpus-format.md)\n"
               "  QUERY uses Lede's query language (see README.md), e.g. 'wuzhen date:2014..2020'\n");
  return 2;
}

int Stats(const std::string& path, bool as_json) {
  lede::Corpus corpus;
  lede::LoadReport report;
  if (!lede::LoadCorpusFile(path, &corpus, &report)) {
    std::fprintf(stderr, "lede-cli: %s\n", report.error.c_str());
    return 1;
  }
  std::map<std::string, size_t> langs, sources;
  int64_t first = INT64_MAX, last = INT64_MIN;
  for (const auto& a : corpus.articles) {
    ++langs[a.lang.empty() ? "?" : a.lang];
    ++sources[a.source.empty() ? "?" : a.source];
    if (a.date.valid()) { first = std::min(first, a.date.utc); last = std::max(last, a.date.utc); }
  }
  const bool dated = first != INT64_MAX;
  const std::string from = dated ? lede::FormatDay(first) : "";
  const std::string to = dated ? lede::FormatDay(last) : "";
  if (as_json) {
    nlohmann::json j = {{"file", path}, {"name", corpus.name}, {"articles", corpus.articles.size()},
                        {"skipped", report.articles_skipped}, {"repaired", report.articles_repaired},
                        {"undated", report.articles_undated}, {"from", from}, {"to", to},
                        {"languages", langs}, {"sources", sources}, {"loadMs", report.load_ms}};
    nlohmann::json w = nlohmann::json::array();
    for (const auto& x : report.warnings) w.push_back({{"where", x.where}, {"message", x.message}});
    j["warnings"] = w;
    std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    std::printf("%s\n", corpus.name.empty() ? path.c_str() : corpus.name.c_str());
    std::printf("  articles  %zu loaded, %zu skipped, %zu repaired, %zu undated (%.1f ms)\n", corpus.articles.size(),
                report.articles_skipped, report.articles_repaired, report.articles_undated, report.load_ms);
    if (dated) std::printf("  dates     %s .. %s\n", from.c_str(), to.c_str());
    std::printf("  languages");
    for (const auto& [k, v] : langs) std::printf(" %s:%zu", k.c_str(), v);
    std::printf("\n  sources   %zu\n", sources.size());
    for (const auto& w : report.warnings) std::fprintf(stderr, "warning: %s: %s\n", w.where.c_str(), w.message.c_str());
    if (report.warnings_dropped) std::fprintf(stderr, "warning: ... and %zu more\n", report.warnings_dropped);
  }
  return 0;
}

bool Load(const std::string& path, lede::Corpus* corpus) {
  lede::LoadReport report;
  if (!lede::LoadCorpusFile(path, corpus, &report)) {
    std::fprintf(stderr, "lede-cli: %s\n", report.error.c_str());
    return false;
  }
  if (!report.warnings.empty())
    std::fprintf(stderr, "lede-cli: %zu load warning(s); run 'lede-cli stats %s' to see them\n",
                 report.warnings.size() + report.warnings_dropped, path.c_str());
  return true;
}

struct SearchArgs {
  size_t limit = 10;
  lede::SortOrder sort = lede::SortOrder::kRelevance;
  bool json = false;
};

int SearchCommand(const std::string& path, const std::string& query, const SearchArgs& args) {
  lede::Corpus corpus;
  if (!Load(path, &corpus)) return 1;
  lede::Index index;
  index.Build(corpus);
  lede::SearchOptions options;
  options.limit = args.limit;
  options.sort = args.sort;
  const auto t0 = std::chrono::steady_clock::now();
  lede::SearchResult r = lede::Search(index, query, options);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  for (const std::string& e : r.errors) std::fprintf(stderr, "lede-cli: query: %s\n", e.c_str());
  lede::Highlighter hl(index, r);
  if (args.json) {
    nlohmann::json hits = nlohmann::json::array();
    for (const lede::Hit& h : r.hits) {
      const lede::Article& a = corpus.articles[h.doc];
      const lede::Snippet s = hl.Best(a.text.empty() ? a.title : a.text, a.lang);
      nlohmann::json ranges = nlohmann::json::array();
      for (const lede::Range& m : s.highlights) ranges.push_back({m.start, m.end});
      hits.push_back({{"id", a.id}, {"title", a.title}, {"date", lede::FormatDate(a.date)},
                      {"score", std::round(double(h.score) * 1e4) / 1e4},
                      {"snippet", {{"text", s.text}, {"highlights", ranges}, {"cutStart", s.cut_start}, {"cutEnd", s.cut_end}}}});
    }
    nlohmann::json out = {{"query", query}, {"hits", hits}, {"total", r.total}, {"totalExact", r.total_exact},
                          {"errors", r.errors}, {"ms", ms}};
    std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }
  std::printf("%zu result%s in %.2f ms\n", r.hits.size(), r.hits.size() == 1 ? "" : "s", ms);
  int rank = 0;
  for (const lede::Hit& h : r.hits) {
    const lede::Article& a = corpus.articles[h.doc];
    std::printf("\n%2d. %s  [%s]  %s  score %.3f\n", ++rank, a.title.c_str(), a.id.c_str(),
                lede::FormatDate(a.date).c_str(), double(h.score));
    const lede::Snippet s = hl.Best(a.text.empty() ? a.title : a.text, a.lang);
    std::string marked = s.cut_start ? "..." : "";
    size_t at = 0;
    for (const lede::Range& m : s.highlights) {
      marked += s.text.substr(at, m.start - at) + "[" + s.text.substr(m.start, m.end - m.start) + "]";
      at = m.end;
    }
    marked += s.text.substr(at) + (s.cut_end ? "..." : "");
    std::printf("    %s\n", marked.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const std::string cmd = argv[1];
  SearchArgs search;
  std::vector<std::string> args;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--json") {
      search.json = true;
    } else if (a == "--limit" && i + 1 < argc) {
      char* end = nullptr;
      const long n = std::strtol(argv[++i], &end, 10);
      if (*end || n <= 0) { std::fprintf(stderr, "lede-cli: --limit needs a positive number\n"); return 2; }
      search.limit = size_t(n);
    } else if (a == "--sort" && i + 1 < argc) {
      const std::string v = argv[++i];
      if (v == "relevance") search.sort = lede::SortOrder::kRelevance;
      else if (v == "newest") search.sort = lede::SortOrder::kNewest;
      else if (v == "oldest") search.sort = lede::SortOrder::kOldest;
      else { std::fprintf(stderr, "lede-cli: --sort is relevance, newest or oldest\n"); return 2; }
    } else if (a.size() > 2 && a[0] == '-' && a[1] == '-') {
      std::fprintf(stderr, "lede-cli: unknown option %s\n", a.c_str());
      return Usage();
    } else {
      args.push_back(a);
    }
  }
  if (cmd == "stats" && args.size() == 1) return Stats(args[0], search.json);
  if (cmd == "search" && args.size() == 2) {
    if (args[1].find_first_not_of(" \t") == std::string::npos) { std::fprintf(stderr, "lede-cli: the query is empty\n"); return 2; }
    return SearchCommand(args[0], args[1], search);
  }
  return Usage();
}
