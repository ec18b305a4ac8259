// lede-cli: the Lede core on the command line, with no UI. Proves the core stands alone, and gives
// newsrooms a scriptable way to check a corpus before publishing it.
//
//   lede-cli stats CORPUS [--json]      counts, date range, languages, load warnings
//   lede-cli search CORPUS QUERY [--limit N] [--sort relevance|newest|oldest] [--json]
//                                        ranked results with snippets; matches shown [like this]
//   lede-cli entities CORPUS [--json | --mentions] [--source both|supplied|extracted]
//                            [--corrections FILE] [--limit N]
//                                        entities with counts; --mentions: one JSON line per article
//                                        {"id", "mentions": [{"start", "end", "type", "name"}]} with
//                                        byte offsets into the article's text; --articles: one JSON
//                                        line per article with the entities it names (for evaluation)
//
// Exit status: 0 on success, 1 when the corpus cannot be read, 2 on bad usage.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/corpus.h"
#include "core/entities.h"
#include "core/search.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: lede-cli stats CORPUS [--json]\n"
               "       lede-cli search CORPUS QUERY [--limit N] [--sort relevance|newest|oldest] [--json]\n"
               "       lede-cli entities CORPUS [--json | --mentions] [--source both|supplied|extracted]\n"
               "                                [--corrections FILE] [--limit N]\n"
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
  bool limit_set = false;
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

struct EntityArgs {
  bool mentions = false;
  bool articles = false;
  lede::EntitySource source = lede::EntitySource::kBoth;
  std::string corrections;
};

