#include "security/password.h"

#include <gtest/gtest.h>

namespace shouhu::security {
namespace {

TEST(PasswordTest, HashesVerifyAndAreSalted) {
  auto a = HashPassword("correct horse battery", HashCost::kMin);
  auto b = HashPassword("correct horse battery", HashCost::kMin);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->rfind("$argon2id$", 0), 0u);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword(*a, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*a, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "x"));
}

TEST(PasswordTest, DecoyHashNeverMatchesAndIsStable) {
  const std::string& decoy = DecoyHash(HashCost::kMin);
  EXPECT_EQ(decoy.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(&decoy, &DecoyHash(HashCost::kMin));
  EXPECT_FALSE(VerifyPassword(decoy, ""));
  EXPECT_FALSE(VerifyPassword(decoy, "password1234"));
}

struct PolicyCase {
  const char* password;
  const char* username;
  const char* reason;  // "" = accepted
};

class PolicyTest : public ::testing::TestWithParam<PolicyCase> {};

TEST_P(PolicyTest, AppliesEachRule) {
  const PolicyCase& c = GetParam();
  const Status s = CheckPasswordPolicy(c.password, c.username, 12);
  if (std::string(c.reason).empty()) {
    EXPECT_TRUE(s.ok()) << c.password << " -> "
                        << (s.fields().empty() ? "" : s.fields().begin()->second);
  } else {
    ASSERT_FALSE(s.ok()) << c.password;
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    ASSERT_EQ(s.fields().count("password"), 1u);
    EXPECT_EQ(s.fields().at("password"), c.reason);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rules, PolicyTest,
    ::testing::Values(PolicyCase{"short", "u", "too_short"},
                      PolicyCase{"elevenchars", "u", "too_short"},
                      PolicyCase{"Password1234", "u", "too_common"},
                      PolicyCase{"123456789012", "u", "too_common"},
                      PolicyCase{"qwertyuiopas", "u", "too_common"},
                      PolicyCase{"zzzzzzzzzzzzzz", "u", "too_common"},
                      PolicyCase{"my-coordinator-pw", "coordinator", "contains_username"},
                      PolicyCase{"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4", "u",
                                 "invalid_utf8"},
                      PolicyCase{"守护女童平安成长每一天好", "u", ""},   // 12 Chinese characters
                      PolicyCase{"守护女童平安成长", "u", "too_short"},  // 8 characters, 24 bytes
                      PolicyCase{"river-lantern-87-quiet", "coordinator", ""}));

TEST(PasswordTest, ParsesCostNames) {
  EXPECT_TRUE(ParseHashCost("min").ok());
  EXPECT_TRUE(ParseHashCost("interactive").ok());
  EXPECT_TRUE(ParseHashCost("moderate").ok());
  EXPECT_FALSE(ParseHashCost("fast").ok());
}

}  // namespace
}  // namespace shouhu::security
