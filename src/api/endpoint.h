// The glue between HTTP and the services: the session guard (cookie -> Actor, CSRF on
// state-changing methods, one-time-password gate, audit of every refusal) and the small helpers
// every route file uses. The services it refers to are thread-safe, so handlers are too.
#pragma once

#include <functional>
#include <string>

#include <boost/json/value.hpp>

#include "core/status.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "service/account_service.h"
#include "service/assistance_service.h"
#include "service/audit_service.h"
#include "service/auth_service.h"
#include "service/case_service.h"
#include "service/prevention_service.h"
#include "service/stats_service.h"
#include "service/workflow_service.h"
#include "storage/records.h"

namespace shouhu::api {

inline constexpr const char* kSessionCookie = "shouhu_session";

struct ApiServices {
  service::AuthService& auth;
  service::AccountService& accounts;
  service::AuditService& audit;
  service::CaseService* cases = nullptr;  // null until the key ring is loaded (serve always has it)
  service::WorkflowService* workflow = nullptr;      // with `cases`
  service::AssistanceService* assistance = nullptr;  // proceedings, services, interviews; as cases
  std::function<Status()> ready;                     // database reachable and schema current
  http::Metrics& metrics;
  bool tls = false;  // adds Secure to the session cookie
  // Statistics and exports (serve always has it).
  service::StatsService* stats = nullptr;
  // The prevention module (registry, visits, activities, 入职查询); as cases.
  service::PreventionService* prevention = nullptr;
};

using PublicHandler = std::function<Result<http::Response>(http::Request&)>;
using ActorHandler = std::function<Result<http::Response>(http::Request&, const service::Actor&)>;

// A route open to everyone; failures become the JSON error shape.
http::Handler Public(PublicHandler handler);

enum class PasswordGate {
  kRequireChanged,  // the default: a user with a one-time password is refused (403)
  kAllowPending,    // me, logout and password change work before the first change
};

// A route for signed-in users.
http::Handler SignedIn(ApiServices& services, ActorHandler handler,
                       PasswordGate gate = PasswordGate::kRequireChanged);

// JSON helpers.
http::Response JsonResponse(int status, const boost::json::value& body);
boost::json::object UserJson(const storage::UserRecord& user);
boost::json::object UnitJson(const storage::UnitRecord& unit);
boost::json::object AuditJson(const storage::AuditRecord& entry);
// Query parameter as an integer in [min, max], or `fallback` when absent; field-named error
// otherwise.
Result<int64_t> QueryInt(const http::Request& request, const std::string& name, int64_t fallback,
                         int64_t min, int64_t max);

// The version an If-Match header names ("7" or "\"7\""), nullopt when there is none;
// InvalidField("If-Match", "bad_format") when it is not a number.
Result<std::optional<int64_t>> IfMatchVersion(const http::Request& request);

// Route registration, one function per resource file.
void RegisterAuthRoutes(http::Router& router, ApiServices& services);
void RegisterAccountRoutes(http::Router& router, ApiServices& services);
void RegisterAuditRoutes(http::Router& router, ApiServices& services);
void RegisterCaseRoutes(http::Router& router, ApiServices& services);
void RegisterWorkflowRoutes(http::Router& router, ApiServices& services);
void RegisterSystemRoutes(http::Router& router, ApiServices& services);
void RegisterStatsRoutes(http::Router& router, ApiServices& services);
void RegisterApprovalRoutes(http::Router& router, ApiServices& services);
void RegisterAllRoutes(http::Router& router, ApiServices& services);

// The OpenAPI 3.1 document served at /api/v1/openapi.json.
const std::string& OpenApiDocument();

}  // namespace shouhu::api
