// lede-cli: the Lede core on the command line, with no UI. Proves the core stands alone, and gives
// newsrooms a scriptable way to check a corpus before publishing it.
//
//   lede-cli stats CORPUS [--json]      counts, date range, languages, load warnings
//
// Exit status: 0 on success, 1 when the corpus cannot be read, 2 on bad usage.
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/corpus.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: lede-cli stats CORPUS [--json]\n"
               "  CORPUS is a corpus JSON file or JSON Lines (see docs/corpus-format.md)\n");
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
  const std::string from = dated ? lede::FormatDate({first, lede::DatePrecision::kDay}) : "";
  const std::string to = dated ? lede::FormatDate({last, lede::DatePrecision::kDay}) : "";
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const std::string cmd = argv[1];
  bool as_json = false;
  std::vector<std::string> args;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json")) as_json = true;
    else if (argv[i][0] == '-' && argv[i][1] == '-') { std::fprintf(stderr, "lede-cli: unknown option %s\n", argv[i]); return Usage(); }
    else args.push_back(argv[i]);
  }
  if (cmd == "stats" && args.size() == 1) return Stats(args[0], as_json);
  return Usage();
}
