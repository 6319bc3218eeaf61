#include "api/route_actions.h"

#include <mutex>
#include <vector>

namespace shouhu::api {
namespace {

// Every signed-in route and the policy action it asks for (security/policy.cc). A route missing
// here is refused at run time and fails RouteActionsTest; so does an action with no policy row.
constexpr RouteAction kRouteActions[] = {
    {"POST", "/api/v1/auth/logout", "auth.logout"},
    {"GET", "/api/v1/auth/me", "auth.me"},
    {"POST", "/api/v1/auth/password", "auth.password"},

    {"GET", "/api/v1/units", "unit.list"},
    {"POST", "/api/v1/units", "unit.create"},
    {"GET", "/api/v1/users", "user.list"},
    {"POST", "/api/v1/users", "user.create"},
    {"POST", "/api/v1/users/{id}/disable", "user.disable"},
    {"POST", "/api/v1/users/{id}/enable", "user.enable"},
    {"POST", "/api/v1/users/{id}/password-reset", "user.password_reset"},
    {"PUT", "/api/v1/units/{id}/webhook", "webhook.write"},
    {"GET", "/api/v1/units/{id}/webhook", "webhook.read"},
    {"DELETE", "/api/v1/units/{id}/webhook", "webhook.write"},

    {"GET", "/api/v1/audit", "audit.list"},
    {"GET", "/api/v1/audit/verify", "audit.verify"},

    {"POST", "/api/v1/hotline/calls", "hotline.log"},
    {"POST", "/api/v1/cases", "case.create"},
    {"POST", "/api/v1/reports/mandatory", "report.create"},
    {"GET", "/api/v1/reports/mandatory", "report.list"},
    {"GET", "/api/v1/cases", "case.list"},
    {"POST", "/api/v1/cases/search", "case.search"},
    {"GET", "/api/v1/cases/{id}", "case.read"},
    {"PATCH", "/api/v1/cases/{id}", "case.update"},
    {"GET", "/api/v1/cases/{id}/events", "case.events"},
    {"POST", "/api/v1/cases/{id}/unmask", "case.unmask"},
    {"POST", "/api/v1/cases/{id}/grants", "case.grant"},
    {"GET", "/api/v1/cases/{id}/duplicates", "case.duplicates"},
    {"POST", "/api/v1/cases/{id}/links", "case.link"},

    {"POST", "/api/v1/cases/{id}/transitions", "case.transition"},
    {"POST", "/api/v1/cases/{id}/assessments", "case.assess"},
    {"GET", "/api/v1/cases/{id}/assessments", "case.assessments"},
    {"POST", "/api/v1/cases/{id}/referrals", "case.refer"},
    {"GET", "/api/v1/cases/{id}/referrals", "case.tasks"},
    {"GET", "/api/v1/cases/{id}/sharings", "case.sharings"},
    {"GET", "/api/v1/cases/{id}/followups", "case.followups"},
    {"POST", "/api/v1/cases/{id}/followups", "case.followup"},
    {"GET", "/api/v1/referrals", "task.inbox"},
    {"POST", "/api/v1/referrals/{id}/accept", "task.answer"},
    {"POST", "/api/v1/referrals/{id}/reject", "task.answer"},
    {"POST", "/api/v1/referrals/{id}/complete", "task.answer"},
    {"GET", "/api/v1/escalations", "escalation.list"},
    {"POST", "/api/v1/escalations/{id}/comments", "escalation.write"},
    {"POST", "/api/v1/escalations/{id}/close", "escalation.write"},
    {"GET", "/api/v1/notifications", "notification.list"},
    {"POST", "/api/v1/notifications/{id}/read", "notification.read"},
    {"POST", "/api/v1/notifications/read-all", "notification.read"},

    {"GET", "/api/v1/stats", "stats.read"},
    {"GET", "/api/v1/stats/tables/{name}", "stats.read"},
    {"GET", "/api/v1/stats/reports/{layout}", "stats.read"},
    {"GET", "/api/v1/stats/history", "stats.read"},
    {"POST", "/api/v1/stats/history", "stats.history.write"},
    {"POST", "/api/v1/stats/history/import", "stats.history.write"},
    {"GET", "/api/v1/exports/stats/{name}", "stats.export"},
    {"GET", "/api/v1/exports/reports/{layout}", "stats.export"},
    {"GET", "/api/v1/exports/cases", "case.export"},
    {"POST", "/api/v1/exports/cases", "case.export_clear"},
    {"GET", "/api/v1/exports/progress-report", "stats.progress_report"},

    // The two-person rule (docs/ACCESS.md).
    {"GET", "/api/v1/account-approvals", "account_approval.list"},
    {"POST", "/api/v1/account-approvals/{id}/approve", "account_approval.decide"},
    {"POST", "/api/v1/account-approvals/{id}/reject", "account_approval.decide"},
    {"GET", "/api/v1/export-approvals", "export_approval.list"},
    {"POST", "/api/v1/export-approvals/{id}/approve", "export_approval.decide"},
    {"POST", "/api/v1/export-approvals/{id}/reject", "export_approval.decide"},
};

std::vector<RouteAction>& Registry() {
  static std::vector<RouteAction> all(std::begin(kRouteActions), std::end(kRouteActions));
  return all;
}

std::mutex registry_mutex;

}  // namespace

std::span<const RouteAction> CoreRouteActions() {
  return kRouteActions;
}

void RegisterRouteActions(std::span<const RouteAction> actions) {
  std::lock_guard lock(registry_mutex);
  auto& all = Registry();
  for (const auto& a : actions) {
    bool known = false;
    for (const auto& b : all) known = known || (a.method == b.method && a.pattern == b.pattern);
    if (!known) all.push_back(a);
  }
}

std::span<const RouteAction> AllRouteActions() {
  return Registry();
}

std::optional<std::string_view> ActionOf(std::string_view method, std::string_view pattern) {
  for (const auto& a : Registry()) {
    if (a.pattern == pattern && a.method == method) return a.action;
  }
  return std::nullopt;
}

}  // namespace shouhu::api
