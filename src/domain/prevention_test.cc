#include "domain/prevention.h"

#include <gtest/gtest.h>

namespace shouhu::domain {
namespace {

TEST(PreventionTest, TheShortestIntervalOfTheGirlsClassesApplies) {
  const VisitIntervals d;
  EXPECT_EQ(VisitIntervalDays({}, d), 122);                 // each term
  EXPECT_EQ(VisitIntervalDays({"single_parent"}, d), 122);  // others: each term
  EXPECT_EQ(VisitIntervalDays({"left_behind"}, d), 61);     // 留守: two months
  EXPECT_EQ(VisitIntervalDays({"extreme_poverty", "migrant"}, d), 61);
  EXPECT_EQ(VisitIntervalDays({"left_behind", "de_facto_unsupported"}, d), 30);  // monthly wins
  EXPECT_EQ(VisitIntervalDays({"guardianship_lacking"}, d), 30);
  VisitIntervals rules;
  rules.monthly_days = 14;
  rules.term_days = 90;
  EXPECT_EQ(VisitIntervalDays({"guardianship_lacking"}, rules), 14);
  EXPECT_EQ(VisitIntervalDays({"orphan"}, rules), 90);
}

TEST(PreventionTest, StudentNumbersAreLettersAndDigitsUpTo32) {
  EXPECT_TRUE(CheckStudentNumber("student_no", "G230103201503010022").ok());
  EXPECT_TRUE(CheckStudentNumber("student_no", "L13").ok());
  for (const char* bad : {"", "G-1", "G 1", "学籍1", "123456789012345678901234567890123"}) {
    const Status s = CheckStudentNumber("student_no", bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.fields().at("student_no"), "bad_format") << bad;
  }
}

TEST(PreventionTest, VocabulariesAreClosedAndTheKeepersAreTheRightUnits) {
  EXPECT_TRUE(IsPreventionCode(FamilySituations(), "parent_in_prison"));
  EXPECT_FALSE(IsPreventionCode(FamilySituations(), "rich"));
  EXPECT_TRUE(IsPreventionCode(ActivityKinds(), "children_home"));
  EXPECT_TRUE(IsPreventionCode(StaffCheckResults(), "record_dismissed"));
  for (const auto* list : {&FamilySituations(), &Caregivers(), &DisabilityTypes(), &ActivityKinds(),
                           &ActivityAudiences(), &StaffCheckKinds(), &StaffCheckResults()}) {
    for (const auto& c : *list) {
      EXPECT_FALSE(c.zh.empty()) << c.code;
      EXPECT_FALSE(c.en.empty()) << c.code;
    }
  }
  EXPECT_TRUE(KeepsRegistry("education"));
  EXPECT_TRUE(KeepsRegistry("community"));
  EXPECT_TRUE(KeepsRegistry("civil_affairs"));
  EXPECT_FALSE(KeepsRegistry("police"));
  EXPECT_FALSE(KeepsRegistry("court"));
  EXPECT_TRUE(RunsStaffChecks("education"));
  EXPECT_FALSE(RunsStaffChecks("police"));
}

}  // namespace
}  // namespace shouhu::domain
