#include "app/rules.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <fstream>

#include "app/config.h"

namespace shouhu {
namespace {

std::string WriteTemp(const std::string& text) {
  char path[] = "/tmp/shouhu-rules-XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  std::ofstream(path) << text;
  ::close(fd);
  return path;
}

TEST(RulesTest, DefaultsWithoutAFile) {
  auto rules = LoadRules("");
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(rules->cases.late_report_hours, 24);
  EXPECT_EQ(rules->cases.case_number_prefix, "NG");
  EXPECT_TRUE(rules->enumerations.Contains(domain::kHarmType, "rape"));
}

TEST(RulesTest, ADistrictExtendsAnEnumerationAndSetsItsClocks) {
  const std::string path = WriteTemp(R"(
[cases]
late_report_hours = 12
case_number_prefix = "HB"

[[enumeration]]
name = "harm_type"
code = "online_grooming"
zh = "网络诱骗"
en = "Online grooming"
gbvims_core_type = "sexual_assault"
)");
  auto rules = LoadRules(path);
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  EXPECT_EQ(rules->cases.late_report_hours, 12);
  EXPECT_EQ(rules->cases.case_number_prefix, "HB");
  EXPECT_TRUE(rules->enumerations.Contains(domain::kHarmType, "online_grooming"));
  EXPECT_EQ(rules->enumerations.GbvimsCoreTypeOf({"online_grooming"}),
            domain::GbvimsCoreType::kSexualAssault);
  std::remove(path.c_str());
}

TEST(RulesTest, MistakesAreRefusedNamingTheEntry) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[cases]\nlate_report_hourz = 3\n", "rules.cases.late_report_hourz"},
      {"[cases]\nlate_report_hours = 0\n", "rules.cases.late_report_hours"},
      {"[cases]\ncase_number_prefix = \"ng-1\"\n", "rules.cases.case_number_prefix"},
      {"[[enumeration]]\nname = \"risk_level\"\ncode = \"extreme\"\nzh = \"极高\"\nen = "
       "\"Extreme\"\n",
       "rules.enumeration[0].enumeration"},
      {"[[enumeration]]\nname = \"harm_type\"\ncode = \"rape\"\nzh = \"重复\"\nen = "
       "\"Duplicate\"\n",
       "rules.enumeration[0].code"},
      {"[[enumeration]]\nname = \"harm_type\"\ncode = \"x_y\"\n", "rules.enumeration[0]"},
      {"[clocks]\nx = 1\n", "rules.clocks"},
  };
  for (const auto& [text, field] : cases) {
    const std::string path = WriteTemp(text);
    auto rules = LoadRules(path);
    ASSERT_FALSE(rules.ok()) << text;
    EXPECT_EQ(rules.status().fields().count(field), 1u)
        << text << " -> "
        << (rules.status().fields().empty() ? "" : rules.status().fields().begin()->first);
    std::remove(path.c_str());
  }
}

TEST(ConfigTest, FileThenEnvironmentThenFlags) {
  const std::string path =
      WriteTemp("[server]\nlisten = \"127.0.0.1:9001\"\n[auth]\nmax_failed_logins = 3\n");
  setenv("SHOUHU_LISTEN", "127.0.0.1:9002", 1);
  auto from_env = LoadConfig({.config_file = path});
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->server.port, 9002);
  EXPECT_EQ(from_env->auth.max_failed_logins, 3);
  auto from_flag = LoadConfig({.config_file = path, .listen = "127.0.0.1:9003"});
  ASSERT_TRUE(from_flag.ok());
  EXPECT_EQ(from_flag->server.port, 9003);
  unsetenv("SHOUHU_LISTEN");
  std::remove(path.c_str());
}

TEST(ConfigTest, UnknownKeysAndBadValuesAreErrors) {
  const std::string typo = WriteTemp("[auth]\nmax_failed_login = 3\n");
  EXPECT_EQ(LoadConfig({.config_file = typo}).status().fields().count("auth.max_failed_login"), 1u);
  const std::string weak = WriteTemp("[auth]\nmin_password_length = 6\n");
  EXPECT_EQ(LoadConfig({.config_file = weak}).status().fields().count("auth.min_password_length"),
            1u);
  EXPECT_EQ(LoadConfig({.listen = "localhost"}).status().fields().count("listen"), 1u);
  std::remove(typo.c_str());
  std::remove(weak.c_str());
}

}  // namespace
}  // namespace shouhu
