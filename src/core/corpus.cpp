// corpus.cpp: loading and validating corpus JSON with nlohmann/json, exceptions off, as a stream.
// Strategy: repair invalid UTF-8 bytes as they arrive (nlohmann rejects the whole file otherwise), cut
// the document into articles with a small scanner, parse each article with allow_exceptions=false, and
// on failure re-run the SAX parser only to learn the byte position of the error. Every accessor below
// checks the JSON type before reading, so no nlohmann call can throw. The manual of the streaming reader
// is at [SECTION] How the streaming reader works.
#include "core/corpus.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <unordered_map>

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

std::string Where(LineCol lc) {
  return "line " + std::to_string(lc.line) + ", column " + std::to_string(lc.column);
}

// A SAX handler that accepts everything and remembers the first error: used only to locate errors.
struct ErrorLocator : json::json_sax_t {
  size_t position = 0;
  std::string message;
  std::string last_read;  // the lexer's token string, as the message quotes it
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
  bool parse_error(std::size_t pos, const std::string& token, const nlohmann::detail::exception& ex) override {
    position = pos;
    last_read = token;
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
bool OptionalString(json& obj, const char* key, std::string* out, LoadReport* report,
                    const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (it->is_string()) { *out = std::move(it->get_ref<std::string&>()); return true; }
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

// The ids of the articles kept so far, as an open-addressing table of their indexes in the corpus (4 to
// 8 bytes per article where a set of strings takes about 70). Insert(id) stands for the article about
// to be appended, which must then carry that id.
class IdSet {
 public:
  explicit IdSet(const std::vector<Article>* articles) : articles_(articles) {}
  bool Contains(std::string_view id) const {
    if (slots_.empty()) return false;
    for (size_t i = Hash(id) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == 0) return false;
      if (IdAt(slots_[i] - 1) == id) return true;
    }
  }
  // Returns false (and changes nothing) when id is already there.
  bool Insert(std::string_view id) {
    if (Contains(id)) return false;
    if (2 * (count_ + 1) > slots_.size()) Grow();
    pending_.assign(id);
    Place(id, uint32_t(articles_->size()) + 1);
    ++count_;
    return true;
  }
  void Clear() { slots_ = {}; count_ = 0; pending_.clear(); }

 private:
  static size_t Hash(std::string_view s) { return std::hash<std::string_view>()(s); }
  std::string_view IdAt(size_t index) const {
    return index < articles_->size() ? std::string_view((*articles_)[index].id) : std::string_view(pending_);
  }
  void Place(std::string_view id, uint32_t value) {
    size_t i = Hash(id) & (slots_.size() - 1);
    while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = value;
  }
  void Grow() {
    std::vector<uint32_t> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), 0);
    for (uint32_t v : old)
      if (v != 0) Place(IdAt(v - 1), v);
  }
  const std::vector<Article>* articles_;
  std::vector<uint32_t> slots_;  // index + 1 into *articles_; 0 = empty
  size_t count_ = 0;
  std::string pending_;  // the id of the article not appended yet
};

struct ArticleReader {
  LoadReport* report;
  IdSet* ids;
  std::unordered_map<std::string, int>* next_suffix;  // duplicate id -> last ~N used

  // Returns false when the article must be skipped; warnings are added either way. Strings are moved out
  // of v (a throwaway DOM of one article), so each keeps the exact capacity nlohmann gave it.
  bool Read(json& v, size_t index, Article* a) {
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
      *dst = std::move(it->get_ref<std::string&>());
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
        a->tags.reserve(it->size());
        for (auto& t : *it) {
          if (t.is_string()) a->tags.push_back(std::move(t.get_ref<std::string&>()));
          else { report->Warn(where, std::string("a tag is ") + TypeName(t) + ", expected a string; dropped"); repaired = true; }
        }
      } else if (it->is_string()) {
        a->tags.push_back(std::move(it->get_ref<std::string&>()));
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
        a->entities.reserve(it->size());
        for (auto& e : *it) {
          auto name = e.is_object() ? e.find("name") : e.end();
          if (!e.is_object() || name == e.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
            report->Warn(where, "an entity has no \"name\" string; dropped");
            repaired = true;
            continue;
          }
          SuppliedEntity se;
          se.name = std::move(name->get_ref<std::string&>());
          std::string type;
          if (auto t = e.find("type"); t != e.end() && t->is_string()) type = t->get<std::string>();
          bool known = true;
          se.type = ParseEntityType(type, &known);
          if (!known) {
            report->Warn(where, "entity \"" + se.name + "\" has unknown type \"" + type + "\"; using \"other\"");
            repaired = true;
          }
          if (auto d = e.find("description"); d != e.end() && d->is_string())
            se.description = std::move(d->get_ref<std::string&>());
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
    if (!ids->Insert(a->id)) {
      std::string fresh;
      for (int& n = (*next_suffix)[a->id]; fresh.empty() || ids->Contains(fresh);)
        fresh = a->id + "~" + std::to_string(n = std::max(n, 1) + 1);
      report->Warn(where, "duplicate id \"" + a->id + "\"; renamed \"" + fresh + "\"");
      a->id = fresh;
      ids->Insert(fresh);
      repaired = true;
    }
    if (repaired) ++report->articles_repaired;
    return true;
  }
};

}  // namespace

