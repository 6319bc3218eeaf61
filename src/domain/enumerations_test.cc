#include "domain/enumerations.h"

#include <gtest/gtest.h>

#include <set>

namespace shouhu::domain {
namespace {

using G = GbvimsCoreType;

std::string Reason(const Status& s) {
  return s.fields().empty() ? "" : s.fields().begin()->second;
}
std::string Field(const Status& s) {
  return s.fields().empty() ? "" : s.fields().begin()->first;
}

const Enumerations& E() {
  return Enumerations::Defaults();
}

TEST(EnumerationsTest, SizesMatchDomainReference) {
  const std::map<std::string_view, size_t> expected = {
      {kHarmType, 16},         {kMandatoryReportSituation, 9},
      {kReporterCategory, 15}, {kIntakeChannel, 10},
      {kRiskLevel, 4},         {kVulnerabilityClass, 8},
      {kAggravatingFlag, 10},  {kPerpetratorRelationship, 12},
      {kPlaceType, 9},         {kAgeBand, 4},
      {kGbvimsAgeBand, 2},     {kReportDelayBand, 5},
  };
  ASSERT_EQ(Enumerations::Names().size(), expected.size());
  for (std::string_view name : Enumerations::Names()) {
    ASSERT_TRUE(expected.count(name)) << name;
    EXPECT_EQ(E().Values(name).size(), expected.at(name)) << name;
  }
}

TEST(EnumerationsTest, EveryValueHasAUniqueCodeAndBothLabels) {
  for (std::string_view name : Enumerations::Names()) {
    std::set<std::string> codes;
    for (const EnumValue& v : E().Values(name)) {
      EXPECT_TRUE(codes.insert(v.code).second) << name << " " << v.code;
      EXPECT_FALSE(v.zh.empty()) << v.code;
      EXPECT_FALSE(v.en.empty()) << v.code;
      EXPECT_EQ(E().Label(name, v.code, Language::kZh), v.zh);
      EXPECT_EQ(E().Label(name, v.code, Language::kEn), v.en);
    }
  }
}

TEST(EnumerationsTest, KnownCodes) {
  EXPECT_TRUE(E().Contains(kHarmType, "child_molestation"));
  EXPECT_TRUE(E().Contains(kMandatoryReportSituation, "R1"));
  EXPECT_TRUE(E().Contains(kMandatoryReportSituation, "R9"));
  EXPECT_FALSE(E().Contains(kMandatoryReportSituation, "R10"));
  EXPECT_TRUE(E().Contains(kIntakeChannel, "hotline_12338"));
  EXPECT_TRUE(E().Contains(kPlaceType, "internet_cafe"));
  EXPECT_FALSE(E().Contains(kHarmType, "Rape"));
  EXPECT_FALSE(E().Contains("no_such_enumeration", "rape"));
  EXPECT_TRUE(E().Values("no_such_enumeration").empty());
  EXPECT_EQ(E().Label(kRiskLevel, "high", Language::kZh), "高");
  EXPECT_EQ(E().Label(kRiskLevel, "severe", Language::kZh), std::nullopt);
}

TEST(EnumerationsTest, CheckNamesTheField) {
  EXPECT_TRUE(E().Check("risk_level", kRiskLevel, "medium").ok());
  const Status s = E().Check("risk_level", kRiskLevel, "severe");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Field(s), "risk_level");
  EXPECT_EQ(Reason(s), "unknown_value");
  EXPECT_EQ(Reason(E().Check("risk_level", kRiskLevel, "")), "unknown_value");
  EXPECT_TRUE(E().CheckAll("harm_types", kHarmType, {"rape", "bullying"}).ok());
  EXPECT_TRUE(E().CheckAll("harm_types", kHarmType, {}).ok());
  EXPECT_EQ(Field(E().CheckAll("harm_types", kHarmType, {"rape", "arson"})), "harm_types");
}

TEST(EnumerationsTest, HarmTypesMapToGbvimsCoreTypes) {
  const std::map<std::string, G> expected = {
      {"rape", G::kRape},
      {"caretaker_sexual_abuse", G::kRape},
      {"indecent_assault", G::kSexualAssault},
      {"child_molestation", G::kSexualAssault},
      {"sexual_harassment", G::kPsychologicalAbuse},
      {"prostitution_related", G::kRape},
      {"intentional_injury", G::kPhysicalAssault},
      {"maltreatment", G::kPhysicalAssault},
      {"domestic_violence", G::kPhysicalAssault},
      {"abandonment_neglect", G::kDenialOfResources},
      {"trafficking", G::kNone},
      {"missing", G::kNonGbv},
      {"bullying", G::kNone},
      {"organised_begging", G::kNone},
      {"early_forced_marriage", G::kForcedMarriage},
      {"other", G::kNonGbv},
  };
  ASSERT_EQ(E().Values(kHarmType).size(), expected.size());
  for (const EnumValue& v : E().Values(kHarmType)) {
    ASSERT_TRUE(expected.count(v.code)) << v.code;
    EXPECT_EQ(v.gbvims, expected.at(v.code)) << v.code;
  }
  for (std::string_view name : Enumerations::Names()) {
    if (name == kHarmType) continue;
    for (const EnumValue& v : E().Values(name)) EXPECT_EQ(v.gbvims, G::kNone) << v.code;
  }
}

TEST(EnumerationsTest, CoreTypePrecedenceFollowsDomainOrder) {
  // One representative harm per core type, in display order.
  const std::vector<std::pair<std::string, G>> ladder = {
      {"rape", G::kRape},
      {"indecent_assault", G::kSexualAssault},
      {"intentional_injury", G::kPhysicalAssault},
      {"early_forced_marriage", G::kForcedMarriage},
      {"abandonment_neglect", G::kDenialOfResources},
      {"sexual_harassment", G::kPsychologicalAbuse},
      {"missing", G::kNonGbv},
  };
  // Any set whose highest member is ladder[i] classifies as ladder[i], whatever else it holds.
  for (size_t i = 0; i < ladder.size(); ++i) {
    std::vector<std::string> harms = {"trafficking", "bullying"};
    for (size_t j = ladder.size(); j-- > i;) harms.push_back(ladder[j].first);
    EXPECT_EQ(E().GbvimsCoreTypeOf(harms), ladder[i].second) << ladder[i].first;
  }
  EXPECT_EQ(E().GbvimsCoreTypeOf({"bullying", "domestic_violence", "child_molestation"}),
            G::kSexualAssault);
  EXPECT_EQ(E().GbvimsCoreTypeOf({"trafficking", "organised_begging", "bullying"}), G::kNone);
  EXPECT_EQ(E().GbvimsCoreTypeOf({"trafficking", "missing"}), G::kNonGbv);
  EXPECT_EQ(E().GbvimsCoreTypeOf({}), G::kNone);
  EXPECT_EQ(E().GbvimsCoreTypeOf({"arson"}), G::kNone);
}

TEST(EnumerationsTest, CoreTypeCodesRoundTrip) {
  for (G g : {G::kRape, G::kSexualAssault, G::kPhysicalAssault, G::kForcedMarriage,
              G::kDenialOfResources, G::kPsychologicalAbuse, G::kNonGbv, G::kNone}) {
    EXPECT_EQ(ParseGbvimsCoreType(GbvimsCoreTypeCode(g)), g);
  }
  EXPECT_EQ(GbvimsCoreTypeCode(G::kDenialOfResources), "denial_of_resources");
  EXPECT_EQ(ParseGbvimsCoreType("Rape"), std::nullopt);
}

TEST(EnumerationsTest, ExtendReturnsANewCopy) {
  auto extended = E().Extend(kPlaceType, "river_bank", "河边", "River bank");
  ASSERT_TRUE(extended.ok()) << Reason(extended.status());
  EXPECT_TRUE(extended->Contains(kPlaceType, "river_bank"));
  EXPECT_EQ(extended->Values(kPlaceType).back().code, "river_bank");
  EXPECT_FALSE(E().Contains(kPlaceType, "river_bank"));
  EXPECT_EQ(extended->Label(kPlaceType, "river_bank", Language::kZh), "河边");

  auto harm = extended->Extend(kHarmType, "online_grooming", "网络诱骗", "Online grooming",
                               G::kSexualAssault);
  ASSERT_TRUE(harm.ok());
  EXPECT_EQ(harm->GbvimsCoreTypeOf({"bullying", "online_grooming"}), G::kSexualAssault);
  EXPECT_TRUE(harm->Contains(kPlaceType, "river_bank"));
  auto plain = E().Extend(kHarmType, "fraud", "诈骗", "Fraud");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->GbvimsCoreTypeOf({"fraud"}), G::kNonGbv);
}

