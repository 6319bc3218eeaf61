#include "service/approvals.h"

#include <fmt/format.h>

#include "security/policy.h"
#include "service/request_audit.h"
#include "storage/stores.h"

namespace shouhu::service {
namespace {

audit::Event ApprovalEvent(const Actor& actor, const std::string& action, int64_t id,
                           std::string result, std::string detail) {
  audit::Event e{.user_id = actor.user_id,
                 .action = action,
                 .object_type = "approval",
                 .object_id = std::to_string(id),
                 .result = std::move(result),
                 .client_address = actor.client_address,
                 .detail = std::move(detail)};
  if (!actor.is_command_line()) e.unit_id = actor.unit_id;
  return e;
}

}  // namespace

Result<std::string> DistrictOfUnit(storage::Tx& tx, int64_t unit_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, unit_id));
  return unit ? unit->district_code : std::string();
}

Result<std::vector<ApprovalItem>> ListPendingApprovals(storage::Database& db, const Clock& clock,
                                                       const Actor& actor,
                                                       const std::string& kind_prefix) {
  std::vector<ApprovalItem> items;
  if (actor.is_command_line()) return items;
  const int64_t now = clock.NowMillis();
  SHOUHU_RETURN_IF_ERROR(db.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(const std::string district, DistrictOfUnit(tx, actor.unit_id));
    if (district.empty()) return Status::Ok();
    SHOUHU_ASSIGN_OR_RETURN(auto records,
                            storage::approval_store::ListPending(tx, district, kind_prefix, now));
    for (auto& r : records) {
      ApprovalItem item;
      item.mine = r.requested_by && actor.user_id && *r.requested_by == *actor.user_id;
      if (r.requested_by) {
        SHOUHU_ASSIGN_OR_RETURN(auto by, storage::user_store::FindById(tx, *r.requested_by));
        if (by) item.requested_by_username = by->username;
      }
      if (r.subject_user_id) {
        SHOUHU_ASSIGN_OR_RETURN(auto subject,
                                storage::user_store::FindById(tx, *r.subject_user_id));
        if (subject) {
          item.subject_username = subject->username;
          item.subject_display_name = subject->display_name;
          item.subject_role = subject->role;
          SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, subject->unit_id));
          if (unit) item.subject_unit_code = unit->code;
        }
      }
      item.record = std::move(r);
      items.push_back(std::move(item));
    }
    return Status::Ok();
  }));
  return items;
}

Result<storage::ApprovalRecord> DecideApproval(
    storage::Database& db, const Clock& clock, const Actor& actor, const std::string& action,
    const std::string& kind_prefix, int64_t id, bool approve,
    const std::function<Status(storage::Tx&, const storage::ApprovalRecord&, bool)>& effect) {
  // Resolve the caller's relation to the request once, then let the policy table decide.
  std::optional<storage::ApprovalRecord> found;
  std::string district;
  SHOUHU_RETURN_IF_ERROR(db.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(found, storage::approval_store::FindById(tx, id));
    if (!actor.is_command_line()) {
      SHOUHU_ASSIGN_OR_RETURN(district, DistrictOfUnit(tx, actor.unit_id));
    }
    return Status::Ok();
  }));
  if (!found || !found->kind.starts_with(kind_prefix))
    return Status::NotFound("approval_not_found");
  const bool own =
      actor.user_id && ((found->requested_by && *found->requested_by == *actor.user_id) ||
                        (found->subject_user_id && *found->subject_user_id == *actor.user_id));
  std::vector<security::Relation> relations;
  if (!actor.is_command_line() && !own && !district.empty() && district == found->district_code)
    relations.push_back(security::Relation::kDistrictApprover);
  if (actor.is_command_line() || !security::Decide(action, actor.role, relations)) {
    const Status refusal =
        Status::PermissionDenied(own ? "approval_own_request" : "approval_other_district");
    return RecordDenied(db, clock, actor,
                        ApprovalEvent(actor, action, id, "denied",
                                      std::string(refusal.message()) + " kind=" + found->kind),
                        refusal);
  }
  const int64_t now = clock.NowMillis();
  if (found->state != "pending") return Status::Conflict("approval_not_pending");
  if (found->expires_at <= now) return Status::Conflict("approval_expired");
  storage::ApprovalRecord decided = *found;
  decided.state = approve ? "approved" : "rejected";
  decided.decided_by = actor.user_id;
  decided.decided_at = now;
  if (approve && decided.kind.starts_with("case."))
    decided.expires_at = now + kExportApprovalLifetimeMs;
  SHOUHU_RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
    SHOUHU_RETURN_IF_ERROR(storage::approval_store::Decide(tx, id, decided.state, *actor.user_id,
                                                           now, decided.expires_at));
    SHOUHU_RETURN_IF_ERROR(effect(tx, decided, approve));
    std::string detail = fmt::format("kind={} decision={} requested_by={}", decided.kind,
                                     decided.state, decided.requested_by.value_or(0));
    if (decided.subject_user_id) detail += fmt::format(" user={}", *decided.subject_user_id);
    if (decided.case_count > 0) detail += fmt::format(" cases={}", decided.case_count);
    return Record(tx, clock, actor, ApprovalEvent(actor, action, id, "ok", detail));
  }));
  return decided;
}

}  // namespace shouhu::service
