#include "domain/workflow.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace shouhu::domain {
namespace {

constexpr int64_t kHour = 3600LL * 1000;
constexpr int64_t kDay = 24 * kHour;

struct CaseTransition {
  CaseStatus from;
  CaseAction action;
  CaseStatus to;
};

// The lifecycle, in one table. Closing is allowed from every working state (a case may need no
// assistance or no follow-up); reopening returns a closed case to triage.
constexpr std::array kCaseTransitions = {
    CaseTransition{CaseStatus::kRegistered, CaseAction::kStartAssessment, CaseStatus::kAssessing},
    CaseTransition{CaseStatus::kAssessing, CaseAction::kStartHandling, CaseStatus::kHandling},
    CaseTransition{CaseStatus::kHandling, CaseAction::kStartAssisting, CaseStatus::kAssisting},
    CaseTransition{CaseStatus::kAssisting, CaseAction::kStartFollowup, CaseStatus::kFollowingUp},
    CaseTransition{CaseStatus::kHandling, CaseAction::kClose, CaseStatus::kClosed},
    CaseTransition{CaseStatus::kAssisting, CaseAction::kClose, CaseStatus::kClosed},
    CaseTransition{CaseStatus::kFollowingUp, CaseAction::kClose, CaseStatus::kClosed},
    CaseTransition{CaseStatus::kClosed, CaseAction::kReopen, CaseStatus::kAssessing},
};

constexpr std::array<std::string_view, 6> kStatusCodes = {"registered", "assessing",    "handling",
                                                          "assisting",  "following_up", "closed"};
constexpr std::array<std::string_view, 6> kActionCodes = {
    "start_assessment", "start_handling", "start_assisting", "start_followup", "close", "reopen"};
constexpr std::array<std::string_view, 4> kTaskStateCodes = {"pending", "accepted", "completed",
                                                             "returned"};

template <typename Enum, size_t N>
std::optional<Enum> ParseCode(const std::array<std::string_view, N>& codes, std::string_view code) {
  for (size_t i = 0; i < N; ++i)
    if (codes[i] == code) return static_cast<Enum>(i);
  return std::nullopt;
}

bool AnyOf(const std::vector<std::string>& wanted, const std::vector<std::string>& have) {
  for (const auto& w : wanted)
    if (std::find(have.begin(), have.end(), w) != have.end()) return true;
  return false;
}

bool Matches(const PlanRule& r, const PlanFacts& f) {
  if (r.age_below >= 0 && (f.age < 0 || f.age >= r.age_below)) return false;
  if (r.age_from >= 0 && (f.age < 0 || f.age < r.age_from)) return false;
  if (!r.situations.empty() && !AnyOf(r.situations, {f.situation})) return false;
  if (!r.harm_types.empty() && !AnyOf(r.harm_types, f.harm_types)) return false;
  if (!r.vulnerability_classes.empty() && !AnyOf(r.vulnerability_classes, f.vulnerability_classes))
    return false;
  if (!r.risk_levels.empty() && !AnyOf(r.risk_levels, {f.risk_level})) return false;
  return true;
}

}  // namespace

std::string_view CaseStatusCode(CaseStatus status) {
  return kStatusCodes[static_cast<size_t>(status)];
}
std::optional<CaseStatus> ParseCaseStatus(std::string_view code) {
  return ParseCode<CaseStatus>(kStatusCodes, code);
}
std::string_view CaseActionCode(CaseAction action) {
  return kActionCodes[static_cast<size_t>(action)];
}
std::optional<CaseAction> ParseCaseAction(std::string_view code) {
  return ParseCode<CaseAction>(kActionCodes, code);
}

std::optional<CaseStatus> NextCaseStatus(CaseStatus from, CaseAction action) {
  for (const auto& t : kCaseTransitions)
    if (t.from == from && t.action == action) return t.to;
  return std::nullopt;
}

std::vector<CaseAction> AllowedCaseActions(CaseStatus from) {
  std::vector<CaseAction> out;
  for (const auto& t : kCaseTransitions)
    if (t.from == from) out.push_back(t.action);
  return out;
}

std::string_view TaskStateCode(TaskState state) {
  return kTaskStateCodes[static_cast<size_t>(state)];
}
std::optional<TaskState> ParseTaskState(std::string_view code) {
  return ParseCode<TaskState>(kTaskStateCodes, code);
}

std::optional<TaskState> NextTaskState(TaskState from, TaskAction action) {
  switch (action) {
    case TaskAction::kAccept:
      if (from == TaskState::kPending) return TaskState::kAccepted;
      break;
    case TaskAction::kReject:  // a unit may return a task before or after signing for it
      if (IsOpenTask(from)) return TaskState::kReturned;
      break;
    case TaskAction::kComplete:
      if (from == TaskState::kAccepted) return TaskState::kCompleted;
      break;
  }
  return std::nullopt;
}

