// /api/v1/auth/*: sign-in, sign-out, the current user, password change.
#include <boost/json.hpp>

#include "api/endpoint.h"
#include "api/errors.h"
#include "api/json_body.h"

namespace shouhu::api {
namespace json = boost::json;
using http::Method;

namespace {

std::string SessionCookie(const std::string& value, bool tls, bool clear) {
  std::string cookie =
      std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (clear) cookie += "; Max-Age=0";
  if (tls) cookie += "; Secure";
  return cookie;
}

}  // namespace

void RegisterAuthRoutes(http::Router& router, ApiServices& s) {
  router.Add(
      Method::kPost, "/api/v1/auth/login",
      Public([&s](http::Request& req) -> Result<http::Response> {
        SHOUHU_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req.body, {"username", "password"}));
        SHOUHU_ASSIGN_OR_RETURN(auto username, body.RequiredString("username"));
        SHOUHU_ASSIGN_OR_RETURN(auto password, body.RequiredString("password"));
        int64_t retry_after = 0;
        auto login = s.auth.Login(username, password, req.client_address, &retry_after);
        if (!login.ok()) {
          if (login.status().code() != StatusCode::kTooManyRequests) return login.status();
          auto resp = ErrorResponse(req, login.status());
          resp.SetHeader("Retry-After", std::to_string(retry_after));
          return resp;
        }
        auto resp = JsonResponse(
            200, json::object{{"user", UserJson(login->user)}, {"csrf_token", login->csrf_token}});
        resp.AddHeader("Set-Cookie", SessionCookie(login->session_token, s.tls, false));
        return resp;
      }),
      true, "Sign in with username and password");

  router.Add(Method::kPost, "/api/v1/auth/logout",
             SignedIn(
                 s,
                 [&s](http::Request&, const service::Actor& actor) -> Result<http::Response> {
                   SHOUHU_RETURN_IF_ERROR(s.auth.Logout(actor));
                   http::Response resp;
                   resp.status = 204;
                   resp.AddHeader("Set-Cookie", SessionCookie("", s.tls, true));
                   return resp;
                 },
                 PasswordGate::kAllowPending),
             true, "Sign out and end the session");

  router.Add(Method::kGet, "/api/v1/auth/me",
             SignedIn(
                 s,
                 [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                   json::object user{{"id", *actor.user_id},
                                     {"username", actor.username},
                                     {"unit_id", actor.unit_id},
                                     {"role", domain::RoleCode(actor.role)},
                                     {"must_change_password", actor.must_change_password}};
                   const std::string token = req.CookieValue(kSessionCookie).value_or("");
                   return JsonResponse(
                       200,
                       json::object{{"user", std::move(user)},
                                    {"csrf_token", service::AuthService::CsrfTokenFor(token)}});
                 },
                 PasswordGate::kAllowPending),
             // Only reads (the session, usually from the cache); like every signed-in request it
             // commits its audit row before answering, a wait that holds no thread.
             true, "The signed-in user and the session's CSRF token");
  router.RunInlineWhenReady(Method::kGet, "/api/v1/auth/me");

  router.Add(Method::kPost, "/api/v1/auth/password",
             SignedIn(
                 s,
                 [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                   SHOUHU_ASSIGN_OR_RETURN(
                       auto body, JsonBody::Parse(req.body, {"current_password", "new_password"}));
                   SHOUHU_ASSIGN_OR_RETURN(auto current, body.RequiredString("current_password"));
                   SHOUHU_ASSIGN_OR_RETURN(auto next, body.RequiredString("new_password"));
                   SHOUHU_RETURN_IF_ERROR(s.auth.ChangePassword(actor, current, next));
                   http::Response resp;
                   resp.status = 204;
                   return resp;
                 },
                 PasswordGate::kAllowPending),
             true, "Change the signed-in user's password");
}

}  // namespace shouhu::api
