// Tests for core/corpus.h: the format's forms, and every kind of bad input losing nothing else.
#include "core/corpus.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace lede {

namespace {
struct Loaded {
  bool ok;
  Corpus corpus;
  LoadReport report;
  bool Warned(const std::string& where_part, const std::string& message_part) const {
    for (const auto& w : report.warnings)
      if (w.where.find(where_part) != std::string::npos && w.message.find(message_part) != std::string::npos) return true;
    return false;
  }
};
Loaded Load(const std::string& json) {
  Loaded l;
  l.ok = LoadCorpus(json, &l.corpus, &l.report);
  return l;
}
const char* kGood = R"({"id":"g1","title":"Good one","text":"Body","date":"2020-11-24"})";
}  // namespace

TEST(Corpus, ReadsTheDocumentedFormat) {
  auto l = Load(R"({"name":"n","source":"s","license":"l","articles":[
    {"id":"a","title":"T","text":"X","date":"2020-11-24","lang":"en","source":"Wire","byline":"B","url":"u",
     "tags":["x","y"],"entities":[{"name":"Qi Xiaoxia","type":"person"},{"name":"usa","type":"place","description":"USA"}]}]})");
  ASSERT_TRUE(l.ok) << l.report.error;
  ASSERT_EQ(l.corpus.articles.size(), 1u);
  const Article& a = l.corpus.articles[0];
  EXPECT_EQ(l.corpus.name, "n");
  EXPECT_EQ(a.source, "Wire");
  EXPECT_EQ(a.tags.size(), 2u);
  ASSERT_EQ(a.entities.size(), 2u);
  EXPECT_EQ(a.entities[0].type, EntityType::kPerson);
  EXPECT_EQ(a.entities[1].description, "USA");
  EXPECT_TRUE(a.date.valid());
  EXPECT_TRUE(l.report.warnings.empty());
}

TEST(Corpus, AcceptsBareArraysJsonLinesAndSingleArticles) {
  EXPECT_EQ(Load(std::string("[") + kGood + "]").corpus.articles.size(), 1u);
  auto lines = Load(std::string(kGood) + "\n" + R"({"id":"g2","title":"Two","text":"B"})" + "\n{broken\n");
  EXPECT_TRUE(lines.ok);
  EXPECT_EQ(lines.corpus.articles.size(), 2u);
  EXPECT_TRUE(lines.Warned("article 3", "line 3, column 2"));
  EXPECT_EQ(Load(kGood).corpus.articles.size(), 1u);
}

TEST(Corpus, ASyntaxErrorInOneArticleCostsOnlyThatArticle) {
  auto l = Load(std::string("{\"articles\": [\n") + kGood + ",\n  {\"id\": \"b\", \"title\": tru},\n" +
                R"({"id":"g3","title":"Three","text":"x"})" + "\n]}");
  ASSERT_TRUE(l.ok) << l.report.error;
  EXPECT_EQ(l.corpus.articles.size(), 2u);
  EXPECT_EQ(l.report.articles_skipped, 1u);
  EXPECT_TRUE(l.Warned("article 2", "line 3, column")) << l.report.warnings[0].message;
}

TEST(Corpus, MalformedFileNamesLineAndColumn) {
  auto l = Load("{\"articles\": [\n  {\"id\": \"a\", \"title\": \"T\",,}\n]}");
  EXPECT_FALSE(l.ok);
  EXPECT_NE(l.report.error.find("line 2, column 28"), std::string::npos) << l.report.error;
  EXPECT_TRUE(l.corpus.articles.empty());
  auto empty = Load("");
  EXPECT_FALSE(empty.ok);
  EXPECT_FALSE(empty.report.error.empty());
  auto wrong = Load(R"({"stories": []})");
  EXPECT_FALSE(wrong.ok);
  EXPECT_NE(wrong.report.error.find("articles"), std::string::npos);
  EXPECT_FALSE(Load("42").ok);
}

TEST(Corpus, BadArticlesAreSkippedOrRepairedAndGoodOnesKept) {
  auto l = Load(std::string(R"({"articles":[)") + kGood + "," +
                R"("not an object",
                   {"id":"no-title","text":"x"},
                   {"id":"num-title","title":42,"text":"x"},
                   {"id":"no-text","title":"x"},
                   {"id":"bad-date","title":"T","text":"x","date":"the day after"},
                   {"id":"g1","title":"Dup","text":"x"},
                   {"id":"bad-tags","title":"T","text":"x","tags":[1,"ok"]},
                   {"id":"bad-ents","title":"T","text":"x","entities":[{"type":"person"},{"name":"X","type":"alien"}]},
                   {"id":7,"title":"Numeric id","text":"x"},
                   {"title":"No id","text":"x"}]})");
  ASSERT_TRUE(l.ok) << l.report.error;
  EXPECT_EQ(l.report.articles_seen, 11u);
  EXPECT_EQ(l.report.articles_skipped, 4u);
  EXPECT_EQ(l.corpus.articles.size(), 7u);
  EXPECT_TRUE(l.Warned("article 2", "expected an object"));
  EXPECT_TRUE(l.Warned("article 3 (id \"no-title\")", "missing required field \"title\""));
  EXPECT_TRUE(l.Warned("article 4 (id \"num-title\")", "is a number, expected a string"));
  EXPECT_TRUE(l.Warned("article 5 (id \"no-text\")", "\"text\""));
  EXPECT_TRUE(l.Warned("article 6 (id \"bad-date\")", "kept undated"));
  EXPECT_TRUE(l.Warned("article 7 (id \"g1\")", "duplicate id"));
  EXPECT_TRUE(l.Warned("article 8 (id \"bad-tags\")", "tag is a number"));
  EXPECT_TRUE(l.Warned("article 9 (id \"bad-ents\")", "no \"name\""));
  EXPECT_TRUE(l.Warned("article 9 (id \"bad-ents\")", "unknown type \"alien\""));
  EXPECT_TRUE(l.Warned("article 11", "has no id"));
  EXPECT_EQ(l.corpus.articles[2].id, "g1~2");
  EXPECT_EQ(l.corpus.articles[5].id, "7");
  EXPECT_FALSE(l.corpus.articles[1].date.valid());
  EXPECT_EQ(l.report.articles_undated, 6u);
}

