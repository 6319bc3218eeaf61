#include "domain/account_rules.h"

#include <gtest/gtest.h>

#include "domain/role.h"

namespace shouhu::domain {
namespace {

std::string Reason(const Status& s) {
  return s.fields().empty() ? "" : s.fields().begin()->second;
}

TEST(AccountRulesTest, UnitCode) {
  EXPECT_TRUE(CheckUnitCode("NG-FL").ok());
  EXPECT_EQ(Reason(CheckUnitCode("")), "required");
  EXPECT_EQ(Reason(CheckUnitCode("X")), "bad_length");
  EXPECT_EQ(Reason(CheckUnitCode("NG FL")), "bad_format");
  EXPECT_EQ(Reason(CheckUnitCode("妇联")), "bad_format");
}

TEST(AccountRulesTest, Username) {
  EXPECT_TRUE(CheckUsername("demo.police_1").ok());
  EXPECT_EQ(Reason(CheckUsername("Admin")), "bad_format");
  EXPECT_EQ(Reason(CheckUsername("ab")), "bad_length");
  EXPECT_EQ(CheckUsername("a b c").fields().begin()->first, "username");
}

TEST(AccountRulesTest, DisplayNameAndDistrict) {
  EXPECT_TRUE(CheckDisplayName("name", "南岗区妇联").ok());
  EXPECT_EQ(Reason(CheckDisplayName("name", "")), "required");
  EXPECT_EQ(Reason(CheckDisplayName("name", std::string(65, 'x'))), "too_long");
  EXPECT_EQ(Reason(CheckDisplayName("name", "a\nb")), "bad_format");
  EXPECT_EQ(Reason(CheckDisplayName("name", "\xc3")), "invalid_utf8");
  EXPECT_TRUE(CheckDistrictCode("230103").ok());
  EXPECT_EQ(Reason(CheckDistrictCode("23010")), "bad_format");
  EXPECT_EQ(Reason(CheckDistrictCode("000000")), "bad_format");
}

TEST(RoleTest, RoundTripsEveryRoleAndKnowsUnitKinds) {
  for (Role r : AllRoles()) EXPECT_EQ(ParseRole(RoleCode(r)), r);
  EXPECT_EQ(AllRoles().size(), 8u);
  EXPECT_FALSE(ParseRole("root").has_value());
  EXPECT_EQ(AllUnitKinds().size(), 14u);
  EXPECT_TRUE(IsUnitKind("procuratorate"));
  EXPECT_FALSE(IsUnitKind("army"));
}

TEST(Utf8Test, CountsCodePoints) {
  EXPECT_EQ(Utf8Length("abc"), 3);
  EXPECT_EQ(Utf8Length("守护"), 2);
  EXPECT_EQ(Utf8Length("\xe5\xae"), -1);
}

}  // namespace
}  // namespace shouhu::domain
