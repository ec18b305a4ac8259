// query.h: the query language, parsed into a tree. No index needed to parse.
//
//   words                 all must match (AND is the default; AND may be written)
//   a OR b                either
//   -word, NOT word       must not match
//   "exact phrase"        words next to each other, in order
//   inter*                prefix
//   goverment~  ~1  ~2    fuzzy, edit distance 1 or 2 (plain ~ : 1 for words up to 5 letters, else 2)
//   ( ... )               grouping
//   title: source: byline: tag:   the word or "phrase" must match in that field
//   lang:zh               the article's language
//   date:2020  date:2020-11  date:2019-03..2020-06  date:>2020-01-01  date:<=1999  date:2014..
//   entity:"Name"         articles naming this entity
//
// A malformed query never fails: ParseQuery keeps every part it can read and explains the rest in
// Query::errors ("missing closing parenthesis; added one at the end").
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lede {

struct QueryNode {
  enum class Kind : uint8_t {
    kAnd, kOr, kNot,      // children
    kWord,                // text; may become a phrase if it analyzes to several tokens ("e-mail")
    kPhrase,              // text
    kPrefix,              // text (without the *)
    kFuzzy,               // text, fuzzy = max edit distance
    kDate,                // [from, to) in UNIX seconds
    kLang,                // text
    kEntity,              // text
    kAll,                 // matches every article (e.g. a query that is only "-word")
  };
  Kind kind = Kind::kAll;
  std::vector<QueryNode> children;
  std::string text;
  uint8_t fields = 0;     // bit mask of Field; 0 means all fields
  int fuzzy = 0;
  int64_t from = INT64_MIN, to = INT64_MAX;
};

struct Query {
  QueryNode root;               // kAll when the query is empty
  std::vector<std::string> errors;
  bool empty() const { return root.kind == QueryNode::Kind::kAll && root.children.empty(); }
};

Query ParseQuery(std::string_view text);

// Parses a date-filter value ("2020", "2019-03..2020-06", ">2020-01-01", ...) into [from, to).
// Returns false with *error set when it cannot.
bool ParseDateRange(std::string_view value, int64_t* from, int64_t* to, std::string* error);

// The query back as text (for tests and for showing how a query was understood).
std::string ToString(const QueryNode& node);

}  // namespace lede