TEST(Corpus, InvalidUtf8IsRepairedWithAWarningNamingTheArticle) {
  auto l = Load(std::string(R"({"articles":[)") + kGood + R"(,{"id":"bad-bytes","title":"Caf)" + "\xC3" +
                R"(","text":"x"}]})");
  ASSERT_TRUE(l.ok) << l.report.error;
  ASSERT_EQ(l.corpus.articles.size(), 2u);
  EXPECT_EQ(l.corpus.articles[1].title, "Caf\xEF\xBF\xBD");
  EXPECT_TRUE(l.Warned("line 1", "invalid UTF-8"));
  EXPECT_TRUE(l.Warned("article 2 (id \"bad-bytes\")", "invalid UTF-8"));
}

TEST(Corpus, BundledSampleCorpusIsClean) {
  Corpus c;
  LoadReport r;
  ASSERT_TRUE(LoadCorpusFile(LEDE_SOURCE_DIR "/assets/corpus.json", &c, &r)) << r.error;
  EXPECT_GE(c.articles.size(), 60u);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0].where << ": " << r.warnings[0].message;
  EXPECT_TRUE(c.has_cjk);
  size_t zh = 0;
  int64_t first = INT64_MAX, last = INT64_MIN;
  for (const auto& a : c.articles) {
    zh += a.lang == "zh";
    ASSERT_TRUE(a.date.valid()) << a.id;
    first = std::min(first, a.date.utc);
    last = std::max(last, a.date.utc);
  }
  EXPECT_GE(zh, 8u);
  EXPECT_GE(last - first, int64_t(15) * 365 * 86400);
}

TEST(Corpus, SharedCorporaLoad) {
  const std::string dir = LEDE_SOURCE_DIR "/../shared/corpora/";
  if (!std::ifstream(dir + "seed.json")) GTEST_SKIP() << "../shared/corpora is absent; skipping shared-corpus checks";
  Corpus c;
  LoadReport r;
  ASSERT_TRUE(LoadCorpusFile(dir + "seed.json", &c, &r)) << r.error;
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(FormatDate(c.articles[0].date), "2020-11-24");
  ASSERT_TRUE(LoadCorpusFile(dir + "wikinews.json", &c, &r)) << r.error;
  EXPECT_EQ(c.articles.size(), 293u);
  EXPECT_EQ(r.articles_undated, 0u);
}

TEST(Corpus, MissingFileIsAClearError) {
  Corpus c;
  LoadReport r;
  EXPECT_FALSE(LoadCorpusFile("/nonexistent/corpus.json", &c, &r));
  EXPECT_NE(r.error.find("/nonexistent/corpus.json"), std::string::npos);
}

}  // namespace lede

namespace lede {
TEST(Corpus, ReviewRegressions) {
  // A deeply nested unknown field in a single-article file loads without recursion trouble.
  std::string deep = R"({"title":"a","text":"b","x":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  Corpus c;
  LoadReport r;
  LoadCorpus(deep, &c, &r);  // must not crash, whatever it decides
  // Many duplicate ids are renamed in linear time and stay unique.
  std::string many = "[";
  for (int i = 0; i < 20000; ++i) many += std::string(i ? "," : "") + R"({"id":"same","title":"t","text":"x"})";
  many += "]";
  ASSERT_TRUE(LoadCorpus(many, &c, &r));
  ASSERT_EQ(c.articles.size(), 20000u);
  EXPECT_EQ(c.articles[1].id, "same~2");
  EXPECT_EQ(c.articles[19999].id, "same~20000");
}
}  // namespace lede

namespace lede {
TEST(Corpus, EveryBrokenArticleIsLocatedOnItsOwnLine) {
  std::string json = "[\n";
  for (int i = 0; i < 6; ++i) json += std::string(i ? ",\n" : "") + (i % 2 ? R"({"title":"t","text":tru})" : kGood);
  json += "\n]";
  auto l = Load(json);
  ASSERT_TRUE(l.ok);
  EXPECT_EQ(l.corpus.articles.size(), 3u);
  EXPECT_TRUE(l.Warned("article 2", "line 3, column"));
  EXPECT_TRUE(l.Warned("article 4", "line 5, column"));
  EXPECT_TRUE(l.Warned("article 6", "line 7, column"));
}
}  // namespace lede

// ---- The streaming reader against the original whole-buffer reader ---------------------------------
// namespace reference below is CorpusReader as it was before streaming (commit ef1561b: the whole file
// in memory, repaired, scanned, then parsed), kept verbatim as the oracle: for every input, however it is
// cut into chunks, the streaming reader must give exactly the same Corpus and LoadReport (load_ms aside).

namespace lede {
namespace reference {
using nlohmann::json;
namespace {

struct LineCol { size_t line, column; };

LineCol LineColAt(std::string_view s, size_t pos) {
  LineCol lc{1, 1};
  for (size_t i = 0; i < pos && i < s.size(); ++i) {
    if (s[i] == '\n') { ++lc.line; lc.column = 1; }
    else if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) { ++lc.column; }  // count characters
  }
  return lc;
}

std::string Where(LineCol lc) {
  return "line " + std::to_string(lc.line) + ", column " + std::to_string(lc.column);
}

// A SAX handler that accepts everything and remembers the first error: used only to locate errors.
struct ErrorLocator : json::json_sax_t {
  size_t position = 0;
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& ex) override {
    position = pos;
    message = ex.what();
    return false;
  }
};

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while parsing value -
// invalid literal; last read: 'tru,'" -> "syntax error while parsing value - invalid literal; last read: ..."
std::string CleanParseMessage(const std::string& what) {
  size_t colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

std::string ArticleWhere(size_t index, const std::string& id) {
  std::string w = "article " + std::to_string(index + 1);
  if (!id.empty()) w += " (id \"" + id + "\")";
  return w;
}

const char* TypeName(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::binary: return "binary";
    case json::value_t::discarded: return "invalid";
    default: return "a number";
  }
}

// Reads an optional string field. Returns false (and warns) when present with another type.
bool OptionalString(const json& obj, const char* key, std::string* out, LoadReport* report,
                    const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (it->is_string()) { *out = it->get_ref<const std::string&>(); return true; }
  if (it->is_number()) { *out = it->dump(); return true; }  // e.g. a numeric id: keep its digits
  report->Warn(where, std::string("field \"") + key + "\" is " + TypeName(*it) + ", expected a string; ignored");
  return false;
}

EntityType ParseEntityType(const std::string& s, bool* known) {
  *known = true;
  if (s == "person" || s == "PERSON" || s == "people") return EntityType::kPerson;
  if (s == "organization" || s == "organisation" || s == "ORG" || s == "org") return EntityType::kOrganization;
  if (s == "place" || s == "location" || s == "GPE" || s == "LOC") return EntityType::kPlace;
  *known = s == "other";
  return EntityType::kOther;
}

struct ArticleReader {
  LoadReport* report;
  std::unordered_set<std::string>* ids;
  std::unordered_map<std::string, int>* next_suffix;  // duplicate id -> last ~N used