// ---- CorpusReader -----------------------------------------------------------------------------------
// [SECTION] How the streaming reader works
//
// Bytes go through four stages, each resumable at any chunk boundary:
//   1. UTF-8 repair (Utf8Repairer): invalid bytes become U+FFFD exactly as RepairUtf8 does on the whole
//      file; a sequence cut by a chunk boundary is held back until the next chunk. Then the BOM is dropped.
//   2. The structure scanner (Scan) follows only strings and brackets (no recursion, any nesting depth is
//      safe) and cuts the document into items: the elements of the top-level array or of the "articles"
//      arrays of the top-level object, or lines (JSON Lines). Corpus name, source and license are read
//      as the scanner passes them, before or after the articles.
//   3. Step parses items with nlohmann, one small DOM per article. A syntax error inside one article
//      costs only that article.
//   4. Compact drops the bytes of parsed items, so the buffer holds about one chunk plus one article.
//
// A few answers need the whole file, and the reader gets them without holding it:
//   - A broken file structure is reported once, with the line and column where a parser reading the
//     whole document would stop. Everything before a "doubt" (the first component that failed to parse,
//     or where the scanner lost the structure) is known to be valid JSON, so that parser's state there is
//     one of a dozen, each reproduced by a short prefix ("[\"\",", "{\"\":" ...). Replaying prefix + the
//     bytes from the doubt on gives nlohmann's own message and position (FirstError).
//   - A file that starts with a complete object on its first line and has more after it is JSON Lines,
//     and its first line is then an article. The reader keeps a skeleton of that object (every top-level
//     member, with "articles" emptied), which parses to the same article, and rolls back what it parsed.
//   - Warnings about the file (invalid UTF-8, corpus fields) come first in the report, whenever found.

namespace {

constexpr size_t kNone = std::string::npos;

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool EndsLiteral(char c) { return c == ',' || c == ']' || c == '}' || IsSpace(c); }
bool StartsWithBom(std::string_view s) { return s.substr(0, 3) == "\xEF\xBB\xBF"; }

// Valid JSON where it stands in the document (nlohmann skips a BOM only at the start of its input).
bool ValidInPlace(std::string_view s) { return !StartsWithBom(s) && json::accept(s.begin(), s.end()); }

// Line and column after the bytes p[0..n): lines end at '\n'; columns count characters (UTF-8 lead bytes).
LineCol AdvanceLineCol(LineCol lc, const char* p, size_t n) {
  size_t last = n;  // index of the last '\n'
  for (size_t i = n; i > 0; --i)
    if (p[i - 1] == '\n') { last = i - 1; break; }
  size_t from = 0;
  if (last != n) {
    for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, '\n', size_t(p + last + 1 - q)))); ++q)
      ++lc.line;
    lc.column = 1;
    from = last + 1;
  }
  for (size_t i = from; i < n; ++i) lc.column += (static_cast<unsigned char>(p[i]) & 0xC0) != 0x80;
  return lc;
}

// Where a parser reading the whole document would be, as a short valid prefix (see the manual above).
enum Ctx : uint8_t {
  kCtxTop, kCtxArrOpen, kCtxArrComma, kCtxArrAfter, kCtxObjOpen, kCtxObjKey, kCtxObjColon, kCtxObjAfter,
  kCtxObjComma, kCtxInArrOpen, kCtxInArrComma, kCtxInArrAfter, kCtxEnd
};
std::string_view CtxPrefix(uint8_t c) {
  static const char* const kPrefix[] = {"", "[", "[\"\",", "[\"\"", "{", "{\"\"", "{\"\":", "{\"\":\"\"",
                                        "{\"\":\"\",", "{\"\":[", "{\"\":[\"\",", "{\"\":[\"\"", "{}"};
  return kPrefix[c];
}

// prefix + body as one input for nlohmann, without copying body.
class JoinedIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;
  JoinedIterator(std::string_view a, std::string_view b, size_t i) : a_(a), b_(b), i_(i) {}
  reference operator*() const { return i_ < a_.size() ? a_[i_] : b_[i_ - a_.size()]; }
  JoinedIterator& operator++() { ++i_; return *this; }
  JoinedIterator operator++(int) { JoinedIterator t = *this; ++i_; return t; }
  bool operator==(const JoinedIterator& o) const { return i_ == o.i_; }
  bool operator!=(const JoinedIterator& o) const { return i_ != o.i_; }
 private:
  std::string_view a_, b_;
  size_t i_;
};

// UTF-8 repair in pieces: the same output as RepairUtf8 over the concatenation of all pieces.
class Utf8Repairer {
 public:
  uint64_t first_bad = UINT64_MAX;  // raw offset of the first invalid byte

  void Feed(std::string_view in, bool final, std::string* out) {
    const auto* p = reinterpret_cast<const unsigned char*>(in.data());
    size_t used = 0;
    if (npend_ > 0) {  // finish the held-back sequence with the first bytes of this piece
      unsigned char joint[8];
      std::memcpy(joint, pend_, npend_);
      const size_t take = std::min<size_t>(in.size(), 4);
      if (take) std::memcpy(joint + npend_, p, take);
      const size_t held = npend_;
      const uint64_t joint_raw = raw_ - held;
      npend_ = 0;
      const size_t done = Run(joint, held + take, held, final && take == in.size(), joint_raw, out);
      if (done < held) {  // still incomplete (a tiny piece): hold everything again
        std::memcpy(pend_, joint + done, held + take - done);
        npend_ = held + take - done;
        raw_ += take;
        return;
      }
      used = done - held;
    }
    const size_t done = Run(p + used, in.size() - used, in.size() - used, final, raw_ + used, out);
    const size_t rest = in.size() - used - done;
    if (rest) std::memcpy(pend_, p + used + done, rest);  // p is null for an empty piece (EndOfInput)
    npend_ = rest;
    raw_ += in.size();
  }

