// Rules: the district's case rules read from the rules file at start-up — clocks and thresholds
// of the case workflow and the district's additions to the enumerations
// (src/domain/enumerations.cc). Built once; immutable and safe to share afterwards.
#pragma once

#include <string>

#include "core/status.h"
#include "domain/enumerations.h"
#include "domain/prevention.h"
#include "domain/proceedings.h"
#include "service/case_service.h"
#include "service/workflow_service.h"

namespace shouhu {

struct Rules {
  domain::Enumerations enumerations = domain::Enumerations::Defaults();
  service::CaseOptions cases;
  service::WorkflowOptions workflow;  // clocks (src/domain/workflow.h) and protection-plan rules
  domain::ProceedingClocks proceeding_clocks;  // [proceeding_clocks]
  domain::VisitIntervals prevention;           // [prevention]
};

// Defaults when `path` is empty. The file:
//   [cases]
//   late_report_hours = 24          # a report this long after discovery is flagged late
//   case_number_prefix = "NG"       # case numbers read NG-2026-000123
//   [[enumeration]]                 # one table per added value
//   name = "harm_type"              # which enumeration (open ones only)
//   code = "online_grooming"
//   zh = "网络诱骗"
//   en = "Online grooming"
//   gbvims_core_type = "sexual_assault"   # harm types only; default non_gbv
//   [clocks]                        # durations: "90s", "30m", "2h", "3d"
//   accept_high_risk = "2h"         # 签收 deadline of a task on a high-risk case
//   accept_other = "24h"
//   done_default = "30d"            # done deadline of task types not listed under [clocks.done]
//   sweep_interval = "60s"          # how often the server looks for overdue tasks
//   followup_months = [1, 3, 6]     # follow-up visits after closure
//   [clocks.done]
//   police_case_review = "3d"       # per task type (codes in src/domain/workflow.cc)
//   [[plan_rule]]                   # when present, the plan rules replace the defaults
//   name = "under14_sexual_harm"
//   age_below = 14                  # also age_from; lists match when any value is present:
//   situations = ["R1", "R2"]       # situations, harm_types, vulnerability_classes, risk_levels
//   tasks = ["police_register", "health_treatment"]
//   [proceeding_clocks]             # statutory clocks of proceedings (src/domain/proceedings.h);
//   defaults shown case_review_days = 3            # 受案 -> 立案 / 不立案 case_review_complex_days
//   = 7 arrest_review_days = 7          # 提请批捕 -> 批捕 / 不批捕 prosecution_review_months = 1
//   # 移送起诉 -> 提起公诉 prosecution_review_extension_days = 15 first_instance_months = 2       #
//   一审立案 -> 一审判决 first_instance_max_months = 3 protection_order_hours = 72     #
//   人身安全保护令 application -> decision protection_order_urgent_hours = 24
//   protection_order_max_validity_months = 6
//   priority_percent = 50           # 优先 target as a share of the limit
//   [prevention]                    # registry visits and 入职查询, in days; defaults shown
//   monthly_days = 30               # 事实无人抚养, 监护缺失/不当
//   bimonthly_days = 61             # 留守, 特困
//   term_days = 122                 # every other class, and entries with none
//   escalation_grace_days = 7       # overdue this long past the due date raises a 督办
//   staff_recheck_days = 365        # 入职查询 yearly re-check
Result<Rules> LoadRules(const std::string& path);

}  // namespace shouhu
