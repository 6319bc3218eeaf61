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

TEST(RulesTest, ADistrictSetsItsWorkflowClocksAndPlanRules) {
  const std::string path = WriteTemp(R"(
[clocks]
accept_high_risk = "1h"
accept_other = "12h"
sweep_interval = "30s"
followup_months = [1, 12]
[clocks.done]
police_case_review = "7d"
community_home_visit = "2d"
[[plan_rule]]
name = "left_behind_visit"
vulnerability_classes = ["left_behind"]
tasks = ["community_home_visit", "womens_federation_care"]
)");
  auto rules = LoadRules(path);
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  const auto& clocks = rules->workflow.clocks;
  EXPECT_EQ(clocks.accept_high_risk_ms, 3600 * 1000);
  EXPECT_EQ(clocks.accept_other_ms, 12 * 3600 * 1000);
  EXPECT_EQ(clocks.sweep_interval_ms, 30 * 1000);
  EXPECT_EQ(clocks.followup_months, (std::vector<int>{1, 12}));
  EXPECT_EQ(clocks.DoneMs("police_case_review"), 7LL * 24 * 3600 * 1000);
  EXPECT_EQ(clocks.DoneMs("community_home_visit"), 2LL * 24 * 3600 * 1000);
  EXPECT_EQ(clocks.DoneMs("court_trial"), 60LL * 24 * 3600 * 1000);  // default kept
  ASSERT_EQ(rules->workflow.plan_rules.size(), 1u);  // the file's rules replace the defaults
  auto plan =
      domain::ProposePlan(rules->workflow.plan_rules, {.vulnerability_classes = {"left_behind"}});
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan[1].task_type, "womens_federation_care");
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
      {"[clocks]\nx = 1\n", "rules.clocks.x"},
      {"[clocks]\naccept_high_risk = \"2 hours\"\n", "rules.clocks.accept_high_risk"},
      {"[clocks]\naccept_other = 24\n", "rules.clocks.accept_other"},
      {"[clocks]\nfollowup_months = [0]\n", "rules.clocks.followup_months"},
      {"[clocks.done]\nteleport = \"1d\"\n", "rules.clocks.done.teleport"},
      {"[[plan_rule]]\nname = \"x\"\ntasks = [\"fly\"]\n", "rules.plan_rule[0].task_types"},
      {"[[plan_rule]]\nname = \"x\"\nharm_types = [\"nope\"]\ntasks = [\"police_register\"]\n",
       "rules.plan_rule[0].harm_types"},
      {"[[plan_rule]]\nname = \"x\"\n", "rules.plan_rule[0].task_types"},
      {"[[plan_rule]]\ntasks = [\"police_register\"]\n", "rules.plan_rule[0].name"},
      {"[[plan_rule]]\nname = \"x\"\nage_below = 30\ntasks = [\"police_register\"]\n",
       "rules.plan_rule[0].age_below"},
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

// ---- [proceeding_clocks] ----

TEST(ProceedingClockRulesTest, DefaultsAreDomainSection4) {
  auto rules = LoadRules("");
  ASSERT_TRUE(rules.ok());
  const domain::ProceedingClocks& c = rules->proceeding_clocks;
  EXPECT_EQ(c.case_review, (domain::ClockSpan{.days = 3}));
  EXPECT_EQ(c.case_review_complex, (domain::ClockSpan{.days = 7}));
  EXPECT_EQ(c.arrest_review, (domain::ClockSpan{.days = 7}));
  EXPECT_EQ(c.prosecution_review, (domain::ClockSpan{.months = 1}));
  EXPECT_EQ(c.prosecution_review_extended, (domain::ClockSpan{.months = 1, .days = 15}));
  EXPECT_EQ(c.first_instance, (domain::ClockSpan{.months = 2}));
  EXPECT_EQ(c.first_instance_extended, (domain::ClockSpan{.months = 3}));
  EXPECT_EQ(c.protection_order, (domain::ClockSpan{.hours = 72}));
  EXPECT_EQ(c.protection_order_urgent, (domain::ClockSpan{.hours = 24}));
  EXPECT_EQ(c.protection_order_max_validity_months, 6);
  EXPECT_EQ(c.priority_percent, 50);
}