 private:
  // Repairs p[0..n) into out, stopping once it is past `stop`; returns the bytes consumed. Stops early
  // at a multi-byte sequence that may continue in the next piece (unless final).
  size_t Run(const unsigned char* p, size_t n, size_t stop, bool final, uint64_t raw, std::string* out) {
    size_t i = 0, run = 0;
    const std::string_view s(reinterpret_cast<const char*>(p), n);
    while (i < stop) {
      if (skip_cont_) {
        if ((p[i] & 0xC0) == 0x80) { ++i; run = i; continue; }
        skip_cont_ = false;
      }
      while (i + 8 <= n) {  // ASCII, eight at a time
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull) break;
        i += 8;
      }
      if (i >= stop) break;
      if (p[i] < 0x80) { ++i; continue; }
      const size_t need = p[i] >= 0xF0 ? 4 : p[i] >= 0xE0 ? 3 : 2;
      if (!final && i + need > n) break;  // may be completed by the next piece
      char32_t cp;
      if (const int k = DecodeUtf8(s, i, &cp); k > 0) { i += size_t(k); continue; }
      if (first_bad == UINT64_MAX) first_bad = raw + i;
      out->append(s.data() + run, i - run);
      out->append("\xEF\xBF\xBD");
      ++i;
      run = i;
      skip_cont_ = true;
    }
    out->append(s.data() + run, i - run);
    return i;
  }

  unsigned char pend_[8];
  size_t npend_ = 0;
  bool skip_cont_ = false;
  uint64_t raw_ = 0;  // raw bytes received
};

struct Item {
  size_t b, e;       // document byte range
  uint8_t ctx;       // parser state before it (for FirstError)
  bool skeleton;     // JSON Lines' first line: parse the skeleton instead
  size_t tok;        // where the last string or number before it starts (for FirstError)
};

