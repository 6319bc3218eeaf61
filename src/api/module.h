// The module seam. A module (assistance; prevention, inspections and supervision to come) brings
// its own pieces, each beside the code it belongs to — its routes and the policy actions they ask
// for, its rows of the policy table, its OpenAPI paths and schemas, its error texts — and is
// registered once, in Modules() (api/modules.cc). docs/ARCHITECTURE.md lists the steps.
#pragma once

#include <span>
#include <string_view>

#include "api/route_actions.h"
#include "http/router.h"
#include "security/policy.h"

namespace shouhu::api {

struct ApiServices;

struct ErrorText {
  std::string_view code;  // a Status message key or a field reason
  std::string_view zh;
  std::string_view en;
};

struct Module {
  std::string_view name;
  std::span<const RouteAction> route_actions;
  std::span<const security::PolicyRow> policy_rows;
  // {"schemas": {...}, "paths": {...}}, merged into the OpenAPI document.
  std::string_view openapi;
  std::span<const ErrorText> error_texts;
  // Registers the routes when the module's service is present.
  void (*register_routes)(http::Router& router, ApiServices& services);
};

// Every module, in registration order.
std::span<const Module* const> Modules();

// Makes every module's route actions, policy rows and error texts known (idempotent); the server
// calls it before serving, and tests that read the table call it first.
void InstallModules();

// The module's error text for `code`, or nullptr.
const ErrorText* ModuleErrorText(std::string_view code);

// The assistance module (proceedings, services, recorded interviews).
const Module& AssistanceModule();
// The prevention module (the at-risk registry, visits, activities, 入职查询).
const Module& PreventionModule();

}  // namespace shouhu::api
