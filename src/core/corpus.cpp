// corpus.cpp: loading and validating corpus JSON with nlohmann/json, exceptions off.
// Strategy: repair invalid UTF-8 bytes first (nlohmann rejects the whole file otherwise), parse with
// allow_exceptions=false, and on failure re-run the SAX parser only to learn the byte position of the
// error. Every accessor below checks the JSON type before reading, so no nlohmann call can throw.
#include "core/corpus.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace lede {

using nlohmann::json;

const char* EntityTypeName(EntityType t) {
  switch (t) {
    case EntityType::kPerson: return "person";
    case EntityType::kOrganization: return "organization";
    case EntityType::kPlace: return "place";
    default: return "other";
  }
}

void LoadReport::Warn(std::string where, std::string message) {
  if (warnings.size() >= kMaxWarnings) { ++warnings_dropped; return; }
  warnings.push_back({std::move(where), std::move(message)});
}

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

std::string LocateParseError(std::string_view s) {
  ErrorLocator loc;
  json::sax_parse(s.begin(), s.end(), &loc, nlohmann::detail::input_format_t::json, true, false);
  // nlohmann reports the count of characters read, so the offending byte is one before it.
  const size_t pos = loc.position > 0 ? loc.position - 1 : 0;
  return Where(LineColAt(s, pos)) + ": " + (loc.message.empty() ? "not valid JSON" : CleanParseMessage(loc.message));
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

void ReadArticles(const json& array, Corpus* out, LoadReport* report, ArticleReader& reader) {
  out->articles.reserve(array.size());
  for (const auto& v : array) {
    Article a;
    const size_t index = report->articles_seen++;
    if (reader.Read(v, index, &a)) out->articles.push_back(std::move(a));
    else ++report->articles_skipped;
  }
}

bool LooksLikeJsonLines(std::string_view s) {
  size_t nl = s.find('\n');
  if (nl == std::string_view::npos) return false;
  std::string_view first = s.substr(0, nl);
  while (!first.empty() && (first.back() == '\r' || first.back() == ' ')) first.remove_suffix(1);
  if (first.empty() || first.front() != '{' || first.back() != '}') return false;
  return !json::parse(first.begin(), first.end(), nullptr, false).is_discarded();
}

}  // namespace

bool LoadCorpus(std::string_view bytes, Corpus* out, LoadReport* report) {
  const auto t0 = std::chrono::steady_clock::now();
  *out = Corpus{};
  *report = LoadReport{};
  auto finish = [&](bool ok) {
    report->articles_loaded = out->articles.size();
    for (const Article& a : out->articles) {
      if (!a.date.valid()) ++report->articles_undated;
      if (!out->has_cjk && (ContainsCjk(a.title) || ContainsCjk(a.text))) out->has_cjk = true;
    }
    report->load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return ok;
  };

  std::string repaired_bytes;
  if (size_t bad = FindInvalidUtf8(bytes); bad != std::string_view::npos) {
    report->Warn(Where(LineColAt(bytes, bad)), "invalid UTF-8; replaced with U+FFFD (first of possibly several)");
    repaired_bytes.assign(bytes);
    RepairUtf8(repaired_bytes);
    bytes = repaired_bytes;
  }
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // BOM

  std::unordered_set<std::string> ids;
  std::unordered_map<std::string, int> next_suffix;
  ArticleReader reader{report, &ids, &next_suffix};

  json doc = json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (doc.is_discarded()) {
    if (LooksLikeJsonLines(bytes)) {
      size_t line_no = 0;
      for (size_t start = 0; start < bytes.size();) {
        size_t end = bytes.find('\n', start);
        if (end == std::string_view::npos) end = bytes.size();
        std::string_view line = bytes.substr(start, end - start);
        ++line_no;
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
          json v = json::parse(line.begin(), line.end(), nullptr, false);
          const size_t index = report->articles_seen++;
          Article a;
          if (v.is_discarded()) {
            report->Warn("line " + std::to_string(line_no), LocateParseError(line) + "; skipped");
            ++report->articles_skipped;
          } else if (reader.Read(v, index, &a)) {
            out->articles.push_back(std::move(a));
          } else {
            ++report->articles_skipped;
          }
        }
        start = end + 1;
      }
      return finish(true);
    }
    report->error = LocateParseError(bytes);
    return finish(false);
  }

  if (doc.is_array()) {
    ReadArticles(doc, out, report, reader);
  } else if (doc.is_object()) {
    auto it = doc.find("articles");
    if (it == doc.end() || !it->is_array()) {
      if (doc.contains("title") && doc.contains("text")) {  // a single article
        Article a;
        report->articles_seen = 1;
        if (reader.Read(doc, 0, &a)) out->articles.push_back(std::move(a));
        else report->articles_skipped = 1;
        return finish(true);
      }
      report->error = "expected an \"articles\" array at the top level (see docs/corpus-format.md)";
      return finish(false);
    }
    ReadArticles(*it, out, report, reader);
    std::string where = "corpus";
    OptionalString(doc, "name", &out->name, report, where);
    OptionalString(doc, "source", &out->source, report, where);
    OptionalString(doc, "license", &out->license, report, where);
  } else {
    report->error = std::string("the file holds ") + TypeName(doc) + ", expected an object with \"articles\" or an array";
    return finish(false);
  }
  return finish(true);
}

bool LoadCorpusFile(const std::string& path, Corpus* out, LoadReport* report) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *out = Corpus{};
    *report = LoadReport{};
    report->error = "cannot open " + path;
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const bool ok = LoadCorpus(ss.str(), out, report);
  if (!ok) report->error = path + ": " + report->error;
  return ok;
}

}  // namespace lede