TEST(ProceedingClockRulesTest, TheRulesFileOverridesEachClock) {
  const std::string path = WriteTemp(R"(
[proceeding_clocks]
case_review_days = 2
case_review_complex_days = 5
arrest_review_days = 5
prosecution_review_months = 2
prosecution_review_extension_days = 10
first_instance_months = 1
first_instance_max_months = 2
protection_order_hours = 48
protection_order_urgent_hours = 12
protection_order_max_validity_months = 3
priority_percent = 40
)");
  auto rules = LoadRules(path);
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  const domain::ProceedingClocks& c = rules->proceeding_clocks;
  EXPECT_EQ(c.case_review, (domain::ClockSpan{.days = 2}));
  EXPECT_EQ(c.case_review_complex, (domain::ClockSpan{.days = 5}));
  EXPECT_EQ(c.arrest_review, (domain::ClockSpan{.days = 5}));
  EXPECT_EQ(c.prosecution_review, (domain::ClockSpan{.months = 2}));
  EXPECT_EQ(c.prosecution_review_extended, (domain::ClockSpan{.months = 2, .days = 10}));
  EXPECT_EQ(c.first_instance, (domain::ClockSpan{.months = 1}));
  EXPECT_EQ(c.first_instance_extended, (domain::ClockSpan{.months = 2}));
  EXPECT_EQ(c.protection_order, (domain::ClockSpan{.hours = 48}));
  EXPECT_EQ(c.protection_order_urgent, (domain::ClockSpan{.hours = 12}));
  EXPECT_EQ(c.protection_order_max_validity_months, 3);
  EXPECT_EQ(c.priority_percent, 40);
  std::remove(path.c_str());

  // One key alone leaves the others at their defaults.
  const std::string one = WriteTemp("[proceeding_clocks]\nprotection_order_urgent_hours = 6\n");
  auto partial = LoadRules(one);
  ASSERT_TRUE(partial.ok()) << partial.status().message();
  EXPECT_EQ(partial->proceeding_clocks.protection_order_urgent, (domain::ClockSpan{.hours = 6}));
  EXPECT_EQ(partial->proceeding_clocks.protection_order, (domain::ClockSpan{.hours = 72}));
  EXPECT_EQ(partial->proceeding_clocks.case_review, (domain::ClockSpan{.days = 3}));
  std::remove(one.c_str());
}

TEST(ProceedingClockRulesTest, MistakesAreRefusedNamingTheKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[proceeding_clocks]\ncase_review_dayz = 3\n", "rules.proceeding_clocks.case_review_dayz"},
      {"[proceeding_clocks]\ncase_review_days = 0\n", "rules.proceeding_clocks.case_review_days"},
      {"[proceeding_clocks]\ncase_review_days = \"3\"\n",
       "rules.proceeding_clocks.case_review_days"},
      {"[proceeding_clocks]\nprotection_order_max_validity_months = 7\n",
       "rules.proceeding_clocks.protection_order_max_validity_months"},
      {"[proceeding_clocks]\npriority_percent = 101\n", "rules.proceeding_clocks.priority_percent"},
      {"[proceeding_clocks]\ncase_review_days = 9\n",
       "rules.proceeding_clocks.case_review_complex_days"},
      {"[proceeding_clocks]\nfirst_instance_months = 4\n",
       "rules.proceeding_clocks.first_instance_max_months"},
      {"[proceeding_clocks]\nprotection_order_urgent_hours = 96\n",
       "rules.proceeding_clocks.protection_order_urgent_hours"},
      {"proceeding_clocks = 3\n", "rules.proceeding_clocks"},
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

}  // namespace
}  // namespace shouhu

namespace shouhu {
namespace {

// ---- [prevention] ----

TEST(PreventionRulesTest, DefaultsAndOverridesOfTheVisitClock) {
  auto defaults = LoadRules("");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->prevention.monthly_days, 30);
  EXPECT_EQ(defaults->prevention.bimonthly_days, 61);
  EXPECT_EQ(defaults->prevention.term_days, 122);
  EXPECT_EQ(defaults->prevention.escalation_grace_days, 7);
  EXPECT_EQ(defaults->prevention.staff_recheck_days, 365);
  const std::string path =
      WriteTemp("[prevention]\nmonthly_days = 14\nescalation_grace_days = 0\n");
  auto rules = LoadRules(path);
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  EXPECT_EQ(rules->prevention.monthly_days, 14);
  EXPECT_EQ(rules->prevention.escalation_grace_days, 0);
  EXPECT_EQ(rules->prevention.term_days, 122);
  std::remove(path.c_str());
  for (const auto& [text, field] : std::vector<std::pair<std::string, std::string>>{
           {"[prevention]\nmonthly_days = 0\n", "rules.prevention.monthly_days"},
           {"[prevention]\nweekly_days = 7\n", "rules.prevention.weekly_days"},
           {"prevention = 3\n", "rules.prevention"}}) {
    const std::string bad = WriteTemp(text);
    auto refused = LoadRules(bad);
    ASSERT_FALSE(refused.ok()) << text;
    EXPECT_EQ(refused.status().fields().count(field), 1u) << text;
    std::remove(bad.c_str());
  }
}

}  // namespace
}  // namespace shouhu
