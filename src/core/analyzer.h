// analyzer.h: turns text into index terms, keeping the byte range of every token.
//
//   Analyzer an;                      // one per thread of work; caches stems
//   Tokens toks;
//   an.Analyze(text, "en", &toks);    // toks.size(), toks.Term(i), toks[i].start/.end/.position
//
// Rules (the same for documents and queries, so they always agree):
// - Words are runs of letters, digits and combining marks (Unicode categories L*, N*, M*); everything
//   else separates words, including apostrophes and hyphens.
// - Folding: Unicode case folding (utf8proc); for Latin, Greek and Cyrillic words also compatibility
//   decomposition with diacritics stripped (utf8proc NFKD + STRIPMARK), so "Zürich" matches "zurich".
// - Stemming: Snowball (libstemmer) in the article's language when Snowball has one ("en", "fr", "ru"...);
//   English for Latin-script words otherwise (e.g. English names inside Chinese text).
// - Chinese, Japanese and Korean runs have no spaces: each character is a token (its unigram) and each
//   pair of neighbours is a token (the bigram), both at the first character's position, so a query for
//   互联网 (bigrams 互联, 联网 at consecutive positions) matches 世界互联网大会. See e.g. Kwok, "Comparing
//   representations in Chinese information retrieval" (SIGIR 1997) for bigram indexing of Chinese.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sb_stemmer;

namespace lede {

struct TokenSpan {
  uint32_t start, end;      // byte range in the analyzed text
  uint32_t position;        // word position (CJK: character position)
  uint32_t term_begin, term_len;  // the term in Tokens::terms (empty after Segment alone)
  bool cjk_bigram;          // CJK pair token (not a unigram)
  bool ascii;               // a word of ASCII letters and digits only
};

struct Tokens {
  std::vector<TokenSpan> spans;
  std::string terms;        // all terms, back to back
  size_t size() const { return spans.size(); }
  const TokenSpan& operator[](size_t i) const { return spans[i]; }
  std::string_view Term(size_t i) const { return {terms.data() + spans[i].term_begin, spans[i].term_len}; }
  uint32_t positions = 0;   // one past the last position used
  void clear() { spans.clear(); terms.clear(); positions = 0; }
};

class Analyzer {
 public:
  Analyzer();
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Appends the tokens of text to out, positions starting at out->positions (so fields can be appended
  // one after another with a gap). lang chooses the stemmer.
  void Analyze(std::string_view text, std::string_view lang, Tokens* out);

  // Only splits text into tokens (spans and positions, no terms), as Analyze does. With Normalize, lets a
  // caller cache terms by their surface form (the index does).
  void Segment(std::string_view text, Tokens* out);
  // A small id for the stemmer of lang, for Normalize.
  int StemmerIndex(std::string_view lang);
  // The term of one word token from Segment (folded and stemmed). Valid until the next call.
  std::string_view Normalize(std::string_view word, bool ascii, int stemmer);
  static bool IsCjkStart(std::string_view raw);

  // Case- and diacritic-folds one word (no stemming). Used for prefixes and fuzzy terms.
  std::string Fold(std::string_view word);

  // Stems an already folded word with the stemmer for lang.
  std::string_view Stem(std::string_view folded, std::string_view lang);

  // Snowball stemmer name used for lang ("english" for unknown languages).
  std::string StemmerName(std::string_view lang);

 private:
  struct Stemmer {
    sb_stemmer* sb = nullptr;
    std::string name;
    std::unordered_map<std::string, std::string> cache;
  };
  Stemmer* StemmerFor(std::string_view lang);
  std::string_view StemWith(Stemmer* s, const std::string& folded);
  void FoldInto(std::string_view word, bool ascii, std::string* out);

  std::unordered_map<std::string, Stemmer*> by_lang_;                   // "en", "en-GB", "" -> stemmer
  std::unordered_map<std::string, std::unique_ptr<Stemmer>> by_name_;   // "english" -> stemmer
  std::vector<Stemmer*> stemmer_list_;                                   // StemmerIndex -> stemmer
  std::string fold_buf_;
};

}  // namespace lede
