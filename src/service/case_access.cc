#include "service/case_access.h"

namespace shouhu::service {

using domain::Role;

CaseView ViewFor(const Actor& actor, const std::string& caller_district, const CaseFacts& facts) {
  if (actor.is_command_line()) return CaseView::kNone;  // the operator manages, never reads cases
  const bool same_district = !caller_district.empty() && caller_district == facts.district_code;
  const bool unit_involved = facts.lead_unit_id == actor.unit_id || facts.caller_unit_has_grant;
  switch (actor.role) {
    case Role::kCoordinator:
      // The coordinating unit sees its district's cases, and any case its unit is working.
      return same_district || unit_involved ? CaseView::kMasked : CaseView::kNone;
    case Role::kCaseworker:
      return unit_involved ? CaseView::kMasked : CaseView::kNone;
    case Role::kReporter:
      return facts.via_mandatory_report && actor.user_id && facts.created_by_user == *actor.user_id
                 ? CaseView::kReceipt
                 : CaseView::kNone;
    case Role::kVolunteer:
      return facts.caller_unit_has_grant ? CaseView::kPseudonymous : CaseView::kNone;
    case Role::kLeader:
    case Role::kAnalyst:
      return same_district ? CaseView::kDeidentified : CaseView::kNone;
    case Role::kAdmin:
    case Role::kAuditor:
      return CaseView::kNone;
  }
  return CaseView::kNone;
}

bool MayEdit(const Actor& actor, CaseView view) {
  return view == CaseView::kMasked &&
         (actor.role == Role::kCoordinator || actor.role == Role::kCaseworker);
}

}  // namespace shouhu::service
