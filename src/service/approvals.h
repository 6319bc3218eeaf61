// The two-person rule (docs/ACCESS.md, 双人审批): a change that takes effect only once a second
// person approves it — an account the administrator creates or resets with a role that reads
// identity, a clear export above the configured size. Who may decide is the policy table's
// (security/policy.cc, kDistrictApprover); this file resolves that relation, lists a district's
// pending requests and records a decision with its one audit row. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "service/actor.h"
#include "storage/database.h"
#include "storage/records.h"

namespace shouhu::service {

// A pending export request can be decided, and an approved one used, for this long.
inline constexpr int64_t kExportApprovalLifetimeMs = 24LL * 3600 * 1000;
// Account requests wait until decided (or replaced by a newer request for the same account).
inline constexpr int64_t kNeverExpires = INT64_MAX;

// A request as the approver sees it: who asked, and for account requests whom it is about.
struct ApprovalItem {
  storage::ApprovalRecord record;
  std::string requested_by_username;
  std::string subject_username;
  std::string subject_display_name;
  std::string subject_role;
  std::string subject_unit_code;
  bool mine = false;  // the caller asked for it (she cannot decide it)
};

// The district of a unit; "" when the unit is unknown.
Result<std::string> DistrictOfUnit(storage::Tx& tx, int64_t unit_id);

// Pending, unexpired requests of the caller's district whose kind starts with `kind_prefix`
// ("user." or "case."). The route-level policy check has admitted the caller's role.
Result<std::vector<ApprovalItem>> ListPendingApprovals(storage::Database& db, const Clock& clock,
                                                       const Actor& actor,
                                                       const std::string& kind_prefix);

// Approves (or rejects) request `id` of a kind starting with `kind_prefix` for policy `action`:
// NotFound "approval_not_found" for another family's or an unknown id; the caller must hold
// kDistrictApprover (refused "approval_own_request" for the requester or the account itself,
// "approval_other_district" otherwise, audited denied); Conflict "approval_not_pending" or
// "approval_expired". `effect` applies the decision inside the same transaction as the audit row.
// An approved export stays usable for kExportApprovalLifetimeMs from now.
Result<storage::ApprovalRecord> DecideApproval(
    storage::Database& db, const Clock& clock, const Actor& actor, const std::string& action,
    const std::string& kind_prefix, int64_t id, bool approve,
    const std::function<Status(storage::Tx&, const storage::ApprovalRecord&, bool)>& effect);

}  // namespace shouhu::service
