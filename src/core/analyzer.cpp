// analyzer.cpp: tokenization, folding (utf8proc) and stemming (Snowball libstemmer). See analyzer.h.
#include "core/analyzer.h"

#include <libstemmer.h>
#include <utf8proc.h>

#include "core/text.h"

namespace lede {

namespace {

enum class CharClass { kSeparator, kWord, kCjk };

inline CharClass Classify(char32_t cp) {
  if (cp < 0x80) {
    const bool alnum = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    return alnum ? CharClass::kWord : CharClass::kSeparator;
  }
  if (IsCjk(cp)) return CharClass::kCjk;
  switch (utf8proc_category(utf8proc_int32_t(cp))) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return CharClass::kWord;
    default:
      return CharClass::kSeparator;
  }
}

inline bool IsMark(char32_t cp) {
  const auto c = utf8proc_category(utf8proc_int32_t(cp));
  return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

// Latin (incl. extended and additional), IPA, Greek, Cyrillic, and the fullwidth / halfwidth forms:
// characters that get compatibility decomposition with diacritics stripped.
inline bool StripsMarks(char32_t cp) {
  return cp < 0x0530 || (cp >= 0x1E00 && cp <= 0x1FFF) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

std::string PrimaryLanguage(std::string_view lang) {
  std::string p;
  for (char c : lang) {
    if (c == '-' || c == '_') break;
    p += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return p;
}

}  // namespace

Analyzer::Analyzer() = default;

Analyzer::~Analyzer() {
  for (auto& [name, s] : by_name_)
    if (s->sb) sb_stemmer_delete(s->sb);
}

Analyzer::Stemmer* Analyzer::StemmerFor(std::string_view lang) {
  std::string key(lang);
  if (auto it = by_lang_.find(key); it != by_lang_.end()) return it->second;
  const std::string name = StemmerName(lang);
  std::unique_ptr<Stemmer>& owned = by_name_[name];
  if (!owned) {
    owned = std::make_unique<Stemmer>();
    owned->name = name;
    owned->sb = sb_stemmer_new(name.c_str(), "UTF_8");
  }
  by_lang_[key] = owned.get();
  return owned.get();
}

std::string_view Analyzer::StemWith(Stemmer* s, const std::string& folded) {
  if (!s->sb || folded.size() <= 2) return folded;
  auto it = s->cache.find(folded);
  if (it == s->cache.end()) {
    const sb_symbol* out = sb_stemmer_stem(s->sb, reinterpret_cast<const sb_symbol*>(folded.data()), int(folded.size()));
    std::string value = out ? std::string(reinterpret_cast<const char*>(out), size_t(sb_stemmer_length(s->sb))) : folded;
    // Snowball's Greek stemmer strips some short words to nothing ("ετε"); an empty term would match every
    // other such word, so the word stays as it is.
    if (value.empty()) value = folded;
    it = s->cache.emplace(folded, std::move(value)).first;
  }
  return it->second;
}

std::string Analyzer::StemmerName(std::string_view lang) {
  const std::string primary = PrimaryLanguage(lang);
  if (!primary.empty()) {
    if (sb_stemmer* probe = sb_stemmer_new(primary.c_str(), "UTF_8")) {
      sb_stemmer_delete(probe);
      // libstemmer accepts ISO codes as aliases; report the canonical algorithm name.
      static const char* const kNames[][2] = {
          {"ar", "arabic"}, {"hy", "armenian"}, {"eu", "basque"}, {"ca", "catalan"}, {"da", "danish"},
          {"nl", "dutch"}, {"en", "english"}, {"fi", "finnish"}, {"fr", "french"}, {"de", "german"},
          {"el", "greek"}, {"hi", "hindi"}, {"hu", "hungarian"}, {"id", "indonesian"}, {"ga", "irish"},
          {"it", "italian"}, {"lt", "lithuanian"}, {"ne", "nepali"}, {"no", "norwegian"}, {"pt", "portuguese"},
          {"ro", "romanian"}, {"ru", "russian"}, {"sr", "serbian"}, {"es", "spanish"}, {"sv", "swedish"},
          {"ta", "tamil"}, {"tr", "turkish"}, {"yi", "yiddish"}};
      for (const auto& n : kNames)
        if (primary == n[0]) return n[1];
      return primary;
    }
  }
  return "english";
}

void Analyzer::FoldInto(std::string_view word, bool ascii, std::string* out) {
  if (ascii) {
    for (char c : word) out->push_back(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c);
    return;
  }
  char32_t cp;
  utf8proc_int32_t buf[16];
  for (size_t i = 0; i < word.size();) {
    int n = DecodeUtf8(word, i, &cp);
    if (n == 0) { ++i; continue; }
    i += size_t(n);
    if (cp < 0x80) { out->push_back(cp >= 'A' && cp <= 'Z' ? char(cp - 'A' + 'a') : char(cp)); continue; }
    if (StripsMarks(cp)) {
      int last_boundclass = 0;
      const utf8proc_ssize_t m = utf8proc_decompose_char(
          utf8proc_int32_t(cp), buf, 16,
          utf8proc_option_t(UTF8PROC_CASEFOLD | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK), &last_boundclass);
      for (utf8proc_ssize_t k = 0; k < m && k < 16; ++k) AppendUtf8(*out, char32_t(buf[k]));
    } else {
      AppendUtf8(*out, char32_t(utf8proc_tolower(utf8proc_int32_t(cp))));
    }
  }
}

std::string Analyzer::Fold(std::string_view word) {
  bool ascii = true;
  for (char c : word) ascii &= static_cast<unsigned char>(c) < 0x80;
  std::string out;
  FoldInto(word, ascii, &out);
  return out;
}

std::string_view Analyzer::Stem(std::string_view folded, std::string_view lang) {
  fold_buf_.assign(folded);
  return StemWith(StemmerFor(lang), fold_buf_);
}

void Analyzer::Segment(std::string_view text, Tokens* out) {
  uint32_t position = out->positions;
  size_t i = 0;
  const size_t n = text.size();
  char32_t cp = 0;
  size_t prev_cjk_start = SIZE_MAX;  // previous CJK character of the current run, for bigrams
  while (i < n) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    int len = 1;
    if (b < 0x80) cp = b;
    else if ((len = DecodeUtf8(text, i, &cp)) == 0) { ++i; prev_cjk_start = SIZE_MAX; continue; }
    const CharClass cls = Classify(cp);
    // A word starts with a letter or digit; a lone combining mark separates.
    if (cls == CharClass::kSeparator || (cls == CharClass::kWord && cp >= 0x80 && IsMark(cp))) {
      i += size_t(len);
      prev_cjk_start = SIZE_MAX;
      continue;
    }
    if (cls == CharClass::kCjk) {
      if (prev_cjk_start != SIZE_MAX)  // the bigram that starts at the previous character
        out->spans.push_back({uint32_t(prev_cjk_start), uint32_t(i + size_t(len)), position - 1, 0, 0, true, false});
      out->spans.push_back({uint32_t(i), uint32_t(i + size_t(len)), position, 0, 0, false, false});
      ++position;
      prev_cjk_start = i;
      i += size_t(len);
      continue;
    }
    // A word: letters, digits and marks up to the next separator or CJK character.
    prev_cjk_start = SIZE_MAX;
    const size_t start = i;
    bool ascii = cp < 0x80;
    i += size_t(len);
    while (i < n) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c < 0x80) {
        if (Classify(c) != CharClass::kWord) break;
        ++i;
        continue;
      }
      char32_t cp2;
      const int len2 = DecodeUtf8(text, i, &cp2);
      if (len2 == 0 || Classify(cp2) != CharClass::kWord) break;
      ascii = false;
      i += size_t(len2);
    }
    out->spans.push_back({uint32_t(start), uint32_t(i), position, 0, 0, false, ascii});
    ++position;
  }
  out->positions = position;
}