  // Returns false when the article must be skipped; warnings are added either way.
  bool Read(const json& v, size_t index, Article* a) {
    if (!v.is_object()) {
      report->Warn(ArticleWhere(index, ""), std::string("is ") + TypeName(v) + ", expected an object; skipped");
      return false;
    }
    std::string where = ArticleWhere(index, "");
    bool repaired = false;
    if (!OptionalString(v, "id", &a->id, report, where)) repaired = true;
    where = ArticleWhere(index, a->id);

    for (const char* key : {"title", "text"}) {
      auto it = v.find(key);
      std::string* dst = key[1] == 'i' ? &a->title : &a->text;
      if (it == v.end() || it->is_null()) {
        report->Warn(where, std::string("missing required field \"") + key + "\"; skipped");
        return false;
      }
      if (!it->is_string()) {
        report->Warn(where, std::string("field \"") + key + "\" is " + TypeName(*it) + ", expected a string; skipped");
        return false;
      }
      *dst = it->get_ref<const std::string&>();
    }
    if (a->title.empty() && a->text.empty()) {
      report->Warn(where, "title and text are both empty; skipped");
      return false;
    }
    repaired |= !OptionalString(v, "lang", &a->lang, report, where);
    repaired |= !OptionalString(v, "source", &a->source, report, where);
    repaired |= !OptionalString(v, "byline", &a->byline, report, where);
    repaired |= !OptionalString(v, "url", &a->url, report, where);
    repaired |= !OptionalString(v, "date", &a->date_text, report, where);

    if (!a->date_text.empty()) {
      if (auto d = ParseDate(a->date_text)) {
        a->date = *d;
      } else {
        report->Warn(where, "date \"" + a->date_text + "\" is not YYYY, YYYY-MM, YYYY-MM-DD, ISO-8601 or RFC 2822; kept undated");
        repaired = true;
      }
    }

    if (auto it = v.find("tags"); it != v.end() && !it->is_null()) {
      if (it->is_array()) {
        for (const auto& t : *it) {
          if (t.is_string()) a->tags.push_back(t.get<std::string>());
          else { report->Warn(where, std::string("a tag is ") + TypeName(t) + ", expected a string; dropped"); repaired = true; }
        }
      } else if (it->is_string()) {
        a->tags.push_back(it->get<std::string>());
      } else {
        report->Warn(where, std::string("field \"tags\" is ") + TypeName(*it) + ", expected an array of strings; ignored");
        repaired = true;
      }
    }

    if (auto it = v.find("entities"); it != v.end() && !it->is_null()) {
      if (!it->is_array()) {
        report->Warn(where, std::string("field \"entities\" is ") + TypeName(*it) + ", expected an array; ignored");
        repaired = true;
      } else {
        for (const auto& e : *it) {
          auto name = e.is_object() ? e.find("name") : e.end();
          if (!e.is_object() || name == e.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
            report->Warn(where, "an entity has no \"name\" string; dropped");
            repaired = true;
            continue;
          }
          SuppliedEntity se;
          se.name = name->get<std::string>();
          std::string type;
          if (auto t = e.find("type"); t != e.end() && t->is_string()) type = t->get<std::string>();
          bool known = true;
          se.type = ParseEntityType(type, &known);
          if (!known) {
            report->Warn(where, "entity \"" + se.name + "\" has unknown type \"" + type + "\"; using \"other\"");
            repaired = true;
          }
          if (auto d = e.find("description"); d != e.end() && d->is_string()) se.description = d->get<std::string>();
          a->entities.push_back(std::move(se));
        }
      }
    }

    // Invalid UTF-8 was replaced by U+FFFD before parsing; say which articles it touched.
    for (std::string* f : {&a->title, &a->text, &a->byline, &a->source}) {
      if (f->find("\xEF\xBF\xBD") != std::string::npos) {
        report->Warn(where, "contains invalid UTF-8 (or U+FFFD); bad bytes shown as \xEF\xBF\xBD");
        repaired = true;
        break;
      }
    }

    if (a->id.empty()) {
      a->id = "article-" + std::to_string(index + 1);
      report->Warn(where, "has no id; using \"" + a->id + "\"");
      repaired = true;
    }
    if (!ids->insert(a->id).second) {
      std::string fresh;
      for (int& n = (*next_suffix)[a->id]; fresh.empty() || ids->count(fresh);)
        fresh = a->id + "~" + std::to_string(n = std::max(n, 1) + 1);
      report->Warn(where, "duplicate id \"" + a->id + "\"; renamed \"" + fresh + "\"");
      a->id = fresh;
      ids->insert(fresh);
      repaired = true;
    }
    if (repaired) ++report->articles_repaired;
    return true;
  }
};

bool LooksLikeJsonLines(std::string_view s) {
  size_t nl = s.find('\n');
  if (nl == std::string_view::npos) return false;
  std::string_view first = s.substr(0, nl);
  while (!first.empty() && (first.back() == '\r' || first.back() == ' ')) first.remove_suffix(1);
  if (first.empty() || first.front() != '{' || first.back() != '}') return false;
  return !json::parse(first.begin(), first.end(), nullptr, false).is_discarded();
}

}  // namespace

// ---- CorpusReader -----------------------------------------------------------------------------------
// Begin() finds where each article starts and ends with a small scanner that only follows strings and
// brackets (no recursion, so any nesting depth is safe); Step() parses articles one by one with nlohmann.
// A syntax error inside one article costs only that article; an error in the file's structure (an
// unterminated string, a missing bracket) is reported once, with its line and column.

