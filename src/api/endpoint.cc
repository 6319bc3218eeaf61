#include "api/endpoint.h"

#include <boost/json.hpp>

#include <charconv>

#include "api/errors.h"
#include "api/module.h"
#include "api/route_actions.h"
#include "core/clock.h"
#include "security/policy.h"

namespace shouhu::api {
namespace json = boost::json;

http::Handler Public(PublicHandler handler) {
  return [handler = std::move(handler)](http::Request& request) {
    auto result = handler(request);
    return result.ok() ? std::move(result).value() : ErrorResponse(request, result.status());
  };
}

namespace {

// What the {id} of a route pattern names: "/api/v1/cases/{id}/proceedings" -> "case".
std::string ObjectTypeOf(std::string_view pattern) {
  const size_t at = pattern.find("/{id}");
  if (at == std::string_view::npos) return {};
  const std::string_view before = pattern.substr(0, at);
  std::string_view segment = before.substr(before.rfind('/') + 1);
  if (segment == "referrals") return "task";
  if (segment.ends_with("ies")) return std::string(segment.substr(0, segment.size() - 3)) + "y";
  if (segment.ends_with("s")) segment.remove_suffix(1);
  return std::string(segment);
}

}  // namespace

http::Handler SignedIn(ApiServices& services, ActorHandler handler, PasswordGate gate) {
  return [&services, handler = std::move(handler), gate](http::Request& request) {
    const std::string method = http::MethodName(request.method);
    // HEAD is answered by the GET route and asks for the same action.
    const std::string_view lookup = request.method == http::Method::kHead ? "GET" : method;
    const auto declared = ActionOf(lookup, request.route_pattern);
    const std::string action = declared ? std::string(*declared) : std::string();
    const std::string token = request.CookieValue(kSessionCookie).value_or("");
    auto actor = services.auth.Authenticate(token, request.client_address);
    if (!actor.ok()) {
      if (actor.status().code() == StatusCode::kUnauthenticated) {
        // Counted, summarised once per interval: never one chained row per anonymous request.
        services.auth.CountAnonymousRefusal(request.client_address,
                                            method + " " + request.route_pattern,
                                            std::string(actor.status().message()));
      }
      return ErrorResponse(request, actor.status());
    }
    // A refusal before the use case runs is the request's one row: denied.
    auto refuse = [&](const Status& status) {
      if (request.may_settle_later) {
        http::Response response = ErrorResponse(request, status);
        auto settlement = std::make_shared<http::Settlement>();
        response.settle_first = settlement;
        services.auth.RecordDenialAsync(
            *actor, action, method, request.route_pattern, status, request.client_address,
            ObjectTypeOf(request.route_pattern), std::string(request.PathParam("id")),
            [settlement](Status audited) {
              settlement->Settle(audited.ok() ? Status::Ok() : Status::Unavailable("unavailable"));
            });
        return response;
      }
      const Status audited = services.auth.RecordDenial(
          *actor, action, method, request.route_pattern, status, request.client_address,
          ObjectTypeOf(request.route_pattern), std::string(request.PathParam("id")));
      return ErrorResponse(request, audited.ok() ? status : Status::Unavailable("unavailable"));
    };
    if (http::IsStateChanging(request.method)) {
      const Status csrf =
          services.auth.CheckCsrf(token, std::string(request.Header("x-csrf-token")));
      if (!csrf.ok()) return refuse(csrf);
    }
    if (gate == PasswordGate::kRequireChanged && actor->must_change_password) {
      return refuse(Status::PermissionDenied("password_change_required"));
    }
    // The policy table decides first: a route that declares no action is refused (fail closed),
    // and so is a role with no row for the action.
    if (!declared || !security::RoleMayAttempt(action, actor->role)) {
      return refuse(Status::PermissionDenied(declared ? std::string(security::RefusalCode(action))
                                                      : std::string("forbidden")));
    }
    actor->request = std::make_shared<service::RequestAudit>(
        action, method + " " + request.route_pattern, ObjectTypeOf(request.route_pattern),
        std::string(request.PathParam("id")));
    auto result = handler(request, *actor);
    const Status outcome = result.ok() ? Status::Ok() : result.status();
    // No audit row, no answer: the request's row is durable before anything is sent. Where the
    // server allows it, the answer waits for the commit without holding this thread.
    if (request.may_settle_later) {
      http::Response response =
          result.ok() ? std::move(result).value() : ErrorResponse(request, result.status());
      auto settlement = std::make_shared<http::Settlement>();
      response.settle_first = settlement;
      services.auth.FinishRequestAsync(*actor, outcome, [settlement](Status audited) {
        settlement->Settle(audited.ok() ? Status::Ok() : Status::Unavailable("unavailable"));
      });
      return response;
    }
    if (const Status audited = services.auth.FinishRequest(*actor, outcome); !audited.ok()) {
      return ErrorResponse(request, Status::Unavailable("unavailable"));
    }
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
          {"approval_pending", u.approval_pending},
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

Result<std::optional<int64_t>> IfMatchVersion(const http::Request& request) {
  std::string_view tag = request.Header("if-match");
  if (tag.empty()) return std::optional<int64_t>();
  if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"')
    tag = tag.substr(1, tag.size() - 2);
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(tag.data(), tag.data() + tag.size(), v);
  if (ec != std::errc() || ptr != tag.data() + tag.size())
    return Status::InvalidField("If-Match", "bad_format");
  return std::optional<int64_t>(v);
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
  if (services.stats != nullptr) RegisterStatsRoutes(router, services);
  RegisterApprovalRoutes(router, services);
  InstallModules();
  for (const Module* module : Modules()) module->register_routes(router, services);
}

}  // namespace shouhu::api
