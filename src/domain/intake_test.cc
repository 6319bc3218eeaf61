#include "domain/intake.h"

#include <gtest/gtest.h>

#include "domain/id_number.h"

namespace shouhu::domain {
namespace {

// 2026-11-01T00:00:00+08:00
constexpr int64_t kNow = 1'793'462'400'000;

std::string Id(const std::string& birth) {
  const std::string first17 = "230103" + birth + "002";
  return first17 + IdCheckDigit(first17);
}

IntakeInput Good() {
  IntakeInput in;
  in.child = {.name = "测试某",
              .id_number = Id("20130512"),
              .phone = "13900001111",
              .district_code = "230103"};
  in.incident = {.occurred_on = "2026-03-01", .place_type = "school"};
  in.harm_types = {"child_molestation"};
  in.intake_channel = "school";
  in.discovered_at = "2026-03-02T08:00:00+08:00";
  in.reported_at = "2026-03-02T10:00:00+08:00";
  return in;
}

Result<ValidIntake> Check(IntakeInput in, IntakeKind kind = IntakeKind::kCase) {
  return ValidateIntake(std::move(in), kind,
                        {.enumerations = &Enumerations::Defaults(), .now_millis = kNow});
}

TEST(IntakeTest, AcceptsAGoodIntakeAndDerivesTheBirthDateAndAge) {
  auto v = Check(Good());
  ASSERT_TRUE(v.ok()) << (v.status().fields().empty() ? v.status().message()
                                                      : v.status().fields().begin()->first);
  EXPECT_EQ(v->input.child.birth_date, "2013-05-12");
  EXPECT_EQ(v->age_at_incident, 12);
  EXPECT_EQ(v->reported_at - v->discovered_at, 2 * 3'600'000);
}

TEST(IntakeTest, ReportsEveryBadFieldAtOnce) {
  IntakeInput in = Good();
  in.child.phone = "12";
  in.child.district_code = "";
  in.harm_types = {"unknown_harm"};
  auto v = Check(in);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().fields().count("child.phone"), 1u);
  EXPECT_EQ(v.status().fields().count("child.district_code"), 1u);
  EXPECT_EQ(v.status().fields().count("harm_types"), 1u);
}

TEST(IntakeTest, DatesMustBeInOrderAndNotInTheFuture) {
  IntakeInput a = Good();
  a.discovered_at = "2026-03-03T08:00:00+08:00";  // after the report
  EXPECT_EQ(Check(a).status().fields().at("discovered_at"), "after_report");
  IntakeInput b = Good();
  b.incident.occurred_on = "2026-03-03";  // after discovery
  EXPECT_EQ(Check(b).status().fields().at("incident.occurred_on"), "after_discovery");
  IntakeInput c = Good();
  c.reported_at = "2027-01-01T00:00:00Z";
  EXPECT_EQ(Check(c).status().fields().at("reported_at"), "in_future");
  IntakeInput d = Good();
  d.discovered_at = "2026-03-02T08:00:00";  // no offset: ambiguous
  EXPECT_EQ(Check(d).status().fields().at("discovered_at"), "bad_format");
}

TEST(IntakeTest, TheGirlMustBeUnder18OnTheIncidentDate) {
  IntakeInput in = Good();
  in.child.id_number = Id("20080301");  // 18 on 2026-03-01: her birthday, still a minor (周岁)
  EXPECT_TRUE(Check(in).ok());
  in.child.id_number = Id("20080228");
  EXPECT_EQ(Check(in).status().fields().at("child.birth_date"), "not_minor_on_incident_date");
  IntakeInput mismatch = Good();
  mismatch.child.birth_date = "2013-05-13";
  EXPECT_EQ(Check(mismatch).status().fields().at("child.birth_date"), "id_number_mismatch");
}

TEST(IntakeTest, MandatoryReportsNeedCategoryAndSituation) {
  IntakeInput in = Good();
  in.intake_channel.clear();
  auto v = Check(in, IntakeKind::kMandatoryReport);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().fields().at("reporter_category"), "required");
  EXPECT_EQ(v.status().fields().at("situation_code"), "required");
  in.reporter_category = "school_kindergarten";
  in.situation_code = "R2";
  auto ok = Check(in, IntakeKind::kMandatoryReport);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->input.intake_channel, "mandatory_report");
}

TEST(IntakeTest, PhonesDistrictsAndDateTimes) {
  EXPECT_TRUE(IsPhoneNumber("13812345678"));
  EXPECT_TRUE(IsPhoneNumber("+8613812345678"));
  EXPECT_TRUE(IsPhoneNumber("0451-86661234"));
  EXPECT_FALSE(IsPhoneNumber("12812345678"));
  EXPECT_FALSE(IsPhoneNumber("0451-86-661234"));
  EXPECT_TRUE(IsDistrictCode("230103"));
  EXPECT_FALSE(IsDistrictCode("990103"));
  EXPECT_FALSE(IsDistrictCode("23010"));
  auto utc = ParseDateTime("2026-03-02T00:00:00Z", "t");
  auto cst = ParseDateTime("2026-03-02T08:00:00+08:00", "t");
  ASSERT_TRUE(utc.ok() && cst.ok());
  EXPECT_EQ(*utc, *cst);
  EXPECT_FALSE(ParseDateTime("2026-02-30T00:00:00Z", "t").ok());
  EXPECT_FALSE(ParseDateTime("2026-03-02T24:00:00Z", "t").ok());
}

}  // namespace
}  // namespace shouhu::domain
