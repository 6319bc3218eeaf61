// Sign-in, sessions, lockout, rate limit, CSRF and the one-time-password gate, over HTTP.
#include <gtest/gtest.h>

#include "harness.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;
using http::Method;

class AuthApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess();
    server_->Seed();
    server_->Start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
};
ServerProcess* AuthApiTest::server_ = nullptr;

TEST_F(AuthApiTest, LoginSetsAHardenedCookieAndMeWorks) {
  ApiClient c(server_->port());
  auto login = c.Login("coordinator", kUserPassword);
  ASSERT_EQ(login.status, 200) << login.raw.body;
  EXPECT_EQ(login.json.at("user").at("username").as_string(), "coordinator");
  EXPECT_EQ(login.json.at("user").at("role").as_string(), "coordinator");
  EXPECT_FALSE(login.json.at("user").as_object().contains("password_hash"));
  EXPECT_GE(login.json.at("csrf_token").as_string().size(), 32u);
  const std::string cookie(login.raw.Header("set-cookie"));
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos)
      << "plain HTTP must not mark the cookie Secure";

  auto me = c.Get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.raw.body;
  EXPECT_EQ(me.json.at("user").at("username").as_string(), "coordinator");
  EXPECT_EQ(me.json.at("csrf_token").as_string(), login.json.at("csrf_token").as_string());
  EXPECT_EQ(me.raw.Header("cache-control"), "no-store");

  auto logout = c.Post("/api/v1/auth/logout", "");
  EXPECT_EQ(logout.status, 204);
  auto after = c.Get("/api/v1/auth/me");
  EXPECT_EQ(after.status, 401);
}

TEST_F(AuthApiTest, UnknownUserAndWrongPasswordLookTheSame) {
  ApiClient c(server_->port());
  auto unknown = c.Login("nobody-here", kUserPassword);
  auto wrong = c.Login("police", "not-the-password-1");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.raw.body, wrong.raw.body);
  EXPECT_EQ(ErrorCode(unknown), "login_failed");
}

TEST_F(AuthApiTest, LocksTheAccountAfterFiveFailures) {
  ApiClient admin(server_->port());
  ASSERT_EQ(admin.Login("admin", kAdminPassword).status, 200);
  auto created = admin.Post("/api/v1/users",
                            R"({"username":"lockme","display_name":"锁定测试","unit_code":"NG-FL",)"
                            R"("role":"caseworker","password":"lock-me-passphrase-9"})");
  ASSERT_EQ(created.status, 201) << created.raw.body;

  ApiClient c(server_->port());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Login("lockme", "wrong-passphrase-0").status, 401) << i;
  auto locked = c.Login("lockme", "lock-me-passphrase-9");
  EXPECT_EQ(locked.status, 423);
  EXPECT_EQ(ErrorCode(locked), "account_locked");
  ApiClient en(server_->port(), "en");
  EXPECT_NE(en.Login("lockme", "lock-me-passphrase-9")
                .json.at("error")
                .at("message")
                .as_string()
                .find("locked"),
            std::string::npos);
}

TEST_F(AuthApiTest, RequestsWithoutASessionAreRefused) {
  ApiClient c(server_->port());
  auto r = c.Get("/api/v1/units");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(ErrorCode(r), "not_signed_in");
  auto forged =
      c.Send(Method::kGet, "/api/v1/units", "", {{"cookie", "shouhu_session=forged-token"}});
  EXPECT_EQ(forged.status, 401);
}

TEST_F(AuthApiTest, StateChangesNeedTheCsrfToken) {
  ApiClient c(server_->port());
  ASSERT_EQ(c.Login("admin", kAdminPassword).status, 200);
  const std::string good = c.csrf();
  const std::string body =
      R"({"code":"CSRF-1","name":"测试单位","kind":"police","district_code":"230103"})";
  c.set_csrf("");
  auto missing = c.Post("/api/v1/units", body);
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(ErrorCode(missing), "csrf_failed");
  c.set_csrf(good + "0");
  EXPECT_EQ(c.Post("/api/v1/units", body).status, 403);
  c.set_csrf(good);
  // Nothing was created by the refused attempts.
  auto units = c.Get("/api/v1/units");
  for (const auto& u : units.json.at("items").as_array())
    EXPECT_NE(u.at("code").as_string(), "CSRF-1");
  EXPECT_EQ(c.Post("/api/v1/units", body).status, 201);
}

TEST_F(AuthApiTest, RefusalsAppearInTheAuditLog) {
  ApiClient anonymous(server_->port());
  ASSERT_EQ(anonymous.Get("/api/v1/users").status, 401);
  ApiClient coordinator(server_->port());
  ASSERT_EQ(coordinator.Login("coordinator", kUserPassword).status, 200);
  auto forbidden = coordinator.Get("/api/v1/users");
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(ErrorCode(forbidden), "admin_only");
  ApiClient auditor(server_->port());
  ASSERT_EQ(auditor.Login("auditor", kUserPassword).status, 200);
  // The anonymous refusal is counted and summarised later (AccessApiTest), never a row of its
  // own; the signed-in refusal is one denied row.
  EXPECT_TRUE(AuditEntries(auditor,
                           [](const json::object& e) {
                             return e.at("object_id") == "GET /api/v1/users" &&
                                    e.at("user_id").is_null();
                           })
                  .empty())
      << "no row per anonymous request";
  EXPECT_FALSE(AuditEntries(auditor,
                            [](const json::object& e) {
                              return e.at("action") == "user.list" && e.at("result") == "denied";
                            })
                   .empty())
      << "the 403 is audited";
  // The coordinator may not read the audit log; that refusal is audited too.
  EXPECT_EQ(coordinator.Get("/api/v1/audit").status, 403);
}

