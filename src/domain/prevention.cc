#include "domain/prevention.h"

#include <algorithm>
#include <cctype>

namespace shouhu::domain {

const std::vector<PreventionCode>& FamilySituations() {
  static const std::vector<PreventionCode> v = {
      {"father_away", "父亲外出务工", "Father working away"},
      {"mother_away", "母亲外出务工", "Mother working away"},
      {"migrant", "流动", "Migrant"},
      {"single_parent", "单亲", "Single parent"},
      {"de_facto_unsupported", "事实无人抚养", "De facto without support"},
      {"extreme_poverty", "特困", "Extreme poverty"},
      {"subsistence_allowance", "低保", "Subsistence allowance"},
      {"disability", "残疾", "Disability"},
      {"orphan", "孤儿", "Orphan"},
      {"guardianship_lacking", "监护缺失/不当", "Guardianship lacking or improper"},
      {"parent_in_prison", "父母服刑", "Parent in prison"},
  };
  return v;
}

const std::vector<PreventionCode>& Caregivers() {
  static const std::vector<PreventionCode> v = {
      {"grandparents", "祖父母/外祖父母", "Grandparents"},
      {"other_relative", "其他亲属", "Other relative"},
      {"neighbour_friend", "邻居/朋友", "Neighbour or friend"},
      {"alone", "独自生活", "Lives alone"},
      {"other", "其他", "Other"},
  };
  return v;
}

const std::vector<PreventionCode>& DisabilityTypes() {
  static const std::vector<PreventionCode> v = {
      {"visual", "视力残疾", "Visual"},
      {"hearing", "听力残疾", "Hearing"},
      {"speech", "言语残疾", "Speech"},
      {"physical", "肢体残疾", "Physical"},
      {"intellectual", "智力残疾", "Intellectual"},
      {"mental", "精神残疾", "Mental"},
      {"multiple", "多重残疾", "Multiple"},
  };
  return v;
}

const std::vector<PreventionCode>& ActivityKinds() {
  static const std::vector<PreventionCode> v = {
      {"safety_education", "安全教育", "Safety education"},
      {"sexual_abuse_prevention", "防性侵教育", "Sexual abuse prevention education"},
      {"parent_class", "家长课堂", "Parents' class"},
      {"family_education", "家庭教育指导", "Family education guidance"},
      {"law_in_school", "法治进校园", "Law in schools"},
      {"children_home", "儿童之家活动", "Children's home activity"},
      {"mental_health", "心理健康", "Mental health"},
      {"other", "其他", "Other"},
  };
  return v;
}

const std::vector<PreventionCode>& ActivityAudiences() {
  static const std::vector<PreventionCode> v = {
      {"students", "学生", "Students"},
      {"guardians", "监护人", "Guardians"},
      {"teachers", "教师", "Teachers"},
      {"community", "社区居民", "Community residents"},
  };
  return v;
}

const std::vector<PreventionCode>& StaffCheckKinds() {
  static const std::vector<PreventionCode> v = {
      {"pre_hire", "入职前查询", "Check before hiring"},
      {"yearly", "年度复查", "Yearly re-check"},
  };
  return v;
}

const std::vector<PreventionCode>& StaffCheckResults() {
  static const std::vector<PreventionCode> v = {
      {"no_record", "无记录", "No record"},
      {"record_not_hired", "有记录，不予录用", "Record found, not hired"},
      {"record_dismissed", "有记录，解聘", "Record found, dismissed"},
  };
  return v;
}

bool KeepsRegistry(std::string_view unit_kind) {
  return unit_kind == "education" || unit_kind == "community" || unit_kind == "civil_affairs" ||
         unit_kind == "womens_federation";
}

bool RunsStaffChecks(std::string_view unit_kind) {
  return unit_kind == "education" || unit_kind == "community" || unit_kind == "health" ||
         unit_kind == "social_org" || unit_kind == "civil_affairs";
}

bool IsPreventionCode(const std::vector<PreventionCode>& codes, std::string_view code) {
  return std::any_of(codes.begin(), codes.end(),
                     [&](const PreventionCode& c) { return c.code == code; });
}

int VisitIntervalDays(const std::vector<std::string>& classes, const VisitIntervals& intervals) {
  int days = intervals.term_days;
  for (const std::string& c : classes) {
    if (c == "de_facto_unsupported" || c == "guardianship_lacking") {
      days = std::min(days, intervals.monthly_days);
    } else if (c == "left_behind" || c == "extreme_poverty") {
      days = std::min(days, intervals.bimonthly_days);
    }
  }
  return days;
}

Status CheckStudentNumber(std::string_view field, std::string_view value) {
  if (value.empty() || value.size() > 32)
    return Status::InvalidField(std::string(field), "bad_format");
  for (char ch : value) {
    if (std::isalnum(static_cast<unsigned char>(ch)) == 0) {
      return Status::InvalidField(std::string(field), "bad_format");
    }
  }
  return Status::Ok();
}

const std::vector<std::string_view>& ParticipantAgeBands() {
  static const std::vector<std::string_view> v = {"age_0_6", "age_7_12", "age_13_15", "age_16_17"};
  return v;
}

}  // namespace shouhu::domain
