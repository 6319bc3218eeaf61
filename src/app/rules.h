// Rules: the district's case rules read from the rules file at start-up — clocks and thresholds
// of the case workflow and the district's additions to the DOMAIN.md §2 enumerations. Built once;
// immutable and safe to share afterwards.
#pragma once

#include <string>

#include "core/status.h"
#include "domain/enumerations.h"
#include "service/case_service.h"

namespace shouhu {

struct Rules {
  domain::Enumerations enumerations = domain::Enumerations::Defaults();
  service::CaseOptions cases;
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
Result<Rules> LoadRules(const std::string& path);

}  // namespace shouhu
