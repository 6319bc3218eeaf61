#include "service/case_access.h"

#include <algorithm>

#include "storage/case_stores.h"
#include "storage/stores.h"

namespace shouhu::service {

using security::Relation;

bool CasePermit::Allows(std::string_view action) const {
  return security::Decide(action, role, relations).has_value();
}

CaseView CasePermit::ViewFor(std::string_view action) const {
  const auto view = security::Decide(action, role, relations);
  return view ? CaseViewOf(*view) : CaseView::kNone;
}

bool CasePermit::Has(Relation relation) const {
  return std::find(relations.begin(), relations.end(), relation) != relations.end();
}

CaseView CaseViewOf(security::View view) {
  switch (view) {
    case security::View::kReceipt:
      return CaseView::kReceipt;
    case security::View::kPseudonym:
      return CaseView::kPseudonymous;
    case security::View::kMasked:
    case security::View::kClear:
      return CaseView::kMasked;
    case security::View::kAggregate:
    case security::View::kManage:
      return CaseView::kNone;
  }
  return CaseView::kNone;
}

Result<CasePermit> ResolveCase(storage::Tx& tx, const Actor& actor,
                               const storage::CaseRecord& record, std::string_view action,
                               int64_t now) {
  CasePermit permit;
  if (actor.is_command_line()) return permit;  // the operator manages, never reads cases
  permit.role = actor.role;
  permit.unit_id = actor.unit_id;
  SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
  if (unit) {
    permit.unit_kind = unit->kind;
    permit.unit_district = unit->district_code;
  }
  if (unit && unit->kind == "womens_federation" && !unit->district_code.empty() &&
      unit->district_code == record.district_code)
    permit.relations.push_back(Relation::kCoordinating);
  if (record.lead_unit_id == actor.unit_id) permit.relations.push_back(Relation::kLeadUnit);
  // A unit's grant on the case: without an end while it holds an open task (granted with the
  // referral, revoked when its last task on the case is finished), otherwise a grant that
  // expires (intake, coordination).
  SHOUHU_ASSIGN_OR_RETURN(auto grant,
                          storage::case_grant_store::Active(tx, record.id, actor.unit_id, now));
  if (grant)
    permit.relations.push_back(grant->expires_at == 0 ? Relation::kOpenTask : Relation::kGranted);
  if (record.via_mandatory_report && actor.user_id && record.created_by_user == *actor.user_id)
    permit.relations.push_back(Relation::kOwnReport);
  auto view = security::Decide(action, actor.role, permit.relations);
  if (view) {
    permit.policy_view = *view;
    permit.view = CaseViewOf(*view);
  }
  return permit;
}

}  // namespace shouhu::service
