// The case vocabularies (harm types, 强制报告 situations, reporter categories, …)
// as data, with zh/en labels and the GBVIMS core-type mapping. An Enumerations value is immutable
// once built (Extend returns a new one), so one instance is safe to share across threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/civil_date.h"

namespace shouhu::domain {

// Names of the enumerations, as used in rules files and API field metadata.
inline constexpr std::string_view kHarmType = "harm_type";
inline constexpr std::string_view kMandatoryReportSituation = "mandatory_report_situation";
inline constexpr std::string_view kReporterCategory = "reporter_category";
inline constexpr std::string_view kIntakeChannel = "intake_channel";
inline constexpr std::string_view kRiskLevel = "risk_level";
inline constexpr std::string_view kVulnerabilityClass = "vulnerability_class";
inline constexpr std::string_view kAggravatingFlag = "aggravating_flag";
inline constexpr std::string_view kPerpetratorRelationship = "perpetrator_relationship";
inline constexpr std::string_view kPlaceType = "place_type";
inline constexpr std::string_view kAgeBand = "age_band";                   // school stages
inline constexpr std::string_view kGbvimsAgeBand = "gbvims_age_band";      // GBVIMS tables
inline constexpr std::string_view kReportDelayBand = "report_delay_band";  // incident to report

// GBVIMS core incident types, in the precedence order used to classify an incident with several
// harm types: the first type any of its harm types maps to wins.
enum class GbvimsCoreType {
  kRape,
  kSexualAssault,
  kPhysicalAssault,
  kForcedMarriage,
  kDenialOfResources,
  kPsychologicalAbuse,
  kNonGbv,
  kNone,  // no core type: the harm is context (trafficking, bullying, begging)
};

// "rape", "sexual_assault", "physical_assault", "forced_marriage", "denial_of_resources",
// "psychological_abuse", "non_gbv", "none".
std::string_view GbvimsCoreTypeCode(GbvimsCoreType type);
std::optional<GbvimsCoreType> ParseGbvimsCoreType(std::string_view code);

enum class Language { kZh, kEn };

struct EnumValue {
  std::string code;  // stable identifier stored in the database and sent over the API
  std::string zh;    // label shown in the UI (zh-CN)
  std::string en;
  GbvimsCoreType gbvims = GbvimsCoreType::kNone;  // meaningful for harm_type only
};

class Enumerations {
 public:
  // The built-in values (below, in enumerations.cc). Built once; the reference stays valid for the
  // process.
  static const Enumerations& Defaults();

  // Every enumeration name, in display order.
  static const std::vector<std::string_view>& Names();
  // Whether districts may add values to `enumeration`. Risk levels, 强制报告 situations (fixed by
  // the 九部门意见) and the report bands are closed; the rest are open.
  static bool IsExtensible(std::string_view enumeration);

  // A copy with one more value, for district extensions read from the rules file. Errors:
  //   "enumeration": "unknown_enumeration" | "not_extensible"
  //   "code": "required" | "bad_format" ([a-z][a-z0-9_]{0,47}) | "duplicate"
  //   "zh", "en": "required" | "too_long" | "bad_format" | "invalid_utf8"
  //   "gbvims_core_type": "not_applicable" (given for an enumeration other than harm_type)
  // A harm type added without a core type maps to non_gbv.
  Result<Enumerations> Extend(std::string_view enumeration, std::string_view code,
                              std::string_view zh, std::string_view en,
                              std::optional<GbvimsCoreType> gbvims = std::nullopt) const;

  // The values of `enumeration` in display order; empty for an unknown name.
  const std::vector<EnumValue>& Values(std::string_view enumeration) const;
  const EnumValue* Find(std::string_view enumeration, std::string_view code) const;
  bool Contains(std::string_view enumeration, std::string_view code) const;
  // Ok, or InvalidField(field, "unknown_value") (also for "", and for an unknown enumeration).
  Status Check(std::string_view field, std::string_view enumeration, std::string_view code) const;
  // Ok when every code is known; otherwise InvalidField(field, "unknown_value").
  Status CheckAll(std::string_view field, std::string_view enumeration,
                  const std::vector<std::string>& codes) const;
  std::optional<std::string_view> Label(std::string_view enumeration, std::string_view code,
                                        Language language) const;

  // The GBVIMS core type of an incident with these harm types: the highest in precedence order
  // among the types they map to, skipping context-only harms; kNone if none maps (or the list is
  // empty). Unknown codes are ignored; validate them with CheckAll first.
  GbvimsCoreType GbvimsCoreTypeOf(const std::vector<std::string>& harm_types) const;

 private:
  std::map<std::string, std::vector<EnumValue>, std::less<>> values_;
};

// The band code for an age in whole years: age_band "age_0_6", "age_7_12", "age_13_15",
// "age_16_17"; gbvims_age_band "age_0_11", "age_12_17". Empty for ages outside 0..17.
std::string_view AgeBandCode(int age);
std::string_view GbvimsAgeBandCode(int age);

// The report_delay_band code for an incident on `incident` reported on `reported`: "days_0_3",
// "days_4_5", "days_6_14", "two_weeks_to_one_month" (up to the same day of the next month),
// "over_one_month". Empty when `reported` is before `incident`.
std::string_view ReportDelayBandCode(const CivilDate& incident, const CivilDate& reported);

// Risk levels ordered for the downgrade rule (a downgrade needs a reason and is audited):
// high 3, medium 2, low 1, no_intervention 0, anything else -1.
int RiskLevelRank(std::string_view code);
bool IsRiskDowngrade(std::string_view from, std::string_view to);

}  // namespace shouhu::domain
