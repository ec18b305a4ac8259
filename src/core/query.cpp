// query.cpp: a recursive-descent parser for the query language in query.h.
//   query   := or
//   or      := and ("OR" and)*
//   and     := unary (["AND"] unary)*
//   unary   := ("-" | "NOT") unary | primary
//   primary := "(" or ")" | FIELD ":" value | "\"" phrase "\"" | word ["*" | "~" [1|2]]
#include "core/query.h"

#include <cctype>

#include "core/date.h"
#include "core/index.h"

namespace lede {

namespace {

using Kind = QueryNode::Kind;

struct Parser {
  std::string_view s;
  size_t i = 0;
  std::vector<std::string>* errors;
  int depth = 0;
  static constexpr int kMaxDepth = 64;

  void SkipSpace() { while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i; }
  bool AtEnd() { SkipSpace(); return i >= s.size(); }
  bool IsWordBreak(char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == ')' || c == '"'; }

  // Peeks a bare keyword (OR, AND, NOT) followed by a break.
  bool PeekKeyword(std::string_view kw) {
    SkipSpace();
    if (s.substr(i, kw.size()) != kw) return false;
    const size_t j = i + kw.size();
    return j >= s.size() || IsWordBreak(s[j]);
  }

  QueryNode Or() {
    QueryNode first = And();
    if (!PeekKeyword("OR")) return first;
    QueryNode node;
    node.kind = Kind::kOr;
    node.children.push_back(std::move(first));
    while (PeekKeyword("OR")) {
      i += 2;
      if (AtEnd() || (s[i] == ')' && depth > 0)) { errors->push_back("OR at the end has nothing after it; ignored"); break; }
      QueryNode next = And();
      if (next.kind == Kind::kAnd && next.children.empty()) {
        errors->push_back("OR has nothing after it; ignored");
        continue;
      }
      node.children.push_back(std::move(next));
    }
    if (node.children.size() == 1) return std::move(node.children[0]);
    return node;
  }

  QueryNode And() {
    QueryNode node;
    node.kind = Kind::kAnd;
    while (!AtEnd()) {
      if (s[i] == ')') {
        if (depth > 0) break;
        errors->push_back("unmatched ')' at character " + std::to_string(i + 1) + "; ignored");
        ++i;
        continue;
      }
      if (PeekKeyword("OR")) {
        if (node.children.empty()) { errors->push_back("OR needs something before it; ignored"); i += 2; continue; }
        break;
      }
      if (PeekKeyword("AND")) { i += 3; continue; }
      QueryNode child = Unary();
      if (child.kind == Kind::kAnd && child.children.empty()) continue;  // nothing usable
      node.children.push_back(std::move(child));
    }
    if (node.children.size() == 1) return std::move(node.children[0]);
    return node;
  }

  QueryNode Unary() {
    SkipSpace();
    if (depth > kMaxDepth) {  // (((((... or - - - - ...: refuse rather than recurse without end
      errors->push_back("the query nests too deeply; the rest is ignored");
      i = s.size();
      return QueryNode{Kind::kAnd};
    }
    bool negate = false;
    if (s[i] == '-' && i + 1 < s.size() && !std::isspace(static_cast<unsigned char>(s[i + 1]))) { negate = true; ++i; }
    else if (PeekKeyword("NOT")) { negate = true; i += 3; SkipSpace(); }
    if (negate) {
      if (AtEnd() || s[i] == ')') { errors->push_back("NOT (or -) has nothing after it; ignored"); return QueryNode{Kind::kAnd}; }
      ++depth;
      QueryNode inner = Unary();
      --depth;
      if (inner.kind == Kind::kAnd && inner.children.empty()) return inner;
      QueryNode node;
      node.kind = Kind::kNot;
      node.children.push_back(std::move(inner));
      return node;
    }
    return Primary();
  }

  std::string Phrase() {  // after the opening quote
    const size_t start = i;
    while (i < s.size() && s[i] != '"') ++i;
    std::string text(s.substr(start, i - start));
    if (i < s.size()) ++i;
    else errors->push_back("missing closing quote; the phrase runs to the end");
    return text;
  }

