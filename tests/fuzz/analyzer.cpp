// tests/fuzz/analyzer.cpp: the analyzer (core/analyzer.h) on arbitrary bytes: segmentation, folding,
// stemming and CJK bigrams. The first byte picks the language (one of kLangs), the rest is the text.
//
// Oracle: every token's byte range lies inside the text, is not empty and is well-formed UTF-8 (so it
// starts and ends on character boundaries, whatever invalid bytes surround it); words and CJK characters
// come in order without overlapping, numbered 0, 1, 2...; a bigram covers exactly its two neighbouring
// characters at the first one's position; Segment finds the same tokens as Analyze; a word's term is what
// Normalize gives for it (the index builds its terms that way, queries through Analyze: they must agree),
// CJK terms are the characters themselves, and every term is non-empty valid UTF-8; analyzing again, or
// after other text (positions shifted), gives the same terms.
//
// fuzz: -max_len=2048
// seeds: text
#include "core/analyzer.h"
#include "core/text.h"
#include "fuzz.h"

namespace {

const char* const kLangs[] = {"en", "", "fr", "de", "ru", "zh", "ja", "ko", "el", "ar", "tr", "EN-gb", "pt_BR", "xx", "fi", "nl"};

bool IsAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using lede::fuzz::Printable;
  if (size == 0) return 0;
  static lede::Analyzer analyzer;  // one for the whole run, as the index keeps one: stem caches persist
  const std::string_view lang = kLangs[data[0] % (sizeof kLangs / sizeof kLangs[0])];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  lede::Tokens toks;
  analyzer.Analyze(text, lang, &toks);
  lede::Tokens seg;
  analyzer.Segment(text, &seg);
  FUZZ_CHECK(seg.size() == toks.size() && seg.positions == toks.positions, "Segment and Analyze disagree on " << Printable(text));
  const int stemmer = analyzer.StemmerIndex(lang);

  uint32_t next_position = 0;
  size_t last_end = 0;
  for (size_t i = 0; i < toks.size(); ++i) {
    const lede::TokenSpan& t = toks[i];
    const lede::TokenSpan& s = seg[i];
    FUZZ_CHECK(t.start == s.start && t.end == s.end && t.position == s.position && t.cjk_bigram == s.cjk_bigram &&
                   t.ascii == s.ascii,
               "token " << i << ": Segment and Analyze disagree");
    FUZZ_CHECK(t.start < t.end && t.end <= text.size(), "token " << i << " [" << t.start << ", " << t.end << ") in " << text.size() << " bytes");
    const std::string_view raw = text.substr(t.start, t.end - t.start);
    FUZZ_CHECK(lede::FindInvalidUtf8(raw) == std::string::npos, "token " << i << " is not valid UTF-8: " << Printable(raw));
    const std::string_view term = toks.Term(i);
    FUZZ_CHECK(size_t(t.term_begin) + t.term_len <= toks.terms.size(), "token " << i << ": term out of range");
    FUZZ_CHECK(!term.empty(), "token " << i << " (" << Printable(raw) << ") has an empty term");
    FUZZ_CHECK(lede::FindInvalidUtf8(term) == std::string::npos, "term of " << Printable(raw) << " is not valid UTF-8: " << Printable(term));
    if (t.cjk_bigram) {
      // The pair: the previous token is the first character, which starts the bigram.
      FUZZ_CHECK(i >= 1 && !toks[i - 1].cjk_bigram && toks[i - 1].start == t.start && t.position == toks[i - 1].position &&
                     t.position + 1 == next_position && t.end > toks[i - 1].end,
                 "bigram " << i << " is not over its two characters");
      char32_t a, b;
      const int la = lede::DecodeUtf8(raw, 0, &a);
      FUZZ_CHECK(la > 0 && lede::DecodeUtf8(raw, size_t(la), &b) == int(raw.size()) - la && lede::IsCjk(a) && lede::IsCjk(b),
                 "bigram " << Printable(raw) << " is not two CJK characters");
      FUZZ_CHECK(term == raw, "bigram term " << Printable(term) << " for " << Printable(raw));
      continue;
    }
    FUZZ_CHECK(t.position == next_position, "token " << i << " at position " << t.position << ", expected " << next_position);
    FUZZ_CHECK(t.start >= last_end, "token " << i << " overlaps the previous one");
    ++next_position;
    last_end = t.end;
    FUZZ_CHECK(t.ascii == IsAscii(raw), "token " << Printable(raw) << ": ascii flag " << t.ascii);
    if (lede::Analyzer::IsCjkStart(raw)) {
      FUZZ_CHECK(term == raw, "CJK term " << Printable(term) << " for " << Printable(raw));
    } else {
      const std::string normalized(analyzer.Normalize(raw, t.ascii, stemmer));
      FUZZ_CHECK(term == normalized, "word " << Printable(raw) << ": Analyze gives " << Printable(term)
                                             << ", Normalize gives " << Printable(normalized));
    }
  }
  FUZZ_CHECK(toks.positions == next_position, "positions " << toks.positions << ", counted " << next_position);

  // Again, after a first field: same terms, positions shifted by the first field's.
  lede::Tokens two;
  analyzer.Analyze("Gathered in Wuzhen", "en", &two);
  const size_t first = two.size();
  const uint32_t shift = two.positions;
  analyzer.Analyze(text, lang, &two);
  FUZZ_CHECK(two.size() == first + toks.size(), "a second field changed the token count");
  for (size_t i = 0; i < toks.size(); ++i)
    FUZZ_CHECK(two.Term(first + i) == toks.Term(i) && two[first + i].position == toks[i].position + shift &&
                   two[first + i].start == toks[i].start,
               "token " << i << " differs after another field");
  return 0;
}
