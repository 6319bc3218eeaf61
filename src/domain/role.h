// Roles (docs/ACCESS.md) and member-unit kinds: the closed vocabularies of the account
// model. Pure values and lookups; thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace shouhu::domain {

enum class Role {
  kAdmin,        // manages units and accounts; sees no case content
  kCoordinator,  // women's federation office: intake, triage, referrals, supervision
  kLeader,       // leadership group: dashboards and escalations, no identity
  kCaseworker,   // member-unit staff working the tasks their unit holds
  kReporter,     // mandatory reporter (school, hospital, hotel): files and follows own reports
  kVolunteer,    // volunteer / social organisation: pseudonym, age and needs only
  kAuditor,      // reads and verifies the audit log; no case content
  kAnalyst,      // de-identified statistics only
};

std::string_view RoleCode(Role role);
std::optional<Role> ParseRole(std::string_view code);
const std::vector<Role>& AllRoles();

struct UnitKind {
  std::string_view code;  // e.g. "womens_federation"
  std::string_view zh;    // e.g. "妇联 (领导小组办公室)"
  std::string_view en;
};

const std::vector<UnitKind>& AllUnitKinds();
bool IsUnitKind(std::string_view code);

}  // namespace shouhu::domain