namespace {

size_t SkipSpace(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  return i;
}

// Returns the index just past the JSON value starting at i, or npos when the structure is broken.
size_t SkipValue(std::string_view s, size_t i) {
  if (i >= s.size()) return std::string_view::npos;
  auto skip_string = [&](size_t j) {  // j at the opening quote
    for (++j; j < s.size(); ++j) {
      if (s[j] == '\\') ++j;
      else if (s[j] == '"') return j + 1;
    }
    return std::string_view::npos;
  };
  if (s[i] == '"') return skip_string(i);
  if (s[i] == '[' || s[i] == '{') {
    std::vector<char> stack;
    for (size_t j = i; j < s.size();) {
      const char c = s[j];
      if (c == '"') { j = skip_string(j); if (j == std::string_view::npos) return j; continue; }
      if (c == '[' || c == '{') stack.push_back(c == '[' ? ']' : '}');
      else if (c == ']' || c == '}') {
        if (stack.empty() || stack.back() != c) return std::string_view::npos;
        stack.pop_back();
        if (stack.empty()) return j + 1;
      }
      ++j;
    }
    return std::string_view::npos;
  }
  size_t j = i;
  while (j < s.size() && s[j] != ',' && s[j] != ']' && s[j] != '}' && s[j] != ' ' && s[j] != '\n' && s[j] != '\r' && s[j] != '\t') ++j;
  return j > i ? j : std::string_view::npos;
}

// Element ranges of the array starting at i ('['). Returns false when the structure is broken.
bool ScanArray(std::string_view s, size_t i, std::vector<std::pair<size_t, size_t>>* out, size_t* end) {
  i = SkipSpace(s, i + 1);
  if (i < s.size() && s[i] == ']') { *end = i + 1; return true; }
  while (i < s.size()) {
    const size_t e = SkipValue(s, i);
    if (e == std::string_view::npos) return false;
    out->emplace_back(i, e);
    i = SkipSpace(s, e);
    if (i < s.size() && s[i] == ',') { i = SkipSpace(s, i + 1); continue; }
    if (i < s.size() && s[i] == ']') { *end = i + 1; return true; }
    return false;
  }
  return false;
}

}  // namespace

struct Impl {
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  std::string bytes;
  std::string_view text;             // bytes without a BOM
  Corpus* out = nullptr;
  LoadReport* report = nullptr;
  std::vector<std::pair<size_t, size_t>> items;  // article byte ranges in text
  bool lines = false;                // JSON Lines: items are lines
  size_t next = 0;
  double ms = 0;
  std::string first_error;           // the first article that failed to parse
  std::unordered_set<std::string> ids;
  std::unordered_map<std::string, int> next_suffix;
  ArticleReader reader{nullptr, &ids, &next_suffix};

  // Line and column of byte pos; articles are read in order, so counting resumes from the last answer
  // (a file full of broken articles stays linear).
  size_t lc_pos = 0;
  LineCol lc{1, 1};
  LineCol LineColOf(size_t pos) {
    if (pos < lc_pos) { lc_pos = 0; lc = {1, 1}; }
    for (; lc_pos < pos && lc_pos < text.size(); ++lc_pos) {
      if (text[lc_pos] == '\n') { ++lc.line; lc.column = 1; }
      else if ((static_cast<unsigned char>(text[lc_pos]) & 0xC0) != 0x80) { ++lc.column; }
    }
    return lc;
  }
  std::string ErrorAt(size_t begin, size_t end) {
    ErrorLocator loc;
    json::sax_parse(text.begin() + std::ptrdiff_t(begin), text.begin() + std::ptrdiff_t(end), &loc,
                    nlohmann::detail::input_format_t::json, true, false);
    const size_t pos = begin + (loc.position > 0 ? loc.position - 1 : 0);
    return Where(LineColOf(pos)) + ": " + (loc.message.empty() ? "not valid JSON" : CleanParseMessage(loc.message));
  }
};


bool Begin(Impl& m, std::string bytes, Corpus* out, LoadReport* report) {
  const auto t0 = std::chrono::steady_clock::now();
  m.out = out;
  m.report = report;
  m.reader.report = report;
  *out = Corpus{};
  *report = LoadReport{};
  m.bytes = std::move(bytes);
  if (size_t bad = FindInvalidUtf8(m.bytes); bad != std::string::npos) {
    report->Warn(Where(LineColAt(m.bytes, bad)), "invalid UTF-8; replaced with U+FFFD (first of possibly several)");
    RepairUtf8(m.bytes);
  }
  m.text = m.bytes;
  if (m.text.substr(0, 3) == "\xEF\xBB\xBF") m.text.remove_prefix(3);  // BOM
  const std::string_view s = m.text;
  auto fail = [&](std::string error) {
    report->error = std::move(error);
    m.ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    report->load_ms = m.ms;
    m.items.clear();
    return false;
  };
  auto whole_file_error = [&] { return fail(m.ErrorAt(0, s.size())); };

  const size_t i = SkipSpace(s, 0);
  if (i >= s.size()) return fail("the file is empty");
  bool structured = false;
  size_t end = 0;
  if (s[i] == '[') {
    structured = ScanArray(s, i, &m.items, &end);
  } else if (s[i] == '{') {
    // The top-level object: find "articles"; read name, source and license.
    size_t j = SkipSpace(s, i + 1);
    bool has_articles = false, has_title = false, has_text = false;
    structured = true;
    while (j < s.size() && s[j] != '}') {
      const size_t key_end = SkipValue(s, j);
      if (s[j] != '"' || key_end == std::string_view::npos) { structured = false; break; }
      const std::string_view key = s.substr(j + 1, key_end - j - 2);
      j = SkipSpace(s, key_end);
      if (j >= s.size() || s[j] != ':') { structured = false; break; }
      j = SkipSpace(s, j + 1);
      const size_t value_end = SkipValue(s, j);
      if (value_end == std::string_view::npos) { structured = false; break; }
      if (key == "articles" && s[j] == '[') {
        has_articles = true;
        size_t array_end = 0;
        if (!ScanArray(s, j, &m.items, &array_end)) { structured = false; break; }
      } else if (key == "name" || key == "source" || key == "license") {
        json v = json::parse(s.begin() + std::ptrdiff_t(j), s.begin() + std::ptrdiff_t(value_end), nullptr, false);
        std::string* dst = key == "name" ? &out->name : key == "source" ? &out->source : &out->license;
        if (v.is_string()) *dst = v.get<std::string>();
        else report->Warn("corpus", "field \"" + std::string(key) + "\" is " + TypeName(v) + ", expected a string; ignored");
      }
      has_title |= key == "title";
      has_text |= key == "text";
      j = SkipSpace(s, value_end);
      if (j < s.size() && s[j] == ',') { j = SkipSpace(s, j + 1); continue; }
      if (j >= s.size() || s[j] != '}') { structured = false; break; }
    }
    if (structured && j < s.size()) end = j + 1;
    else structured = false;
    if (structured && !has_articles) {
      if (has_title && has_text) m.items.emplace_back(i, end);  // a single article
      else if (SkipSpace(s, end) >= s.size())
        return fail("expected an \"articles\" array at the top level (see docs/corpus-format.md)");
    }
  }
  if (structured && SkipSpace(s, end) < s.size()) structured = false;  // something after the value
  if (!structured) {
    if (!LooksLikeJsonLines(s)) {
      if (s[i] != '[' && s[i] != '{') {
        json v = json::parse(s.begin(), s.end(), nullptr, false);
        if (!v.is_discarded()) return fail(std::string("the file holds ") + TypeName(v) + ", expected an object with \"articles\" or an array");
      }
      return whole_file_error();
    }
    m.items.clear();
    m.lines = true;
    for (size_t start = 0; start < s.size();) {
      size_t e = s.find('\n', start);
      if (e == std::string_view::npos) e = s.size();
      if (s.substr(start, e - start).find_first_not_of(" \t\r") != std::string_view::npos) m.items.emplace_back(start, e);
      start = e + 1;
    }
  }
  m.ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return true;
}

