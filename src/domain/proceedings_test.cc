#include "domain/proceedings.h"

#include <gtest/gtest.h>

#include "domain/intake.h"

namespace shouhu::domain {
namespace {

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

int64_t At(const char* text) {
  auto t = ParseDateTime(text, "at");
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : 0;
}

std::string Reason(const Status& s, const std::string& field) {
  auto it = s.fields().find(field);
  return it == s.fields().end() ? "" : it->second;
}

TEST(StagesTest, EveryStageParsesAndNamesItsUnitKind) {
  ASSERT_EQ(AllStages().size(), 12u);
  for (const StageInfo& info : AllStages()) {
    EXPECT_EQ(ParseStage(info.code), info.stage) << info.code;
    EXPECT_EQ(&InfoOf(info.stage), &info);
    EXPECT_TRUE(info.unit_kind == "police" || info.unit_kind == "procuratorate" ||
                info.unit_kind == "court")
        << info.code;
    // Only procuratorate and court stages that close a clock carry the 优先 target.
    EXPECT_EQ(info.priority_target,
              info.unit_kind != "police" && info.clock != ProceedingClock::kNone)
        << info.code;
  }
  EXPECT_FALSE(ParseStage("arrested").has_value());
  EXPECT_FALSE(ParseStage("").has_value());
  EXPECT_TRUE(InfoOf(Stage::kCaseNotFiled).needs_reason);
  EXPECT_TRUE(InfoOf(Stage::kArrestNotApproved).needs_reason);
  EXPECT_FALSE(InfoOf(Stage::kCaseFiled).needs_reason);
}

TEST(ClockSpanTest, CalendarMonthsInShanghai) {
  // 31 January + 1 month ends on the last day of February, leap year or not.
  EXPECT_EQ(AddSpan(At("2026-01-31T10:00:00+08:00"), {.months = 1}),
            At("2026-02-28T10:00:00+08:00"));
  EXPECT_EQ(AddSpan(At("2028-01-31T10:00:00+08:00"), {.months = 1}),
            At("2028-02-29T10:00:00+08:00"));
  // The civil date is Shanghai's: 2026-01-31T20:00Z is already 1 February there.
  EXPECT_EQ(AddSpan(At("2026-01-31T20:00:00Z"), {.months = 1}), At("2026-03-01T04:00:00+08:00"));
  EXPECT_EQ(AddSpan(At("2026-11-20T09:00:00+08:00"), {.months = 1, .days = 15}),
            At("2027-01-04T09:00:00+08:00"));
  EXPECT_EQ(AddSpan(At("2026-03-01T09:00:00+08:00"), {.days = 3}), At("2026-03-04T09:00:00+08:00"));
  EXPECT_EQ(AddSpan(At("2026-03-01T09:00:00+08:00"), {.hours = 72}),
            At("2026-03-04T09:00:00+08:00"));
}

// One row per statutory clock (stage clocks and the protection order), each with its complex /
// urgent variant, checked on the due instant (met) and one minute after (missed).
struct ClockRow {
  ProceedingClock clock;
  bool variant;
  const char* from;
  const char* due;
};

TEST(ProceedingClockTest, EveryRowOfTheClockTable) {
  const ProceedingClocks defaults;
  const std::vector<ClockRow> rows = {
      {ProceedingClock::kCaseReview, false, "2026-03-01T09:00:00+08:00",
       "2026-03-04T09:00:00+08:00"},
      {ProceedingClock::kCaseReview, true, "2026-03-01T09:00:00+08:00",
       "2026-03-08T09:00:00+08:00"},
      {ProceedingClock::kArrestReview, false, "2026-03-01T09:00:00+08:00",
       "2026-03-08T09:00:00+08:00"},
      {ProceedingClock::kProsecutionReview, false, "2026-03-10T09:00:00+08:00",
       "2026-04-10T09:00:00+08:00"},
      {ProceedingClock::kProsecutionReview, true, "2026-03-10T09:00:00+08:00",
       "2026-04-25T09:00:00+08:00"},
      {ProceedingClock::kFirstInstance, false, "2026-04-30T09:00:00+08:00",
       "2026-06-30T09:00:00+08:00"},
      {ProceedingClock::kFirstInstance, true, "2026-04-30T09:00:00+08:00",
       "2026-07-30T09:00:00+08:00"},
      {ProceedingClock::kProtectionOrder, false, "2026-03-01T09:00:00+08:00",
       "2026-03-04T09:00:00+08:00"},
      {ProceedingClock::kProtectionOrder, true, "2026-03-01T09:00:00+08:00",
       "2026-03-02T09:00:00+08:00"},
  };
  for (const ClockRow& row : rows) {
    const std::string name = std::string(ClockCode(row.clock)) + (row.variant ? "+variant" : "");
    const int64_t from = At(row.from);
    const int64_t due = At(row.due);
    const ClockReading on_time =
        ReadClock(row.clock, row.variant, false, from, due, due + kDay, defaults);
    EXPECT_EQ(on_time.due_at, due) << name;
    EXPECT_TRUE(on_time.closed) << name;
    EXPECT_TRUE(on_time.met) << name;
    EXPECT_EQ(on_time.elapsed_millis, due - from) << name;
    EXPECT_FALSE(on_time.target_due_at.has_value()) << name;
    const ClockReading late =
        ReadClock(row.clock, row.variant, false, from, due + 60'000, due + kDay, defaults);
    EXPECT_FALSE(late.met) << name;
    // Still open: measured against now.
    const ClockReading open =
        ReadClock(row.clock, row.variant, false, from, std::nullopt, from + kHour, defaults);
    EXPECT_FALSE(open.closed) << name;
    EXPECT_TRUE(open.met) << name;
    EXPECT_EQ(open.elapsed_millis, kHour) << name;
    EXPECT_FALSE(
        ReadClock(row.clock, row.variant, false, from, std::nullopt, due + 1, defaults).met)
        << name;
  }
  EXPECT_EQ(LimitOf(ProceedingClock::kNone, false, defaults), ClockSpan{});
}

TEST(ProceedingClockTest, PriorityTargetIsHalfTheLimit) {
  const ProceedingClocks defaults;
  const int64_t from = At("2026-03-10T09:00:00+08:00");  // 审查起诉: one month is 31 days here
  const int64_t half = from + 31 * kDay / 2;
  const ClockReading fast =
      ReadClock(ProceedingClock::kProsecutionReview, false, true, from, half, half, defaults);
  ASSERT_TRUE(fast.target_due_at.has_value());
  EXPECT_EQ(*fast.target_due_at, half);
  EXPECT_TRUE(*fast.target_met);
  EXPECT_TRUE(fast.met);
  const ClockReading slower = ReadClock(ProceedingClock::kProsecutionReview, false, true, from,
                                        half + kHour, half + kHour, defaults);
  EXPECT_FALSE(*slower.target_met);
  EXPECT_TRUE(slower.met) << "within the statutory limit but past the 优先 target";

  ProceedingClocks configured;
  configured.priority_percent = 25;
  configured.first_instance = {.days = 40};
  const int64_t t = At("2026-05-01T09:00:00+08:00");
  const ClockReading r = ReadClock(ProceedingClock::kFirstInstance, false, true, t, t + 11 * kDay,
                                   t + 11 * kDay, configured);
  EXPECT_EQ(r.due_at, t + 40 * kDay);
  EXPECT_EQ(*r.target_due_at, t + 10 * kDay);
  EXPECT_FALSE(*r.target_met);
  EXPECT_TRUE(r.met);
}

TEST(StageOrderTest, ReferencesOrderAndRepeats) {
  const int64_t t = At("2026-03-01T09:00:00+08:00");
  std::vector<RecordedStage> recorded;
  EXPECT_TRUE(CheckStageOrder(Stage::kPoliceRegistered, t, recorded).ok());
  // 立案 needs 受案 first.
  Status missing = CheckStageOrder(Stage::kCaseFiled, t, recorded);
  EXPECT_EQ(missing.message(), "out_of_order");
  EXPECT_EQ(Reason(missing, "stage"), "reference_missing");
  recorded.push_back({Stage::kPoliceRegistered, t});
  Status early = CheckStageOrder(Stage::kCaseFiled, t - kHour, recorded);
  EXPECT_EQ(early.message(), "out_of_order");
  EXPECT_EQ(Reason(early, "at"), "before_reference");
  EXPECT_TRUE(CheckStageOrder(Stage::kCaseFiled, t, recorded).ok()) << "the same instant is fine";
  recorded.push_back({Stage::kCaseFiled, t + kDay});
  // Once 立案 is recorded, neither it again nor 不立案.
  for (Stage again : {Stage::kCaseFiled, Stage::kCaseNotFiled}) {
    Status repeat = CheckStageOrder(again, t + 2 * kDay, recorded);
    EXPECT_EQ(repeat.code(), StatusCode::kConflict);
    EXPECT_EQ(Reason(repeat, "stage"), "stage_recorded");
  }
  // 移送起诉 may follow 立案 without an arrest, but not precede an earlier stage.
  EXPECT_TRUE(CheckStageOrder(Stage::kTransferredForProsecution, t + 5 * kDay, recorded).ok());
  recorded.push_back({Stage::kTransferredForProsecution, t + 5 * kDay});
  Status before_filing = CheckStageOrder(Stage::kSolved, t + 6 * kDay, recorded);
  EXPECT_EQ(Reason(before_filing, "at"), "after_later_stage")
      << "破案 cannot be dated after 移送起诉 was recorded";
  EXPECT_TRUE(CheckStageOrder(Stage::kSolved, t + 3 * kDay, recorded).ok());
  EXPECT_EQ(Reason(CheckStageOrder(Stage::kArrestApproved, t + 6 * kDay, recorded), "stage"),
            "reference_missing");
  EXPECT_EQ(Reason(CheckStageOrder(Stage::kEnforced, t + 6 * kDay, recorded), "stage"),
            "reference_missing");
}

TEST(ProtectionOrderTest, DecisionRules) {
  const ProceedingClocks c;
  const int64_t applied = At("2026-03-01T09:00:00+08:00");
  const int64_t decided = At("2026-03-01T20:00:00+08:00");
  EXPECT_TRUE(CheckProtectionDecision(applied, decided, "granted", "2026-09-01", c).ok());
  EXPECT_TRUE(CheckProtectionDecision(applied, decided, "refused", "", c).ok());
  EXPECT_EQ(
      Reason(CheckProtectionDecision(applied, decided, "granted", "2026-09-02", c), "valid_until"),
      "too_long");
  EXPECT_EQ(
      Reason(CheckProtectionDecision(applied, decided, "granted", "2026-02-28", c), "valid_until"),
      "before_decision");
  EXPECT_EQ(Reason(CheckProtectionDecision(applied, decided, "granted", "", c), "valid_until"),
            "required");
  EXPECT_EQ(
      Reason(CheckProtectionDecision(applied, decided, "granted", "2026-9-1", c), "valid_until"),
      "bad_format");
  EXPECT_EQ(
      Reason(CheckProtectionDecision(applied, decided, "refused", "2026-04-01", c), "valid_until"),
      "not_applicable");
  EXPECT_EQ(Reason(CheckProtectionDecision(applied, decided, "maybe", "", c), "outcome"),
            "unknown_value");
  const Status early = CheckProtectionDecision(applied, applied - kHour, "refused", "", c);
  EXPECT_EQ(early.message(), "out_of_order");
  EXPECT_EQ(Reason(early, "at"), "before_application");
}

TEST(ServiceTypeTest, EachNamesADeliveringUnitKind) {
  EXPECT_EQ(FindServiceType("health_counselling")->unit_kind, "health");
  EXPECT_EQ(FindServiceType("civil_affairs_living_aid")->unit_kind, "civil_affairs");
  EXPECT_EQ(FindServiceType("police_register"), nullptr) << "a proceeding, not a service";
  EXPECT_EQ(FindServiceType(""), nullptr);
  for (const ServiceType& t : AllServiceTypes()) EXPECT_EQ(FindServiceType(t.code), &t);
}

TEST(MoneyTest, YuanToFenAndBack) {
  EXPECT_EQ(*ParseYuan("1234.50", "amount_yuan"), 123450);
  EXPECT_EQ(*ParseYuan("1234.5", "amount_yuan"), 123450);
  EXPECT_EQ(*ParseYuan("0", "amount_yuan"), 0);
  EXPECT_EQ(*ParseYuan("0.07", "amount_yuan"), 7);
  EXPECT_EQ(*ParseYuan("99999999.99", "amount_yuan"), 9'999'999'999);
  EXPECT_EQ(Reason(ParseYuan("-5.00", "amount_yuan").status(), "amount_yuan"), "negative");
  EXPECT_EQ(Reason(ParseYuan("100000000", "amount_yuan").status(), "amount_yuan"), "out_of_range");
  for (const char* bad : {"1.234", "1.", ".5", "1,000", "1e3", "¥5", " 5", "5 ", "abc"}) {
    EXPECT_EQ(Reason(ParseYuan(bad, "amount_yuan").status(), "amount_yuan"), "bad_format") << bad;
  }
  EXPECT_EQ(Reason(ParseYuan("", "amount_yuan").status(), "amount_yuan"), "required");
  EXPECT_EQ(FormatYuan(123450), "1234.50");
  EXPECT_EQ(FormatYuan(7), "0.07");
  EXPECT_EQ(FormatYuan(0), "0.00");
  EXPECT_EQ(FormatYuan(9'999'999'999), "99999999.99");
}

}  // namespace
}  // namespace shouhu::domain
