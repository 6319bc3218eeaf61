#include "domain/masking.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/utf8.h"

namespace shouhu::domain {
namespace {

TEST(MaskingTest, Names) {
  EXPECT_EQ(MaskName("测试某"), "测某某");
  EXPECT_EQ(MaskName("张小红"), "张某某");
  EXPECT_EQ(MaskName("欧阳测试"), "欧某某某");
  EXPECT_EQ(MaskName("红"), "某");
  EXPECT_EQ(MaskName("  测试 "), "测某");
  EXPECT_EQ(MaskName("阿依·测试"), "阿某某某某");
  EXPECT_EQ(MaskName("Testa Example"), "T**");
  EXPECT_EQ(MaskName("x"), "x**");
  EXPECT_EQ(MaskName(""), "");
  EXPECT_EQ(MaskName("\xe6\xb5"), "某");
  EXPECT_EQ(MaskName("测\xff"), "某");
}

TEST(MaskingTest, IdNumbers) {
  EXPECT_EQ(MaskIdNumber("230103201001010021"), "2301**********0021");
  EXPECT_EQ(MaskIdNumber("23010320100101002X"), "2301**********002X");
  EXPECT_EQ(MaskIdNumber(" 230103201001010021 "), "2301**********0021");
  EXPECT_EQ(MaskIdNumber("E1234567"), "********");
  EXPECT_EQ(MaskIdNumber(""), "");
}

TEST(MaskingTest, Phones) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("0451-86661234"), "*********1234");
  EXPECT_EQ(MaskPhone("+8613812345678"), "**********5678");
  EXPECT_EQ(MaskPhone("12338"), "*****");
  EXPECT_EQ(MaskPhone(""), "");
}

TEST(MaskingTest, AddressesNeverShowMoreThanHalf) {
  EXPECT_EQ(MaskAddress("黑龙江省哈尔滨市南岗区测试路1号"), "黑龙江省哈尔…");
  EXPECT_EQ(MaskAddress("测试路1号"), "测试…");
  EXPECT_EQ(MaskAddress("某"), "…");
  EXPECT_EQ(MaskAddress(""), "");
  for (std::string_view a : {"测试路1号", "南岗区测试街道测试社区3栋", "x"}) {
    const std::string masked = MaskAddress(a);
    const size_t shown = SplitCodePoints(masked).size() - 1;  // minus the ellipsis
    EXPECT_LE(shown * 2, SplitCodePoints(a).size()) << a;
    EXPECT_LE(shown, 6u);
  }
}

TEST(MaskingTest, PseudonymsAreStableKeyedAndShort) {
  const std::string secret(32, 's');
  const std::string p = Pseudonym("NG-2026-000123", secret);
  EXPECT_EQ(p, Pseudonym("NG-2026-000123", secret));
  EXPECT_NE(p, Pseudonym("NG-2026-000123", std::string(32, 't')));
  EXPECT_NE(p, Pseudonym("NG-2026-000124", secret));
  const auto units = SplitCodePoints(p);
  ASSERT_EQ(units.size(), 7u);  // two-character stem, '-', four hex digits
  EXPECT_EQ(units[0], "小");
  EXPECT_EQ(units[2], "-");
  for (size_t i = 3; i < 7; ++i) {
    EXPECT_NE(std::string_view("0123456789ABCDEF").find(units[i]), std::string_view::npos) << p;
  }
  EXPECT_EQ(p.find("NG"), std::string::npos);
  // Many cases spread over many distinct pseudonyms and several stems.
  std::set<std::string> seen;
  std::set<std::string> stems;
  for (int i = 0; i < 200; ++i) {
    const std::string q = Pseudonym("NG-2026-" + std::to_string(i), secret);
    seen.insert(q);
    stems.insert(q.substr(0, q.find('-')));
  }
  EXPECT_GE(seen.size(), 195u);
  EXPECT_GE(stems.size(), 10u);
}

}  // namespace
}  // namespace shouhu::domain
