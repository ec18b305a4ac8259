// lede-cli: the Lede core on the command line, with no UI. Proves the core stands alone, and gives
// newsrooms a scriptable way to check a corpus before publishing it.
//
//   lede-cli pack CORPUS... -o NAME.lede [--source both|supplied|extracted] [--level N]
//                                        a pack (docs/pack-format.md): several corpora concatenated
//                                        (duplicate ids renamed as the loader does), indexed, entities
//                                        extracted, text in zstd blocks; progress on stderr
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
// CORPUS is a JSON corpus or a pack, told apart by content, not by name; a pack is opened as it is
// (never re-parsed or re-indexed) and every command answers as it does on the JSON it was made from.
// Exit status: 0 on success, 1 when the corpus cannot be read (or the pack not written), 2 on bad usage.
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
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/corpus.h"
#include "core/entities.h"
#include "core/facets.h"
#include "core/pack.h"
#include "core/search.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: lede-cli pack CORPUS... -o NAME.lede [--source both|supplied|extracted] [--level 1-19]\n"
               "       lede-cli stats CORPUS [--json]\n"
               "       lede-cli search CORPUS QUERY [--limit N] [--sort relevance|newest|oldest] [--json]\n"
               "       lede-cli entities CORPUS [--json | --mentions] [--source both|supplied|extracted]\n"
               "                                [--corrections FILE] [--limit N]\n"
               "  CORPUS is a corpus JSON file or JSON Lines (see docs/corpus-format.md), or a pack (.lede)\n"
               "  QUERY uses Lede's query language (see README.md), e.g. 'wuzhen date:2014..2020'\n");
  return 2;
}

double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

bool ReadWholeFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// A corpus as a command sees it: from JSON (loaded here) or from a pack (opened whole, text included).
struct Opened {
  bool is_pack = false;
  lede::Corpus json_corpus;
  lede::LoadReport json_report;
  lede::Pack pack;
  lede::Corpus& corpus() { return is_pack ? pack.corpus() : json_corpus; }
  const lede::LoadReport& report() const { return is_pack ? pack.load_report() : json_report; }
};

// Reads path and tells a pack from JSON by its first bytes. Prints the error and returns false.
bool OpenCorpus(const std::string& path, Opened* o) {
  std::string bytes, error;
  if (!ReadWholeFile(path, &bytes)) {
    std::fprintf(stderr, "lede-cli: cannot open %s\n", path.c_str());
    return false;
  }
  o->is_pack = lede::LooksLikePack(bytes);
  if (o->is_pack) {
    if (!lede::OpenPackBytes(bytes, &o->pack, &error)) {
      std::fprintf(stderr, "lede-cli: %s: %s\n", path.c_str(), error.c_str());
      return false;
    }
    return true;
  }
  if (!lede::LoadCorpus(bytes, &o->json_corpus, &o->json_report)) {
    std::fprintf(stderr, "lede-cli: %s: %s\n", path.c_str(), o->json_report.error.c_str());
    return false;
  }
  return true;
}

