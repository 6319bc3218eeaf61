// /api/v1/units and /api/v1/users: the member units and their accounts, and an administrator's
// disable, enable and password reset of an account.
#include <boost/json.hpp>

#include <charconv>

#include "api/endpoint.h"
#include "api/json_body.h"

namespace shouhu::api {
namespace json = boost::json;
using http::Method;

namespace {
constexpr int64_t kDefaultPage = 100;
constexpr int64_t kMaxPage = 500;

Result<int64_t> UserIdOf(const http::Request& req) {
  const std::string_view text = req.PathParam("id");
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0)
    return Status::NotFound("user_not_found");
  return id;
}
}  // namespace

void RegisterAccountRoutes(http::Router& router, ApiServices& s) {
  router.Add(Method::kGet, "/api/v1/units",
             SignedIn(s,
                      [&s](http::Request&, const service::Actor& actor) -> Result<http::Response> {
                        SHOUHU_ASSIGN_OR_RETURN(auto units, s.accounts.ListUnits(actor));
                        json::array items;
                        for (const auto& u : units) items.push_back(UnitJson(u));
                        return JsonResponse(200, json::object{{"items", std::move(items)}});
                      }),
             true, "List member units");

  router.Add(
      Method::kPost, "/api/v1/units",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto body, JsonBody::Parse(req.body, {"code", "name", "kind", "parent_code",
                                                           "district_code"}));
                 service::UnitInput in;
                 SHOUHU_ASSIGN_OR_RETURN(in.code, body.RequiredString("code"));
                 SHOUHU_ASSIGN_OR_RETURN(in.name, body.RequiredString("name"));
                 SHOUHU_ASSIGN_OR_RETURN(in.kind, body.RequiredString("kind"));
                 SHOUHU_ASSIGN_OR_RETURN(in.district_code, body.RequiredString("district_code"));
                 SHOUHU_ASSIGN_OR_RETURN(in.parent_code, body.OptionalString("parent_code"));
                 SHOUHU_ASSIGN_OR_RETURN(auto unit, s.accounts.CreateUnit(actor, in));
                 return JsonResponse(201, UnitJson(unit));
               }),
      true, "Create a member unit (admin)");

  router.Add(
      Method::kGet, "/api/v1/users",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(auto after, QueryInt(req, "after", 0, 0, INT64_MAX));
                 SHOUHU_ASSIGN_OR_RETURN(auto limit,
                                         QueryInt(req, "limit", kDefaultPage, 1, kMaxPage));
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto users, s.accounts.ListUsers(actor, after, static_cast<int>(limit)));
                 json::array items;
                 for (const auto& u : users) items.push_back(UserJson(u));
                 json::object page{{"items", std::move(items)}};
                 page["next_after"] = static_cast<int64_t>(users.size()) == limit
                                          ? json::value(users.back().id)
                                          : json::value(nullptr);
                 return JsonResponse(200, page);
               }),
      true, "List user accounts (admin), keyset paging by id");

  router.Add(
      Method::kPost, "/api/v1/users",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto body, JsonBody::Parse(req.body, {"username", "display_name", "unit_code",
                                                           "role", "password"}));
                 service::UserInput in;
                 SHOUHU_ASSIGN_OR_RETURN(in.username, body.RequiredString("username"));
                 SHOUHU_ASSIGN_OR_RETURN(in.display_name, body.RequiredString("display_name"));
                 SHOUHU_ASSIGN_OR_RETURN(in.unit_code, body.RequiredString("unit_code"));
                 SHOUHU_ASSIGN_OR_RETURN(in.role, body.RequiredString("role"));
                 SHOUHU_ASSIGN_OR_RETURN(auto password, body.OptionalString("password"));
                 in.password = password.value_or("");
                 SHOUHU_ASSIGN_OR_RETURN(auto created, s.accounts.CreateUser(actor, in));
                 json::object out{{"user", UserJson(created.user)}};
                 if (!created.one_time_password.empty())
                   out["one_time_password"] = created.one_time_password;
                 if (created.approval_id != 0) out["approval_id"] = created.approval_id;
                 return JsonResponse(201, out);
               }),
      true, "Create a user account (admin); a one-time password is returned when none is given");

  router.Add(
      Method::kPost, "/api/v1/users/{id}/disable",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, UserIdOf(req));
                 SHOUHU_RETURN_IF_ERROR(
                     JsonBody::Parse(req.body.empty() ? "{}" : req.body, {}).status());
                 SHOUHU_ASSIGN_OR_RETURN(auto user, s.accounts.DisableUserById(actor, id));
                 s.auth.ForgetUser(id);
                 return JsonResponse(200, UserJson(user));
               }),
      true, "Disable a user account (admin); its sessions end and sign-in is refused");

  router.Add(
      Method::kPost, "/api/v1/users/{id}/enable",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, UserIdOf(req));
                 SHOUHU_RETURN_IF_ERROR(
                     JsonBody::Parse(req.body.empty() ? "{}" : req.body, {}).status());
                 SHOUHU_ASSIGN_OR_RETURN(auto user, s.accounts.EnableUserById(actor, id));
                 return JsonResponse(200, UserJson(user));
               }),
      true, "Enable a disabled user account (admin)");

  router.Add(
      Method::kPost, "/api/v1/users/{id}/password-reset",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, UserIdOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto body, JsonBody::Parse(req.body.empty() ? "{}" : req.body, {"password"}));
                 SHOUHU_ASSIGN_OR_RETURN(auto password, body.OptionalString("password"));
                 // The administrator knows the new password either way: the user chooses her own
                 // at the next sign-in.
                 SHOUHU_ASSIGN_OR_RETURN(auto reset, s.accounts.ResetPasswordById(
                                                         actor, id, password.value_or(""), true));
                 s.auth.ForgetUser(id);
                 json::object out{{"user", UserJson(reset.user)}};
                 if (!reset.one_time_password.empty())
                   out["one_time_password"] = reset.one_time_password;
                 if (reset.approval_id != 0) out["approval_id"] = reset.approval_id;
                 return JsonResponse(200, out);
               }),
      true,
      "Reset a user's password (admin): the given one or a generated one-time password returned "
      "once; the user must change it at the next sign-in");
}

}  // namespace shouhu::api