bool Step(Impl& m, size_t max_articles) {
  if (!m.out) return true;
  const auto t0 = std::chrono::steady_clock::now();
  const size_t stop = m.next + std::min(max_articles, m.items.size() - m.next);
  for (; m.next < stop; ++m.next) {
    const auto [b, e] = m.items[m.next];
    const size_t index = m.report->articles_seen++;
    json v = json::parse(m.text.begin() + std::ptrdiff_t(b), m.text.begin() + std::ptrdiff_t(e), nullptr, false);
    Article a;
    if (v.is_discarded()) {
      const std::string error = m.ErrorAt(b, e);
      if (m.first_error.empty()) m.first_error = error;
      m.report->Warn(ArticleWhere(index, ""), "not valid JSON at " + error + "; skipped");
      ++m.report->articles_skipped;
    } else if (m.reader.Read(v, index, &a)) {
      m.out->articles.push_back(std::move(a));
    } else {
      ++m.report->articles_skipped;
    }
  }
  m.ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (m.next < m.items.size()) return false;
  // Done: totals, and the whole file fails when nothing in it could be read because of syntax errors.
  LoadReport& r = *m.report;
  r.articles_loaded = m.out->articles.size();
  for (const Article& a : m.out->articles) {
    if (!a.date.valid()) ++r.articles_undated;
    if (!m.out->has_cjk && (ContainsCjk(a.title) || ContainsCjk(a.text))) m.out->has_cjk = true;
  }
  if (m.out->articles.empty() && !m.first_error.empty()) r.error = m.first_error;
  r.load_ms = m.ms;
  m.out = nullptr;
  m.bytes = std::string();
  m.text = std::string_view();
  return true;
}


bool Load(std::string bytes, Corpus* out, LoadReport* report, bool* began = nullptr) {
  Impl m;
  const bool ok = Begin(m, std::move(bytes), out, report);
  if (began) *began = ok;
  if (!ok) return false;
  while (!Step(m, SIZE_MAX)) {}
  return report->error.empty();
}

}  // namespace reference