int EntitiesCommand(const std::string& path, const SearchArgs& out, const EntityArgs& args) {
  lede::Corpus corpus;
  lede::LoadReport report;
  if (!lede::LoadCorpusFile(path, &corpus, &report)) {
    std::fprintf(stderr, "lede-cli: %s\n", report.error.c_str());
    return 1;
  }
  for (const auto& w : report.warnings) std::fprintf(stderr, "lede-cli: %s: %s\n", w.where.c_str(), w.message.c_str());
  lede::Corrections corrections;
  if (!args.corrections.empty()) {
    std::string text, error;
    std::ifstream in(args.corrections, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "lede-cli: cannot open corrections file %s\n", args.corrections.c_str());
      return 1;
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    std::vector<std::string> warnings;
    if (!lede::ParseCorrections(text, &corrections, &error, &warnings)) {
      std::fprintf(stderr, "lede-cli: %s: %s\n", args.corrections.c_str(), error.c_str());
      return 1;
    }
    for (const auto& w : warnings) std::fprintf(stderr, "lede-cli: %s: %s\n", args.corrections.c_str(), w.c_str());
  }
  const auto t0 = std::chrono::steady_clock::now();
  lede::EntityExtractor extractor;
  const auto t1 = std::chrono::steady_clock::now();
  std::vector<lede::ArticleMentions> mentions(corpus.articles.size());
  if (args.source != lede::EntitySource::kSupplied) {
    for (size_t d = 0; d < corpus.articles.size(); ++d) mentions[d] = extractor.Extract(corpus.articles[d]);
    extractor.Harmonize(&mentions);
  }
  const auto t2 = std::chrono::steady_clock::now();
  lede::EntityTable table;
  table.Build(corpus, mentions, args.source, corrections, &extractor);
  const auto t3 = std::chrono::steady_clock::now();
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  std::fprintf(stderr, "lede-cli: %zu articles, %zu entities; gazetteer %.0f ms, extraction %.0f ms, table %.0f ms\n",
               corpus.articles.size(), table.entities.size(), ms(t0, t1), ms(t1, t2), ms(t2, t3));

  if (args.mentions) {
    // Offsets into the text field, as the format promises; the table's corrections decide name and type.
    for (size_t d = 0; d < corpus.articles.size(); ++d) {
      nlohmann::json list = nlohmann::json::array();
      for (const lede::DocMention& m : table.MentionsOf(uint32_t(d))) {
        const lede::Entity& e = table.entities[m.entity];
        if (m.in_title || e.hidden) continue;
        list.push_back({{"start", m.start}, {"end", m.end}, {"type", lede::EntityTypeName(e.type)}, {"name", e.name}});
      }
      nlohmann::json line = {{"id", corpus.articles[d].id}, {"mentions", list}};
      std::printf("%s\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    }
    return 0;
  }
  if (args.articles) {
    for (size_t d = 0; d < corpus.articles.size(); ++d) {
      nlohmann::json list = nlohmann::json::array();
      for (uint32_t id : table.EntitiesOf(uint32_t(d))) {
        const lede::Entity& e = table.entities[id];
        if (e.hidden) continue;
        nlohmann::json x = {{"name", e.name}, {"type", lede::EntityTypeName(e.type)}};
        if (e.type == lede::EntityType::kPlace) x["country"] = extractor.CountryOf(e.name);
        list.push_back(std::move(x));
      }
      nlohmann::json line = {{"id", corpus.articles[d].id}, {"entities", list}};
      std::printf("%s\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    }
    return 0;
  }
  std::vector<uint32_t> order(table.entities.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const auto& x = table.entities[a];
    const auto& y = table.entities[b];
    if (x.docs.size() != y.docs.size()) return x.docs.size() > y.docs.size();
    if (x.mentions != y.mentions) return x.mentions > y.mentions;
    return x.name < y.name;
  });
  order.erase(std::remove_if(order.begin(), order.end(), [&](uint32_t i) { return table.entities[i].hidden || table.entities[i].docs.empty(); }), order.end());
  if (order.size() > out.limit && out.limit_set) order.resize(out.limit);
  if (out.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (uint32_t i : order) {
      const lede::Entity& e = table.entities[i];
      nlohmann::json co = nlohmann::json::array();
      for (const auto& c : table.Cooccurring(i, 5)) co.push_back(table.entities[c.entity].name);
      arr.push_back({{"name", e.name}, {"type", lede::EntityTypeName(e.type)}, {"articles", e.docs.size()},
                     {"mentions", e.mentions}, {"first", e.first ? lede::FormatDay(e.first) : ""},
                     {"last", e.last ? lede::FormatDay(e.last) : ""}, {"aliases", e.aliases},
                     {"supplied", e.supplied}, {"extracted", e.extracted}, {"cooccurring", co}});
    }
    std::printf("%s\n", arr.dump(1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }
  std::printf("%-40s %-12s %8s %8s  %-10s  %-10s\n", "entity", "type", "articles", "mentions", "first", "last");
  for (uint32_t i : order) {
    const lede::Entity& e = table.entities[i];
    std::printf("%-40s %-12s %8zu %8u  %-10s  %-10s\n", e.name.c_str(), lede::EntityTypeName(e.type), e.docs.size(),
                e.mentions, e.first ? lede::FormatDay(e.first).c_str() : "-", e.last ? lede::FormatDay(e.last).c_str() : "-");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const std::string cmd = argv[1];
  SearchArgs search;
  EntityArgs entity;
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
      search.limit_set = true;
    } else if (a == "--mentions") {
      entity.mentions = true;
    } else if (a == "--articles") {
      entity.articles = true;
    } else if (a == "--source" && i + 1 < argc) {
      if (!lede::ParseEntitySource(argv[++i], &entity.source)) {
        std::fprintf(stderr, "lede-cli: --source is both, supplied or extracted\n");
        return 2;
      }
    } else if (a == "--corrections" && i + 1 < argc) {
      entity.corrections = argv[++i];
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
  if (cmd == "entities" && args.size() == 1) {
    if (entity.mentions && search.json) { std::fprintf(stderr, "lede-cli: use --json or --mentions, not both\n"); return 2; }
    return EntitiesCommand(args[0], search, entity);
  }
  return Usage();
}
