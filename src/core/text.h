// text.h: small UTF-8 helpers for the core (no UI). Depends on nothing but the standard library.
// Decode / validate / repair UTF-8 and find CJK code points. Unicode folding lives in analyzer.h.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lede {

// Decodes the code point at s[i]. Returns its length in bytes (1..4) and stores it in *cp, or returns 0
// when the bytes at i are not well-formed UTF-8 (overlong forms, surrogates and > U+10FFFF included).
int DecodeUtf8(std::string_view s, size_t i, char32_t* cp);

// Appends the UTF-8 encoding of cp to out.
void AppendUtf8(std::string& out, char32_t cp);

// Byte offset of the first ill-formed sequence, or npos when s is valid UTF-8.
size_t FindInvalidUtf8(std::string_view s);

// Replaces each ill-formed sequence with U+FFFD. Returns how many were replaced.
size_t RepairUtf8(std::string& s);

// Han, Hiragana, Katakana, Hangul and CJK punctuation-free letter blocks: text that has no spaces
// between words and is indexed as character bigrams.
bool IsCjk(char32_t cp);

// True when s holds at least one CJK code point.
bool ContainsCjk(std::string_view s);

}  // namespace lede