TEST(EnumerationsTest, ExtendRefusesBadInput) {
  auto reason = [](const Result<Enumerations>& r) {
    return Field(r.status()) + ":" + Reason(r.status());
  };
  EXPECT_EQ(reason(E().Extend("colour", "red", "红", "Red")), "enumeration:unknown_enumeration");
  EXPECT_EQ(reason(E().Extend(kRiskLevel, "critical", "极高", "Critical")),
            "enumeration:not_extensible");
  EXPECT_EQ(reason(E().Extend(kMandatoryReportSituation, "r10", "其他", "Other")),
            "enumeration:not_extensible");
  EXPECT_EQ(reason(E().Extend(kPlaceType, "", "河边", "River")), "code:required");
  EXPECT_EQ(reason(E().Extend(kPlaceType, "River", "河边", "River")), "code:bad_format");
  EXPECT_EQ(reason(E().Extend(kPlaceType, "1river", "河边", "River")), "code:bad_format");
  EXPECT_EQ(reason(E().Extend(kPlaceType, "river bank", "河边", "River")), "code:bad_format");
  EXPECT_EQ(reason(E().Extend(kPlaceType, std::string(49, 'a'), "河边", "River")),
            "code:bad_format");
  EXPECT_EQ(reason(E().Extend(kPlaceType, "hotel", "酒店", "Hotel")), "code:duplicate");
  EXPECT_EQ(reason(E().Extend(kPlaceType, "river", "", "River")), "zh:required");
  EXPECT_EQ(reason(E().Extend(kPlaceType, "river", "河边", std::string(65, 'x'))), "en:too_long");
  EXPECT_EQ(reason(E().Extend(kPlaceType, "river", "河\n边", "River")), "zh:bad_format");
  EXPECT_EQ(reason(E().Extend(kPlaceType, "river", "河边", "River", G::kRape)),
            "gbvims_core_type:not_applicable");
  EXPECT_TRUE(Enumerations::IsExtensible(kHarmType));
  EXPECT_FALSE(Enumerations::IsExtensible(kAgeBand));
  EXPECT_FALSE(Enumerations::IsExtensible("colour"));
}