int Analyzer::StemmerIndex(std::string_view lang) {
  Stemmer* s = StemmerFor(lang);
  for (size_t k = 0; k < stemmer_list_.size(); ++k)
    if (stemmer_list_[k] == s) return int(k);
  stemmer_list_.push_back(s);
  return int(stemmer_list_.size() - 1);
}

std::string_view Analyzer::Normalize(std::string_view word, bool ascii, int stemmer) {
  fold_buf_.clear();
  FoldInto(word, ascii, &fold_buf_);
  // A word of marks only (halfwidth katakana U+FF9F folds to a combining mark, which accent stripping
  // drops) would become the empty term, matching every such word: it stays as written.
  if (fold_buf_.empty()) fold_buf_.assign(word);
  return StemWith(stemmer_list_[size_t(stemmer)], fold_buf_);
}

void Analyzer::Analyze(std::string_view text, std::string_view lang, Tokens* out) {
  Stemmer* stemmer = StemmerFor(lang);
  const size_t first = out->spans.size();
  Segment(text, out);
  for (size_t k = first; k < out->spans.size(); ++k) {
    TokenSpan& t = out->spans[k];
    const std::string_view raw = text.substr(t.start, t.end - t.start);
    std::string_view term = raw;
    if (!t.cjk_bigram && !IsCjkStart(raw)) {
      fold_buf_.clear();
      FoldInto(raw, t.ascii, &fold_buf_);
      if (fold_buf_.empty()) fold_buf_.assign(raw);  // as in Normalize
      term = StemWith(stemmer, fold_buf_);
    }
    t.term_begin = uint32_t(out->terms.size());
    t.term_len = uint32_t(term.size());
    out->terms.append(term);
  }
}

bool Analyzer::IsCjkStart(std::string_view raw) {
  char32_t cp;
  return !raw.empty() && static_cast<unsigned char>(raw[0]) >= 0x80 && DecodeUtf8(raw, 0, &cp) > 0 && IsCjk(cp);
}

}  // namespace lede
