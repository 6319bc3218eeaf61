// Need-to-know access to cases (DESIGN §3): which view of a case each caller gets, decided from
// the caller's role and unit and the case's district, lead unit, grants and author. Pure;
// thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "service/actor.h"

namespace shouhu::service {

enum class CaseView {
  kNone,          // no access: the case does not exist for this caller
  kReceipt,       // the reporter who filed it: case number, status, dates — nothing else
  kPseudonymous,  // volunteers and social organisations: pseudonym, age and needs
  kDeidentified,  // leaders and analysts: everything but identity and narrative
  kMasked,        // coordinators and caseworkers: identity masked, unmask with a reason
};

struct CaseFacts {
  std::string district_code;
  int64_t lead_unit_id = 0;
  int64_t created_by_user = 0;
  bool via_mandatory_report = false;
  bool caller_unit_has_grant = false;  // an active case-access grant to the caller's unit
};

// `caller_district` is the district of the caller's unit.
CaseView ViewFor(const Actor& actor, const std::string& caller_district, const CaseFacts& facts);

// Whether the view lets the caller ask for clear identity fields (with a reason).
inline bool MayUnmask(CaseView view) {
  return view == CaseView::kMasked;
}
// Whether the view lets the caller edit the case.
bool MayEdit(const Actor& actor, CaseView view);

}  // namespace shouhu::service
