// Legal proceedings of a case (police, procuratorate and court stages and their statutory clocks):
// the dated stages from 受案 to 执行, protection orders (人身安全保护令) and warning letters
// (告诫书), which unit kind records each, the order the stages come in, and the statutory clocks
// each stage is measured against, with the 优先 target of the procuratorate and court stages. Also
// money as integer fen. Pure values and functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace shouhu::domain {

enum class Stage {
  kPoliceRegistered,           // 受案
  kCaseFiled,                  // 立案
  kCaseNotFiled,               // 不立案 (with a reason)
  kSolved,                     // 破案
  kArrestRequested,            // 提请批捕
  kArrestApproved,             // 批捕
  kArrestNotApproved,          // 不批捕 (with a reason)
  kTransferredForProsecution,  // 移送起诉
  kProsecuted,                 // 提起公诉
  kTrialFiled,                 // 一审立案
  kFirstInstanceJudgment,      // 一审判决
  kEnforced,                   // 执行
};

// Which statutory clock a stage closes.
enum class ProceedingClock {
  kNone,
  kCaseReview,         // 立案审查: 受案 -> 立案 / 不立案
  kArrestReview,       // 审查批捕: 提请批捕 -> 批捕 / 不批捕
  kProsecutionReview,  // 审查起诉: 移送起诉 -> 提起公诉
  kFirstInstance,      // 一审: 一审立案 -> 一审判决
  kProtectionOrder,    // 人身安全保护令: 申请 -> 裁定
};

struct StageInfo {
  Stage stage;
  std::string_view code;  // "case_filed"
  std::string_view zh;    // "立案"
  std::string_view en;
  std::string_view unit_kind;      // the member-unit kind that records it
  int order;                       // position in the chain; alternatives share one
  std::optional<Stage> reference;  // must be recorded first; the clock runs from it
  ProceedingClock clock;           // kNone: no statutory clock
  bool needs_reason;               // 不立案, 不批捕
  bool priority_target;            // procuratorate and court: 优先 = half the time
};

const std::vector<StageInfo>& AllStages();
const StageInfo& InfoOf(Stage stage);
std::optional<Stage> ParseStage(std::string_view code);
std::string_view ClockCode(ProceedingClock clock);

// A span of calendar time: months are calendar months in Asia/Shanghai (a month from 31 January
// ends on the last day of February), then days, then hours.
struct ClockSpan {
  int months = 0;
  int days = 0;
  int hours = 0;
  friend bool operator==(const ClockSpan&, const ClockSpan&) = default;
};

// `from` plus `span` (epoch milliseconds).
int64_t AddSpan(int64_t from, const ClockSpan& span);

// The statutory clocks; configurable in the rules file ([proceeding_clocks]).
struct ProceedingClocks {
  ClockSpan case_review{.days = 3};           // 公安机关办理刑事案件程序规定
  ClockSpan case_review_complex{.days = 7};   // complex cases
  ClockSpan arrest_review{.days = 7};         // 刑诉法 §91
  ClockSpan prosecution_review{.months = 1};  // 刑诉法 §172
  ClockSpan prosecution_review_extended{.months = 1, .days = 15};  // major or complex
  ClockSpan first_instance{.months = 2};                           // 刑诉法 §208
  ClockSpan first_instance_extended{.months = 3};                  // the most it may take
  ClockSpan protection_order{.hours = 72};                         // 反家暴法 §28
  ClockSpan protection_order_urgent{.hours = 24};
  int protection_order_max_validity_months = 6;  // 反家暴法 §30
  int priority_percent = 50;                     // 优先 target: this share of the limit
};

// The limit of `clock` for a case that is complex (stages) or urgent (protection orders).
ClockSpan LimitOf(ProceedingClock clock, bool complex_or_urgent, const ProceedingClocks& clocks);

// One measurement: from the reference instant to the closing instant (or to now, still open).
struct ClockReading {
  ProceedingClock clock = ProceedingClock::kNone;
  int64_t reference_at = 0;
  ClockSpan limit;
  int64_t due_at = 0;
  std::optional<int64_t> target_due_at;  // 优先 target, procuratorate and court stages only
  int64_t elapsed_millis = 0;
  bool closed = false;  // the closing stage is recorded
  bool met = false;     // closed within the limit (open: not yet past it)
  std::optional<bool> target_met;
};

// Reads `clock` from `reference_at` to `closed_at`, or to `now` while open.
ClockReading ReadClock(ProceedingClock clock, bool complex_or_urgent, bool priority_target,
                       int64_t reference_at, std::optional<int64_t> closed_at, int64_t now,
                       const ProceedingClocks& clocks);

// A stage already recorded on the case.
struct RecordedStage {
  Stage stage;
  int64_t at = 0;
};

// Whether `stage` at `at` may be added to `recorded`: not already recorded (nor its alternative,
// e.g. 不立案 after 立案) -> Conflict "stage_recorded" {stage: stage_recorded}; its reference
// recorded, not before any earlier stage nor after any later one -> InvalidArgument
// "out_of_order" {stage: reference_missing} / {at: before_reference | after_later_stage} (the API
// answers "out_of_order" with 422).
Status CheckStageOrder(Stage stage, int64_t at, const std::vector<RecordedStage>& recorded);

// A protection order's decision: not before the application -> InvalidArgument "out_of_order"
// {at: before_application} (alone; 422 at the API), else InvalidArgument "invalid_field":
// outcome "granted" or "refused" -> {outcome: unknown_value}; a granted order's valid_until
// ("YYYY-MM-DD") is required, not before the decision's date (Asia/Shanghai) and at most
// `max_validity_months` after it -> {valid_until: required | bad_format | before_decision |
// too_long}; a refused one has none -> {valid_until: not_applicable}.
Status CheckProtectionDecision(int64_t applied_at, int64_t decided_at, std::string_view outcome,
                               std::string_view valid_until, const ProceedingClocks& clocks);

// Assistance services (援助) a unit delivers, by task-type code (workflow contract), each with the
// member-unit kind that delivers it.
struct ServiceType {
  std::string_view code;  // "health_counselling"
  std::string_view zh;    // "心理疏导"
  std::string_view en;
  std::string_view unit_kind;
};
const std::vector<ServiceType>& AllServiceTypes();
const ServiceType* FindServiceType(std::string_view code);

// Money as integer fen (分). "1234.5" / "1234.50" / "12" -> fen; at most two decimals, no sign,
// at most 99 999 999.99 yuan; errors name `field`: "negative", "bad_format", "out_of_range".
Result<int64_t> ParseYuan(std::string_view text, std::string_view field);
// 123450 -> "1234.50".
std::string FormatYuan(int64_t fen);

}  // namespace shouhu::domain