int Stats(const std::string& path, bool as_json) {
  Opened opened;
  if (!OpenCorpus(path, &opened)) return 1;
  const lede::Corpus& corpus = opened.corpus();
  const lede::LoadReport& report = opened.report();
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

bool Load(const std::string& path, Opened* opened) {
  if (!OpenCorpus(path, opened)) return false;
  const lede::LoadReport& report = opened->report();
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
  Opened opened;
  if (!Load(path, &opened)) return 1;
  const lede::Corpus& corpus = opened.corpus();
  lede::Index built;  // a pack's index is used as it is
  if (!opened.is_pack) built.Build(corpus);
  const lede::Index& index = opened.is_pack ? opened.pack.index() : built;
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
  Opened opened;
  if (!OpenCorpus(path, &opened)) return 1;
  const lede::Corpus& corpus = opened.corpus();
  const lede::LoadReport& report = opened.report();
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
  std::vector<lede::ArticleMentions> mentions;
  lede::EntityTable built;
  // A pack keeps its mentions and its table: its own source needs only the corrections replayed, another
  // source a build from the kept mentions (the text is loaded); extraction never runs again.
  const bool from_pack = opened.is_pack && !(args.source != lede::EntitySource::kSupplied && opened.pack.mentions().empty());
  if (!from_pack) {
    mentions.resize(corpus.articles.size());
    if (args.source != lede::EntitySource::kSupplied) {
      for (size_t d = 0; d < corpus.articles.size(); ++d) mentions[d] = extractor.Extract(corpus.articles[d]);
      extractor.Harmonize(&mentions);
    }
  }
  const auto t2 = std::chrono::steady_clock::now();
  lede::EntityTable& table = from_pack && args.source == opened.pack.entity_source() ? opened.pack.entities() : built;
  if (&table == &built) {
    table.Build(corpus, from_pack ? opened.pack.mentions() : mentions, args.source, corrections, &extractor);
  } else {
    table.set_extractor(&extractor);
    table.Recorrect(corpus, corrections);
  }
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

// Appends a loaded corpus to *all: ids already taken are renamed as the loader renames duplicates within
// one file ("id~2"), with a warning naming the file; warnings of later files are prefixed with their name.
void Concatenate(const std::string& path, lede::Corpus&& next, const lede::LoadReport& next_report, bool first,
                 lede::Corpus* all, lede::LoadReport* report, std::unordered_set<std::string>* ids) {
  auto where = [&](const std::string& w) { return first ? w : path + ": " + w; };
  for (const auto& w : next_report.warnings) report->Warn(where(w.where), w.message);
  report->warnings_dropped += next_report.warnings_dropped;
  report->articles_seen += next_report.articles_seen;
  report->articles_loaded += next_report.articles_loaded;
  report->articles_skipped += next_report.articles_skipped;
  report->articles_repaired += next_report.articles_repaired;
  report->articles_undated += next_report.articles_undated;
  report->load_ms += next_report.load_ms;
  if (first) {
    all->name = next.name;
    all->source = next.source;
    all->license = next.license;
  } else {
    if (!next.name.empty()) all->name += (all->name.empty() ? "" : " + ") + next.name;
    if (!next.source.empty() && next.source != all->source) all->source += (all->source.empty() ? "" : "; ") + next.source;
    if (!next.license.empty() && next.license != all->license) all->license += (all->license.empty() ? "" : "; ") + next.license;
  }
  all->has_cjk |= next.has_cjk;
  all->articles.reserve(all->articles.size() + next.articles.size());
  for (size_t i = 0; i < next.articles.size(); ++i) {
    lede::Article& a = next.articles[i];
    if (!ids->insert(a.id).second) {
      std::string fresh;
      for (int n = 2; fresh.empty() || ids->count(fresh); ++n) fresh = a.id + "~" + std::to_string(n);
      report->Warn(where("article " + std::to_string(i + 1) + " (id \"" + a.id + "\")"),
                   "duplicate id \"" + a.id + "\" (in an earlier file); renamed \"" + fresh + "\"");
      ++report->articles_repaired;
      a.id = fresh;
      ids->insert(fresh);
    }
    all->articles.push_back(std::move(a));
  }
}

int PackCommand(const std::vector<std::string>& inputs, const std::string& out_path, lede::EntitySource source, int level) {
  const auto t0 = std::chrono::steady_clock::now();
  lede::Corpus corpus;
  lede::LoadReport report;
  std::unordered_set<std::string> ids;
  for (size_t f = 0; f < inputs.size(); ++f) {
    Opened opened;
    const auto tf = std::chrono::steady_clock::now();
    if (!OpenCorpus(inputs[f], &opened)) return 1;
    const lede::LoadReport part = opened.report();
    const size_t count = opened.corpus().articles.size();
    Concatenate(inputs[f], std::move(opened.corpus()), part, f == 0, &corpus, &report, &ids);
    std::fprintf(stderr, "lede-cli: read %s: %zu articles%s (%.0f ms)\n", inputs[f].c_str(), count,
                 opened.is_pack ? " from a pack" : "", MsSince(tf));
  }
  if (!report.warnings.empty())
    std::fprintf(stderr, "lede-cli: %zu load warning(s), kept in the pack ('lede-cli stats %s' lists them)\n",
                 report.warnings.size() + report.warnings_dropped, out_path.c_str());
  const size_t n = corpus.articles.size();
  auto t = std::chrono::steady_clock::now();
  lede::Index index;
  index.Begin(corpus);
  for (size_t step = std::max<size_t>(n / 10, 1000); !index.AddSome(step);)
    std::fprintf(stderr, "\rlede-cli: indexing %zu%%", n ? index.added() * 100 / n : 100);
  index.Finish();
  lede::FacetIndex facets;
  facets.Build(corpus);
  std::fprintf(stderr, "\rlede-cli: indexed %zu articles, %zu terms (%.0f ms)\n", n, index.num_terms(), MsSince(t));

  // Entities as the app computes them: extraction per article, the corpus-wide harmonizing pass, the table.
  t = std::chrono::steady_clock::now();
  lede::EntityExtractor extractor;
  std::vector<lede::ArticleMentions> mentions;
  if (source != lede::EntitySource::kSupplied) {
    mentions.resize(n);
    for (size_t d = 0; d < n; ++d) {
      mentions[d] = extractor.Extract(corpus.articles[d]);
      if (d % 5000 == 0) std::fprintf(stderr, "\rlede-cli: extracting entities %zu%%", d * 100 / n);
    }
    extractor.Harmonize(&mentions);
  }
  lede::EntityTable table;
  table.Build(corpus, mentions, source, lede::Corrections{}, &extractor);
  std::fprintf(stderr, "\rlede-cli: %zu entities (%s; %.0f ms)\n", table.entities.size(), lede::EntitySourceName(source), MsSince(t));

  t = std::chrono::steady_clock::now();
  std::string bytes, error;
  lede::PackStats stats;
  if (!lede::WritePack(corpus, report, index, facets, mentions, table, source, &bytes, &error, &stats, level)) {
    std::fprintf(stderr, "lede-cli: cannot make the pack: %s\n", error.c_str());
    return 1;
  }
  const std::string tmp = out_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out.flush()) {
      std::fprintf(stderr, "lede-cli: cannot write %s\n", tmp.c_str());
      std::remove(tmp.c_str());
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0) {
    std::fprintf(stderr, "lede-cli: cannot rename %s to %s\n", tmp.c_str(), out_path.c_str());
    return 1;
  }
  std::fprintf(stderr,
               "lede-cli: wrote %s: %zu articles, %llu bytes (head %llu, %zu text blocks %llu for %llu bytes of text); "
               "written in %.0f ms, %.1f s in all\n",
               out_path.c_str(), stats.articles, (unsigned long long)stats.file_bytes, (unsigned long long)stats.head_bytes,
               stats.blocks, (unsigned long long)stats.block_bytes, (unsigned long long)stats.text_bytes, MsSince(t),
               MsSince(t0) / 1000);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const std::string cmd = argv[1];
  SearchArgs search;
  EntityArgs entity;
  std::vector<std::string> args;
  std::string out_path;
  int level = 3;
  bool source_set = false;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-o" && i + 1 < argc) {
      out_path = argv[++i];
    } else if (a == "--level" && i + 1 < argc) {
      char* end = nullptr;
      const long n = std::strtol(argv[++i], &end, 10);
      if (*end || n < 1 || n > 19) { std::fprintf(stderr, "lede-cli: --level is 1 (fast) to 19 (small)\n"); return 2; }
      level = int(n);
    } else if (a == "--json") {
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
      source_set = true;
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
  if (cmd == "pack") {
    if (args.empty() || out_path.empty()) { std::fprintf(stderr, "lede-cli: pack needs CORPUS... and -o NAME.lede\n"); return Usage(); }
    return PackCommand(args, out_path, source_set ? entity.source : lede::EntitySource::kBoth, level);
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
