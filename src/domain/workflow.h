// The case workflow as data (task types by unit kind and their clocks): the case lifecycle state
// machine, the task (referral) state machine, the task types each member unit can carry, the clocks
// that give every task its deadlines, and the protection-plan rules that turn an assessment into
// the tasks a case needs. Pure values and functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace shouhu::domain {

// ---- case lifecycle: 登记 → 研判 → 处置 → 援助 → 回访 → 结案, with reopen ----

enum class CaseStatus { kRegistered, kAssessing, kHandling, kAssisting, kFollowingUp, kClosed };
enum class CaseAction {
  kStartAssessment,
  kStartHandling,
  kStartAssisting,
  kStartFollowup,
  kClose,
  kReopen,
};

// "registered", "assessing", "handling", "assisting", "following_up", "closed".
std::string_view CaseStatusCode(CaseStatus status);
std::optional<CaseStatus> ParseCaseStatus(std::string_view code);
// "start_assessment", "start_handling", "start_assisting", "start_followup", "close", "reopen".
std::string_view CaseActionCode(CaseAction action);
std::optional<CaseAction> ParseCaseAction(std::string_view code);

// The one transition table: the state `action` leads to from `from`, or nullopt when illegal.
std::optional<CaseStatus> NextCaseStatus(CaseStatus from, CaseAction action);
// The actions the table allows from `from`, in table order.
std::vector<CaseAction> AllowedCaseActions(CaseStatus from);

// ---- tasks (转介任务): pending → accepted → completed, or returned with a reason ----

enum class TaskState { kPending, kAccepted, kCompleted, kReturned };
enum class TaskAction { kAccept, kReject, kComplete };

// "pending", "accepted", "completed", "returned".
std::string_view TaskStateCode(TaskState state);
std::optional<TaskState> ParseTaskState(std::string_view code);
std::optional<TaskState> NextTaskState(TaskState from, TaskAction action);
inline bool IsOpenTask(TaskState state) {
  return state == TaskState::kPending || state == TaskState::kAccepted;
}

struct TaskType {
  std::string_view code;       // e.g. "police_case_review"
  std::string_view unit_kind;  // the member-unit kind that carries it (domain/role.cc)
  std::string_view zh;         // e.g. "立案审查"
  std::string_view en;
  bool priority_eligible = false;  // procuratorate and court: "优先" halves the target
};

// The task types a referral can carry, by unit kind, in display order.
const std::vector<TaskType>& TaskTypes();
const TaskType* FindTaskType(std::string_view code);

// ---- clocks, all configurable through the rules file ----

// "90s", "30m", "2h", "3d" → milliseconds. Errors: "bad_format", "out_of_range" (0 or > 400 d).
Result<int64_t> ParseDuration(std::string_view text);

struct TaskClock {
  std::string task_type;
  int64_t done_ms = 0;
};

struct ClockRules {
  int64_t accept_high_risk_ms = 2LL * 3600 * 1000;  // 签收 within 2 h for high risk
  int64_t accept_other_ms = 24LL * 3600 * 1000;     // 24 h otherwise
  int64_t done_default_ms = 30LL * 24 * 3600 * 1000;
  std::vector<TaskClock> done;                   // per task type; others use done_default_ms
  std::vector<int> followup_months = {1, 3, 6};  // follow-up visits after closure
  int64_t sweep_interval_ms = 60 * 1000;         // how often the server looks for overdue work

  int64_t DoneMs(std::string_view task_type) const;
};

// The defaults (README, "Rules file"): 立案审查 3 d, 审查批捕 7 d, 审查起诉 30 d, first-instance
// trial 60 d, protection order 72 h, 检察建议 reply 30 d; first assistance contact (medical
// treatment, psychological support) 24 h.
ClockRules DefaultClockRules();

struct TaskDeadlines {
  int64_t accept_due = 0;  // to be signed for (签收)
  int64_t done_due = 0;    // to be done; for a priority task of the procuratorate or the court,
                           // the 优先 target: half the statutory time
};

TaskDeadlines ComputeDeadlines(const ClockRules& clocks, const TaskType& type,
                               std::string_view risk_level, bool priority, int64_t created_at);

// ---- classified protection (分类保护): assessment → proposed tasks ----

// A rule matches when every condition that is set holds; a list condition holds when the case has
// any of its values.
struct PlanRule {
  std::string name;
  int age_below = -1;  // the girl is younger than this at the incident (-1: any age)
  int age_from = -1;   // ... and at least this old (-1: any)
  std::vector<std::string> situations;  // 强制报告 situation codes R1..R9
  std::vector<std::string> harm_types;
  std::vector<std::string> vulnerability_classes;
  std::vector<std::string> risk_levels;
  std::vector<std::string> task_types;  // what the rule proposes
};

struct PlanFacts {
  int age = -1;  // -1 when unknown: age conditions do not match
  std::string situation;
  std::vector<std::string> harm_types;
  std::vector<std::string> vulnerability_classes;
  std::string risk_level;
};

struct PlanItem {
  std::string task_type;
  std::string unit_kind;
  bool priority = false;  // proposed for every priority-eligible type: minors' cases go first
  std::string rule;       // the first rule that proposed it
};

// The tasks the matching rules propose, each type once, in rule order.
std::vector<PlanItem> ProposePlan(const std::vector<PlanRule>& rules, const PlanFacts& facts);
// The district defaults (e.g. a girl under 14 with R2 → police 受案 and 立案审查, health 医疗救治,
// 法医检查 and 心理疏导, justice 法律援助, womens_federation 心理支持; 特困 → civil_affairs
// 生活救助; 残疾 → disability).
std::vector<PlanRule> DefaultPlanRules();
// Ok, or InvalidField naming the first unknown task type ("<field>.task_types": "unknown_value").
Status CheckPlanRule(const PlanRule& rule, const std::string& field);

}  // namespace shouhu::domain
