#include "domain/workflow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace shouhu::domain {
namespace {

constexpr int64_t kHour = 3600LL * 1000;
constexpr int64_t kDay = 24 * kHour;

TEST(CaseLifecycle, WalksFromRegistrationToClosureAndBack) {
  CaseStatus s = CaseStatus::kRegistered;
  for (CaseAction a :
       {CaseAction::kStartAssessment, CaseAction::kStartHandling, CaseAction::kStartAssisting,
        CaseAction::kStartFollowup, CaseAction::kClose, CaseAction::kReopen}) {
    auto next = NextCaseStatus(s, a);
    ASSERT_TRUE(next.has_value()) << CaseStatusCode(s) << " + " << CaseActionCode(a);
    s = *next;
  }
  EXPECT_EQ(s, CaseStatus::kAssessing);
}

TEST(CaseLifecycle, RefusesIllegalTransitions) {
  EXPECT_FALSE(NextCaseStatus(CaseStatus::kRegistered, CaseAction::kClose));
  EXPECT_FALSE(NextCaseStatus(CaseStatus::kAssessing, CaseAction::kClose));
  EXPECT_FALSE(NextCaseStatus(CaseStatus::kClosed, CaseAction::kStartHandling));
  EXPECT_FALSE(NextCaseStatus(CaseStatus::kHandling, CaseAction::kReopen));
  EXPECT_FALSE(NextCaseStatus(CaseStatus::kRegistered, CaseAction::kStartHandling));
}

TEST(CaseLifecycle, AllowedActionsAreExactlyTheLegalOnes) {
  const CaseStatus all_status[] = {CaseStatus::kRegistered,  CaseStatus::kAssessing,
                                   CaseStatus::kHandling,    CaseStatus::kAssisting,
                                   CaseStatus::kFollowingUp, CaseStatus::kClosed};
  const CaseAction all_actions[] = {CaseAction::kStartAssessment, CaseAction::kStartHandling,
                                    CaseAction::kStartAssisting,  CaseAction::kStartFollowup,
                                    CaseAction::kClose,           CaseAction::kReopen};
  for (CaseStatus s : all_status) {
    auto allowed = AllowedCaseActions(s);
    for (CaseAction a : all_actions) {
      const bool listed = std::find(allowed.begin(), allowed.end(), a) != allowed.end();
      EXPECT_EQ(listed, NextCaseStatus(s, a).has_value())
          << CaseStatusCode(s) << " " << CaseActionCode(a);
    }
  }
  EXPECT_EQ(AllowedCaseActions(CaseStatus::kClosed), std::vector{CaseAction::kReopen});
}

TEST(CaseLifecycle, CodesRoundTrip) {
  for (auto code : {"registered", "assessing", "handling", "assisting", "following_up", "closed"})
    EXPECT_EQ(CaseStatusCode(*ParseCaseStatus(code)), code);
  for (auto code : {"start_assessment", "start_handling", "start_assisting", "start_followup",
                    "close", "reopen"})
    EXPECT_EQ(CaseActionCode(*ParseCaseAction(code)), code);
  EXPECT_FALSE(ParseCaseStatus("open"));
  EXPECT_FALSE(ParseCaseAction("CLOSE"));
}

TEST(TaskStates, AcceptCompleteAndReturn) {
  EXPECT_EQ(NextTaskState(TaskState::kPending, TaskAction::kAccept), TaskState::kAccepted);
  EXPECT_EQ(NextTaskState(TaskState::kAccepted, TaskAction::kComplete), TaskState::kCompleted);
  EXPECT_EQ(NextTaskState(TaskState::kPending, TaskAction::kReject), TaskState::kReturned);
  EXPECT_EQ(NextTaskState(TaskState::kAccepted, TaskAction::kReject), TaskState::kReturned);
  EXPECT_FALSE(NextTaskState(TaskState::kPending, TaskAction::kComplete));
  EXPECT_FALSE(NextTaskState(TaskState::kAccepted, TaskAction::kAccept));
  EXPECT_FALSE(NextTaskState(TaskState::kCompleted, TaskAction::kReject));
  EXPECT_FALSE(NextTaskState(TaskState::kReturned, TaskAction::kAccept));
}

TEST(TaskTypes, EveryTypeHasAUnitKindAndUniqueCode) {
  std::set<std::string_view> codes;
  for (const auto& t : TaskTypes()) {
    EXPECT_TRUE(codes.insert(t.code).second) << t.code;
    EXPECT_FALSE(t.unit_kind.empty());
    EXPECT_FALSE(t.zh.empty());
    EXPECT_FALSE(t.en.empty());
    EXPECT_EQ(t.priority_eligible, t.unit_kind == "procuratorate" || t.unit_kind == "court")
        << t.code;
  }
  EXPECT_EQ(TaskTypes().size(), 32u);
  ASSERT_NE(FindTaskType("court_protection_order"), nullptr);
  EXPECT_EQ(FindTaskType("court_protection_order")->zh, "人身安全保护令");
  EXPECT_EQ(FindTaskType("nope"), nullptr);
}

TEST(Durations, ParseUnitsAndRefuseNonsense) {
  EXPECT_EQ(*ParseDuration("90s"), 90 * 1000);
  EXPECT_EQ(*ParseDuration("30m"), 30 * 60 * 1000);
  EXPECT_EQ(*ParseDuration("2h"), 2 * kHour);
  EXPECT_EQ(*ParseDuration("3d"), 3 * kDay);
  EXPECT_EQ(ParseDuration("0h").status().message(), "out_of_range");
  EXPECT_EQ(ParseDuration("401d").status().message(), "out_of_range");
  EXPECT_EQ(ParseDuration("-1h").status().message(), "bad_format");
  EXPECT_EQ(ParseDuration("2 h").status().message(), "bad_format");
  EXPECT_EQ(ParseDuration("2w").status().message(), "bad_format");
  EXPECT_EQ(ParseDuration("h").status().message(), "bad_format");
  EXPECT_EQ(ParseDuration("").status().message(), "bad_format");
}

// The default clocks, row by row, as the default rules give them to tasks.
TEST(Deadlines, EveryRowOfTheClockTable) {
  const ClockRules clocks = DefaultClockRules();
  struct Row {
    const char* task_type;
    int64_t done_ms;
  };
  for (const Row& row : {
           Row{"police_case_review", 3 * kDay},                 // 立案审查 3 days
           Row{"procuratorate_prosecution_review", 30 * kDay},  // 审查起诉 1 month
           Row{"court_trial", 60 * kDay},                       // first-instance trial 2 months
           Row{"court_protection_order", 72 * kHour},           // 保护令 72 h
           Row{"procuratorate_recommendation", 30 * kDay},      // 检察建议 reply 1 month
           Row{"health_treatment", 24 * kHour},                 // first assistance contact 24 h
           Row{"womens_federation_psych_support", 24 * kHour},
       }) {
    EXPECT_EQ(clocks.DoneMs(row.task_type), row.done_ms) << row.task_type;
    const auto due = ComputeDeadlines(clocks, *FindTaskType(row.task_type), "medium", false, 0);
    EXPECT_EQ(due.done_due, row.done_ms) << row.task_type;
    EXPECT_EQ(due.accept_due, 24 * kHour) << row.task_type;  // 签收: others 24 h
  }
  EXPECT_EQ(clocks.accept_high_risk_ms, 2 * kHour);  // 签收: high risk 2 h
  EXPECT_EQ(clocks.followup_months, (std::vector<int>{1, 3, 6}));
  // The 优先 target is half the statutory time, for the procuratorate and the court only.
  EXPECT_EQ(
      ComputeDeadlines(clocks, *FindTaskType("procuratorate_prosecution_review"), "high", true, 0)
          .done_due,
      15 * kDay);
  EXPECT_EQ(
      ComputeDeadlines(clocks, *FindTaskType("court_protection_order"), "high", true, 0).done_due,
      36 * kHour);
}

TEST(Deadlines, AcceptClockDependsOnRisk) {
  const ClockRules clocks = DefaultClockRules();
  const TaskType& review = *FindTaskType("police_case_review");
  auto high = ComputeDeadlines(clocks, review, "high", false, 1000);
  EXPECT_EQ(high.accept_due, 1000 + 2 * kHour);
  EXPECT_EQ(high.done_due, 1000 + 3 * kDay);
  auto medium = ComputeDeadlines(clocks, review, "medium", false, 1000);
  EXPECT_EQ(medium.accept_due, 1000 + 24 * kHour);
  auto unassessed = ComputeDeadlines(clocks, review, "", false, 1000);
  EXPECT_EQ(unassessed.accept_due, 1000 + 24 * kHour);
}

TEST(Deadlines, PriorityHalvesTheTargetOnlyForProcuratorateAndCourt) {
  const ClockRules clocks = DefaultClockRules();
  auto trial = ComputeDeadlines(clocks, *FindTaskType("court_trial"), "low", true, 0);
  EXPECT_EQ(trial.done_due, 30 * kDay);
  auto trial_plain = ComputeDeadlines(clocks, *FindTaskType("court_trial"), "low", false, 0);
  EXPECT_EQ(trial_plain.done_due, 60 * kDay);
  auto police = ComputeDeadlines(clocks, *FindTaskType("police_case_review"), "low", true, 0);
  EXPECT_EQ(police.done_due, 3 * kDay);
  auto order = ComputeDeadlines(clocks, *FindTaskType("court_protection_order"), "low", true, 0);
  EXPECT_EQ(order.done_due, 36 * kHour);
  auto other = ComputeDeadlines(clocks, *FindTaskType("community_home_visit"), "low", false, 0);
  EXPECT_EQ(other.done_due, clocks.done_default_ms);
}

std::set<std::string> Types(const std::vector<PlanItem>& plan) {
  std::set<std::string> out;
  for (const auto& item : plan) out.insert(item.task_type);
  return out;
}

TEST(ProtectionPlan, UnderFourteenWithR2GetsTheIssueExample) {
  auto plan = ProposePlan(DefaultPlanRules(), {.age = 12, .situation = "R2"});
  EXPECT_EQ(Types(plan),
            (std::set<std::string>{"police_register", "police_case_review", "health_treatment",
                                   "health_forensic_exam", "health_counselling",
                                   "justice_legal_aid", "womens_federation_psych_support"}));
  for (const auto& item : plan) {
    EXPECT_EQ(item.rule, "under14_sexual_harm");
    EXPECT_EQ(item.unit_kind, FindTaskType(item.task_type)->unit_kind);
  }
}

TEST(ProtectionPlan, AgeConditionsNeedAKnownAge) {
  EXPECT_TRUE(ProposePlan(DefaultPlanRules(), {.age = 14, .situation = "R2"}).empty());
  EXPECT_TRUE(ProposePlan(DefaultPlanRules(), {.age = -1, .situation = "R2"}).empty());
  EXPECT_FALSE(ProposePlan(DefaultPlanRules(), {.age = 15, .situation = "R3"}).empty());
  EXPECT_TRUE(ProposePlan(DefaultPlanRules(), {.age = 13, .situation = "R3"}).empty());
}

TEST(ProtectionPlan, VulnerabilitiesAddAidAndTypesAppearOnce) {
  auto plan =
      ProposePlan(DefaultPlanRules(), {.age = 10,
                                       .situation = "R2",
                                       .harm_types = {"child_molestation"},
                                       .vulnerability_classes = {"extreme_poverty", "disability"}});
  auto types = Types(plan);
  EXPECT_TRUE(types.count("civil_affairs_living_aid"));
  EXPECT_TRUE(types.count("disability_aid"));
  EXPECT_EQ(types.size(), plan.size());  // no duplicates across the two sexual-harm rules
}

TEST(ProtectionPlan, PriorityIsProposedForProcuratorateAndCourtTasks) {
  auto plan = ProposePlan(DefaultPlanRules(), {.age = 16, .harm_types = {"domestic_violence"}});
  bool saw_court = false;
  for (const auto& item : plan) {
    EXPECT_EQ(item.priority, item.unit_kind == "court" || item.unit_kind == "procuratorate");
    saw_court |= item.task_type == "court_protection_order";
  }
  EXPECT_TRUE(saw_court);
}

TEST(ProtectionPlan, RiskConditionAndRuleChecks) {
  std::vector<PlanRule> rules = {
      {.name = "high_only", .risk_levels = {"high"}, .task_types = {"community_home_visit"}}};
  EXPECT_EQ(ProposePlan(rules, {.risk_level = "high"}).size(), 1u);
  EXPECT_TRUE(ProposePlan(rules, {.risk_level = "low"}).empty());
  EXPECT_TRUE(CheckPlanRule(rules[0], "rules.plan_rule[0]").ok());
  PlanRule bad{.name = "x", .task_types = {"police_register", "teleport"}};
  auto st = CheckPlanRule(bad, "rules.plan_rule[1]");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.fields().at("rules.plan_rule[1].task_types"), "unknown_value");
  EXPECT_EQ(CheckPlanRule({.name = "y"}, "r").fields().at("r.task_types"), "required");
  for (size_t i = 0; i < DefaultPlanRules().size(); ++i)
    EXPECT_TRUE(CheckPlanRule(DefaultPlanRules()[i], "d").ok()) << i;
}

}  // namespace
}  // namespace shouhu::domain
