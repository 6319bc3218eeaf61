// Which policy action (security/policy.h) each signed-in route asks for. The session guard looks
// the matched route up here before the handler runs: a role with no row for the action is refused
// there, and a route with no entry is refused outright (fail closed). Read-only after start-up.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace shouhu::api {

struct RouteAction {
  std::string_view method;   // "GET", "POST", ...
  std::string_view pattern;  // the router pattern, e.g. "/api/v1/cases/{id}"
  std::string_view action;   // e.g. "case.read"
};

// The routes of the core (accounts, cases, workflow, statistics).
std::span<const RouteAction> CoreRouteActions();

// Adds a module's routes (api/module.h); call before serving.
void RegisterRouteActions(std::span<const RouteAction> actions);

// Every registered entry, the core's first.
std::span<const RouteAction> AllRouteActions();

// The action of a matched route; nullopt when the route declares none.
std::optional<std::string_view> ActionOf(std::string_view method, std::string_view pattern);

}  // namespace shouhu::api
