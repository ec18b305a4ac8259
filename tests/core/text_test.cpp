// Tests for core/text.h: UTF-8 decoding, validation, repair, CJK detection.
#include "core/text.h"

#include <gtest/gtest.h>

namespace lede {

TEST(Utf8, DecodesAllLengths) {
  char32_t cp = 0;
  EXPECT_EQ(DecodeUtf8("A", 0, &cp), 1); EXPECT_EQ(cp, U'A');
  EXPECT_EQ(DecodeUtf8("\xC3\xA9", 0, &cp), 2); EXPECT_EQ(cp, U'\u00E9');
  EXPECT_EQ(DecodeUtf8("\xE4\xB8\x96", 0, &cp), 3); EXPECT_EQ(cp, U'\u4E16');
  EXPECT_EQ(DecodeUtf8("\xF0\x9F\x98\x80", 0, &cp), 4); EXPECT_EQ(cp, U'\U0001F600');
}

TEST(Utf8, RejectsIllFormed) {
  char32_t cp;
  EXPECT_EQ(DecodeUtf8("\xC0\xAF", 0, &cp), 0);          // overlong '/'
  EXPECT_EQ(DecodeUtf8("\xED\xA0\x80", 0, &cp), 0);      // surrogate
  EXPECT_EQ(DecodeUtf8("\xF4\x90\x80\x80", 0, &cp), 0);  // > U+10FFFF
  EXPECT_EQ(DecodeUtf8("\xE4\xB8", 0, &cp), 0);          // truncated
  EXPECT_EQ(FindInvalidUtf8("ok \xE4\xB8\x96 \xFF"), 7u);
  EXPECT_EQ(FindInvalidUtf8("all fine \xE4\xB8\x96"), std::string_view::npos);
}

TEST(Utf8, RepairReplacesEachBadSequenceOnce) {
  std::string s = "caf\xC3 au lait \xE4\xB8 x";
  EXPECT_EQ(RepairUtf8(s), 2u);
  EXPECT_EQ(s, "caf\xEF\xBF\xBD au lait \xEF\xBF\xBD x");
  EXPECT_EQ(FindInvalidUtf8(s), std::string_view::npos);
}

TEST(Utf8, FindsCjk) {
  EXPECT_TRUE(ContainsCjk("The 世界互联网大会 in Wuzhen"));
  EXPECT_TRUE(ContainsCjk("ひらがな"));
  EXPECT_TRUE(ContainsCjk("한국어"));
  EXPECT_FALSE(ContainsCjk("Café déjà vu, Ελληνικά, русский"));
  std::string round;
  AppendUtf8(round, U'\u4E16');
  AppendUtf8(round, U'\U0001F600');
  EXPECT_EQ(round, "\xE4\xB8\x96\xF0\x9F\x98\x80");
}

}  // namespace lede