  std::string Word() {
    const size_t start = i;
    while (i < s.size() && !IsWordBreak(s[i])) ++i;
    return std::string(s.substr(start, i - start));
  }

  QueryNode WordNode(std::string w) {
    QueryNode node;
    node.kind = Kind::kWord;
    if (w.size() > 1 && w.back() == '*') {
      node.kind = Kind::kPrefix;
      w.pop_back();
    } else if (size_t tilde = w.rfind('~'); tilde != std::string::npos && tilde > 0) {
      const std::string suffix = w.substr(tilde + 1);
      if (suffix.empty() || suffix == "1" || suffix == "2") {
        node.kind = Kind::kFuzzy;
        w.resize(tilde);
        size_t letters = 0;
        for (unsigned char c : w) letters += (c & 0xC0) != 0x80;
        node.fuzzy = suffix.empty() ? (letters <= 5 ? 1 : 2) : suffix[0] - '0';
      } else {
        errors->push_back("fuzzy distance must be ~1 or ~2 in \"" + w + "\"; searched as a word");
      }
    }
    node.text = std::move(w);
    return node;
  }

  QueryNode Primary() {
    SkipSpace();
    const char c = s[i];
    if (c == '(') {
      ++i;
      ++depth;
      QueryNode inner = Or();
      --depth;
      SkipSpace();
      if (i < s.size() && s[i] == ')') ++i;
      else errors->push_back("missing closing parenthesis; added one at the end");
      return inner;
    }
    if (c == '"') {
      ++i;
      QueryNode node;
      node.kind = Kind::kPhrase;
      node.text = Phrase();
      if (node.text.find_first_not_of(" \t") == std::string::npos) return QueryNode{Kind::kAnd};
      return node;
    }
    // field:value?
    size_t colon = i;
    while (colon < s.size() && (std::isalpha(static_cast<unsigned char>(s[colon])))) ++colon;
    if (colon > i && colon < s.size() && s[colon] == ':') {
      std::string field(s.substr(i, colon - i));
      for (char& ch : field) ch = char(std::tolower(static_cast<unsigned char>(ch)));
      i = colon + 1;
      return FieldValue(field);
    }
    return WordNode(Word());
  }

