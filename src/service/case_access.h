// The gate for everything on one case (docs/ACCESS.md): it resolves every relation of the caller
// to the case once (coordinating unit of the case's district, lead unit, holder of an open task,
// an unexpired grant, the filer of a mandatory report) and decides from the policy table
// (security/policy.h) which view the action gets. No use case decides access itself: it asks its
// permit. Pure over one transaction; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "security/policy.h"
#include "service/actor.h"
#include "storage/case_records.h"
#include "storage/database.h"

namespace shouhu::service {

enum class CaseView {
  kNone,          // no access: the case does not exist for this caller
  kReceipt,       // the reporter who filed it: case number, status, dates — nothing else
  kPseudonymous,  // volunteers and social organisations: pseudonym, age and needs
  kDeidentified,  // (no longer given to anyone: leaders and analysts see aggregates only)
  kMasked,        // coordinators and caseworkers: identity masked, unmask with a reason
};

// The caller's standing on one case, resolved once; the use case asks it, never the role.
struct CasePermit {
  CaseView view = CaseView::kNone;  // for the action the permit was made for
  security::View policy_view = security::View::kReceipt;
  std::vector<security::Relation> relations;
  domain::Role role = domain::Role::kAdmin;
  int64_t unit_id = 0;
  std::string unit_kind;
  std::string unit_district;

  // Whether the table lets the caller do `action` on this case too (e.g. "case.reassign" inside
  // "case.update", "case.notes" for free text of other units).
  bool Allows(std::string_view action) const;
  // The view the table gives `action` on the relations already resolved (what ResolveCase
  // would decide for it in the same transaction); kNone when it refuses.
  CaseView ViewFor(std::string_view action) const;
  bool Has(security::Relation relation) const;
};

// The case view a policy view stands for.
CaseView CaseViewOf(security::View view);

// Resolves the caller's relations to `record` at `now` (grants expire) inside `tx` and decides
// `action`; view kNone when the table refuses.
Result<CasePermit> ResolveCase(storage::Tx& tx, const Actor& actor,
                               const storage::CaseRecord& record, std::string_view action,
                               int64_t now);

}  // namespace shouhu::service
