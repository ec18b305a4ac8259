// tests/fuzz/query.cpp: the query parser (core/query.h) and ParseDateRange on arbitrary strings.
//
// Oracle: parsing never fails and the tree is well formed: AND and OR nodes hold two or more children
// (ParseQuery collapses single ones) and never a kAll; NOT holds exactly one; words, phrases, prefixes,
// languages and entities have text; fuzzy distances are 1 or 2; date nodes have from < to; the tree is no
// deeper than the parser's limit allows; ToString prints every tree. An empty query (only spaces) is
// kAll without errors. ParseDateRange gives from < to when it succeeds and an error when it does not.
//
// fuzz: -max_len=1024 -dict=query.dict
// seeds: queries
#include <algorithm>

#include "core/query.h"
#include "fuzz.h"

namespace {

using Kind = lede::QueryNode::Kind;
using lede::fuzz::Printable;

int Check(const lede::QueryNode& n, std::string_view q) {
  int depth = 0;
  for (const lede::QueryNode& c : n.children) depth = std::max(depth, Check(c, q));
  switch (n.kind) {
    case Kind::kAnd:
    case Kind::kOr:
      FUZZ_CHECK(n.children.size() >= 2, "AND/OR with " << n.children.size() << " children in " << Printable(q));
      for (const lede::QueryNode& c : n.children)
        FUZZ_CHECK(c.kind != Kind::kAll, "an empty node inside AND/OR in " << Printable(q));
      break;
    case Kind::kNot:
      FUZZ_CHECK(n.children.size() == 1, "NOT with " << n.children.size() << " children in " << Printable(q));
      FUZZ_CHECK(n.children[0].kind != Kind::kAll, "NOT of nothing in " << Printable(q));
      break;
    case Kind::kWord: case Kind::kPhrase: case Kind::kPrefix: case Kind::kLang: case Kind::kEntity:
      FUZZ_CHECK(!n.text.empty(), "a term without text in " << Printable(q));
      FUZZ_CHECK(n.children.empty(), "a term with children in " << Printable(q));
      break;
    case Kind::kFuzzy:
      FUZZ_CHECK(!n.text.empty() && (n.fuzzy == 1 || n.fuzzy == 2), "fuzzy " << n.fuzzy << " in " << Printable(q));
      break;
    case Kind::kDate:
      FUZZ_CHECK(n.from < n.to, "date node [" << n.from << ", " << n.to << ") in " << Printable(q));
      break;
    case Kind::kAll:
      FUZZ_CHECK(n.children.empty(), "kAll with children in " << Printable(q));
      break;
  }
  return depth + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const lede::Query q = lede::ParseQuery(text);
  const int depth = Check(q.root, text);
  // Each nesting level (parenthesis or NOT) adds at most two tree levels: the group and its AND/OR.
  FUZZ_CHECK(depth <= 2 * 70, "tree depth " << depth);
  if (text.find_first_not_of(" \t\n\v\f\r") == std::string_view::npos)
    FUZZ_CHECK(q.empty() && q.errors.empty(), "an empty query parsed to something");
  const std::string printed = lede::ToString(q.root);
  FUZZ_CHECK(!printed.empty(), "ToString printed nothing");

  int64_t from = 0, to = 0;
  std::string error;
  if (lede::ParseDateRange(text, &from, &to, &error))
    FUZZ_CHECK(from < to, "ParseDateRange(" << Printable(text) << ") = [" << from << ", " << to << ")");
  else
    FUZZ_CHECK(!error.empty(), "ParseDateRange failed without an error for " << Printable(text));
  return 0;
}
