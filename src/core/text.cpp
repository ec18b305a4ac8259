// text.cpp: UTF-8 decoding per RFC 3629 (section 4, the well-formed byte sequences table).
#include "core/text.h"

namespace lede {

int DecodeUtf8(std::string_view s, size_t i, char32_t* cp) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
  const size_t left = s.size() - i;
  if (left == 0) return 0;
  const unsigned char b0 = p[0];
  if (b0 < 0x80) { *cp = b0; return 1; }
  auto cont = [&](size_t k) { return k < left && (p[k] & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (!cont(1)) return 0;
    *cp = (char32_t(b0 & 0x1F) << 6) | (p[1] & 0x3F);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (b0 == 0xE0 && p[1] < 0xA0) return 0;  // overlong
    if (b0 == 0xED && p[1] > 0x9F) return 0;  // surrogates
    *cp = (char32_t(b0 & 0x0F) << 12) | (char32_t(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (b0 == 0xF0 && p[1] < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && p[1] > 0x8F) return 0;  // > U+10FFFF
    *cp = (char32_t(b0 & 0x07) << 18) | (char32_t(p[1] & 0x3F) << 12) | (char32_t(p[2] & 0x3F) << 6) |
          (p[3] & 0x3F);
    return 4;
  }
  return 0;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

size_t FindInvalidUtf8(std::string_view s) {
  char32_t cp;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
    const int n = DecodeUtf8(s, i, &cp);
    if (n == 0) return i;
    i += size_t(n);
  }
  return std::string_view::npos;
}

size_t RepairUtf8(std::string& s) {
  size_t first = FindInvalidUtf8(s);
  if (first == std::string_view::npos) return 0;
  std::string out(s, 0, first);
  size_t replaced = 0;
  char32_t cp;
  for (size_t i = first; i < s.size();) {
    const int n = DecodeUtf8(s, i, &cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++replaced;
      ++i;
      // Skip the continuation bytes of the broken sequence so one bad character gives one U+FFFD.
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    } else {
      out.append(s, i, size_t(n));
      i += size_t(n);
    }
  }
  s.swap(out);
  return replaced;
}

bool IsCjk(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) ||    // Hiragana, Katakana
         (c >= 0x3400 && c <= 0x4DBF) ||    // CJK Extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||    // CJK Unified Ideographs
         (c >= 0xAC00 && c <= 0xD7AF) ||    // Hangul syllables
         (c >= 0xF900 && c <= 0xFAFF) ||    // CJK compatibility ideographs
         (c >= 0x20000 && c <= 0x3134F);    // Extensions B..G
}

bool ContainsCjk(std::string_view s) {
  char32_t cp;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
    const int n = DecodeUtf8(s, i, &cp);
    if (n == 0) { ++i; continue; }
    if (IsCjk(cp)) return true;
    i += size_t(n);
  }
  return false;
}

}  // namespace lede
