// Prevention (预防): the vocabulary and rules of the at-risk registry (重点关注女童名册), its
// visits on a clock (家访/走访), prevention activities and the pre-hiring check (入职查询, 未保法
// §62). Pure values and functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/civil_date.h"

namespace shouhu::domain {

struct PreventionCode {
  std::string_view code;
  std::string_view zh;
  std::string_view en;
};

// Family situations of a registry entry (several may hold): 父亲外出 · 母亲外出 (留守) · 流动 ·
// 单亲 · 事实无人抚养 · 特困 · 低保 · 残疾 · 孤儿 · 监护缺失/不当 · 父母服刑.
const std::vector<PreventionCode>& FamilySituations();
// Who cares for a left-behind girl: 祖父母 · 其他亲属 · 邻居/朋友 · 独自生活 · 其他.
const std::vector<PreventionCode>& Caregivers();
// Disability types (残疾类别, GB/T 26341): 视力 · 听力 · 言语 · 肢体 · 智力 · 精神 · 多重.
const std::vector<PreventionCode>& DisabilityTypes();
// Prevention activity kinds (the default list; the rules file may add more).
const std::vector<PreventionCode>& ActivityKinds();
// Activity audiences: 学生 · 监护人 · 教师 · 社区居民.
const std::vector<PreventionCode>& ActivityAudiences();
// 入职查询 kinds and results: a check before hiring or the yearly re-check; 无记录, or 有记录 with
// the decision taken (不予录用 before hiring, 解聘 of someone employed).
const std::vector<PreventionCode>& StaffCheckKinds();
const std::vector<PreventionCode>& StaffCheckResults();
// Units that keep a registry (a school its pupils, a community its residents, civil affairs and
// the coordinating unit the district's) and units that must run 入职查询 (child-serving units).
bool KeepsRegistry(std::string_view unit_kind);
bool RunsStaffChecks(std::string_view unit_kind);

bool IsPreventionCode(const std::vector<PreventionCode>& codes, std::string_view code);

// How often a girl must be visited, by vulnerability class. Defaults: 事实无人抚养 and 监护缺失
// monthly (30 days), 留守 and 特困 every two months (61 days), any other class each term (122
// days); an entry with no class, each term. The rules file ([prevention]) may change each.
struct VisitIntervals {
  int monthly_days = 30;
  int bimonthly_days = 61;
  int term_days = 122;
  // The interval while an entry is in follow-up (followup_until): after a linked case closes.
  int after_case_days = 30;
  // Overdue this many days past the due date raises a 督办 escalation.
  int escalation_grace_days = 7;
  // 入职查询: the yearly re-check is due this many days after the last check.
  int staff_recheck_days = 365;
};

// The shortest interval that applies to `classes` (vulnerability_class codes).
int VisitIntervalDays(const std::vector<std::string>& classes, const VisitIntervals& intervals);

// The 学籍号 (national student number) as schools export it: "G" or "L" followed by 18
// characters (an ID number), or 1 to 32 letters and digits. Errors: "bad_format".
Status CheckStudentNumber(std::string_view field, std::string_view value);

// Age band of a participant count (activities): 0-6, 7-12, 13-15, 16-17 (the report bands).
const std::vector<std::string_view>& ParticipantAgeBands();

}  // namespace shouhu::domain
