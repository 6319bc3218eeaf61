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

TEST(MaskingTest, IdNumbersShowNoCharacter) {
  EXPECT_EQ(MaskIdNumber("230103201001010021"), "******************");
  EXPECT_EQ(MaskIdNumber("23010320100101002X"), "******************");
  EXPECT_EQ(MaskIdNumber(" 230103201001010021 "), "******************");
  EXPECT_EQ(MaskIdNumber("E1234567"), "********");
  EXPECT_EQ(MaskIdNumber(""), "");
}

TEST(MaskingTest, BirthDatesShowNotEvenTheYear) {
  EXPECT_EQ(MaskBirthDate("2010-01-01"), "****-**-**");
  EXPECT_EQ(MaskBirthDate(" 2013-05-12 "), "****-**-**");
  EXPECT_EQ(MaskBirthDate(""), "");
}

TEST(MaskingTest, PhonesShowTheLastFourDigitsOnly) {
  EXPECT_EQ(MaskPhone("13812345678"), "*******5678");
  EXPECT_EQ(MaskPhone("0451-86661234"), "*********1234");
  EXPECT_EQ(MaskPhone("+8613812345678"), "**********5678");
  EXPECT_EQ(MaskPhone(" 13812345678 "), "*******5678");
  EXPECT_EQ(MaskPhone("12338"), "*****");
  EXPECT_EQ(MaskPhone(""), "");
}

TEST(MaskingTest, SchoolsShowTheirKindOnly) {
  EXPECT_EQ(MaskSchool("哈尔滨市第三中学"), "…中学");
  EXPECT_EQ(MaskSchool("南岗区测试小学"), "…小学");
  EXPECT_EQ(MaskSchool("测试一中"), "…中学");
  EXPECT_EQ(MaskSchool("测试市实验高级中学"), "…中学");
  EXPECT_EQ(MaskSchool("测试幼儿园"), "…幼儿园");
  EXPECT_EQ(MaskSchool("测试特殊教育学校"), "…特殊教育学校");
  EXPECT_EQ(MaskSchool("测试中等职业学校"), "…职业学校");
  EXPECT_EQ(MaskSchool("测试培训中心"), "…");
  EXPECT_EQ(MaskSchool("小学"), "…") << "a bare kind is no name to hide, but shows nothing";
  EXPECT_EQ(MaskSchool(" 测试小学 "), "…小学");
  EXPECT_EQ(MaskSchool(""), "");
  // Whatever the name, no character of it is copied except through the fixed kind labels.
  for (std::string_view school :
       {"哈尔滨市第三中学", "南岗区测试小学", "测试培训中心", "红星幼儿园", "Testa School"}) {
    const std::string masked = MaskSchool(school);
    for (std::string_view unit : SplitCodePoints(school)) {
      if (std::string_view("小中学幼儿园").find(unit) != std::string_view::npos) continue;
      EXPECT_EQ(masked.find(unit), std::string::npos) << school << " -> " << masked;
    }
  }
}

TEST(MaskingTest, AddressesShowTheDistrictAtMost) {
  EXPECT_EQ(MaskAddress("黑龙江省哈尔滨市南岗区测试路1号"), "黑龙江省哈尔滨市南岗区…");
  EXPECT_EQ(MaskAddress("哈尔滨市南岗区测试街道3栋"), "哈尔滨市南岗区…");
  EXPECT_EQ(MaskAddress("北京市朝阳区测试路88号"), "北京市朝阳区…");
  EXPECT_EQ(MaskAddress("内蒙古自治区呼伦贝尔市鄂温克族自治旗测试路"),
            "内蒙古自治区呼伦贝尔市鄂温克族自治旗…");
  EXPECT_EQ(MaskAddress("黑龙江省测试市场3号"), "黑龙江省…") << "a market is no city";
  EXPECT_EQ(MaskAddress("黑龙江省五常市测试镇测试村"), "黑龙江省五常市…");
  EXPECT_EQ(MaskAddress("黑龙江省哈尔滨市南岗区"), "黑龙江省哈尔滨市南岗区");
  EXPECT_EQ(MaskAddress(" 黑龙江省测试路1号 "), "黑龙江省…");
  // No province, and no city followed by its district: nothing of the address.
  EXPECT_EQ(MaskAddress("南岗区测试路1号"), "…");
  EXPECT_EQ(MaskAddress("测试路1号"), "…");
  EXPECT_EQ(MaskAddress("阳光小区3栋"), "…");
  EXPECT_EQ(MaskAddress("南门夜市后街5号"), "…");
  EXPECT_EQ(MaskAddress("测试超市东区2号"), "…");
  EXPECT_EQ(MaskAddress("Room 3, 12 Test Road"), "…");
  EXPECT_EQ(MaskAddress("某"), "…");
  EXPECT_EQ(MaskAddress("\xe6\xb5"), "…");
  EXPECT_EQ(MaskAddress(""), "");
  // Below the district: compounds, streets, buildings and markets never appear.
  for (std::string_view a :
       {"黑龙江省哈尔滨市阳光小区3栋", "黑龙江省哈尔滨市南岗区阳光社区", "黑龙江省测试市场",
        "哈尔滨市测试路南岗区", "黑龙江省哈尔滨市测试县城关镇1号"}) {
    const std::string masked = MaskAddress(a);
    for (std::string_view below : {"小区", "社区", "路", "市场", "镇", "号", "栋"}) {
      EXPECT_EQ(masked.find(below), std::string::npos) << a << " -> " << masked;
    }
  }
}

// The masked identity of one girl, as a caseworker sees it, leaks at most what the rule in
// masking.h allows: no character of the ID number or of the birth date, the surname, the last
// four digits of the phone, the school's kind and the district.
TEST(MaskingTest, TheMaskedIdentityTogetherDoesNotNarrowTheIdNumber) {
  const std::string id_number = "230103201305120024";  // fictional: born 2013-05-12
  const std::string birth_date = "2013-05-12";
  const std::string phone = "13812345678";
  const std::string masked_view =
      MaskName("测试小红") + "|" + MaskIdNumber(id_number) + "|" + MaskBirthDate(birth_date) + "|" +
      MaskPhone(phone) + "|" + MaskSchool("哈尔滨市第三中学") + "|" +
      MaskAddress("黑龙江省哈尔滨市南岗区测试路1号") + "|" + MaskName("测试监护人");
  EXPECT_EQ(masked_view,
            "测某某某|******************|****-**-**|*******5678|…中学|黑龙江省哈尔滨市南岗区…|"
            "测某某某某");
  // Every digit shown is one of the phone's last four; none comes from the ID number or the
  // birth date.
  std::string digits;
  for (char c : masked_view) {
    if (c >= '0' && c <= '9') digits += c;
  }
  EXPECT_EQ(digits, phone.substr(7));
  // The ID number's parts (region, birth year, month and day, sequence, check digit) appear
  // nowhere, not even as the trailing "尾号".
  for (const std::string& part : {id_number.substr(0, 4), id_number.substr(6, 4),
                                  id_number.substr(10, 4), id_number.substr(14, 4)}) {
    EXPECT_EQ(masked_view.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(masked_view.find(birth_date.substr(0, 4)), std::string::npos) << "no birth year";
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
