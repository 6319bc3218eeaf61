// The access policy (docs/ACCESS.md): one table saying, for every action a caller can ask for,
// which roles may do it, in which relation to the resource, and with which view. It is data — the
// gate in service/gate.h reads it and nothing else decides access. docs/ACCESS.md prints it for a
// district's lawyer to review; a test fails when a route has no row or a row names no route.
// Pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/role.h"

namespace shouhu::security {

// How the caller stands to the resource. For actions on one case the gate resolves every relation
// that holds (a caller can be the lead unit and the district's coordinating unit at once); for
// actions on no case (the case list, an inbox, an account) the relation is kAny.
enum class Relation {
  kAny,           // no particular resource: the row applies to the role as such
  kCoordinating,  // the caller's unit is the coordinating unit (妇联) of the case's district
  kLeadUnit,      // the caller's unit leads the case
  kOpenTask,      // the caller's unit holds an open task on the case
  kGranted,       // an unexpired access grant to the caller's unit (intake, coordination)
  kOwnReport,     // the caller filed this mandatory report
  // Approvals (two-person rule): the caller's unit is in the district the request concerns, and
  // the caller is neither the one who asked nor the account it is about.
  kDistrictApprover,
  // Prevention records (registry entries, 入职查询): the caller's unit holds the record (a school
  // its pupils, a community its residents, a unit its own staff checks).
  kHolder,
  // The record's district, through the caller's unit: the coordinating unit (kCoordinating), the
  // civil-affairs bureau (the registry), the education bureau (入职查询 of schools).
  kDistrictCivilAffairs,
  kDistrictEducation,
};

// Roles whose rows reach case content with identity (a masked or clear view of a case): an
// account with such a role, created or reset by the administrator, waits for a second person.
bool RoleReadsIdentity(domain::Role role);

// What the caller gets. Ordered from least to most: the gate picks the widest view among the rows
// that match.
enum class View {
  kReceipt,    // case number, status and dates of the caller's own report
  kAggregate,  // counts only (statistics), never a case record
  kPseudonym,  // pseudonym, age and needs
  kMasked,     // the case with identity masked; clear identity only through case.unmask
  kClear,      // identity in clear (unmask, clear export): always with a reason, audited
  kManage,     // no case content: accounts, units, the audit log, one's own session
};

struct PolicyRow {
  std::string_view action;  // "case.read", "user.create", ...
  domain::Role role;
  Relation relation;
  View view;
};

// The core's rows.
std::span<const PolicyRow> CorePolicyRows();

// Adds a module's rows (its own actions); call before serving. Adding the same rows twice is a
// no-op.
void RegisterPolicyRows(std::span<const PolicyRow> rows);

// The whole table: the core's rows, then each module's, grouped by action.
std::span<const PolicyRow> PolicyTable();

// Every action that has at least one row.
std::vector<std::string_view> PolicyActions();

// Whether some row lets `role` attempt `action` in any relation (the route-level check made before
// a use case runs).
bool RoleMayAttempt(std::string_view action, domain::Role role);

// The widest view the table gives `role` for `action` in any of `relations`; nullopt = refused.
std::optional<View> Decide(std::string_view action, domain::Role role,
                           std::span<const Relation> relations);

// The error code a caller whose role has no row for `action` receives: "admin_only" or
// "auditor_only" when only that role has rows, "stats_forbidden" for statistics, else
// "forbidden".
std::string_view RefusalCode(std::string_view action);

// The whole table as a Markdown table, one line per action and role (relations joined), for
// docs/ACCESS.md and `shouhu policy`.
std::string PolicyMarkdown();

std::string_view RelationCode(Relation relation);
std::string_view ViewCode(View view);

}  // namespace shouhu::security