namespace {

std::string DescribeDate(const Date& d) { return std::to_string(d.utc) + "/" + std::to_string(int(d.precision)); }

// "" when a and b are the same, else the first difference.
std::string Difference(const Corpus& a, const LoadReport& ra, const Corpus& b, const LoadReport& rb) {
  auto diff = [](const std::string& what, const std::string& x, const std::string& y) {
    return x == y ? std::string() : what + ": \"" + x.substr(0, 300) + "\" vs \"" + y.substr(0, 300) + "\"";
  };
  std::string d;
  if (!(d = diff("error", ra.error, rb.error)).empty()) return d;
  if (!(d = diff("name", a.name, b.name)).empty()) return d;
  if (!(d = diff("source", a.source, b.source)).empty()) return d;
  if (!(d = diff("license", a.license, b.license)).empty()) return d;
  if (a.has_cjk != b.has_cjk) return "has_cjk";
  const size_t counts_a[] = {ra.articles_seen, ra.articles_loaded, ra.articles_skipped, ra.articles_repaired,
                             ra.articles_undated, ra.warnings_dropped, ra.warnings.size(), a.articles.size()};
  const size_t counts_b[] = {rb.articles_seen, rb.articles_loaded, rb.articles_skipped, rb.articles_repaired,
                             rb.articles_undated, rb.warnings_dropped, rb.warnings.size(), b.articles.size()};
  const char* names[] = {"seen", "loaded", "skipped", "repaired", "undated", "warnings dropped", "warnings", "articles"};
  for (size_t i = 0; i < 8; ++i)
    if (counts_a[i] != counts_b[i])
      return std::string(names[i]) + ": " + std::to_string(counts_a[i]) + " vs " + std::to_string(counts_b[i]);
  for (size_t i = 0; i < ra.warnings.size(); ++i) {
    const std::string w = "warning " + std::to_string(i);
    if (!(d = diff(w + " where", ra.warnings[i].where, rb.warnings[i].where)).empty()) return d;
    if (!(d = diff(w + " message", ra.warnings[i].message, rb.warnings[i].message)).empty()) return d;
  }
  for (size_t i = 0; i < a.articles.size(); ++i) {
    const Article& x = a.articles[i];
    const Article& y = b.articles[i];
    const std::string w = "article " + std::to_string(i) + " ";
    for (auto [f, p, q] : {std::tuple{"id", &x.id, &y.id}, {"title", &x.title, &y.title}, {"text", &x.text, &y.text},
                           {"lang", &x.lang, &y.lang}, {"source", &x.source, &y.source}, {"byline", &x.byline, &y.byline},
                           {"url", &x.url, &y.url}, {"date", &x.date_text, &y.date_text}})
      if (!(d = diff(w + f, *p, *q)).empty()) return d;
    if (!(d = diff(w + "parsed date", DescribeDate(x.date), DescribeDate(y.date))).empty()) return d;
    if (x.tags != y.tags) return w + "tags";
    if (x.entities.size() != y.entities.size()) return w + "entity count";
    for (size_t k = 0; k < x.entities.size(); ++k)
      if (x.entities[k].name != y.entities[k].name || x.entities[k].type != y.entities[k].type ||
          x.entities[k].description != y.entities[k].description)
        return w + "entity " + std::to_string(k);
  }
  return "";
}

// Feeds `bytes` in chunks of the given sizes (cycled; 0 = the rest), with `step` articles parsed after
// each chunk (0: none until the end). Also checks the memory bound after each Step.
struct Streamed {
  Corpus corpus;
  LoadReport report;
  bool feed_ok = true;  // every Feed and EndOfInput said the file was readable as a whole
  size_t max_buffered = 0;
};
Streamed Stream(std::string_view bytes, const std::vector<size_t>& sizes, size_t step, bool tell_size = true) {
  Streamed s;
  CorpusReader r;
  r.Begin(&s.corpus, &s.report);
  if (tell_size) r.SetExpectedBytes(bytes.size());
  size_t at = 0;
  for (size_t k = 0; at < bytes.size(); ++k) {
    const size_t n = sizes[k % sizes.size()] ? sizes[k % sizes.size()] : bytes.size() - at;
    const size_t take = std::min(n, bytes.size() - at);
    s.feed_ok &= r.Feed(bytes.substr(at, take));
    at += take;
    if (step) r.Step(step);
    s.max_buffered = std::max(s.max_buffered, r.buffered_bytes());
    const float p = r.progress();
    EXPECT_TRUE(p >= 0.0f && p <= 1.0f);
  }
  s.feed_ok &= r.EndOfInput();
  while (!r.Step(step ? step : SIZE_MAX)) {}
  EXPECT_EQ(r.progress(), 1.0f);
  return s;
}

// The input, for a failure message: C-escaped when short.
std::string Shown(const std::string& bytes) {
  if (bytes.size() > 4000) return "(" + std::to_string(bytes.size()) + " bytes)";
  std::string out = "\"";
  for (unsigned char c : bytes) {
    if (c == '"' || c == '\\') { out += '\\'; out += char(c); }
    else if (c == '\n') out += "\\n";
    else if (c < 0x20 || c >= 0x7F) { char x[8]; std::snprintf(x, sizeof x, "\\x%02X\"\"", c); out += x; }
    else out += char(c);
  }
  return out + "\"";
}

// Every way of cutting `bytes` gives the reference reader's result. Returns false (with a failure
// naming the input and the cut) at the first difference.
bool SameEverywhere(const std::string& label, const std::string& bytes, bool all_cuts = true) {
  Corpus rc;
  LoadReport rr;
  bool ref_began = false;
  const bool ref_ok = reference::Load(bytes, &rc, &rr, &ref_began);
  std::vector<std::pair<std::string, std::vector<size_t>>> cuts = {{"whole", {0}}, {"4096", {4096}}};
  if (all_cuts) {
    for (size_t n : {1, 2, 3, 7, 64}) cuts.push_back({std::to_string(n), {n}});
    std::mt19937 rng(uint32_t(bytes.size()) * 2654435761u);
    std::vector<size_t> random;
    for (int i = 0; i < 64; ++i) random.push_back(1 + rng() % (i % 3 ? 17 : 5000));
    cuts.push_back({"random", random});
  }
  for (const auto& [name, sizes] : cuts) {
    for (size_t step : {size_t(SIZE_MAX), size_t(1), size_t(0)}) {
      Streamed s = Stream(bytes, sizes, step, step != 1);
      const std::string d = Difference(rc, rr, s.corpus, s.report);
      if (!d.empty() || s.feed_ok != ref_began) {
        ADD_FAILURE() << label << ", chunks " << name << ", step " << step << ": " << (d.empty() ? "feed result" : d)
                      << "\n  input: " << Shown(bytes);
        return false;
      }
    }
  }
  // The whole-buffer entry points are the same reader.
  Corpus c;
  LoadReport r;
  CorpusReader whole;
  const bool began = whole.Begin(bytes, &c, &r);
  while (!whole.Step(200)) {}
  const std::string d = Difference(rc, rr, c, r);
  if (!d.empty() || began != ref_began) {
    ADD_FAILURE() << label << ", Begin(bytes): " << (d.empty() ? "Begin's result" : d);
    return false;
  }
  if (LoadCorpus(bytes, &c, &r) != ref_ok || !Difference(rc, rr, c, r).empty()) {
    ADD_FAILURE() << label << ", LoadCorpus: " << Difference(rc, rr, c, r);
    return false;
  }
  return true;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kShared = LEDE_SOURCE_DIR "/../shared/corpora/";

}  // namespace

TEST(CorpusStream, SameAsTheWholeBufferReaderOnRealCorpora) {
  const std::string sample = ReadFile(LEDE_SOURCE_DIR "/assets/corpus.json");
  ASSERT_FALSE(sample.empty());
  EXPECT_TRUE(SameEverywhere("assets/corpus.json", sample));
  if (!std::ifstream(kShared + "seed.json")) GTEST_SKIP() << "../shared/corpora is absent; only the bundled corpus was checked";
  EXPECT_TRUE(SameEverywhere("seed.json", ReadFile(kShared + "seed.json")));
  const std::string wikinews = ReadFile(kShared + "wikinews.json");
  EXPECT_TRUE(SameEverywhere("wikinews.json", wikinews, false));
  for (size_t n : {1, 7}) {  // byte by byte once, through every state of the scanner
    Corpus rc;
    LoadReport rr;
    reference::Load(wikinews, &rc, &rr);
    Streamed s = Stream(wikinews, {n}, SIZE_MAX);
    EXPECT_EQ(Difference(rc, rr, s.corpus, s.report), "") << "wikinews.json in chunks of " << n;
  }
  const std::string reuters = ReadFile(kShared + "reuters21578.json");
  if (reuters.empty()) GTEST_SKIP() << "reuters21578.json is absent";
  Corpus rc;
  LoadReport rr;
  ASSERT_TRUE(reference::Load(reuters, &rc, &rr));
  for (size_t n : {size_t(4096), size_t(1) << 20, size_t(4) << 20}) {
    Streamed s = Stream(reuters, {n, n / 3 + 1}, SIZE_MAX);
    EXPECT_EQ(Difference(rc, rr, s.corpus, s.report), "") << "reuters21578.json in chunks of " << n;
    EXPECT_LT(s.max_buffered, 2 * n + (size_t(1) << 20)) << "kept more than a chunk and an article";
  }
  Corpus c;
  LoadReport r;
  ASSERT_TRUE(LoadCorpusFile(kShared + "reuters21578.json", &c, &r));
  EXPECT_EQ(Difference(rc, rr, c, r), "");
}

TEST(CorpusStream, SameAsTheWholeBufferReaderOnBrokenInputs) {
  const std::string good = R"({"id":"g1","title":"Good one","text":"Body","date":"2020-11-24"})";
  const std::string good2 = R"({"id":"g2","title":"Caf\u00e9 \u4e2d","text":"Zweite Meldung","tags":["a","b"]})";
  const std::string bad = R"({"id":"b","title":tru,"text":"x"})";
  std::vector<std::pair<std::string, std::string>> inputs = {
      {"empty", ""}, {"spaces", " \n\t\r "}, {"bom only", "\xEF\xBB\xBF"}, {"number", "42"}, {"literal", "tru"},
      {"string", "\"a string\""}, {"null", " null "}, {"open array", "["}, {"open object", "{"}, {"array", "[]"},
      {"object", "{}"}, {"bare array", "[" + good + "," + good2 + "]"},
      {"object form", R"({"name":"N","source":"S","license":"L","articles":[)" + good + "," + good2 + "]}"},
      {"metadata after the articles", R"({"articles":[)" + good + "," + good2 + R"(],"name":"N","license":"L","source":"S"})"},
      {"metadata of wrong types", R"({"name":42,"articles":[)" + good + R"(],"license":["x"],"source":null})"},
      {"metadata not JSON", R"({"name":nul,"articles":[)" + good + R"(],"license":"x"})"},
      {"two article arrays", R"({"articles":[)" + good + R"(],"articles":[)" + good2 + "]}"},
      {"single article", good}, {"single article and newline", good + "\n"},
      {"single article with a bad field", R"({"title":"t","text":"x","extra":tru})"},
      {"no articles", R"({"stories":[]})"}, {"no articles, then more", "{\"stories\":[]}\n{\"title\":\"a\",\"text\":\"b\"}"},
      {"json lines", good + "\n" + good2 + "\n"}, {"json lines, crlf and blanks", good + "\r\n\r\n  \n" + good2 + "\r\n \t\n"},
      {"json lines, broken lines", good + "\n{broken\n" + good2 + "\n\"str\"\n[1]\n" + bad + "\n"},
      {"json lines, first line broken", "{broken\n" + good + "\n"},
      {"json lines, trailing tab on line 1", good + "\t\n" + good2 + "\n"},
      {"json lines, trailing spaces on line 1", good + "  \r\n" + good2},
      {"object on one line, then lines", R"({"name":"N","articles":[)" + good + "," + good2 + "]}\n" + good + "\n"},
      {"object on one line with a broken article, then lines", R"({"articles":[)" + bad + "," + good2 + "]}\n" + good + "\n"},
      {"object on one line, id and title, then lines", R"({"id":"top","title":"T","text":"X","articles":[)" + good + "]}\n" + good2},
      {"object, then garbage", R"({"articles":[)" + good + "]} x"}, {"array, then garbage", "[" + good + "]\n]"},
      {"array, then a second array", "[" + good + "]\n[" + good2 + "]"},
      {"trailing comma in the object", R"({"articles":[)" + good + "],}"},
      {"trailing comma in the object, then lines", R"({"articles":[)" + good + "],}\n" + good2},
      {"trailing comma in the array", "[" + good + ",]"}, {"missing comma", "[" + good + " " + good2 + "]"},
      {"bad article", "[\n" + good + ",\n" + bad + ",\n" + good2 + "\n]"},
      {"every article bad", "[" + bad + "," + bad + "]"},
      {"broken file, first error in an earlier article", "[\n" + good + ",\n" + bad + ",\n" + good2 + ",\n{\"title\": \"x"},
      {"broken file, error in a value after the articles", R"({"articles":[)" + good + R"(],"x":tru,"y":)"},
      {"broken key", R"({"articles":[)" + good + R"(],"a\x":1,)"}, {"key not a string", R"({"articles":[)" + good + "],3:1}"},
      {"literal elements", "[1, -2, 1-2, tru, null, 1\"a, b\" ]"}, {"unterminated literal element", "[1, 2"},
      {"element starting with a BOM", "[\xEF\xBB\xBF" "1, " + good + "]"},
      {"element starting with a BOM, broken file", "[\xEF\xBB\xBF" "1, " + good},
      {"bom", "\xEF\xBB\xBF[" + good + "]"}, {"bom, json lines", "\xEF\xBB\xBF" + good + "\n" + good2},
      {"two boms", "\xEF\xBB\xBF\xEF\xBB\xBF[" + good + "]"},
      {"bom, then invalid utf-8", "\xEF\xBB\xBF[{\"title\":\"a\xFF\",\"text\":\"b\"}]"},
      {"bom, then invalid utf-8 on line 2", "\xEF\xBB\xBF[\n{\"title\":\"a\xC3\",\"text\":\"b\"}]"},
      {"deep nesting", R"({"title":"a","text":"b","x":)" + std::string(5000, '[') + std::string(5000, ']') + "}"},
      {"deep nesting, unbalanced", "[" + std::string(3000, '{')},
      {"duplicate ids", "[" + good + "," + good + "," + good + "]"},
  };
  // Invalid UTF-8 of every kind, and valid multi-byte characters, at every offset around chunk edges.
  const std::vector<std::string> odd_bytes = {"\xC3", "\xFF", "\x80\x80\x80", "\xE4\xB8", "\xF0\x9F\x98", "\xED\xA0\x80",
                                              "\xC0\xAF", "\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\xF4\x90\x80\x80"};
  for (size_t k = 0; k < odd_bytes.size(); ++k)
    for (size_t pad = 0; pad < 9; ++pad)
      inputs.push_back({"utf-8 case " + std::to_string(k) + " at " + std::to_string(pad),
                        "[{\"title\":\"" + std::string(pad, 'x') + odd_bytes[k] + "y\",\"text\":\"" + odd_bytes[k] +
                            "\"}," + good + "]" + (k % 2 ? "" : odd_bytes[k])});
  inputs.push_back({"invalid utf-8 in the name", "{\"name\":\"N\xFF\",\"articles\":[" + good + "]}"});
  inputs.push_back({"invalid utf-8 in json lines", good + "\n{\"title\":\"\xE4\",\"text\":\"x\"}\n"});
  // More warnings than a report keeps, with a file warning arriving after the articles.
  std::string many = "{\"articles\":[";
  for (int i = 0; i < 700; ++i) many += std::string(i ? "," : "") + "{\"title\":\"t\",\"text\":\"x\"}";
  inputs.push_back({"warnings dropped", many + "],\"name\":1}"});
  inputs.push_back({"warnings dropped, then invalid utf-8", many + "],\"name\":\"\xFF\"}"});
  for (const auto& [label, bytes] : inputs) SameEverywhere(label, bytes);
}

TEST(CorpusStream, SameAsTheWholeBufferReaderOnTruncatedAndMutatedFiles) {
  const std::string sample = ReadFile(LEDE_SOURCE_DIR "/assets/corpus.json");
  ASSERT_GT(sample.size(), 10000u);
  // Truncated at every 997th byte (through strings, keys, escapes and multi-byte characters).
  for (size_t n = 0; n < sample.size(); n += 997) SameEverywhere("corpus.json cut at " + std::to_string(n), sample.substr(0, n), false);
  for (size_t n = 0; n < 300; n += 7) SameEverywhere("corpus.json cut at " + std::to_string(n), sample.substr(0, n), false);
  // Random damage to a small corpus: bytes deleted, replaced and inserted, from JSON's structural
  // characters and invalid UTF-8.
  size_t third = sample.find("\"articles\"");  // the file up to its third article, closed
  for (int k = 0; k < 3; ++k) third = sample.find(",\n  {", third + 1);
  ASSERT_NE(third, std::string::npos);
  const std::string small = sample.substr(0, third) + "\n ]\n}\n";
  Corpus sc;
  LoadReport sr;
  ASSERT_TRUE(LoadCorpus(small, &sc, &sr)) << sr.error;
  ASSERT_EQ(sc.articles.size(), 3u);
  // The same three articles on one line (then a JSON line), and as JSON Lines.
  const nlohmann::json parsed = nlohmann::json::parse(small);
  std::string lines;
  for (const auto& a : parsed["articles"]) lines += a.dump() + "\n";
  const std::string bases[] = {small, parsed.dump() + "\n" + parsed["articles"][0].dump() + "\n", lines,
                               parsed.dump() + "\n"};
  const std::string alphabet = "{}[]\",:\\ \n\r\tx0-e\xFF\xC3\xA9\xEF\xBB\xBF";
  const int rounds = std::getenv("LEDE_CORPUS_MUTATIONS") ? std::atoi(std::getenv("LEDE_CORPUS_MUTATIONS")) : 800;
  std::mt19937 rng(20240601);
  for (int round = 0; round < rounds; ++round) {
    std::string s = bases[round % 4];
    for (int edits = 1 + int(rng() % 4); edits > 0; --edits) {
      const size_t at = rng() % (s.size() + 1);
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0: if (at < s.size()) s.erase(at, 1); break;
        case 1: if (at < s.size()) s[at] = c; break;
        default: s.insert(at, 1, c);
      }
    }
    if (!SameEverywhere("mutation " + std::to_string(round), s, round % 10 == 0)) break;
  }
}

