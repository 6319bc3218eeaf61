#include "api/endpoint.h"

#include <boost/json.hpp>

#include <charconv>

#include "api/errors.h"
#include "core/clock.h"

namespace shouhu::api {
namespace json = boost::json;

http::Handler Public(PublicHandler handler) {
  return [handler = std::move(handler)](http::Request& request) {
    auto result = handler(request);
    return result.ok() ? std::move(result).value() : ErrorResponse(request, result.status());
  };
}

http::Handler SignedIn(ApiServices& services, ActorHandler handler, PasswordGate gate) {
  return [&services, handler = std::move(handler), gate](http::Request& request) {
    const std::string method = http::MethodName(request.method);
    auto refuse = [&](const std::optional<service::Actor>& actor, const Status& status) {
      // The refusal is audited; if even that fails, the client learns the service is unavailable.
      const Status audited = services.auth.RecordDenial(actor, method, request.route_pattern,
                                                        status, request.client_address);
      return ErrorResponse(request, audited.ok() ? status : Status::Unavailable("unavailable"));
    };
    const std::string token = request.CookieValue(kSessionCookie).value_or("");
    auto actor = services.auth.Authenticate(token, request.client_address);
    if (!actor.ok()) {
      if (actor.status().code() == StatusCode::kUnauthenticated)
        return refuse(std::nullopt, actor.status());
      return ErrorResponse(request, actor.status());
    }
    if (http::IsStateChanging(request.method)) {
      const Status csrf =
          services.auth.CheckCsrf(token, std::string(request.Header("x-csrf-token")));
      if (!csrf.ok()) return refuse(*actor, csrf);
    }
    if (gate == PasswordGate::kRequireChanged && actor->must_change_password) {
      return refuse(*actor, Status::PermissionDenied("password_change_required"));
    }
    auto result = handler(request, *actor);
    return result.ok() ? std::move(result).value() : ErrorResponse(request, result.status());
  };
}

http::Response JsonResponse(int status, const json::value& body) {
  return http::Response::Json(status, json::serialize(body));
}

json::object UserJson(const storage::UserRecord& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"unit_id", u.unit_id},
          {"role", u.role},
          {"disabled", u.disabled},
          {"must_change_password", u.must_change_password},
          {"locked", u.locked_until != 0},
          {"created_at", FormatUtc(u.created_at)}};
}

json::object UnitJson(const storage::UnitRecord& u) {
  json::object o{{"id", u.id},
                 {"code", u.code},
                 {"name", u.name},
                 {"kind", u.kind},
                 {"district_code", u.district_code},
                 {"created_at", FormatUtc(u.created_at)}};
  o["parent_id"] = u.parent_id ? json::value(*u.parent_id) : json::value(nullptr);
  return o;
}

json::object AuditJson(const storage::AuditRecord& e) {
  json::object o{{"seq", e.seq},
                 {"at", FormatUtc(e.at)},
                 {"action", e.action},
                 {"object_type", e.object_type},
                 {"object_id", e.object_id},
                 {"result", e.result},
                 {"client_address", e.client_address},
                 {"detail", e.detail},
                 {"hash", e.hash}};
  o["user_id"] = e.user_id ? json::value(*e.user_id) : json::value(nullptr);
  o["unit_id"] = e.unit_id ? json::value(*e.unit_id) : json::value(nullptr);
  return o;
}

Result<int64_t> QueryInt(const http::Request& request, const std::string& name, int64_t fallback,
                         int64_t min, int64_t max) {
  auto text = request.QueryParam(name);
  if (!text) return fallback;
  int64_t value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end) return Status::InvalidField(name, "wrong_type");
  if (value < min || value > max) return Status::InvalidField(name, "out_of_range");
  return value;
}

void RegisterAllRoutes(http::Router& router, ApiServices& services) {
  RegisterSystemRoutes(router, services);
  RegisterAuthRoutes(router, services);
  RegisterAccountRoutes(router, services);
  RegisterAuditRoutes(router, services);
  if (services.cases != nullptr) RegisterCaseRoutes(router, services);
  if (services.workflow != nullptr) RegisterWorkflowRoutes(router, services);
  if (services.assistance != nullptr) RegisterAssistanceRoutes(router, services);
  if (services.stats != nullptr) RegisterStatsRoutes(router, services);
}

}  // namespace shouhu::api
