// index_adopt.cpp: Index::Adopt, what makes an index restored from a pack (src/core/pack.cpp fills its
// arrays through VisitArrays) as safe to query as a built one: the arrays must belong to this corpus and
// pass Index::Check (index.cpp), which verifies every invariant listed next to VisitArrays in index.h,
// decoding every posting list once. Whoever changes the arrays changes Check (and bumps the pack's format
// version); nothing here knows the representation.
#include <set>

#include "core/index.h"

namespace lede {

bool Index::Adopt(const Corpus& corpus, const Bm25Params& params, std::string* error) {
  corpus_ = &corpus;
  params_ = params;
  finished_ = false;
  const size_t n = corpus.articles.size();
  if (doc_dates_.size() != n) {
    *error = "index array doc_dates: " + std::to_string(doc_dates_.size()) + " dates for " + std::to_string(n) + " articles";
    return false;
  }
  if (!Check(error)) return false;
  // Ready: the build state stays empty; the stemmers follow the corpus's languages, as Begin sets them.
  std::set<std::string> stemmers;
  for (const Article& a : corpus.articles) stemmers.insert(analyzer_->StemmerName(a.lang));
  stemmer_langs_.assign(stemmers.begin(), stemmers.end());
  added_ = n;
  finished_ = true;
  return true;
}

}  // namespace lede