const std::vector<TaskType>& TaskTypes() {
  static const std::vector<TaskType> types = {
      {"police_register", "police", "受案", "Register the report", false},
      {"police_case_review", "police", "立案审查", "Review for filing a case", false},
      {"police_investigation", "police", "侦查/破案", "Investigate and solve", false},
      {"police_warning_letter", "police", "告诫书", "Issue a warning letter", false},
      {"police_missing_search", "police", "失踪协查", "Missing-child search", false},
      {"procuratorate_arrest_review", "procuratorate", "审查批捕", "Review for arrest", true},
      {"procuratorate_prosecution_review", "procuratorate", "审查起诉", "Review for prosecution",
       true},
      {"procuratorate_guardianship_order", "procuratorate", "督促监护令",
       "Guardianship supervision order", true},
      {"procuratorate_judicial_aid", "procuratorate", "司法救助", "Judicial aid", true},
      {"procuratorate_recommendation", "procuratorate", "检察建议", "Procuratorial recommendation",
       true},
      {"court_filing", "court", "立案", "File the case", true},
      {"court_trial", "court", "审理", "Try the case", true},
      {"court_enforcement", "court", "执行", "Enforce the judgment", true},
      {"court_protection_order", "court", "人身安全保护令", "Personal safety protection order",
       true},
      {"justice_legal_aid", "justice", "法律援助", "Legal aid", false},
      {"health_treatment", "health", "医疗救治", "Medical treatment", false},
      {"health_forensic_exam", "health", "法医检查", "Forensic examination", false},
      {"health_counselling", "health", "心理疏导", "Psychological counselling", false},
      {"health_rehabilitation", "health", "康复", "Rehabilitation", false},
      {"civil_affairs_living_aid", "civil_affairs", "生活救助", "Living aid", false},
      {"civil_affairs_custody", "civil_affairs", "临时监护/安置", "Temporary custody / placement",
       false},
      {"disability_aid", "disability", "残疾救助/康复", "Disability aid / rehabilitation", false},
      {"education_placement", "education", "复学/转学安置", "Return to or change of school", false},
      {"education_school_protection", "education", "校内保护", "Protection at school", false},
      {"community_home_visit", "community", "家访", "Home visit", false},
      {"community_followup", "community", "回访", "Follow-up visit", false},
      {"community_guardianship_guidance", "community", "监护指导", "Guardianship guidance", false},
      {"womens_federation_psych_support", "womens_federation", "心理支持", "Psychological support",
       false},
      {"womens_federation_legal_advice", "womens_federation", "法律咨询", "Legal advice", false},
      {"womens_federation_care", "womens_federation", "爱心帮扶", "Volunteer care", false},
      {"social_org_social_work", "social_org", "社工服务", "Social-work service", false},
      {"social_org_volunteer", "social_org", "志愿帮扶", "Volunteer support", false},
  };
  return types;
}

const TaskType* FindTaskType(std::string_view code) {
  for (const auto& t : TaskTypes())
    if (t.code == code) return &t;
  return nullptr;
}

Result<int64_t> ParseDuration(std::string_view text) {
  if (text.size() < 2) return Status::InvalidArgument("bad_format");
  const char unit = text.back();
  int64_t scale = 0;
  switch (unit) {
    case 's':
      scale = 1000;
      break;
    case 'm':
      scale = 60 * 1000;
      break;
    case 'h':
      scale = kHour;
      break;
    case 'd':
      scale = kDay;
      break;
    default:
      return Status::InvalidArgument("bad_format");
  }
  const std::string_view digits = text.substr(0, text.size() - 1);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos)
    return Status::InvalidArgument("bad_format");
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || ptr != digits.data() + digits.size())
    return Status::InvalidArgument("bad_format");
  if (n <= 0 || n > 400 * kDay / scale) return Status::InvalidArgument("out_of_range");
  return n * scale;
}

int64_t ClockRules::DoneMs(std::string_view task_type) const {
  for (const auto& c : done)
    if (c.task_type == task_type) return c.done_ms;
  return done_default_ms;
}

ClockRules DefaultClockRules() {
  ClockRules c;
  c.done = {
      {"police_register", 1 * kDay},
      {"police_case_review", 3 * kDay},
      {"procuratorate_arrest_review", 7 * kDay},
      {"procuratorate_prosecution_review", 30 * kDay},
      {"procuratorate_recommendation", 30 * kDay},
      {"court_filing", 7 * kDay},
      {"court_trial", 60 * kDay},
      {"court_protection_order", 72 * kHour},
      {"health_treatment", 1 * kDay},
      {"womens_federation_psych_support", 1 * kDay},
  };
  return c;
}