// The lexer's token string as nlohmann quotes it in "last read: '...'".
std::string EscapeLastRead(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= 0x1F) {
      char u[9];
      std::snprintf(u, sizeof u, "<U+%.4X>", static_cast<unsigned char>(c));
      out += u;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

struct CorpusReader::Impl {
  enum class Mode : uint8_t { kStart, kArray, kObject, kAfterTop, kLines, kOther, kFailing, kScanned };
  enum class St : uint8_t { kOpen, kComma, kAfter, kKey, kColon, kComp };
  enum class Comp : uint8_t { kElement, kKey, kValue };

  Corpus* out = nullptr;
  LoadReport* report = nullptr;
  bool failed = false, finished = false;
  double ms = 0;
  uint64_t expected = 0;

  // ---- input: the document (repaired, without BOM) from byte `base` on
  Utf8Repairer utf8;
  std::string buf;
  size_t base = 0;
  bool ended = false, bom_decided = false, utf8_warned = false;
  size_t bom = 0;
  size_t first_nl = kNone, nl_scanned = 0;
  size_t End() const { return base + buf.size(); }
  char At(size_t p) const { return buf[p - base]; }
  std::string_view View(size_t b, size_t e) const { return std::string_view(buf).substr(b - base, e - b); }

  // ---- the structure scanner
  Mode mode = Mode::kStart;
  St st = St::kOpen;
  bool nested = false;       // in an "articles" array of the top-level object
  size_t pos = 0;            // next byte to scan
  size_t cp = 0;             // where the current state began (kept for FirstError)
  uint8_t cp_ctx = kCtxTop;
  // nlohmann quotes everything read since the start of the last string or number token ("last read"),
  // so FirstError needs where that token started: last_tok, as of cp (cp_tok) and of each item.
  size_t last_tok = kNone, cp_tok = kNone;
  bool in_num = false;
  size_t top = 0, top_end = 0;  // the top-level value
  // the component being skipped (a key, a value, an array element)
  Comp comp = Comp::kElement;
  uint8_t comp_ctx = kCtxTop;
  size_t comp_start = 0, comp_scan = 0, comp_tok = kNone;
  bool in_str = false, esc = false;
  std::vector<char> stack;
  // the top-level object
  std::string key_tok;       // the current key with its quotes, as written
  bool has_articles = false, has_title = false, has_text = false;
  size_t retain = kNone;     // keep bytes from here (a top-level object that may be a single article)
  std::string skeleton;      // while the object may be JSON Lines' first line
  bool skeleton_live = false, skeleton_empty = true;
  size_t begin_warnings = 0; // warnings about the file itself, kept first in report->warnings
  std::deque<Item> items;

  // ---- the first syntax error of the whole document (see the manual)
  struct {
    bool set = false, located = false, clean = false;  // clean: valid to the end
    size_t cp = 0, tried = 0, tok = kNone;
    uint8_t ctx = kCtxTop;
    std::string text;
  } fe;

  // ---- parsing
  size_t parsed_to = 0;
  std::string first_error;  // the first article that failed to parse
  IdSet ids{nullptr};  // set in Begin, with the corpus
  std::unordered_map<std::string, int> next_suffix;
  ArticleReader reader{nullptr, &ids, &next_suffix};
  size_t undated = 0;
  bool has_cjk = false;

  // ---- line and column of a document byte: a cursor, and the value at `base`
  size_t lc_pos = 0;
  LineCol lc{1, 1}, base_lc{1, 1};
  LineCol LineColOf(size_t p) {
    p = std::min(p, End());
    if (p < lc_pos || lc_pos < base) { lc_pos = base; lc = base_lc; }
    lc = AdvanceLineCol(lc, buf.data() + (lc_pos - base), p - lc_pos);
    lc_pos = p;
    return lc;
  }

  std::string ErrorAt(size_t b, size_t e) {
    ErrorLocator loc;
    const std::string_view v = View(b, e);
    json::sax_parse(v.begin(), v.end(), &loc, nlohmann::detail::input_format_t::json, true, false);
    const size_t p = b + (loc.position > 0 ? loc.position - 1 : 0);
    return Where(LineColOf(p)) + ": " + (loc.message.empty() ? "not valid JSON" : CleanParseMessage(loc.message));
  }

  // ---- warnings about the file: before every article warning, in the order found
  void WarnFile(std::string where, std::string message, bool first) {
    const size_t at = first ? 0 : begin_warnings;
    ++begin_warnings;
    auto& w = report->warnings;
    if (at >= LoadReport::kMaxWarnings) { ++report->warnings_dropped; return; }
    w.insert(w.begin() + std::ptrdiff_t(at), LoadWarning{std::move(where), std::move(message)});
    if (w.size() > LoadReport::kMaxWarnings) { w.pop_back(); ++report->warnings_dropped; }
  }

  // Forgets every parsed article (the file failed, or turned out to be JSON Lines).
  void Rollback() {
    out->articles.clear();
    ids.Clear();
    next_suffix.clear();
    first_error.clear();
    undated = 0;
    has_cjk = false;
    LoadReport& r = *report;
    const size_t keep = std::min(begin_warnings, LoadReport::kMaxWarnings);
    r.warnings.erase(r.warnings.begin() + std::ptrdiff_t(std::min(keep, r.warnings.size())), r.warnings.end());
    r.warnings_dropped = begin_warnings - keep;
    r.articles_seen = r.articles_loaded = r.articles_skipped = r.articles_repaired = r.articles_undated = 0;
  }

  void Fail(std::string error) {
    Rollback();
    report->error = std::move(error);
    failed = true;
    items.clear();
    retain = kNone;
    fe = {};
    std::string().swap(skeleton);
    DropAll();
  }

  // After a failure only the first invalid UTF-8 byte still counts (its warning leads the report): the
  // bytes are repaired, counted for its line and column, and dropped.
  void DropAll() {
    if (!bom_decided) return;
    base_lc = LineColOf(End());
    base = End();
    lc_pos = base;
    lc = base_lc;
    buf.clear();
    if (buf.capacity() > (size_t(1) << 20)) buf.shrink_to_fit();
  }

  // ---- FirstError
  bool DoubtsMatter() const {
    return !failed && mode != Mode::kLines && mode != Mode::kScanned;
  }
  void Doubt(size_t at, uint8_t ctx, size_t tok) {
    if (!DoubtsMatter() || (fe.set && fe.cp <= at)) return;
    fe = {};
    fe.set = true;
    fe.cp = at;
    fe.ctx = ctx;
    fe.tok = tok;
    TryLocate();
  }
  void TryLocate() {
    if (!fe.set || fe.located) return;
    const size_t avail = End() - fe.cp;
    if (!ended && fe.tried > 0 && avail < 2 * fe.tried) return;  // replay again only when doubled
    const std::string_view prefix = CtxPrefix(fe.ctx), body = View(fe.cp, End());
    const size_t total = prefix.size() + body.size();
    ErrorLocator loc;
    json::sax_parse(JoinedIterator(prefix, body, 0), JoinedIterator(prefix, body, total), &loc,
                    nlohmann::detail::input_format_t::json, true, false);
    if (!ended && (loc.message.empty() || loc.position >= total)) { fe.tried = std::max<size_t>(avail, 1); return; }
    fe.located = true;
    if (loc.message.empty()) { fe.clean = true; return; }
    const size_t at = fe.cp + (loc.position > prefix.size() ? loc.position - prefix.size() : 0);
    fe.text = Where(LineColOf(at > 0 ? at - 1 : 0)) + ": " + CleanParseMessage(FixLastRead(loc, prefix));
  }

  // The replay's "last read" may begin with the prefix's own tokens: put back the document's bytes
  // since its last string or number (fe.tok), which the prefix stood in for.
  std::string FixLastRead(const ErrorLocator& loc, std::string_view prefix) {
    const std::string key = "; last read: '" + loc.last_read + "'";
    const size_t at = loc.message.find(key);
    if (prefix.empty() || at == std::string::npos) return loc.message;
    const size_t q = prefix.rfind("\"\"");
    const std::string mine = EscapeLastRead(prefix.substr(q == std::string_view::npos ? 0 : q));
    if (loc.last_read.compare(0, mine.size(), mine) != 0) return loc.message;
    const std::string rest = loc.last_read.substr(mine.size());
    std::string read;  // the document's bytes from fe.cp, as the lexer would quote them
    for (size_t p = fe.cp; p < End() && read.size() < rest.size(); ++p) read += EscapeLastRead(View(p, p + 1));
    if (read != rest) return loc.message;  // the token string began after fe.cp: nothing to fix
    const size_t from = fe.tok == kNone ? 0 : fe.tok;
    std::string fixed = loc.message;
    fixed.replace(at, key.size(), "; last read: '" + EscapeLastRead(View(from, fe.cp)) + rest + "'");
    return fixed;
  }

  // ---- input
  void Pump() {
    if (!bom_decided) {
      if (buf.size() < 3 && !ended) return;
      bom_decided = true;
      if (StartsWithBom(buf)) { buf.erase(0, 3); bom = 3; }
    }
    if (utf8.first_bad != UINT64_MAX && !utf8_warned) {
      utf8_warned = true;
      // Counted over the raw bytes, BOM included: before the first bad byte they equal the document.
      LineCol at = LineColOf(size_t(utf8.first_bad) - bom);
      if (bom && at.line == 1) ++at.column;
      WarnFile(Where(at), "invalid UTF-8; replaced with U+FFFD (first of possibly several)", true);
    }
    if (failed) { DropAll(); return; }
    TryLocate();  // a pending FirstError may need the bytes that just came
    if (first_nl == kNone && nl_scanned < End()) {
      const size_t from = std::max(nl_scanned, base);
      if (const void* q = std::memchr(buf.data() + (from - base), '\n', End() - from))
        first_nl = size_t(static_cast<const char*>(q) - buf.data()) + base;
      nl_scanned = End();
    }
    Scan();
  }

  // ---- the scanner
  void SetState(St s, size_t p, uint8_t ctx) { st = s; pos = p; cp = p; cp_ctx = ctx; cp_tok = last_tok; }
  bool SkipSpace() {  // false: out of bytes
    size_t i = pos - base;
    while (i < buf.size() && IsSpace(buf[i])) ++i;
    pos = base + i;
    return i < buf.size();
  }
  void StartComp(Comp c, uint8_t ctx) {
    comp = c;
    comp_ctx = ctx;
    comp_start = comp_scan = pos;
    comp_tok = last_tok;
    const char first = At(pos);
    if (first == '"' || first == '-' || (first >= '0' && first <= '9')) last_tok = pos;
    in_str = esc = in_num = false;
    stack.clear();
    st = St::kComp;
  }
  // Skips the component that starts at comp_start, as SkipValue did. Returns 1 with comp_scan just past
  // it, 0 when more bytes are needed, -1 when the structure is broken.
  int SkipComp() {
    const char* d = buf.data();
    const size_t end = buf.size();
    size_t j = comp_scan - base;
    const size_t start = comp_start - base;
    const char first = d[start];
    int result = 0;
    if (first == '"' || first == '[' || first == '{') {
      if (j == start) {
        if (first == '"') in_str = true;
        else stack.push_back(first == '[' ? ']' : '}');
        ++j;
      }
      for (; j < end; ++j) {
        const char c = d[j];
        if (in_str) {
          if (esc) esc = false;
          else if (c == '\\') esc = true;
          else if (c == '"') { in_str = false; if (stack.empty()) { ++j; result = 1; break; } }
        } else if (c == '"') {
          in_str = true;
          in_num = false;
          last_tok = base + j;
        } else if ((c >= '0' && c <= '9') || c == '-') {
          if (!in_num) { in_num = true; last_tok = base + j; }
        } else if (in_num && (c == '.' || c == 'e' || c == 'E' || c == '+')) {
          // still the same number
        } else {
          in_num = false;
          if (c == '[' || c == '{') {
            stack.push_back(c == '[' ? ']' : '}');
          } else if (c == ']' || c == '}') {
            if (stack.empty() || stack.back() != c) { result = -1; break; }
            stack.pop_back();
            if (stack.empty()) { ++j; result = 1; break; }
          }
        }
      }
      if (result == 0 && ended) result = -1;
    } else {
      while (j < end && !EndsLiteral(d[j])) ++j;
      if (j < end || ended) result = j > start ? 1 : -1;
    }
    comp_scan = base + j;
    return result;
  }

  void Scan() {
    while (!failed) {
      switch (mode) {
        case Mode::kStart: {
          if (!SkipSpace()) {
            if (ended) Fail("the file is empty");
            return;
          }
          top = pos;
          const char c = At(pos);
          if (c == '[') {
            mode = Mode::kArray;
            SetState(St::kOpen, pos + 1, kCtxArrOpen);
          } else if (c == '{') {
            mode = Mode::kObject;
            retain = top;
            skeleton_live = top == 0;  // JSON Lines need '{' as the very first byte
            SetState(St::kOpen, pos + 1, kCtxObjOpen);
          } else {
            mode = Mode::kOther;
            Doubt(0, kCtxTop, kNone);
          }
          break;
        }
        case Mode::kArray:
        case Mode::kObject:
          if (!ScanStructure()) return;
          break;
        case Mode::kAfterTop:
          if (!SkipSpace()) {
            if (ended) FinishStructured();
            return;
          }
          NotStructured();
          break;
        case Mode::kLines:
          ScanLines();
          return;
        case Mode::kOther:
          TryLocate();
          if (fe.located && !fe.clean) { Fail(fe.text); return; }
          if (!ended) return;
          {
            const std::string_view all = View(0, End());
            json v = json::parse(all.begin(), all.end(), nullptr, false);
            Fail(std::string("the file holds ") + TypeName(v) + ", expected an object with \"articles\" or an array");
          }
          return;
        case Mode::kFailing:
          TryLocate();
          if (fe.located) Fail(fe.clean ? "not valid JSON" : fe.text);
          return;
        case Mode::kScanned:
          return;
      }
    }
  }

  // One step of the array / object scanner; false when it needs more bytes (or stopped).
  bool ScanStructure() {
    const bool array = mode == Mode::kArray || nested;
    if (st == St::kComp) {
      const int r = SkipComp();
      if (r == 0) return false;
      if (r < 0) { Broken(); return true; }
      CompDone(comp_scan);
      return true;
    }
    if (!SkipSpace()) {
      if (!ended) return false;
      Broken();
      return true;
    }
    const char c = At(pos);
    if (array) {
      const uint8_t open = nested ? kCtxInArrOpen : kCtxArrOpen, comma = nested ? kCtxInArrComma : kCtxArrComma;
      if (st == St::kOpen && c == ']') { CloseArray(); return true; }
      if (st == St::kOpen || st == St::kComma) { StartComp(Comp::kElement, st == St::kOpen ? open : comma); return true; }
      // kAfter
      if (c == ',') { SetState(St::kComma, pos + 1, comma); return true; }
      if (c == ']') { CloseArray(); return true; }
      Broken();
      return true;
    }
    switch (st) {
      case St::kOpen:
      case St::kComma:
        if (c == '}') {
          if (st == St::kComma) Doubt(cp, cp_ctx, cp_tok);  // "{..., }": the scanner allows it, JSON does not
          CloseObject();
        } else if (c == '"') {
          StartComp(Comp::kKey, cp_ctx);
        } else {
          Broken();
        }
        return true;
      case St::kKey:
        if (c != ':') { Broken(); return true; }
        SetState(St::kColon, pos + 1, kCtxObjColon);
        return true;
      case St::kColon:
        if (c == '[' && std::string_view(key_tok).substr(1, key_tok.size() - 2) == "articles") {
          has_articles = true;
          retain = kNone;
          nested = true;
          SetState(St::kOpen, pos + 1, kCtxInArrOpen);
        } else {
          StartComp(Comp::kValue, kCtxObjColon);
        }
        return true;
      case St::kAfter:
        if (c == ',') SetState(St::kComma, pos + 1, kCtxObjComma);
        else if (c == '}') CloseObject();
        else Broken();
        return true;
      case St::kComp:
        break;
    }
    return true;
  }

  void CompDone(size_t e) {
    const size_t b = comp_start;
    const std::string_view v = View(b, e);
    switch (comp) {
      case Comp::kElement:
        items.push_back({b, e, comp_ctx, false, comp_tok});
        SetState(St::kAfter, e, nested ? kCtxInArrAfter : kCtxArrAfter);
        return;
      case Comp::kKey:
        key_tok.assign(v);
        if (!ValidInPlace(v)) Doubt(b, comp_ctx, comp_tok);
        SetState(St::kKey, e, kCtxObjKey);
        return;
      case Comp::kValue: {
        const std::string_view key = std::string_view(key_tok).substr(1, key_tok.size() - 2);
        if (key == "name" || key == "source" || key == "license") {
          json j = json::parse(v.begin(), v.end(), nullptr, false);
          std::string* dst = key == "name" ? &out->name : key == "source" ? &out->source : &out->license;
          if (j.is_string()) *dst = std::move(j.get_ref<std::string&>());
          else WarnFile("corpus", "field \"" + std::string(key) + "\" is " + TypeName(j) + ", expected a string; ignored", false);
          if (j.is_discarded() || StartsWithBom(v)) Doubt(b, kCtxObjColon, comp_tok);
        } else if (!ValidInPlace(v)) {
          Doubt(b, kCtxObjColon, comp_tok);
        }
        has_title |= key == "title";
        has_text |= key == "text";
        AddToSkeleton(v);
        SetState(St::kAfter, e, kCtxObjAfter);
        return;
      }
    }
  }

  void AddToSkeleton(std::string_view value) {
    if (!skeleton_live) return;
    if (first_nl != kNone && first_nl < pos) {  // a line break inside the object: not JSON Lines
      skeleton_live = false;
      std::string().swap(skeleton);
      return;
    }
    skeleton += skeleton_empty ? "{" : ",";
    skeleton_empty = false;
    skeleton += key_tok;
    skeleton += ':';
    skeleton += value;
  }

  void CloseArray() {
    if (nested) {
      nested = false;
      AddToSkeleton("[]");
      SetState(St::kAfter, pos + 1, kCtxObjAfter);
      return;
    }
    top_end = pos + 1;
    mode = Mode::kAfterTop;
    SetState(St::kAfter, top_end, kCtxEnd);
  }

  void CloseObject() {
    if (skeleton_live) skeleton += skeleton_empty ? "{}" : "}";
    top_end = pos + 1;
    top_was_object = true;
    mode = Mode::kAfterTop;
    SetState(St::kAfter, top_end, kCtxEnd);
  }
  bool top_was_object = false;

  // The scanner lost the structure where it stands.
  void Broken() {
    Doubt(cp, cp_ctx, cp_tok);
    NotStructured();
  }

  // The document is not one array or object: JSON Lines, or unreadable as a whole.
  void NotStructured() {
    if (MayBeJsonLines()) { SwitchToLines(); return; }
    Doubt(cp, cp_ctx, cp_tok);  // trailing bytes after the top-level value
    for (const Item& it : items) {  // articles received but not parsed yet may hold the first error
      if (fe.set && fe.cp <= it.b) break;
      if (!ValidInPlace(View(it.b, it.e))) { Doubt(it.b, it.ctx, it.tok); break; }
    }
    mode = Mode::kFailing;
    items.clear();
  }

  // LooksLikeJsonLines: the first line (less trailing spaces and CRs) is one valid object.
  bool MayBeJsonLines() {
    if (mode != Mode::kAfterTop || !top_was_object || top != 0 || !skeleton_live) return false;
    if (first_nl == kNone || first_nl < top_end) return false;
    for (char c : View(top_end, first_nl))
      if (c != ' ' && c != '\r') return false;
    if (fe.set) return false;  // something in the object is not valid JSON
    for (const Item& it : items)
      if (!ValidInPlace(View(it.b, it.e))) return false;
    return true;
  }

  void SwitchToLines() {
    Rollback();
    items.clear();
    fe = {};
    retain = kNone;
    mode = Mode::kLines;
    items.push_back({0, first_nl, kCtxTop, true, kNone});
    SetState(St::kOpen, first_nl + 1, kCtxTop);
  }

  void ScanLines() {
    const size_t end = End();
    for (;;) {
      const char* d = buf.data();
      const void* q = pos < end ? std::memchr(d + (pos - base), '\n', end - pos) : nullptr;
      if (!q && !ended) return;
      const size_t e = q ? base + size_t(static_cast<const char*>(q) - d) : end;
      if (View(pos, e).find_first_not_of(" \t\r") != std::string_view::npos) items.push_back({pos, e, kCtxTop, false, kNone});
      if (!q) { mode = Mode::kScanned; return; }
      SetState(St::kOpen, e + 1, kCtxTop);
    }
  }

  // End of input with one well-formed top-level value.
  void FinishStructured() {
    if (top_was_object && !has_articles) {
      if (!(has_title && has_text)) {
        Fail("expected an \"articles\" array at the top level (see docs/corpus-format.md)");
        return;
      }
      items.push_back({top, top_end, kCtxTop, false, kNone});  // a single article
    }
    retain = kNone;
    mode = Mode::kScanned;
    std::string().swap(skeleton);
  }

  // ---- parsing
  void ParseItem(const Item& it) {
    const size_t index = report->articles_seen++;
    json v = it.skeleton ? json::parse(skeleton, nullptr, false)
                         : json::parse(View(it.b, it.e).begin(), View(it.b, it.e).end(), nullptr, false);
    Article a;
    if (v.is_discarded()) {
      const std::string error = it.skeleton ? "line 1: not valid JSON" : ErrorAt(it.b, it.e);
      if (first_error.empty()) first_error = error;
      report->Warn(ArticleWhere(index, ""), "not valid JSON at " + error + "; skipped");
      ++report->articles_skipped;
      Doubt(it.b, it.ctx, it.tok);
    } else {
      if (!it.skeleton && StartsWithBom(View(it.b, it.e))) Doubt(it.b, it.ctx, it.tok);
      if (reader.Read(v, index, &a)) Keep(std::move(a));
      else ++report->articles_skipped;
    }
    if (it.skeleton) std::string().swap(skeleton);
    parsed_to = it.e;
  }

  void Keep(Article&& a) {
    std::vector<Article>& v = out->articles;
    if (v.size() == v.capacity() && expected > 0 && v.size() >= 256 && parsed_to > (size_t(1) << 20)) {
      // Size the vector once from the bytes per article so far, not by doubling (which may leave half of
      // it empty, and copies it at every step).
      const double estimate = double(v.size()) * double(expected) / double(parsed_to) * 1.04 + 64;
      v.reserve(std::max(v.size() + v.size() / 8 + 1, size_t(estimate)));
    }
    undated += !a.date.valid();
    if (!has_cjk && (ContainsCjk(a.title) || ContainsCjk(a.text))) has_cjk = true;
    v.push_back(std::move(a));
  }

  // Drops the bytes nothing needs any more: parsed articles, skipped structure.
  void Compact() {
    size_t keep = failed ? End() : std::min(cp, pos);
    if (mode == Mode::kFailing) keep = End();
    if (DoubtsMatter()) keep = std::min(keep, cp_tok == kNone ? 0 : cp_tok);  // for a FirstError here
    for (const Item& it : items) {
      if (it.skeleton) continue;
      keep = std::min(keep, it.b);
      if (DoubtsMatter()) keep = std::min(keep, it.tok == kNone ? 0 : it.tok);
      break;
    }
    if (st == St::kComp && !failed) keep = std::min(keep, comp_start);
    if (retain != kNone) keep = std::min(keep, retain);
    if (fe.set && !fe.located) keep = std::min({keep, fe.cp, fe.tok == kNone ? 0 : fe.tok});
    if (!bom_decided) return;
    keep = std::max(keep, base);
    const size_t dead = keep - base, live = End() - keep;
    if (dead == 0 || dead < live) return;  // amortized: each byte moves at most once on average
    if (lc_pos >= base && lc_pos <= keep) base_lc = LineColOf(keep);
    else base_lc = AdvanceLineCol(base_lc, buf.data(), dead);
    if (buf.capacity() > 2 * live + (size_t(16) << 20)) {
      std::string rest(buf, dead, live);
      buf.swap(rest);
    } else {
      buf.erase(0, dead);
    }
    base = keep;
    if (lc_pos < base) { lc_pos = base; lc = base_lc; }
  }

  void Finish() {
    LoadReport& r = *report;
    if (!failed) {
      r.articles_loaded = out->articles.size();
      r.articles_undated = undated;
      out->has_cjk = has_cjk;
      if (out->articles.empty() && !first_error.empty()) r.error = first_error;
    }
    r.load_ms = ms;
    out = nullptr;
    finished = true;
    std::string().swap(buf);
    std::string().swap(skeleton);
    items.clear();
    ids.Clear();
    next_suffix = {};
  }
};

CorpusReader::CorpusReader() : impl_(std::make_unique<Impl>()) {}
CorpusReader::~CorpusReader() = default;

namespace {
double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

void CorpusReader::Begin(Corpus* out, LoadReport* report) {
  impl_ = std::make_unique<Impl>();  // Impl points into itself: rebuild, never copy
  Impl& m = *impl_;
  m.out = out;
  m.report = report;
  m.reader.report = report;
  m.ids = IdSet(&out->articles);
  *out = Corpus{};
  *report = LoadReport{};
}

void CorpusReader::SetExpectedBytes(uint64_t total) { impl_->expected = total; }

bool CorpusReader::Feed(std::string_view chunk) {
  Impl& m = *impl_;
  if (!m.out || m.ended) return !m.failed;
  if (m.failed && m.utf8_warned) return false;
  const auto t0 = std::chrono::steady_clock::now();
  m.utf8.Feed(chunk, false, &m.buf);
  m.Pump();
  m.ms += MsSince(t0);
  return !m.failed;
}

bool CorpusReader::EndOfInput() {
  Impl& m = *impl_;
  if (!m.out || m.ended) return !m.failed;
  const auto t0 = std::chrono::steady_clock::now();
  m.ended = true;
  if (m.failed && m.utf8_warned) return false;
  m.utf8.Feed({}, true, &m.buf);
  m.Pump();
  m.ms += MsSince(t0);
  return !m.failed;
}

bool CorpusReader::Begin(std::string bytes, Corpus* out, LoadReport* report) {
  Begin(out, report);
  Impl& m = *impl_;
  m.expected = bytes.size();
  if (FindInvalidUtf8(bytes) == std::string::npos) {  // take the bytes as the buffer: no copy
    const auto t0 = std::chrono::steady_clock::now();
    m.buf = std::move(bytes);
    m.ended = true;
    m.Pump();
    m.ms += MsSince(t0);
  } else {
    Feed(bytes);
    bytes = std::string();
    EndOfInput();
  }
  if (m.failed) report->load_ms = m.ms;
  return !m.failed;
}

bool CorpusReader::Step(size_t max_articles) {
  Impl& m = *impl_;
  if (!m.out) return true;
  const auto t0 = std::chrono::steady_clock::now();
  if (!m.failed) {
    for (size_t n = 0; n < max_articles && !m.items.empty(); ++n) {
      m.ParseItem(m.items.front());
      m.items.pop_front();
    }
    m.Compact();
  }
  m.ms += MsSince(t0);
  // A failed file is done once nothing can change the report: the input ended, or an invalid UTF-8
  // warning (the only thing later bytes could add) is already there.
  const bool done = m.failed ? m.ended || m.utf8_warned : m.ended && m.mode == Impl::Mode::kScanned && m.items.empty();
  if (!done) return false;
  m.Finish();
  return true;
}

float CorpusReader::progress() const {
  const Impl& m = *impl_;
  if (m.finished) return 1.0f;
  const uint64_t total = m.expected ? m.expected : m.ended ? m.End() : 0;
  return total ? std::min(1.0f, float(double(m.parsed_to) / double(total))) : 0.0f;
}

size_t CorpusReader::buffered_bytes() const { return impl_->buf.size() + impl_->skeleton.size(); }

bool LoadCorpus(std::string_view bytes, Corpus* out, LoadReport* report) {
  constexpr size_t kChunk = size_t(4) << 20;
  CorpusReader reader;
  reader.Begin(out, report);
  reader.SetExpectedBytes(bytes.size());
  for (size_t at = 0; at < bytes.size(); at += kChunk) {
    reader.Feed(bytes.substr(at, kChunk));  // even after a failure: invalid UTF-8 later still warns
    if (reader.Step(SIZE_MAX)) break;
  }
  reader.EndOfInput();
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
  CorpusReader reader;
  reader.Begin(out, report);
  in.seekg(0, std::ios::end);
  if (const std::streamoff size = in.tellg(); size > 0) reader.SetExpectedBytes(uint64_t(size));
  in.seekg(0, std::ios::beg);
  in.clear();
  std::string chunk(size_t(1) << 20, '\0');
  while (in) {
    in.read(chunk.data(), std::streamsize(chunk.size()));
    const size_t got = size_t(in.gcount());
    if (got == 0) break;
    reader.Feed(std::string_view(chunk.data(), got));  // even after a failure: see LoadCorpus
    if (reader.Step(SIZE_MAX)) break;
  }
  reader.EndOfInput();
  while (!reader.Step(SIZE_MAX)) {}
  const bool ok = report->error.empty();
  if (!ok) report->error = path + ": " + report->error;
  return ok;
}

}  // namespace lede