  QueryNode FieldValue(const std::string& field) {
    std::string value;
    bool quoted = false;
    if (i < s.size() && s[i] == '"') { ++i; value = Phrase(); quoted = true; }
    else value = Word();
    if (value.empty()) {
      errors->push_back(field + ": needs a value; ignored");
      return QueryNode{Kind::kAnd};
    }
    QueryNode node;
    static const char* kFields[] = {"title", "text", "byline", "source", "tag"};
    for (int f = 0; f < kFieldCount; ++f) {
      if (field == kFields[f] || (f == kFieldTags && field == "tags")) {
        node = quoted ? QueryNode{Kind::kPhrase} : WordNode(value);
        if (quoted) node.text = value;
        node.fields = uint8_t(1u << f);
        return node;
      }
    }
    if (field == "lang" || field == "language") {
      node.kind = Kind::kLang;
      node.text = value;
      return node;
    }
    if (field == "entity") {
      node.kind = Kind::kEntity;
      node.text = value;
      return node;
    }
    if (field == "date") {
      std::string error;
      node.kind = Kind::kDate;
      if (!ParseDateRange(value, &node.from, &node.to, &error)) {
        errors->push_back("date:" + value + ": " + error + "; ignored");
        return QueryNode{Kind::kAnd};
      }
      return node;
    }
    errors->push_back("unknown field \"" + field + ":\"; searched for the words instead (fields: title, text, "
                      "byline, source, tag, lang, date, entity)");
    node = quoted ? QueryNode{Kind::kPhrase} : WordNode(value);
    if (quoted) node.text = value;
    QueryNode both;
    both.kind = Kind::kAnd;
    both.children.push_back(WordNode(field));
    both.children.push_back(std::move(node));
    return both;
  }
};

// End of the period a coarse date names: 2020 -> 2021-01-01, 2020-11 -> 2020-12-01, 2020-11-24 -> next day.
int64_t PeriodEnd(const Date& d) {
  const int64_t days = d.utc >= 0 ? d.utc / 86400 : (d.utc - 86399) / 86400;
  const CivilDate c = CivilFromDays(days);
  switch (d.precision) {
    case DatePrecision::kYear: return DaysFromCivil(c.year + 1, 1, 1) * 86400;
    case DatePrecision::kMonth: return DaysFromCivil(c.month == 12 ? c.year + 1 : c.year, c.month % 12 + 1, 1) * 86400;
    case DatePrecision::kDay: return (days + 1) * 86400;
    default: return d.utc + 1;
  }
}

}  // namespace

bool ParseDateRange(std::string_view v, int64_t* from, int64_t* to, std::string* error) {
  *from = INT64_MIN;
  *to = INT64_MAX;
  auto parse = [&](std::string_view text, Date* d) {
    auto parsed = ParseDate(text);
    if (!parsed) { *error = "\"" + std::string(text) + "\" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"; return false; }
    *d = *parsed;
    return true;
  };
  Date d;
  if (v.size() > 1 && (v[0] == '>' || v[0] == '<')) {
    const bool greater = v[0] == '>';
    const bool inclusive = v[1] == '=';
    std::string_view rest = v.substr(inclusive ? 2 : 1);
    if (!parse(rest, &d)) return false;
    if (greater) *from = inclusive ? d.utc : PeriodEnd(d);
    else *to = inclusive ? PeriodEnd(d) : d.utc;
    return true;
  }
  if (size_t dots = v.find(".."); dots != std::string_view::npos) {
    std::string_view a = v.substr(0, dots), b = v.substr(dots + 2);
    if (a.empty() && b.empty()) { *error = "a range needs at least one end"; return false; }
    if (!a.empty()) { if (!parse(a, &d)) return false; *from = d.utc; }
    if (!b.empty()) { if (!parse(b, &d)) return false; *to = PeriodEnd(d); }
    if (*from >= *to) { *error = "the range ends before it starts"; return false; }
    return true;
  }
  if (!parse(v, &d)) return false;
  *from = d.utc;
  *to = PeriodEnd(d);
  return true;
}

Query ParseQuery(std::string_view text) {
  Query q;
  Parser p{text, 0, &q.errors};
  QueryNode root = p.Or();
  if (root.kind == Kind::kAnd && root.children.empty()) root.kind = Kind::kAll;
  q.root = std::move(root);
  return q;
}

std::string ToString(const QueryNode& n) {
  std::string fields;
  for (int f = 0; f < kFieldCount; ++f)
    if (n.fields & (1u << f)) fields = std::string(f == kFieldTags ? "tag" : FieldName(Field(f))) + ":";
  auto join = [&](const char* sep) {
    std::string out = "(";
    for (size_t k = 0; k < n.children.size(); ++k) out += (k ? sep : "") + ToString(n.children[k]);
    return out + ")";
  };
  switch (n.kind) {
    case Kind::kAnd: return join(" AND ");
    case Kind::kOr: return join(" OR ");
    case Kind::kNot: return "NOT " + ToString(n.children[0]);
    case Kind::kWord: return fields + n.text;
    case Kind::kPhrase: return fields + "\"" + n.text + "\"";
    case Kind::kPrefix: return fields + n.text + "*";
    case Kind::kFuzzy: return fields + n.text + "~" + std::to_string(n.fuzzy);
    case Kind::kDate: {
      auto fmt = [](int64_t t) { return t == INT64_MIN || t == INT64_MAX ? std::string() : FormatDate({t, DatePrecision::kDay}); };
      return "date:[" + fmt(n.from) + ".." + fmt(n.to) + ")";
    }
    case Kind::kLang: return "lang:" + n.text;
    case Kind::kEntity: return "entity:\"" + n.text + "\"";
    case Kind::kAll: return "*";
  }
  return "?";
}

}  // namespace lede
