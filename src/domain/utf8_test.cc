#include "domain/utf8.h"

#include <gtest/gtest.h>

namespace shouhu::domain {
namespace {

TEST(Utf8Test, SplitsCodePointsAndKeepsEveryByte) {
  const std::string text = "测试a·";
  const auto units = SplitCodePoints(text);
  ASSERT_EQ(units.size(), 4u);
  EXPECT_EQ(units[0], "测");
  EXPECT_EQ(units[2], "a");
  EXPECT_EQ(units[3], "·");
  EXPECT_EQ(DecodeCodePoint(units[0]), U'测');
  EXPECT_EQ(DecodeCodePoint(units[3]), U'\u00B7');
}

TEST(Utf8Test, InvalidBytesBecomeSingleUnits) {
  const std::string text = "\xe6\xb5x\xff\xc0\x80";  // truncated, stray, overlong
  const auto units = SplitCodePoints(text);
  ASSERT_EQ(units.size(), 6u);
  std::string joined;
  for (auto u : units) joined += u;
  EXPECT_EQ(joined, text);
  EXPECT_EQ(DecodeCodePoint(units[0]), kInvalidCodePoint);
  EXPECT_EQ(DecodeCodePoint(units[2]), U'x');
  EXPECT_EQ(DecodeCodePoint("\xed\xa0\x80"), kInvalidCodePoint);  // surrogate
  EXPECT_EQ(DecodeCodePoint(""), kInvalidCodePoint);
  EXPECT_EQ(DecodeCodePoint("ab"), kInvalidCodePoint);  // more than one unit
}

TEST(Utf8Test, EncodesEveryLength) {
  for (char32_t cp : {U'A', U'\u00B7', U'守', U'\U0001F600'}) {
    std::string s;
    AppendUtf8(s, cp);
    EXPECT_EQ(DecodeCodePoint(s), cp);
  }
  std::string s;
  AppendUtf8(s, 0xD800);
  AppendUtf8(s, 0x110000);
  EXPECT_TRUE(s.empty());
}

TEST(Utf8Test, TrimsAsciiAndIdeographicSpace) {
  EXPECT_EQ(TrimSpace("  \t测试某\u3000"), "测试某");
  EXPECT_EQ(TrimSpace("\u00A0a b\n"), "a b");
  EXPECT_EQ(TrimSpace(" \u3000 "), "");
  EXPECT_EQ(TrimSpace(""), "");
}

}  // namespace
}  // namespace shouhu::domain
