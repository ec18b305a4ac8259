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

struct CorpusReader::Impl {
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

CorpusReader::CorpusReader() : impl_(std::make_unique<Impl>()) {}
CorpusReader::~CorpusReader() = default;

float CorpusReader::progress() const {
  return impl_->items.empty() ? 1.0f : float(impl_->next) / float(impl_->items.size());
}

bool CorpusReader::Begin(std::string bytes, Corpus* out, LoadReport* report) {
  const auto t0 = std::chrono::steady_clock::now();
  impl_ = std::make_unique<Impl>();  // Impl points into itself: rebuild, never copy
  Impl& m = *impl_;
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

bool CorpusReader::Step(size_t max_articles) {
  Impl& m = *impl_;
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

bool LoadCorpus(std::string_view bytes, Corpus* out, LoadReport* report) {
  CorpusReader reader;
  if (!reader.Begin(std::string(bytes), out, report)) return false;
  while (!reader.Step(SIZE_MAX)) {}
  return report->error.empty();
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
