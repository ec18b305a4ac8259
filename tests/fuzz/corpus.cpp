// tests/fuzz/corpus.cpp: the corpus reader (core/corpus.h) on arbitrary bytes: {"articles": [...]}, a bare
// array, a single article, JSON Lines, or anything else.
//
// Oracle: LoadCorpus on the whole input and CorpusReader::Begin + Step in slices (as the app reads a
// corpus a few hundred articles per frame; the slice sizes here are drawn from the input's hash, 0 to 7,
// so slices of one article and empty steps are common) give the same corpus and the same report: the
// same articles field by field, the same error, warnings and counts. Besides: every article has a
// non-empty, unique id, a title or a text, and only valid UTF-8 in its strings (the reader repairs bytes
// before parsing); loaded + skipped = seen; progress() never goes back and ends at 1.
//
// fuzz: -max_len=8192
// seeds: corpus
#include <unordered_set>

#include "core/corpus.h"
#include "core/text.h"
#include "fuzz.h"

namespace {

using lede::Article;
using lede::Corpus;
using lede::LoadReport;
using lede::fuzz::Printable;

void SameArticle(const Article& a, const Article& b, size_t i) {
  FUZZ_CHECK(a.id == b.id, "article " << i << ": id " << Printable(a.id) << " vs " << Printable(b.id));
  FUZZ_CHECK(a.title == b.title && a.text == b.text && a.lang == b.lang && a.source == b.source &&
                 a.byline == b.byline && a.url == b.url && a.date_text == b.date_text,
             "article " << i << " (" << Printable(a.id) << "): fields differ");
  FUZZ_CHECK(a.date.utc == b.date.utc && a.date.precision == b.date.precision, "article " << i << ": date differs");
  FUZZ_CHECK(a.tags == b.tags, "article " << i << ": tags differ");
  FUZZ_CHECK(a.entities.size() == b.entities.size(), "article " << i << ": entity count differs");
  for (size_t k = 0; k < a.entities.size(); ++k)
    FUZZ_CHECK(a.entities[k].name == b.entities[k].name && a.entities[k].type == b.entities[k].type &&
                   a.entities[k].description == b.entities[k].description,
               "article " << i << ": entity " << k << " differs");
}

void SameReport(const LoadReport& a, const LoadReport& b) {
  FUZZ_CHECK(a.error == b.error, "error " << Printable(a.error) << " vs " << Printable(b.error));
  FUZZ_CHECK(a.articles_seen == b.articles_seen && a.articles_loaded == b.articles_loaded &&
                 a.articles_skipped == b.articles_skipped && a.articles_repaired == b.articles_repaired &&
                 a.articles_undated == b.articles_undated && a.warnings_dropped == b.warnings_dropped,
             "counts differ: seen " << a.articles_seen << "/" << b.articles_seen << " loaded " << a.articles_loaded
                                    << "/" << b.articles_loaded << " skipped " << a.articles_skipped << "/"
                                    << b.articles_skipped);
  FUZZ_CHECK(a.warnings.size() == b.warnings.size(), "warning count " << a.warnings.size() << " vs " << b.warnings.size());
  for (size_t k = 0; k < a.warnings.size(); ++k)
    FUZZ_CHECK(a.warnings[k].where == b.warnings[k].where && a.warnings[k].message == b.warnings[k].message,
               "warning " << k << ": " << Printable(a.warnings[k].where + ": " + a.warnings[k].message) << " vs "
                          << Printable(b.warnings[k].where + ": " + b.warnings[k].message));
}

void Invariants(const Corpus& c, const LoadReport& r, bool ok) {
  FUZZ_CHECK(ok == r.error.empty(), "LoadCorpus returned " << ok << " with error " << Printable(r.error));
  if (!ok) return;
  FUZZ_CHECK(r.articles_loaded == c.articles.size(), "articles_loaded " << r.articles_loaded << " of " << c.articles.size());
  FUZZ_CHECK(r.articles_loaded + r.articles_skipped == r.articles_seen,
             "loaded " << r.articles_loaded << " + skipped " << r.articles_skipped << " != seen " << r.articles_seen);
  FUZZ_CHECK(r.warnings.size() <= LoadReport::kMaxWarnings, "too many warnings kept");
  std::unordered_set<std::string> ids;
  bool cjk = false;
  for (size_t i = 0; i < c.articles.size(); ++i) {
    const Article& a = c.articles[i];
    FUZZ_CHECK(!a.id.empty(), "article " << i << " has no id");
    FUZZ_CHECK(ids.insert(a.id).second, "duplicate id " << Printable(a.id));
    FUZZ_CHECK(!a.title.empty() || !a.text.empty(), "article " << i << " is empty");
    for (const std::string* s : {&a.id, &a.title, &a.text, &a.lang, &a.source, &a.byline, &a.url, &a.date_text})
      FUZZ_CHECK(lede::FindInvalidUtf8(*s) == std::string::npos, "article " << i << ": invalid UTF-8 in " << Printable(*s));
    for (const std::string& t : a.tags) FUZZ_CHECK(lede::FindInvalidUtf8(t) == std::string::npos, "invalid UTF-8 in a tag");
    cjk |= lede::ContainsCjk(a.title) || lede::ContainsCjk(a.text);
  }
  FUZZ_CHECK(cjk == c.has_cjk, "has_cjk " << c.has_cjk << " but the articles say " << cjk);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Corpus whole;
  LoadReport whole_report;
  const bool ok = lede::LoadCorpus(bytes, &whole, &whole_report);
  Invariants(whole, whole_report, ok);

  Corpus sliced;
  LoadReport sliced_report;
  lede::CorpusReader reader;
  if (reader.Begin(std::string(bytes), &sliced, &sliced_report)) {
    lede::fuzz::Rng rng(lede::fuzz::Hash(data, size));
    float progress = reader.progress();
    size_t steps = 0;
    for (bool done = false; !done; ++steps) {
      FUZZ_CHECK(steps <= 8 * (size + 2), "Step does not finish");
      const size_t slice = rng.Below(8);
      done = reader.Step(slice);
      const float now = reader.progress();
      FUZZ_CHECK(now >= progress && now <= 1.0f, "progress went from " << progress << " to " << now);
      FUZZ_CHECK(slice > 0 || done || now == progress, "an empty step made progress");
      progress = now;
    }
    FUZZ_CHECK(progress == 1.0f, "progress ends at " << progress);
    FUZZ_CHECK(reader.Step(3), "Step after the end is not done");
  } else {
    FUZZ_CHECK(!sliced_report.error.empty(), "Begin failed without an error");
  }
  SameReport(whole_report, sliced_report);
  FUZZ_CHECK(whole.name == sliced.name && whole.source == sliced.source && whole.license == sliced.license &&
                 whole.has_cjk == sliced.has_cjk,
             "corpus metadata differs");
  FUZZ_CHECK(whole.articles.size() == sliced.articles.size(),
             "whole read " << whole.articles.size() << " articles, sliced " << sliced.articles.size());
  for (size_t i = 0; i < whole.articles.size(); ++i) SameArticle(whole.articles[i], sliced.articles[i], i);
  return 0;
}
