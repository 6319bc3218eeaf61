#include "security/policy.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <string>
#include <utility>

namespace shouhu::security {
namespace {

using domain::Role;
using R = Relation;
using V = View;

constexpr Role kAdmin = Role::kAdmin;
constexpr Role kCoordinator = Role::kCoordinator;
constexpr Role kLeader = Role::kLeader;
constexpr Role kCaseworker = Role::kCaseworker;
constexpr Role kReporter = Role::kReporter;
constexpr Role kVolunteer = Role::kVolunteer;
constexpr Role kAuditor = Role::kAuditor;
constexpr Role kAnalyst = Role::kAnalyst;

// One row per (action, role, relation). Read it as: "<role> in relation <relation> may <action>
// and sees <view>". Anything not listed is refused. Keep rows of one action together.
constexpr PolicyRow kRows[] = {
    // ---- one's own session and notifications: every signed-in role ----
    {"auth.logout", kAdmin, R::kAny, V::kManage},
    {"auth.logout", kCoordinator, R::kAny, V::kManage},
    {"auth.logout", kLeader, R::kAny, V::kManage},
    {"auth.logout", kCaseworker, R::kAny, V::kManage},
    {"auth.logout", kReporter, R::kAny, V::kManage},
    {"auth.logout", kVolunteer, R::kAny, V::kManage},
    {"auth.logout", kAuditor, R::kAny, V::kManage},
    {"auth.logout", kAnalyst, R::kAny, V::kManage},
    {"auth.me", kAdmin, R::kAny, V::kManage},
    {"auth.me", kCoordinator, R::kAny, V::kManage},
    {"auth.me", kLeader, R::kAny, V::kManage},
    {"auth.me", kCaseworker, R::kAny, V::kManage},
    {"auth.me", kReporter, R::kAny, V::kManage},
    {"auth.me", kVolunteer, R::kAny, V::kManage},
    {"auth.me", kAuditor, R::kAny, V::kManage},
    {"auth.me", kAnalyst, R::kAny, V::kManage},
    {"auth.password", kAdmin, R::kAny, V::kManage},
    {"auth.password", kCoordinator, R::kAny, V::kManage},
    {"auth.password", kLeader, R::kAny, V::kManage},
    {"auth.password", kCaseworker, R::kAny, V::kManage},
    {"auth.password", kReporter, R::kAny, V::kManage},
    {"auth.password", kVolunteer, R::kAny, V::kManage},
    {"auth.password", kAuditor, R::kAny, V::kManage},
    {"auth.password", kAnalyst, R::kAny, V::kManage},
    {"notification.list", kCoordinator, R::kAny, V::kManage},
    {"notification.list", kLeader, R::kAny, V::kManage},
    {"notification.list", kCaseworker, R::kAny, V::kManage},
    {"notification.list", kReporter, R::kAny, V::kManage},
    {"notification.list", kVolunteer, R::kAny, V::kManage},
    {"notification.list", kAnalyst, R::kAny, V::kManage},
    {"notification.read", kCoordinator, R::kAny, V::kManage},
    {"notification.read", kLeader, R::kAny, V::kManage},
    {"notification.read", kCaseworker, R::kAny, V::kManage},
    {"notification.read", kReporter, R::kAny, V::kManage},
    {"notification.read", kVolunteer, R::kAny, V::kManage},
    {"notification.read", kAnalyst, R::kAny, V::kManage},

    // ---- member units: a directory, no personal data ----
    {"unit.list", kAdmin, R::kAny, V::kManage},
    {"unit.list", kCoordinator, R::kAny, V::kManage},
    {"unit.list", kLeader, R::kAny, V::kManage},
    {"unit.list", kCaseworker, R::kAny, V::kManage},
    {"unit.list", kAuditor, R::kAny, V::kManage},
    {"unit.create", kAdmin, R::kAny, V::kManage},
    {"webhook.read", kAdmin, R::kAny, V::kManage},
    {"webhook.write", kAdmin, R::kAny, V::kManage},

    // ---- accounts: the administrator, who never sees case content ----
    {"user.list", kAdmin, R::kAny, V::kManage},
    {"user.create", kAdmin, R::kAny, V::kManage},
    {"user.disable", kAdmin, R::kAny, V::kManage},
    {"user.enable", kAdmin, R::kAny, V::kManage},
    {"user.password_reset", kAdmin, R::kAny, V::kManage},

    // ---- the audit log: the auditor ----
    {"audit.list", kAuditor, R::kAny, V::kManage},
    {"audit.verify", kAuditor, R::kAny, V::kManage},

    // ---- intake ----
    {"case.create", kCoordinator, R::kAny, V::kMasked},
    {"case.create", kCaseworker, R::kAny, V::kMasked},
    {"hotline.log", kCoordinator, R::kAny, V::kMasked},
    {"hotline.log", kCaseworker, R::kAny, V::kMasked},
    {"report.create", kReporter, R::kAny, V::kReceipt},
    {"report.list", kReporter, R::kAny, V::kReceipt},

    // ---- the case list: each caller lists only what the read rows below let her read ----
    {"case.list", kCoordinator, R::kAny, V::kMasked},
    {"case.list", kCaseworker, R::kAny, V::kMasked},
    {"case.list", kVolunteer, R::kAny, V::kPseudonym},
    {"case.list", kReporter, R::kAny, V::kReceipt},
    {"case.search", kCoordinator, R::kAny, V::kMasked},
    {"case.search", kCaseworker, R::kAny, V::kMasked},

    // ---- one case ----
    {"case.read", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.read", kCoordinator, R::kLeadUnit, V::kMasked},
    {"case.read", kCoordinator, R::kOpenTask, V::kMasked},
    {"case.read", kCoordinator, R::kGranted, V::kMasked},
    {"case.read", kCaseworker, R::kLeadUnit, V::kMasked},
    {"case.read", kCaseworker, R::kOpenTask, V::kMasked},
    {"case.read", kCaseworker, R::kGranted, V::kMasked},
    {"case.read", kVolunteer, R::kOpenTask, V::kPseudonym},
    {"case.read", kVolunteer, R::kGranted, V::kPseudonym},
    {"case.read", kReporter, R::kOwnReport, V::kReceipt},
    {"case.events", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.events", kCoordinator, R::kLeadUnit, V::kMasked},
    {"case.events", kCaseworker, R::kLeadUnit, V::kMasked},
    {"case.events", kCaseworker, R::kOpenTask, V::kMasked},
    {"case.unmask", kCoordinator, R::kCoordinating, V::kClear},
    {"case.unmask", kCoordinator, R::kLeadUnit, V::kClear},
    {"case.unmask", kCaseworker, R::kLeadUnit, V::kClear},
    {"case.unmask", kCaseworker, R::kOpenTask, V::kClear},
    {"case.unmask", kCaseworker, R::kGranted, V::kClear},
    // Editing the classification: the coordinating unit and the lead unit. Moving the lead to
    // another unit is the coordinating unit's alone (case.reassign, checked inside case.update).
    {"case.update", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.update", kCoordinator, R::kLeadUnit, V::kMasked},
    {"case.update", kCaseworker, R::kLeadUnit, V::kMasked},
    {"case.reassign", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.grant", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.grant", kCoordinator, R::kLeadUnit, V::kMasked},
    // Possible matches of the same girl: only the coordinating unit of the district that holds
    // the record decides, inside its own district.
    {"case.duplicates", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.link", kCoordinator, R::kCoordinating, V::kMasked},

    // ---- the workflow on a case ----
    {"case.transition", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.transition", kCoordinator, R::kLeadUnit, V::kMasked},
    {"case.assess", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.assess", kCoordinator, R::kLeadUnit, V::kMasked},
    {"case.refer", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.refer", kCoordinator, R::kLeadUnit, V::kMasked},
    {"case.assessments", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.assessments", kCoordinator, R::kLeadUnit, V::kMasked},
    {"case.assessments", kCaseworker, R::kLeadUnit, V::kMasked},
    {"case.assessments", kCaseworker, R::kOpenTask, V::kMasked},
    {"case.tasks", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.tasks", kCoordinator, R::kLeadUnit, V::kMasked},
    {"case.tasks", kCoordinator, R::kOpenTask, V::kMasked},
    {"case.tasks", kCaseworker, R::kLeadUnit, V::kMasked},
    {"case.tasks", kCaseworker, R::kOpenTask, V::kMasked},
    {"case.sharings", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.sharings", kCoordinator, R::kLeadUnit, V::kMasked},
    {"case.sharings", kCaseworker, R::kLeadUnit, V::kMasked},
    {"case.sharings", kCaseworker, R::kOpenTask, V::kMasked},
    {"case.followups", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.followups", kCoordinator, R::kLeadUnit, V::kMasked},
    {"case.followups", kCaseworker, R::kLeadUnit, V::kMasked},
    {"case.followups", kCaseworker, R::kOpenTask, V::kMasked},
    {"case.followup", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.followup", kCoordinator, R::kLeadUnit, V::kMasked},
    {"case.followup", kCaseworker, R::kLeadUnit, V::kMasked},
    {"case.followup", kCaseworker, R::kOpenTask, V::kMasked},
    // Free text of a task, a proceeding or a service is for the unit that wrote or holds it and
    // the case's coordinators; this row is the coordinators' part (the unit's own is the record's
    // unit, checked on the record).
    {"case.notes", kCoordinator, R::kCoordinating, V::kMasked},
    {"case.notes", kCoordinator, R::kLeadUnit, V::kMasked},

    // ---- a unit's tasks: its inbox and its answers (the task's unit, checked on the task) ----
    {"task.inbox", kCoordinator, R::kAny, V::kMasked},
    {"task.inbox", kCaseworker, R::kAny, V::kMasked},
    {"task.inbox", kVolunteer, R::kAny, V::kPseudonym},
    {"task.answer", kCoordinator, R::kAny, V::kMasked},
    {"task.answer", kCaseworker, R::kAny, V::kMasked},
    {"task.answer", kVolunteer, R::kAny, V::kPseudonym},

    // ---- 督办: the district's leadership group and its coordinating unit ----
    {"escalation.list", kCoordinator, R::kAny, V::kManage},
    {"escalation.list", kLeader, R::kAny, V::kManage},
    {"escalation.write", kCoordinator, R::kAny, V::kManage},
    {"escalation.write", kLeader, R::kAny, V::kManage},

    // ---- statistics: aggregates only, never a case record ----
    {"stats.read", kCoordinator, R::kAny, V::kAggregate},
    {"stats.read", kLeader, R::kAny, V::kAggregate},
    {"stats.read", kAnalyst, R::kAny, V::kAggregate},
    {"stats.history.write", kCoordinator, R::kAny, V::kAggregate},
    {"stats.history.write", kLeader, R::kAny, V::kAggregate},
    {"stats.export", kCoordinator, R::kAny, V::kAggregate},
    {"stats.export", kLeader, R::kAny, V::kAggregate},
    {"stats.export", kAnalyst, R::kAny, V::kAggregate},
    {"stats.progress_report", kCoordinator, R::kAny, V::kAggregate},
    {"stats.progress_report", kLeader, R::kAny, V::kAggregate},
    // The case-list export is the case list in a file: the case.list rows, masked; in clear
    // only for the roles that may unmask, each case through case.unmask.
    {"case.export", kCoordinator, R::kAny, V::kMasked},
    {"case.export", kCaseworker, R::kAny, V::kMasked},
    {"case.export_clear", kCoordinator, R::kAny, V::kClear},
    {"case.export_clear", kCaseworker, R::kAny, V::kClear},

    // ==== two-person rule (docs/ACCESS.md, 双人审批) ====
    // An account the administrator creates or resets with a role that reads identity, and a
    // clear export above the configured size, wait for a second person: a coordinator or leader
    // of the district concerned who neither asked for it nor is its subject (kDistrictApprover,
    // resolved by service/approvals.h). The lists show only the caller's district.
    {"account_approval.list", kCoordinator, R::kAny, V::kManage},
    {"account_approval.list", kLeader, R::kAny, V::kManage},
    {"account_approval.decide", kCoordinator, R::kDistrictApprover, V::kManage},
    {"account_approval.decide", kLeader, R::kDistrictApprover, V::kManage},
    {"export_approval.list", kCoordinator, R::kAny, V::kManage},
    {"export_approval.list", kLeader, R::kAny, V::kManage},
    {"export_approval.decide", kCoordinator, R::kDistrictApprover, V::kManage},
    {"export_approval.decide", kLeader, R::kDistrictApprover, V::kManage},
};

std::vector<PolicyRow>& Table() {
  static std::vector<PolicyRow> all(std::begin(kRows), std::end(kRows));
  return all;
}

std::mutex table_mutex;

}  // namespace

std::span<const PolicyRow> CorePolicyRows() {
  return kRows;
}

void RegisterPolicyRows(std::span<const PolicyRow> rows) {
  std::lock_guard lock(table_mutex);
  auto& all = Table();
  for (const auto& row : rows) {
    const bool known = std::any_of(all.begin(), all.end(), [&](const PolicyRow& r) {
      return r.action == row.action && r.role == row.role && r.relation == row.relation;
    });
    if (!known) all.push_back(row);
  }
}

std::span<const PolicyRow> PolicyTable() {
  return Table();
}

std::vector<std::string_view> PolicyActions() {
  std::vector<std::string_view> out;
  for (const auto& row : Table()) {
    if (std::find(out.begin(), out.end(), row.action) == out.end()) out.push_back(row.action);
  }
  return out;
}

bool RoleMayAttempt(std::string_view action, Role role) {
  const auto& all = Table();
  return std::any_of(all.begin(), all.end(),
                     [&](const PolicyRow& r) { return r.action == action && r.role == role; });
}

std::optional<View> Decide(std::string_view action, Role role,
                           std::span<const Relation> relations) {
  std::optional<View> best;
  for (const auto& row : Table()) {
    if (row.action != action || row.role != role) continue;
    const bool holds =
        row.relation == Relation::kAny ||
        std::find(relations.begin(), relations.end(), row.relation) != relations.end();
    if (!holds) continue;
    if (!best || static_cast<int>(row.view) > static_cast<int>(*best)) best = row.view;
  }
  return best;
}

bool RoleReadsIdentity(Role role) {
  const auto& all = Table();
  return std::any_of(all.begin(), all.end(), [&](const PolicyRow& r) {
    return r.role == role && (r.view == View::kMasked || r.view == View::kClear);
  });
}

std::string_view RefusalCode(std::string_view action) {
  if (action.substr(0, 6) == "stats.") return "stats_forbidden";
  std::optional<Role> only;
  bool several = false;
  for (const auto& row : Table()) {
    if (row.action != action) continue;
    if (only && *only != row.role) several = true;
    only = row.role;
  }
  if (only && !several && *only == Role::kAdmin) return "admin_only";
  if (only && !several && *only == Role::kAuditor) return "auditor_only";
  return "forbidden";
}

std::string PolicyMarkdown() {
  std::string out =
      "| 操作 action | 角色 role | 与案件的关系 relation | 视图 view |\n|---|---|---|---|\n";
  for (std::string_view action : PolicyActions()) {
    std::vector<std::pair<Role, View>> seen;
    for (const auto& row : Table()) {
      if (row.action != action) continue;
      if (std::find(seen.begin(), seen.end(), std::make_pair(row.role, row.view)) != seen.end())
        continue;
      seen.emplace_back(row.role, row.view);
      std::string relations;
      for (const auto& other : Table()) {
        if (other.action != action || other.role != row.role || other.view != row.view) continue;
        if (!relations.empty()) relations += ", ";
        relations += RelationCode(other.relation);
      }
      out += "| `" + std::string(action) + "` | " + std::string(domain::RoleCode(row.role)) +
             " | " + relations + " | " + std::string(ViewCode(row.view)) + " |\n";
    }
  }
  return out;
}

std::string_view RelationCode(Relation relation) {
  switch (relation) {
    case Relation::kAny:
      return "any";
    case Relation::kCoordinating:
      return "coordinating_unit";
    case Relation::kLeadUnit:
      return "lead_unit";
    case Relation::kOpenTask:
      return "open_task";
    case Relation::kGranted:
      return "granted";
    case Relation::kOwnReport:
      return "own_report";
    case Relation::kDistrictApprover:
      return "district_approver";
    case Relation::kHolder:
      return "holder";
    case Relation::kDistrictCivilAffairs:
      return "district_civil_affairs";
    case Relation::kDistrictEducation:
      return "district_education";
  }
  return "unknown";
}

std::string_view ViewCode(View view) {
  switch (view) {
    case View::kReceipt:
      return "receipt";
    case View::kAggregate:
      return "aggregate";
    case View::kPseudonym:
      return "pseudonym";
    case View::kMasked:
      return "masked";
    case View::kClear:
      return "clear";
    case View::kManage:
      return "manage";
  }
  return "unknown";
}

}  // namespace shouhu::security