TEST_F(AuthApiTest, OneTimePasswordMustBeChangedFirst) {
  ApiClient admin(server_->port());
  ASSERT_EQ(admin.Login("admin", kAdminPassword).status, 200);
  auto created = admin.Post("/api/v1/users",
                            R"({"username":"newcomer","display_name":"新用户","unit_code":"NG-GA",)"
                            R"("role":"caseworker"})");
  ASSERT_EQ(created.status, 201) << created.raw.body;
  const std::string otp(created.json.at("one_time_password").as_string());
  EXPECT_TRUE(created.json.at("user").at("must_change_password").as_bool());
  ApiClient coordinator(server_->port());
  ASSERT_EQ(coordinator.Login("coordinator", kUserPassword).status, 200);
  ASSERT_EQ(ApproveAccount(coordinator, created.json.at("user").at("id").as_int64()), 200);

  ApiClient c(server_->port());
  auto login = c.Login("newcomer", otp);
  ASSERT_EQ(login.status, 200);
  auto gated = c.Get("/api/v1/units");
  EXPECT_EQ(gated.status, 403);
  EXPECT_EQ(ErrorCode(gated), "password_change_required");
  EXPECT_EQ(c.Get("/api/v1/auth/me").status, 200);
  auto weak = c.Post(
      "/api/v1/auth/password",
      json::serialize(json::object{{"current_password", otp}, {"new_password", "password1234"}}));
  EXPECT_EQ(weak.status, 400);
  EXPECT_FALSE(FieldError(weak, "new_password").empty());
  auto changed = c.Post("/api/v1/auth/password",
                        json::serialize(json::object{{"current_password", otp},
                                                     {"new_password", "harbor-maple-2026-x"}}));
  EXPECT_EQ(changed.status, 204) << changed.raw.body;
  EXPECT_EQ(c.Get("/api/v1/units").status, 200);
}

TEST_F(AuthApiTest, AdminCreatesUnitsAndUsersWithFieldErrors) {
  ApiClient c(server_->port(), "en");
  ASSERT_EQ(c.Login("admin", kAdminPassword).status, 200);
  auto bad_kind = c.Post("/api/v1/units",
                         R"({"code":"X-2","name":"n","kind":"army","district_code":"230103"})");
  EXPECT_EQ(bad_kind.status, 400);
  EXPECT_EQ(FieldError(bad_kind, "kind"), "Not an allowed value");
  auto bad_district =
      c.Post("/api/v1/units", R"({"code":"X-2","name":"n","kind":"court","district_code":"23"})");
  EXPECT_EQ(FieldError(bad_district, "district_code"), "Invalid format");
  auto dup = c.Post("/api/v1/units",
                    R"({"code":"NG-FL","name":"n","kind":"court","district_code":"230103"})");
  EXPECT_EQ(dup.status, 409);
  auto short_pw =
      c.Post("/api/v1/users", R"({"username":"shorty","display_name":"n","unit_code":"NG-FL",)"
                              R"("role":"analyst","password":"short"})");
  EXPECT_EQ(short_pw.status, 400);
  EXPECT_FALSE(FieldError(short_pw, "password").empty());
  auto bad_role =
      c.Post("/api/v1/users", R"({"username":"roley","display_name":"n","unit_code":"NG-FL",)"
                              R"("role":"root"})");
  EXPECT_FALSE(FieldError(bad_role, "role").empty());
  auto no_unit =
      c.Post("/api/v1/users", R"({"username":"unitless","display_name":"n","unit_code":"NOPE",)"
                              R"("role":"analyst"})");
  EXPECT_FALSE(FieldError(no_unit, "unit_code").empty());
  auto users = c.Get("/api/v1/users?limit=2");
  ASSERT_EQ(users.status, 200);
  EXPECT_EQ(users.json.at("items").as_array().size(), 2u);
  EXPECT_TRUE(users.json.at("next_after").is_int64());
  EXPECT_EQ(c.Get("/api/v1/users?limit=0").status, 400);
  EXPECT_EQ(c.Get("/api/v1/users?limit=abc").status, 400);
}

// Its own server: a tight per-address limit would disturb the other tests.
TEST(LoginRateLimitTest, RefusesWith429AndRetryAfter) {
  ServerProcess server(
      {.config_toml = "[auth]\nlogin_rate_per_minute = 3\nlogin_rate_burst = 3\n"});
  server.Seed();
  server.Start();
  ApiClient c(server.port());
  for (int i = 0; i < 3; ++i)
    EXPECT_NE(c.Login("coordinator", "wrong-passphrase-0").status, 429) << i;
  auto limited = c.Login("coordinator", kUserPassword);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(ErrorCode(limited), "login_rate_limited");
  EXPECT_FALSE(limited.raw.Header("retry-after").empty());
}

}  // namespace
}  // namespace shouhu::apitest
