#include "domain/enumerations.h"

#include <algorithm>
#include <array>

#include "domain/account_rules.h"

namespace shouhu::domain {
namespace {

using G = GbvimsCoreType;

constexpr size_t kMaxCodeLength = 48;

constexpr std::array<std::pair<GbvimsCoreType, std::string_view>, 8> kCoreTypes = {{
    {G::kRape, "rape"},
    {G::kSexualAssault, "sexual_assault"},
    {G::kPhysicalAssault, "physical_assault"},
    {G::kForcedMarriage, "forced_marriage"},
    {G::kDenialOfResources, "denial_of_resources"},
    {G::kPsychologicalAbuse, "psychological_abuse"},
    {G::kNonGbv, "non_gbv"},
    {G::kNone, "none"},
}};

// Harm types and their GBVIMS core type (GBVIMS Classification Tool). A child cannot consent, so
// sexual acts in caretaker abuse and in prostitution are classed as rape; non-contact sexual
// harassment is psychological/emotional abuse in the tool; neglect by guardians is denial of
// resources; trafficking, bullying and organised begging are context, not a core type.
std::vector<EnumValue> HarmTypes() {
  return {
      {"rape", "强奸 (含奸淫幼女)", "Rape (incl. sexual intercourse with a girl under 14)",
       G::kRape},
      {"caretaker_sexual_abuse", "负有照护职责人员性侵",
       "Sexual abuse by a person with a duty of care", G::kRape},
      {"indecent_assault", "强制猥亵/侮辱", "Indecent assault / insult", G::kSexualAssault},
      {"child_molestation", "猥亵儿童 (含网络隔空猥亵)", "Child molestation (incl. online)",
       G::kSexualAssault},
      {"sexual_harassment", "性骚扰", "Sexual harassment", G::kPsychologicalAbuse},
      {"prostitution_related", "组织/强迫/引诱/容留/介绍卖淫",
       "Organising, forcing, luring, harbouring or procuring prostitution", G::kRape},
      {"intentional_injury", "故意伤害", "Intentional injury", G::kPhysicalAssault},
      {"maltreatment", "虐待", "Maltreatment", G::kPhysicalAssault},
      {"domestic_violence", "家庭暴力", "Domestic violence", G::kPhysicalAssault},
      {"abandonment_neglect", "遗弃/监护缺失", "Abandonment / lack of guardianship",
       G::kDenialOfResources},
      {"trafficking", "拐卖/收买/拐骗", "Trafficking, buying or abduction", G::kNone},
      {"missing", "失踪", "Missing", G::kNonGbv},
      {"bullying", "学生欺凌", "School bullying", G::kNone},
      {"organised_begging", "组织乞讨", "Organised begging", G::kNone},
      {"early_forced_marriage", "早婚/强迫婚姻", "Early / forced marriage", G::kForcedMarriage},
      {"other", "其他", "Other", G::kNonGbv},
  };
}

// 最高人民检察院等九部门《关于建立侵害未成年人案件强制报告制度的意见 (试行)》(2020) 第四条.
std::vector<EnumValue> MandatoryReportSituations() {
  return {
      {"R1", "生殖器官或隐私部位遭受或疑似遭受非正常损伤",
       "Abnormal injury, actual or suspected, to the genitals or private parts"},
      {"R2", "不满十四周岁的女性遭受或疑似遭受性侵害、怀孕、流产",
       "Girl under 14: sexual abuse, pregnancy or abortion, actual or suspected"},
      {"R3", "十四周岁以上的女性遭受或疑似遭受性侵害所致怀孕、流产",
       "Girl 14 or older: pregnancy or abortion caused by sexual abuse, actual or suspected"},
      {"R4", "多处损伤、严重营养不良、意识不清，疑似遭受家庭暴力、欺凌、虐待、殴打",
       "Injuries, severe malnutrition or unconsciousness suggesting violence, bullying or abuse"},
      {"R5", "因自杀、自残、中毒、被殴打等非正常原因导致伤残、死亡",
       "Disability or death from suicide, self-harm, poisoning, beating or other unnatural cause"},
      {"R6", "被遗弃或长期处于无人照料状态", "Abandoned or long without care"},
      {"R7", "来源不明、失踪或者被拐卖、收买", "Of unknown origin, missing, trafficked or bought"},
      {"R8", "被组织乞讨", "Organised begging"},
      {"R9", "其他严重侵害身心健康的情形或正在面临不法侵害危险",
       "Other serious harm to body or mind, or present danger of unlawful harm"},
  };
}

std::vector<EnumValue> ReporterCategories() {
  return {
      {"state_organ", "国家机关", "State organ"},
      {"residents_villagers_committee", "居委会/村委会", "Residents' / villagers' committee"},
      {"school_kindergarten", "学校/幼儿园", "School / kindergarten"},
      {"off_campus_training", "校外培训机构", "Off-campus training institution"},
      {"child_welfare_institution", "救助保护/儿童福利机构",
       "Child protection / welfare institution"},
      {"childcare_early_education", "托育/早教机构", "Childcare / early-education institution"},
      {"after_school_care", "校外托管/临时看护", "After-school or temporary care"},
      {"domestic_service_agency", "家政服务机构", "Domestic-service agency"},
      {"medical_institution", "医疗机构", "Medical institution"},
      {"social_work_agency", "社会工作服务机构", "Social-work service agency"},
      {"relief_management_agency", "救助管理机构", "Relief-management agency"},
      {"accommodation_operator", "住宿经营者", "Accommodation operator (hotel)"},
      {"network_service_provider", "网络服务提供者", "Network service provider"},
      {"parent_guardian", "父母/监护人", "Parent / guardian"},
      {"other_individual", "其他个人", "Other individual (may report, no duty)"},
  };
}

std::vector<EnumValue> IntakeChannels() {
  return {
      {"mandatory_report", "强制报告", "Mandatory report"},
      {"hotline_12338", "12338 热线", "12338 hotline"},
      {"hotline_12345", "12345 转办", "12345 referral"},
      {"police_110", "110 / 公安", "110 / police"},
      {"school", "学校", "School"},
      {"hospital", "医院", "Hospital"},
      {"community_visit", "社区走访", "Community visit"},
      {"walk_in", "本人/家属来访", "Walk-in (girl or family)"},
      {"online", "网络", "Online"},
      {"other", "其他", "Other"},
  };
}

std::vector<EnumValue> RiskLevels() {
  return {
      {"high", "高", "High"},
      {"medium", "中", "Medium"},
      {"low", "低", "Low"},
      {"no_intervention", "无需干预", "No intervention needed"},
  };
}

std::vector<EnumValue> VulnerabilityClasses() {
  return {
      {"extreme_poverty", "特困", "Extreme poverty"},
      {"disability", "残疾", "Disability"},
      {"left_behind", "留守", "Left behind"},
      {"migrant", "流动", "Migrant"},
      {"single_parent", "单亲", "Single parent"},
      {"de_facto_unsupported", "事实无人抚养", "De facto without support"},
      {"guardianship_lacking", "监护缺失/不当", "Guardianship lacking or improper"},
      {"orphan", "孤儿", "Orphan"},
  };
}

// 最高人民法院 最高人民检察院 法释〔2023〕3号.
std::vector<EnumValue> AggravatingFlags() {
  return {
      {"special_duty", "负有特殊职责", "Perpetrator with a special duty"},
      {"violence_coercion", "暴力胁迫", "Violence or coercion"},
      {"home_or_dormitory", "入户/集体宿舍", "Entered a home or a dormitory"},
      {"rural_left_behind", "农村留守女童", "Rural left-behind girl"},
      {"severe_disability", "严重残疾/智力障碍", "Severe disability / intellectual disability"},
      {"repeated_long_term", "多次/长期", "Repeated or long-term"},
      {"multiple_victims", "多名被害人", "Multiple victims"},
      {"image_coercion_distribution", "影像资料胁迫或传播", "Coercion with or spreading of images"},
      {"injury_or_std", "致伤/性病", "Injury or sexually transmitted disease"},
      {"prior_record", "前科", "Prior record"},
  };
}

std::vector<EnumValue> PerpetratorRelationships() {
  return {
      {"partner", "现/前伴侣", "Current or former partner"},
      {"parent_caregiver", "父母/主要照料人", "Parent / primary caregiver"},
      {"other_family", "其他家庭成员", "Other family member"},
      {"teacher_school_staff", "老师/学校人员", "Teacher / school staff"},
      {"schoolmate", "同学", "Schoolmate"},
      {"training_care_staff", "校外培训/照护人员", "Training or care staff"},
      {"neighbour_family_friend", "邻居/家庭朋友", "Neighbour / family friend"},
      {"online_contact", "网友", "Online contact"},
      {"employer", "雇主", "Employer"},
      {"other_acquaintance", "其他熟人", "Other acquaintance"},
      {"stranger", "陌生人", "Stranger"},
      {"unknown", "不明", "Unknown"},
  };
}

std::vector<EnumValue> PlaceTypes() {
  return {
      {"home", "家中", "Home"},
      {"school", "学校", "School"},
      {"off_campus_training", "校外培训机构", "Off-campus training institution"},
      {"hotel", "宾馆/酒店", "Hotel"},
      {"internet_cafe", "网吧", "Internet café"},
      {"online", "网络", "Online"},
      {"public_place", "公共场所", "Public place"},
      {"transport", "交通工具", "Transport"},
      {"other", "其他", "Other"},
  };
}

std::vector<EnumValue> AgeBands() {
  return {
      {"age_0_6", "0–6 岁 (学龄前)", "0–6 (pre-school)"},
      {"age_7_12", "7–12 岁 (小学)", "7–12 (primary)"},
      {"age_13_15", "13–15 岁 (初中)", "13–15 (junior secondary)"},
      {"age_16_17", "16–17 岁 (高中)", "16–17 (senior secondary)"},
  };
}

std::vector<EnumValue> GbvimsAgeBands() {
  return {
      {"age_0_11", "0–11 岁", "0–11"},
      {"age_12_17", "12–17 岁", "12–17"},
  };
}

std::vector<EnumValue> ReportDelayBands() {
  return {
      {"days_0_3", "0–3 天", "0–3 days"},
      {"days_4_5", "4–5 天", "4–5 days"},
      {"days_6_14", "6–14 天", "6–14 days"},
      {"two_weeks_to_one_month", "2 周–1 个月", "2 weeks–1 month"},
      {"over_one_month", "超过 1 个月", "Over 1 month"},
  };
}

const std::vector<std::string_view>& ClosedEnumerations() {
  static const std::vector<std::string_view> closed = {kMandatoryReportSituation, kRiskLevel,
                                                       kAgeBand, kGbvimsAgeBand, kReportDelayBand};
  return closed;
}

bool IsCodeFormat(std::string_view code) {
  if (code.empty() || code.size() > kMaxCodeLength || code[0] < 'a' || code[0] > 'z') return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The same calendar day one month later, clamped to the end of a shorter month.
CivilDate OneMonthLater(const CivilDate& date) {
  CivilDate next{date.year + (date.month == 12 ? 1 : 0), date.month % 12 + 1, date.day};
  next.day = std::min(next.day, DaysInMonth(next.year, next.month));
  return next;
}

}  // namespace

std::string_view GbvimsCoreTypeCode(GbvimsCoreType type) {
  for (const auto& [t, code] : kCoreTypes) {
    if (t == type) return code;
  }
  return "none";
}

std::optional<GbvimsCoreType> ParseGbvimsCoreType(std::string_view code) {
  for (const auto& [t, c] : kCoreTypes) {
    if (c == code) return t;
  }
  return std::nullopt;
}

const Enumerations& Enumerations::Defaults() {
  static const Enumerations defaults = [] {
    Enumerations e;
    e.values_.emplace(kHarmType, HarmTypes());
    e.values_.emplace(kMandatoryReportSituation, MandatoryReportSituations());
    e.values_.emplace(kReporterCategory, ReporterCategories());
    e.values_.emplace(kIntakeChannel, IntakeChannels());
    e.values_.emplace(kRiskLevel, RiskLevels());
    e.values_.emplace(kVulnerabilityClass, VulnerabilityClasses());
    e.values_.emplace(kAggravatingFlag, AggravatingFlags());
    e.values_.emplace(kPerpetratorRelationship, PerpetratorRelationships());
    e.values_.emplace(kPlaceType, PlaceTypes());
    e.values_.emplace(kAgeBand, AgeBands());
    e.values_.emplace(kGbvimsAgeBand, GbvimsAgeBands());
    e.values_.emplace(kReportDelayBand, ReportDelayBands());
    return e;
  }();
  return defaults;
}

const std::vector<std::string_view>& Enumerations::Names() {
  static const std::vector<std::string_view> names = {
      kHarmType,         kMandatoryReportSituation,
      kReporterCategory, kIntakeChannel,
      kRiskLevel,        kVulnerabilityClass,
      kAggravatingFlag,  kPerpetratorRelationship,
      kPlaceType,        kAgeBand,
      kGbvimsAgeBand,    kReportDelayBand,
  };
  return names;
}

bool Enumerations::IsExtensible(std::string_view enumeration) {
  const auto& names = Names();
  const auto& closed = ClosedEnumerations();
  return std::find(names.begin(), names.end(), enumeration) != names.end() &&
         std::find(closed.begin(), closed.end(), enumeration) == closed.end();
}

Result<Enumerations> Enumerations::Extend(std::string_view enumeration, std::string_view code,
                                          std::string_view zh, std::string_view en,
                                          std::optional<GbvimsCoreType> gbvims) const {
  if (values_.find(enumeration) == values_.end()) {
    return Status::InvalidField("enumeration", "unknown_enumeration");
  }
  if (!IsExtensible(enumeration)) return Status::InvalidField("enumeration", "not_extensible");
  if (code.empty()) return Status::InvalidField("code", "required");
  if (!IsCodeFormat(code)) return Status::InvalidField("code", "bad_format");
  if (Contains(enumeration, code)) return Status::InvalidField("code", "duplicate");
  SHOUHU_RETURN_IF_ERROR(CheckDisplayName("zh", zh));
  SHOUHU_RETURN_IF_ERROR(CheckDisplayName("en", en));
  const bool is_harm_type = enumeration == kHarmType;
  if (gbvims.has_value() && !is_harm_type) {
    return Status::InvalidField("gbvims_core_type", "not_applicable");
  }
  Enumerations copy = *this;
  copy.values_.find(enumeration)
      ->second.push_back(
          {std::string(code), std::string(zh), std::string(en),
           is_harm_type ? gbvims.value_or(GbvimsCoreType::kNonGbv) : GbvimsCoreType::kNone});
  return copy;
}

const std::vector<EnumValue>& Enumerations::Values(std::string_view enumeration) const {
  static const std::vector<EnumValue> kEmpty;
  const auto it = values_.find(enumeration);
  return it == values_.end() ? kEmpty : it->second;
}

const EnumValue* Enumerations::Find(std::string_view enumeration, std::string_view code) const {
  for (const EnumValue& v : Values(enumeration)) {
    if (v.code == code) return &v;
  }
  return nullptr;
}

bool Enumerations::Contains(std::string_view enumeration, std::string_view code) const {
  return Find(enumeration, code) != nullptr;
}

Status Enumerations::Check(std::string_view field, std::string_view enumeration,
                           std::string_view code) const {
  if (Contains(enumeration, code)) return Status::Ok();
  return Status::InvalidField(std::string(field), "unknown_value");
}

Status Enumerations::CheckAll(std::string_view field, std::string_view enumeration,
                              const std::vector<std::string>& codes) const {
  for (const std::string& code : codes) SHOUHU_RETURN_IF_ERROR(Check(field, enumeration, code));
  return Status::Ok();
}

std::optional<std::string_view> Enumerations::Label(std::string_view enumeration,
                                                    std::string_view code,
                                                    Language language) const {
  const EnumValue* v = Find(enumeration, code);
  if (v == nullptr) return std::nullopt;
  return language == Language::kZh ? std::string_view(v->zh) : std::string_view(v->en);
}

GbvimsCoreType Enumerations::GbvimsCoreTypeOf(const std::vector<std::string>& harm_types) const {
  GbvimsCoreType best = GbvimsCoreType::kNone;
  for (const std::string& code : harm_types) {
    const EnumValue* v = Find(kHarmType, code);
    // The enum's declaration order is the precedence order, kNone last.
    if (v != nullptr && v->gbvims < best) best = v->gbvims;
  }
  return best;
}

std::string_view AgeBandCode(int age) {
  if (age < 0 || age > 17) return "";
  if (age <= 6) return "age_0_6";
  if (age <= 12) return "age_7_12";
  if (age <= 15) return "age_13_15";
  return "age_16_17";
}

std::string_view GbvimsAgeBandCode(int age) {
  if (age < 0 || age > 17) return "";
  return age <= 11 ? "age_0_11" : "age_12_17";
}

std::string_view ReportDelayBandCode(const CivilDate& incident, const CivilDate& reported) {
  const int64_t days = DaysBetween(incident, reported);
  if (days < 0) return "";
  if (days <= 3) return "days_0_3";
  if (days <= 5) return "days_4_5";
  if (days <= 14) return "days_6_14";
  if (reported <= OneMonthLater(incident)) return "two_weeks_to_one_month";
  return "over_one_month";
}

int RiskLevelRank(std::string_view code) {
  if (code == "high") return 3;
  if (code == "medium") return 2;
  if (code == "low") return 1;
  if (code == "no_intervention") return 0;
  return -1;
}

bool IsRiskDowngrade(std::string_view from, std::string_view to) {
  const int a = RiskLevelRank(from);
  const int b = RiskLevelRank(to);
  return a >= 0 && b >= 0 && b < a;
}

}  // namespace shouhu::domain
