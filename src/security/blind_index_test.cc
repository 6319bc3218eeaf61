#include "security/blind_index.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/id_number.h"

namespace shouhu::security {
namespace {

SecretKey KeyOf(unsigned char fill) {
  unsigned char bytes[kKeyBytes];
  std::fill(std::begin(bytes), std::end(bytes), fill);
  return *SecretKey::FromBytes(bytes, sizeof bytes);
}

// A fictional ID number with a correct check digit.
std::string FictionalId() {
  const std::string first17 = "23010320110315123";
  return first17 + domain::IdCheckDigit(first17);
}

bool ContainsAll(const std::vector<std::string>& stored, const std::vector<std::string>& tokens) {
  return !tokens.empty() && std::all_of(tokens.begin(), tokens.end(), [&](const std::string& t) {
    return std::find(stored.begin(), stored.end(), t) != stored.end();
  });
}

TEST(BlindIndexTest, KeyedDeterministicAndDomainSeparated) {
  const SecretKey key = KeyOf(1);
  const std::string a = BlindIndex(key, kNameIndexTag, "测试某");
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(a, BlindIndex(key, kNameIndexTag, "测试某"));
  EXPECT_NE(a, BlindIndex(KeyOf(2), kNameIndexTag, "测试某"));
  EXPECT_NE(a, BlindIndex(key, kNameIndexTag, "测试甲"));
  EXPECT_NE(a, BlindIndex(key, kPhoneIndexTag, "测试某"));
  // The separator keeps "tag" + "value" splits apart.
  EXPECT_NE(BlindIndex(key, "ab", "c"), BlindIndex(key, "a", "bc"));
  EXPECT_EQ(a.find("测试"), std::string::npos);
}

TEST(BlindIndexTest, IdNumberNormalisation) {
  const std::string id = FictionalId();
  std::string lower = id;
  if (lower.back() == 'X') lower.back() = 'x';
  EXPECT_EQ(NormaliseIdNumber("  " + lower + "\t"), id);
  EXPECT_EQ(NormaliseIdNumber("230103 2011 0315 123x"),
            "2301032011031512"
            "3X");
  EXPECT_EQ(NormaliseIdNumber("２３０１０３\u3000２０１１０３１５１２３ｘ"), "23010320110315123X");
  const SecretKey key = KeyOf(3);
  EXPECT_EQ(IdNumberIndex(key, " " + id + " "), IdNumberIndex(key, id));
  EXPECT_EQ(IdNumberIndex(key, id), BlindIndex(key, kIdNumberIndexTag, id));
}

TEST(BlindIndexTest, NameNormalisation) {
  EXPECT_EQ(NormaliseName("  测试某 "), "测试某");
  EXPECT_EQ(NormaliseName("测 试\u3000某"), "测试某");
  EXPECT_EQ(NormaliseName("阿依·测试"), "阿依测试");
  EXPECT_EQ(NormaliseName("阿依•测试"), "阿依测试");
  EXPECT_EQ(NormaliseName("阿依・测试"), "阿依测试");
  EXPECT_EQ(NormaliseName("Ｔｅｓｔａ Ｅｘａｍｐｌｅ"), "testaexample");
  EXPECT_EQ(NormaliseName("TESTA example"), "testaexample");
  EXPECT_EQ(NormaliseName(""), "");
  EXPECT_EQ(NormaliseName("测\xff"), "测\xff");  // invalid bytes pass through unchanged
  const SecretKey key = KeyOf(4);
  EXPECT_EQ(NameIndex(key, "阿依 · 测试"), NameIndex(key, "阿依测试"));
}

TEST(BlindIndexTest, PhoneNormalisation) {
  EXPECT_EQ(NormalisePhone("13812345678"), "13812345678");
  EXPECT_EQ(NormalisePhone("138-1234-5678"), "13812345678");
  EXPECT_EQ(NormalisePhone("+86 138 1234 5678"), "13812345678");
  EXPECT_EQ(NormalisePhone("+86-13812345678"), "13812345678");
  EXPECT_EQ(NormalisePhone("8613812345678"), "13812345678");
  EXPECT_EQ(NormalisePhone("008613812345678"), "13812345678");
  EXPECT_EQ(NormalisePhone("１３８１２３４５６７８"), "13812345678");
  EXPECT_EQ(NormalisePhone("0451-86661234"), "045186661234");
  EXPECT_EQ(NormalisePhone("+86 451 8666 1234"), "045186661234");
  EXPECT_EQ(NormalisePhone("86661234"), "86661234");  // a local number starting 86 stays
  EXPECT_EQ(NormalisePhone("12338"), "12338");
  EXPECT_EQ(NormalisePhone("+1 555 0100"), "15550100");
  const SecretKey key = KeyOf(5);
  EXPECT_EQ(PhoneIndex(key, "+86 138 1234 5678"), PhoneIndex(key, "138-1234-5678"));
}

TEST(BlindIndexTest, BigramsFindSubstringsOfTwoOrMoreCharacters) {
  const SecretKey key = KeyOf(6);
  const auto stored = NameBigramIndexes(key, "张测试红");
  EXPECT_EQ(stored.size(), 3u);  // 张测 测试 试红
  for (std::string_view query : {"张测", "测试", "试红", "测试红", "张测试红", " 测 试 "}) {
    EXPECT_TRUE(ContainsAll(stored, NameSearchTokens(key, query))) << query;
  }
  for (std::string_view query : {"红测", "测红", "李测", "张测红"}) {
    EXPECT_FALSE(ContainsAll(stored, NameSearchTokens(key, query))) << query;
  }
  // Under another key nothing matches.
  EXPECT_FALSE(ContainsAll(stored, NameSearchTokens(KeyOf(7), "测试")));
}

TEST(BlindIndexTest, ShortNamesRepeatsAndEmpty) {
  const SecretKey key = KeyOf(8);
  const auto single = NameBigramIndexes(key, "红");
  ASSERT_EQ(single.size(), 1u);
  EXPECT_EQ(single, NameSearchTokens(key, "红"));
  EXPECT_FALSE(ContainsAll(NameBigramIndexes(key, "测试红"), NameSearchTokens(key, "红")));
  EXPECT_EQ(NameBigramIndexes(key, "测测测").size(), 1u);    // duplicates removed
  EXPECT_EQ(NameBigramIndexes(key, "测试测试").size(), 2u);  // 测试 试测
  EXPECT_TRUE(NameBigramIndexes(key, "").empty());
  EXPECT_TRUE(NameSearchTokens(key, "  ").empty());
  // Latin names are case- and width-insensitive.
  EXPECT_TRUE(ContainsAll(NameBigramIndexes(key, "Testa Example"), NameSearchTokens(key, "TAEX")));
}

}  // namespace
}  // namespace shouhu::security