TEST(CorpusStream, HoldsOnlyWhatItHasNotParsed) {
  // A synthetic corpus, pretty-printed one article per line, fed in 64 KB chunks: the buffer never
  // holds much more than a chunk, and the articles' strings carry no spare capacity.
  std::string corpus = "{\"name\": \"synthetic\", \"articles\": [\n";
  for (int i = 0; i < 20000; ++i)
    corpus += std::string(i ? ",\n" : "") + "{\"id\": \"s" + std::to_string(i) + "\", \"title\": \"A headline of forty characters or so " +
              std::to_string(i) + "\", \"date\": \"2001-10-03\", \"tags\": [\"one\", \"two\", \"three\"], \"text\": \"" +
              std::string(200 + i % 700, 'w') + "\"}";
  corpus += "\n], \"license\": \"none\"}";
  const size_t chunk = 64 << 10;
  Streamed s = Stream(corpus, {chunk}, SIZE_MAX);
  ASSERT_EQ(s.report.error, "");
  ASSERT_EQ(s.corpus.articles.size(), 20000u);
  EXPECT_EQ(s.corpus.license, "none");
  EXPECT_LT(s.max_buffered, 2 * chunk);
  for (const Article& a : s.corpus.articles) {
    ASSERT_EQ(a.text.capacity(), a.text.size());
    ASSERT_EQ(a.title.capacity(), a.title.size());
    ASSERT_EQ(a.tags.capacity(), a.tags.size());
  }
  // The article vector was sized from the expected bytes, not doubled past the need.
  EXPECT_LT(s.corpus.articles.capacity(), s.corpus.articles.size() * 115 / 100);
}