TEST(EnumerationsTest, BandsForReports) {
  EXPECT_EQ(AgeBandCode(0), "age_0_6");
  EXPECT_EQ(AgeBandCode(6), "age_0_6");
  EXPECT_EQ(AgeBandCode(7), "age_7_12");
  EXPECT_EQ(AgeBandCode(12), "age_7_12");
  EXPECT_EQ(AgeBandCode(13), "age_13_15");
  EXPECT_EQ(AgeBandCode(16), "age_16_17");
  EXPECT_EQ(AgeBandCode(17), "age_16_17");
  EXPECT_EQ(AgeBandCode(18), "");
  EXPECT_EQ(AgeBandCode(-1), "");
  EXPECT_EQ(GbvimsAgeBandCode(11), "age_0_11");
  EXPECT_EQ(GbvimsAgeBandCode(12), "age_12_17");
  EXPECT_EQ(GbvimsAgeBandCode(18), "");
  for (int age = 0; age <= 17; ++age) {
    EXPECT_TRUE(E().Contains(kAgeBand, AgeBandCode(age)));
    EXPECT_TRUE(E().Contains(kGbvimsAgeBand, GbvimsAgeBandCode(age)));
  }

  const CivilDate incident{2026, 1, 10};
  EXPECT_EQ(ReportDelayBandCode(incident, {2026, 1, 10}), "days_0_3");
  EXPECT_EQ(ReportDelayBandCode(incident, {2026, 1, 13}), "days_0_3");
  EXPECT_EQ(ReportDelayBandCode(incident, {2026, 1, 14}), "days_4_5");
  EXPECT_EQ(ReportDelayBandCode(incident, {2026, 1, 15}), "days_4_5");
  EXPECT_EQ(ReportDelayBandCode(incident, {2026, 1, 16}), "days_6_14");
  EXPECT_EQ(ReportDelayBandCode(incident, {2026, 1, 24}), "days_6_14");
  EXPECT_EQ(ReportDelayBandCode(incident, {2026, 1, 25}), "two_weeks_to_one_month");
  EXPECT_EQ(ReportDelayBandCode(incident, {2026, 2, 10}), "two_weeks_to_one_month");
  EXPECT_EQ(ReportDelayBandCode(incident, {2026, 2, 11}), "over_one_month");
  EXPECT_EQ(ReportDelayBandCode({2026, 1, 31}, {2026, 2, 28}), "two_weeks_to_one_month");
  EXPECT_EQ(ReportDelayBandCode({2026, 1, 31}, {2026, 3, 1}), "over_one_month");
  EXPECT_EQ(ReportDelayBandCode({2025, 12, 20}, {2026, 1, 20}), "two_weeks_to_one_month");
  EXPECT_EQ(ReportDelayBandCode(incident, {2026, 1, 9}), "");
  EXPECT_TRUE(E().Contains(kReportDelayBand, ReportDelayBandCode(incident, {2026, 5, 1})));
}

TEST(EnumerationsTest, RiskDowngrades) {
  EXPECT_TRUE(IsRiskDowngrade("high", "medium"));
  EXPECT_TRUE(IsRiskDowngrade("low", "no_intervention"));
  EXPECT_FALSE(IsRiskDowngrade("low", "high"));
  EXPECT_FALSE(IsRiskDowngrade("medium", "medium"));
  EXPECT_FALSE(IsRiskDowngrade("high", "severe"));
  for (const EnumValue& v : E().Values(kRiskLevel)) EXPECT_GE(RiskLevelRank(v.code), 0);
}

}  // namespace
}  // namespace shouhu::domain
