#include "domain/civil_date.h"

#include <gtest/gtest.h>

namespace shouhu::domain {
namespace {

std::string Reason(const Status& s) {
  return s.fields().empty() ? "" : s.fields().begin()->second;
}

TEST(CivilDateTest, ParsesStrictly) {
  auto d = ParseCivilDate("2024-02-29");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, (CivilDate{2024, 2, 29}));
  EXPECT_EQ(d->ToString(), "2024-02-29");
  EXPECT_EQ(Reason(ParseCivilDate("", "incident_date").status()), "required");
  EXPECT_EQ(ParseCivilDate("", "incident_date").status().fields().begin()->first, "incident_date");
  for (const char* bad : {"2024-2-29", "2024/02/29", "20240229", "2024-02-29T00:00", " 2024-02-29",
                          "２０２４-02-29", "2024-0a-01", "+024-01-01"}) {
    EXPECT_EQ(Reason(ParseCivilDate(bad).status()), "bad_format") << bad;
  }
  for (const char* bad : {"2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
                          "2026-01-00", "0000-01-01"}) {
    EXPECT_EQ(Reason(ParseCivilDate(bad).status()), "bad_date") << bad;
  }
  EXPECT_TRUE(ParseCivilDate("2000-02-29").ok());
}

TEST(CivilDateTest, LeapYearsAndMonthLengths) {
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2026));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2026, 2), 28);
  EXPECT_EQ(DaysInMonth(2026, 4), 30);
  EXPECT_EQ(DaysInMonth(2026, 12), 31);
  EXPECT_EQ(DaysInMonth(2026, 13), 0);
}

TEST(CivilDateTest, Ordering) {
  EXPECT_LT((CivilDate{2025, 12, 31}), (CivilDate{2026, 1, 1}));
  EXPECT_LT((CivilDate{2026, 1, 31}), (CivilDate{2026, 2, 1}));
  EXPECT_LT((CivilDate{2026, 2, 1}), (CivilDate{2026, 2, 2}));
  EXPECT_EQ((CivilDate{2026, 2, 2}), (CivilDate{2026, 2, 2}));
}

TEST(CivilDateTest, DayArithmetic) {
  EXPECT_EQ(DaysSinceEpoch({1970, 1, 1}), 0);
  EXPECT_EQ(DaysSinceEpoch({2026, 1, 1}), 20454);
  EXPECT_EQ(DaysSinceEpoch({1969, 12, 31}), -1);
  EXPECT_EQ(DaysSinceEpoch({1900, 1, 1}), -25567);
  for (int64_t d = -700'000; d <= 700'000; d += 997) {
    const CivilDate date = DateFromDaysSinceEpoch(d);
    ASSERT_TRUE(date.IsValid()) << d;
    ASSERT_EQ(DaysSinceEpoch(date), d);
  }
  EXPECT_EQ(DaysBetween({2024, 2, 28}, {2024, 3, 1}), 2);
  EXPECT_EQ(DaysBetween({2026, 2, 28}, {2026, 3, 1}), 1);
  EXPECT_EQ(DaysBetween({2026, 3, 1}, {2026, 2, 28}), -1);
  EXPECT_EQ(AddDays({2025, 12, 31}, 1), (CivilDate{2026, 1, 1}));
  EXPECT_EQ(AddDays({2024, 3, 1}, -1), (CivilDate{2024, 2, 29}));
}

TEST(CivilDateTest, AgeInWholeYears) {
  const CivilDate birth{2010, 6, 15};
  EXPECT_EQ(AgeInYears(birth, {2026, 6, 14}), 15);
  EXPECT_EQ(AgeInYears(birth, {2026, 6, 15}), 16);
  EXPECT_EQ(AgeInYears(birth, {2026, 12, 31}), 16);
  EXPECT_EQ(AgeInYears(birth, {2010, 6, 15}), 0);
  EXPECT_EQ(AgeInYears(birth, {2010, 6, 14}), -1);
  const CivilDate leap{2008, 2, 29};
  EXPECT_EQ(AgeInYears(leap, {2026, 2, 28}), 17);
  EXPECT_EQ(AgeInYears(leap, {2026, 3, 1}), 18);
  EXPECT_EQ(AgeInYears(leap, {2028, 2, 29}), 20);
}

TEST(CivilDateTest, UnderAgeCountsFromTheDayAfterTheBirthday) {
  const CivilDate birth{2008, 6, 15};
  EXPECT_TRUE(IsUnderAgeOn(birth, {2026, 6, 14}, 18));
  EXPECT_TRUE(IsUnderAgeOn(birth, {2026, 6, 15}, 18));  // the 18th birthday itself
  EXPECT_FALSE(IsUnderAgeOn(birth, {2026, 6, 16}, 18));
  EXPECT_TRUE(IsUnderAgeOn({2012, 3, 1}, {2026, 3, 1}, 14));
  EXPECT_FALSE(IsUnderAgeOn({2012, 3, 1}, {2026, 3, 2}, 14));
  const CivilDate leap{2008, 2, 29};
  EXPECT_TRUE(IsUnderAgeOn(leap, {2026, 3, 1}, 18));
  EXPECT_FALSE(IsUnderAgeOn(leap, {2026, 3, 2}, 18));
}

TEST(CivilDateTest, FromEpochMillis) {
  // 2026-01-01T00:00:00Z
  constexpr int64_t kNewYearUtc = 1'767'225'600'000;
  EXPECT_EQ(CivilDateUtc(kNewYearUtc), (CivilDate{2026, 1, 1}));
  EXPECT_EQ(CivilDateUtc(kNewYearUtc - 1), (CivilDate{2025, 12, 31}));
  EXPECT_EQ(CivilDateShanghai(kNewYearUtc), (CivilDate{2026, 1, 1}));
  // 2025-12-31T16:00Z is 2026-01-01 00:00 in Beijing.
  EXPECT_EQ(CivilDateShanghai(kNewYearUtc - 8 * 3'600'000), (CivilDate{2026, 1, 1}));
  EXPECT_EQ(CivilDateShanghai(kNewYearUtc - 8 * 3'600'000 - 1), (CivilDate{2025, 12, 31}));
  EXPECT_EQ(CivilDateUtc(kNewYearUtc - 8 * 3'600'000), (CivilDate{2025, 12, 31}));
  EXPECT_EQ(CivilDateUtc(-1), (CivilDate{1969, 12, 31}));
  EXPECT_EQ(StartOfDayShanghaiMillis({2026, 1, 1}), kNewYearUtc - 8 * 3'600'000);
  EXPECT_EQ(CivilDateShanghai(StartOfDayShanghaiMillis({2024, 2, 29})), (CivilDate{2024, 2, 29}));
}

}  // namespace
}  // namespace shouhu::domain