TEST(CorpusStream, ProgressFollowsTheBytes) {
  std::string corpus = "[";
  for (int i = 0; i < 1000; ++i) corpus += std::string(i ? "," : "") + R"({"title":"t","text":"some text here"})";
  corpus += "]";
  Corpus c;
  LoadReport r;
  CorpusReader reader;
  reader.Begin(&c, &r);
  reader.SetExpectedBytes(corpus.size());
  EXPECT_EQ(reader.progress(), 0.0f);
  reader.Feed(std::string_view(corpus).substr(0, corpus.size() / 2));
  reader.Step(SIZE_MAX);
  EXPECT_GT(reader.progress(), 0.4f);
  EXPECT_LT(reader.progress(), 0.55f);
  EXPECT_GT(c.articles.size(), 400u);  // parsed while the rest is still on its way
  reader.Feed(std::string_view(corpus).substr(corpus.size() / 2));
  EXPECT_FALSE(reader.Step(SIZE_MAX));  // the input has not ended
  EXPECT_TRUE(reader.EndOfInput());
  EXPECT_TRUE(reader.Step(SIZE_MAX));
  EXPECT_EQ(reader.progress(), 1.0f);
  EXPECT_EQ(c.articles.size(), 1000u);
  // A broken structure fails as soon as it is seen, and later Feeds are ignored.
  reader.Begin(&c, &r);
  EXPECT_FALSE(reader.Feed("[{\"title\":\"a\",\"text\":\"b\"} } more"));
  EXPECT_NE(r.error.find("line 1, column 27"), std::string::npos) << r.error;
  EXPECT_FALSE(reader.Feed("more"));
  EXPECT_FALSE(reader.Step(1));  // later bytes could still hold invalid UTF-8, which would warn
  EXPECT_FALSE(reader.EndOfInput());
  EXPECT_TRUE(reader.Step(1));
  EXPECT_TRUE(c.articles.empty());
}

}  // namespace lede

// Empty pieces (a zero-length chunk, EndOfInput's final flush) change nothing; the fuzz targets found the
// repairer copying from the null pointer of an empty piece (undefined behaviour under UBSan).
TEST(CorpusStream, EmptyPiecesChangeNothing) {
  const std::string json = "{\"articles\": [{\"id\": \"a\", \"title\": \"T\\u00e9\", \"text\": \"caf\xC3\xA9\"}]}";
  lede::Corpus whole, streamed;
  lede::LoadReport r1, r2;
  ASSERT_TRUE(lede::LoadCorpus(json, &whole, &r1));
  lede::CorpusReader reader;
  reader.Begin(&streamed, &r2);
  EXPECT_TRUE(reader.Feed(std::string_view()));
  EXPECT_TRUE(reader.Feed(std::string_view(json).substr(0, json.size() - 3)));
  EXPECT_TRUE(reader.Feed(std::string_view()));
  EXPECT_TRUE(reader.Feed(std::string_view(json).substr(json.size() - 3)));
  EXPECT_TRUE(reader.EndOfInput());
  while (!reader.Step(100)) {}
  ASSERT_EQ(streamed.articles.size(), 1u);
  EXPECT_EQ(streamed.articles[0].text, whole.articles[0].text);
  EXPECT_EQ(r2.warnings.size(), r1.warnings.size());
}
