#include "domain/proceedings.h"

#include <algorithm>

#include "domain/civil_date.h"

namespace shouhu::domain {
namespace {

constexpr int64_t kMillisPerHour = 3'600'000;
constexpr int64_t kMillisPerDay = 24 * kMillisPerHour;
constexpr int64_t kShanghaiOffsetMillis = 8 * kMillisPerHour;
constexpr int64_t kMaxFen = 9'999'999'999;  // 99 999 999.99 yuan

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

CivilDate AddMonths(const CivilDate& date, int months) {
  const int index = date.year * 12 + (date.month - 1) + months;
  CivilDate out{.year = index / 12, .month = index % 12 + 1, .day = 1};
  out.day = std::min(date.day, DaysInMonth(out.year, out.month));
  return out;
}

}  // namespace

const std::vector<StageInfo>& AllStages() {
  using S = Stage;
  using C = ProceedingClock;
  static const std::vector<StageInfo> stages = {
      {S::kPoliceRegistered, "police_registered", "受案", "Registered by police", "police", 0,
       std::nullopt, C::kNone, false, false},
      {S::kCaseFiled, "case_filed", "立案", "Case filed", "police", 1, S::kPoliceRegistered,
       C::kCaseReview, false, false},
      {S::kCaseNotFiled, "case_not_filed", "不立案", "Case not filed", "police", 1,
       S::kPoliceRegistered, C::kCaseReview, true, false},
      {S::kSolved, "solved", "破案", "Solved", "police", 2, S::kCaseFiled, C::kNone, false, false},
      {S::kArrestRequested, "arrest_requested", "提请批捕", "Arrest requested", "police", 3,
       S::kCaseFiled, C::kNone, false, false},
      {S::kArrestApproved, "arrest_approved", "批捕", "Arrest approved", "procuratorate", 4,
       S::kArrestRequested, C::kArrestReview, false, true},
      {S::kArrestNotApproved, "arrest_not_approved", "不批捕", "Arrest not approved",
       "procuratorate", 4, S::kArrestRequested, C::kArrestReview, true, true},
      {S::kTransferredForProsecution, "transferred_for_prosecution", "移送起诉",
       "Transferred for prosecution", "police", 5, S::kCaseFiled, C::kNone, false, false},
      {S::kProsecuted, "prosecuted", "提起公诉", "Prosecuted", "procuratorate", 6,
       S::kTransferredForProsecution, C::kProsecutionReview, false, true},
      {S::kTrialFiled, "trial_filed", "一审立案", "First-instance trial filed", "court", 7,
       S::kProsecuted, C::kNone, false, false},
      {S::kFirstInstanceJudgment, "first_instance_judgment", "一审判决", "First-instance judgment",
       "court", 8, S::kTrialFiled, C::kFirstInstance, false, true},
      {S::kEnforced, "enforced", "执行", "Enforced", "court", 9, S::kFirstInstanceJudgment,
       C::kNone, false, false},
  };
  return stages;
}

const StageInfo& InfoOf(Stage stage) {
  return AllStages()[static_cast<size_t>(stage)];
}

std::optional<Stage> ParseStage(std::string_view code) {
  for (const StageInfo& info : AllStages()) {
    if (info.code == code) return info.stage;
  }
  return std::nullopt;
}

std::string_view ClockCode(ProceedingClock clock) {
  switch (clock) {
    case ProceedingClock::kNone:
      return "";
    case ProceedingClock::kCaseReview:
      return "case_review";
    case ProceedingClock::kArrestReview:
      return "arrest_review";
    case ProceedingClock::kProsecutionReview:
      return "prosecution_review";
    case ProceedingClock::kFirstInstance:
      return "first_instance";
    case ProceedingClock::kProtectionOrder:
      return "protection_order";
  }
  return "";
}

int64_t AddSpan(int64_t from, const ClockSpan& span) {
  int64_t at = from;
  if (span.months != 0 || span.days != 0) {
    // Calendar arithmetic on the civil date in Asia/Shanghai, keeping the time of day.
    const int64_t local = from + kShanghaiOffsetMillis;
    const int64_t days = FloorDiv(local, kMillisPerDay);
    const int64_t time_of_day = local - days * kMillisPerDay;
    CivilDate date = AddMonths(DateFromDaysSinceEpoch(days), span.months);
    date = AddDays(date, span.days);
    at = DaysSinceEpoch(date) * kMillisPerDay + time_of_day - kShanghaiOffsetMillis;
  }
  return at + span.hours * kMillisPerHour;
}

ClockSpan LimitOf(ProceedingClock clock, bool complex_or_urgent, const ProceedingClocks& c) {
  switch (clock) {
    case ProceedingClock::kCaseReview:
      return complex_or_urgent ? c.case_review_complex : c.case_review;
    case ProceedingClock::kArrestReview:
      return c.arrest_review;
    case ProceedingClock::kProsecutionReview:
      return complex_or_urgent ? c.prosecution_review_extended : c.prosecution_review;
    case ProceedingClock::kFirstInstance:
      return complex_or_urgent ? c.first_instance_extended : c.first_instance;
    case ProceedingClock::kProtectionOrder:
      return complex_or_urgent ? c.protection_order_urgent : c.protection_order;
    case ProceedingClock::kNone:
      break;
  }
  return {};
}

ClockReading ReadClock(ProceedingClock clock, bool complex_or_urgent, bool priority_target,
                       int64_t reference_at, std::optional<int64_t> closed_at, int64_t now,
                       const ProceedingClocks& clocks) {
  ClockReading r;
  r.clock = clock;
  r.reference_at = reference_at;
  r.limit = LimitOf(clock, complex_or_urgent, clocks);
  r.due_at = AddSpan(reference_at, r.limit);
  r.closed = closed_at.has_value();
  const int64_t end = closed_at.value_or(now);
  r.elapsed_millis = std::max<int64_t>(0, end - reference_at);
  r.met = end <= r.due_at;
  if (priority_target) {
    r.target_due_at = reference_at + (r.due_at - reference_at) * clocks.priority_percent / 100;
    r.target_met = end <= *r.target_due_at;
  }
  return r;
}

Status CheckStageOrder(Stage stage, int64_t at, const std::vector<RecordedStage>& recorded) {
  const StageInfo& info = InfoOf(stage);
  for (const RecordedStage& r : recorded) {
    if (InfoOf(r.stage).order == info.order)
      return Status::Conflict("stage_recorded", {{"stage", "stage_recorded"}});
  }
  if (info.reference) {
    const bool has_reference =
        std::any_of(recorded.begin(), recorded.end(),
                    [&](const RecordedStage& r) { return r.stage == *info.reference; });
    if (!has_reference)
      return Status::InvalidArgument("out_of_order", {{"stage", "reference_missing"}});
  }
  for (const RecordedStage& r : recorded) {
    const int order = InfoOf(r.stage).order;
    if (order < info.order && at < r.at)
      return Status::InvalidArgument("out_of_order", {{"at", "before_reference"}});
    if (order > info.order && at > r.at)
      return Status::InvalidArgument("out_of_order", {{"at", "after_later_stage"}});
  }
  return Status::Ok();
}

Status CheckProtectionDecision(int64_t applied_at, int64_t decided_at, std::string_view outcome,
                               std::string_view valid_until, const ProceedingClocks& clocks) {
  FieldErrors errors;
  if (decided_at < applied_at) errors.emplace("at", "before_application");
  if (outcome != "granted" && outcome != "refused") {
    errors.emplace("outcome", outcome.empty() ? "required" : "unknown_value");
  } else if (outcome == "refused") {
    if (!valid_until.empty()) errors.emplace("valid_until", "not_applicable");
  } else if (valid_until.empty()) {
    errors.emplace("valid_until", "required");
  } else {
    auto until = ParseCivilDate(valid_until, "valid_until");
    if (!until.ok()) {
      errors.insert(until.status().fields().begin(), until.status().fields().end());
    } else {
      const CivilDate decided = CivilDateShanghai(decided_at);
      if (*until < decided) {
        errors.emplace("valid_until", "before_decision");
      } else if (AddMonths(decided, clocks.protection_order_max_validity_months) < *until) {
        errors.emplace("valid_until", "too_long");
      }
    }
  }
  if (errors.empty()) return Status::Ok();
  // A decision before its application is out of order (422); the rest is bad input (400).
  if (errors.size() == 1 && errors.count("at"))
    return Status::InvalidArgument("out_of_order", errors);
  return Status::InvalidArgument("invalid_field", errors);
}

const std::vector<ServiceType>& AllServiceTypes() {
  static const std::vector<ServiceType> types = {
      {"procuratorate_judicial_aid", "司法救助", "Judicial aid", "procuratorate"},
      {"justice_legal_aid", "法律援助", "Legal aid", "justice"},
      {"health_treatment", "医疗救治", "Medical treatment", "health"},
      {"health_forensic_exam", "法医检查", "Forensic examination", "health"},
      {"health_counselling", "心理疏导", "Counselling", "health"},
      {"health_rehabilitation", "康复", "Rehabilitation", "health"},
      {"civil_affairs_living_aid", "生活救助", "Living aid", "civil_affairs"},
      {"civil_affairs_custody", "临时监护/安置", "Temporary custody / placement", "civil_affairs"},
      {"disability_aid", "残疾救助/康复", "Disability aid and rehabilitation", "disability"},
      {"education_placement", "复学/转学安置", "Return to or change of school", "education"},
      {"education_school_protection", "校内保护", "Protection at school", "education"},
      {"community_home_visit", "家访", "Home visit", "community"},
      {"community_guardianship_guidance", "监护指导", "Guardianship guidance", "community"},
      {"womens_federation_psych_support", "心理支持", "Psychological support", "womens_federation"},
      {"womens_federation_legal_advice", "法律咨询", "Legal advice", "womens_federation"},
      {"womens_federation_care", "爱心帮扶", "Care and support", "womens_federation"},
      {"social_org_social_work", "社工服务", "Social work", "social_org"},
      {"social_org_volunteer", "志愿帮扶", "Volunteer support", "social_org"},
  };
  return types;
}

const ServiceType* FindServiceType(std::string_view code) {
  for (const ServiceType& t : AllServiceTypes()) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

Result<int64_t> ParseYuan(std::string_view text, std::string_view field) {
  const std::string f(field);
  if (text.empty()) return Status::InvalidField(f, "required");
  if (text.front() == '-') return Status::InvalidField(f, "negative");
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || !digits(whole) || !digits(fraction) ||
      (dot != std::string_view::npos && (fraction.empty() || fraction.size() > 2)))
    return Status::InvalidField(f, "bad_format");
  if (whole.size() > 8) return Status::InvalidField(f, "out_of_range");
  int64_t fen = 0;
  for (char c : whole) fen = fen * 10 + (c - '0');
  fen *= 100;
  if (!fraction.empty()) fen += (fraction[0] - '0') * 10;
  if (fraction.size() == 2) fen += fraction[1] - '0';
  if (fen > kMaxFen) return Status::InvalidField(f, "out_of_range");
  return fen;
}

std::string FormatYuan(int64_t fen) {
  const bool negative = fen < 0;
  const uint64_t v = negative ? static_cast<uint64_t>(-(fen + 1)) + 1 : static_cast<uint64_t>(fen);
  std::string cents = std::to_string(v % 100);
  if (cents.size() < 2) cents.insert(0, "0");
  return (negative ? "-" : "") + std::to_string(v / 100) + "." + cents;
}

}  // namespace shouhu::domain