TaskDeadlines ComputeDeadlines(const ClockRules& clocks, const TaskType& type,
                               std::string_view risk_level, bool priority, int64_t created_at) {
  TaskDeadlines d;
  d.accept_due =
      created_at + (risk_level == "high" ? clocks.accept_high_risk_ms : clocks.accept_other_ms);
  int64_t done = clocks.DoneMs(type.code);
  if (priority && type.priority_eligible) done /= 2;
  d.done_due = created_at + done;
  return d;
}

std::vector<PlanItem> ProposePlan(const std::vector<PlanRule>& rules, const PlanFacts& facts) {
  std::vector<PlanItem> out;
  for (const auto& rule : rules) {
    if (!Matches(rule, facts)) continue;
    for (const auto& code : rule.task_types) {
      const TaskType* type = FindTaskType(code);
      if (type == nullptr) continue;  // CheckPlanRule refuses these when the rules are loaded
      const bool seen = std::any_of(out.begin(), out.end(),
                                    [&](const PlanItem& item) { return item.task_type == code; });
      if (seen) continue;
      out.push_back({.task_type = code,
                     .unit_kind = std::string(type->unit_kind),
                     .priority = type->priority_eligible,
                     .rule = rule.name});
    }
  }
  return out;
}

std::vector<PlanRule> DefaultPlanRules() {
  const std::vector<std::string> sexual = {"rape", "caretaker_sexual_abuse", "indecent_assault",
                                           "child_molestation", "prostitution_related"};
  return {
      {.name = "under14_sexual_harm",
       .age_below = 14,
       .situations = {"R1", "R2"},
       .task_types = {"police_register", "police_case_review", "health_treatment",
                      "health_forensic_exam", "health_counselling", "justice_legal_aid",
                      "womens_federation_psych_support"}},
      {.name = "sexual_harm",
       .harm_types = sexual,
       .task_types = {"police_register", "police_case_review", "health_treatment",
                      "health_forensic_exam", "health_counselling", "justice_legal_aid",
                      "womens_federation_psych_support"}},
      {.name = "pregnancy_14_plus",
       .age_from = 14,
       .situations = {"R3"},
       .task_types = {"police_register", "police_case_review", "health_treatment",
                      "health_counselling", "justice_legal_aid"}},
      {.name = "domestic_violence",
       .harm_types = {"domestic_violence", "maltreatment"},
       .task_types = {"police_warning_letter", "court_protection_order", "community_home_visit",
                      "womens_federation_legal_advice"}},
      {.name = "injury",
       .situations = {"R4", "R5"},
       .task_types = {"police_register", "health_treatment", "health_counselling"}},
      {.name = "missing_or_trafficked",
       .situations = {"R7"},
       .task_types = {"police_missing_search", "police_register"}},
      {.name = "trafficking_harm",
       .harm_types = {"trafficking", "missing"},
       .task_types = {"police_missing_search", "police_register"}},
      {.name = "begging",
       .harm_types = {"organised_begging"},
       .task_types = {"police_register", "civil_affairs_custody"}},
      {.name = "guardianship",
       .vulnerability_classes = {"guardianship_lacking", "de_facto_unsupported", "orphan"},
       .task_types = {"civil_affairs_custody", "procuratorate_guardianship_order",
                      "community_guardianship_guidance"}},
      {.name = "abandoned",
       .situations = {"R6"},
       .task_types = {"civil_affairs_custody", "community_guardianship_guidance"}},
      {.name = "extreme_poverty",
       .vulnerability_classes = {"extreme_poverty"},
       .task_types = {"civil_affairs_living_aid"}},
      {.name = "disability",
       .vulnerability_classes = {"disability"},
       .task_types = {"disability_aid"}},
      {.name = "left_behind",
       .vulnerability_classes = {"left_behind"},
       .task_types = {"community_home_visit"}},
      {.name = "bullying",
       .harm_types = {"bullying"},
       .task_types = {"education_school_protection", "health_counselling"}},
  };
}

Status CheckPlanRule(const PlanRule& rule, const std::string& field) {
  if (rule.name.empty()) return Status::InvalidField(field + ".name", "required");
  if (rule.task_types.empty()) return Status::InvalidField(field + ".task_types", "required");
  for (const auto& code : rule.task_types)
    if (FindTaskType(code) == nullptr)
      return Status::InvalidField(field + ".task_types", "unknown_value");
  return Status::Ok();
}

}  // namespace shouhu::domain
