// An administrator disables, enables and resets user accounts over HTTP, on SQLite and
// PostgreSQL: the user's sessions end at once, a disabled account's sign-in is refused with its own
// message, a reset returns a one-time password once (or takes the administrator's), ends the
// sessions, lifts a lockout and makes the user choose a new password; only administrators may do
// any of it, every refusal changes nothing, and each action is in the audit log.
#include "suite.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;

template <class Backend>
class AccountAdminApiTest : public BackendSuite<Backend> {
 protected:
  using Base = BackendSuite<Backend>;
  static void SetUpTestSuite() { Base::StartServer({}); }  // NG-FL, NG-GA; the harness's users
  static ApiClient As(const std::string& user, const std::string& language = "") {
    ApiClient c(Base::server_->port(), language);
    auto login = c.Login(user, user == "admin" ? kAdminPassword : kUserPassword);
    EXPECT_EQ(login.status, 200) << user << ": " << login.raw.body;
    return c;
  }
  // A caseworker account of the test's own with kUserPassword; returns its id.
  static int64_t NewUser(const std::string& username) {
    ApiClient admin = As("admin");
    auto created =
        admin.Post("/api/v1/users", json::serialize(json::object{{"username", username},
                                                                 {"display_name", "测试账户"},
                                                                 {"unit_code", "NG-GA"},
                                                                 {"role", "caseworker"},
                                                                 {"password", kUserPassword}}));
    EXPECT_EQ(created.status, 201) << created.raw.body;
    if (created.status != 201) return 0;
    const int64_t id = created.json.at("user").at("id").as_int64();
    // A caseworker reads identity: the district's coordinator approves it (two-person rule).
    EXPECT_TRUE(created.json.at("user").at("approval_pending").as_bool());
    Approve(id);
    return id;
  }
  static void Approve(int64_t id) {
    ApiClient coordinator = As("coordinator");
    EXPECT_EQ(ApproveAccount(coordinator, id), 200) << "user " << id;
  }
  static std::string UserPath(int64_t id, const std::string& what) {
    return "/api/v1/users/" + std::to_string(id) + "/" + what;
  }
  // The audit entries for `action` on user `id`, newest first.
  static std::vector<json::object> AuditOf(const std::string& action, int64_t id) {
    ApiClient auditor = As("auditor");
    return AuditEntries(auditor, [&](const json::object& e) {
      return e.at("action") == action.c_str() && e.at("object_id") == std::to_string(id).c_str();
    });
  }
};

TYPED_TEST_SUITE(AccountAdminApiTest, Backends, BackendNames);

TYPED_TEST(AccountAdminApiTest, DisablingEndsTheSessionsAndRefusesSignInUntilEnabled) {
  const int64_t id = TestFixture::NewUser("disable_me");
  ASSERT_GT(id, 0);
  ApiClient user = TestFixture::As("disable_me");
  ASSERT_EQ(user.Get("/api/v1/units").status, 200);

  ApiClient admin = TestFixture::As("admin");
  auto disabled = admin.Post(TestFixture::UserPath(id, "disable"), "");
  ASSERT_EQ(disabled.status, 200) << disabled.raw.body;
  EXPECT_EQ(disabled.json.at("id").as_int64(), id);
  EXPECT_TRUE(disabled.json.at("disabled").as_bool());
  EXPECT_FALSE(disabled.json.as_object().contains("password_hash"));

  // The open session ends at once (not after the session cache's window).
  auto after = user.Get("/api/v1/units");
  EXPECT_EQ(after.status, 401) << after.raw.body;

  // The right password learns that the account is disabled, in both languages; a wrong one gets
  // the usual answer and nothing more.
  ApiClient zh(TestFixture::server_->port(), "zh-CN");
  auto refused = zh.Login("disable_me", kUserPassword);
  EXPECT_EQ(refused.status, 403) << refused.raw.body;
  EXPECT_EQ(ErrorCode(refused), "account_disabled");
  EXPECT_NE(std::string(refused.json.at("error").at("message").as_string()).find("停用"),
            std::string::npos)
      << refused.raw.body;
  ApiClient en(TestFixture::server_->port(), "en");
  auto refused_en = en.Login("disable_me", kUserPassword);
  EXPECT_NE(std::string(refused_en.json.at("error").at("message").as_string()).find("disabled"),
            std::string::npos)
      << refused_en.raw.body;
  auto wrong = zh.Login("disable_me", "not-the-password-1");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(ErrorCode(wrong), "login_failed");

  // The list shows the state; the audit log has the action with the administrator as actor.
  auto listed = admin.Get("/api/v1/users?limit=500");
  ASSERT_EQ(listed.status, 200);
  bool seen = false;
  for (const auto& u : listed.json.at("items").as_array()) {
    if (u.at("id").as_int64() != id) continue;
    seen = true;
    EXPECT_TRUE(u.at("disabled").as_bool());
  }
  EXPECT_TRUE(seen);
  auto audit = TestFixture::AuditOf("user.disable", id);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].at("result"), "ok");
  EXPECT_FALSE(audit[0].at("user_id").is_null());

  auto enabled = admin.Post(TestFixture::UserPath(id, "enable"), "{}");
  ASSERT_EQ(enabled.status, 200) << enabled.raw.body;
  EXPECT_FALSE(enabled.json.at("disabled").as_bool());
  ApiClient again(TestFixture::server_->port());
  EXPECT_EQ(again.Login("disable_me", kUserPassword).status, 200);
  EXPECT_EQ(TestFixture::AuditOf("user.enable", id).size(), 1u);
}

TYPED_TEST(AccountAdminApiTest, OnlyAdministratorsMayAndRefusalsChangeNothing) {
  const int64_t id = TestFixture::NewUser("keep_me");
  ASSERT_GT(id, 0);
  ApiClient coordinator = TestFixture::As("coordinator");
  for (const char* what : {"disable", "enable", "password-reset"}) {
    auto r = coordinator.Post(TestFixture::UserPath(id, what), "{}");
    EXPECT_EQ(r.status, 403) << what << ": " << r.raw.body;
    EXPECT_EQ(ErrorCode(r), "admin_only") << what;
  }
  ApiClient anonymous(TestFixture::server_->port());
  EXPECT_EQ(anonymous.Post(TestFixture::UserPath(id, "disable"), "{}").status, 401);
  // The account still signs in with its own password, and is not disabled.
  ApiClient user(TestFixture::server_->port());
  auto login = user.Login("keep_me", kUserPassword);
  ASSERT_EQ(login.status, 200) << login.raw.body;
  EXPECT_FALSE(login.json.at("user").at("disabled").as_bool());
  EXPECT_FALSE(login.json.at("user").at("must_change_password").as_bool());

  ApiClient admin = TestFixture::As("admin");
  // Unknown and malformed ids, a body with an unknown field, and the administrator herself.
  auto unknown = admin.Post("/api/v1/users/999999/disable", "{}");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(ErrorCode(unknown), "user_not_found");
  EXPECT_EQ(ErrorCode(admin.Post("/api/v1/users/abc/password-reset", "{}")), "user_not_found");
  auto extra = admin.Post(TestFixture::UserPath(id, "disable"), R"({"why":"x"})");
  EXPECT_EQ(extra.status, 400) << extra.raw.body;
  auto me = admin.Get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200);
  auto self =
      admin.Post(TestFixture::UserPath(me.json.at("user").at("id").as_int64(), "disable"), "{}");
  EXPECT_EQ(self.status, 409) << self.raw.body;
  EXPECT_EQ(ErrorCode(self), "cannot_disable_self");
  EXPECT_EQ(admin.Get("/api/v1/auth/me").status, 200) << "still signed in";
  // The user's session survived every refusal.
  EXPECT_EQ(user.Get("/api/v1/units").status, 200);
  // Every refusal left its row, and none of them says "ok".
  const auto rows = TestFixture::AuditOf("user.disable", id);
  EXPECT_GE(rows.size(), 2u) << "the coordinator's refusal and the malformed body";
  for (const auto& r : rows) EXPECT_NE(r.at("result"), "ok") << json::serialize(r);
}

TYPED_TEST(AccountAdminApiTest, ResetGivesAOneTimePasswordOnceEndsSessionsAndLiftsALock) {
  const int64_t id = TestFixture::NewUser("reset_me");
  ASSERT_GT(id, 0);
  ApiClient user = TestFixture::As("reset_me");
  // Lock the account with five wrong passwords.
  ApiClient guesser(TestFixture::server_->port());
  for (int i = 0; i < 5; ++i) guesser.Login("reset_me", "wrong-passphrase-0");
  EXPECT_EQ(guesser.Login("reset_me", kUserPassword).status, 423);

  ApiClient admin = TestFixture::As("admin");
  auto reset = admin.Post(TestFixture::UserPath(id, "password-reset"), "");
  ASSERT_EQ(reset.status, 200) << reset.raw.body;
  const std::string otp(reset.json.at("one_time_password").as_string());
  EXPECT_GE(otp.size(), 16u);
  EXPECT_TRUE(reset.json.at("user").at("must_change_password").as_bool());
  EXPECT_FALSE(reset.json.at("user").at("locked").as_bool());
  EXPECT_TRUE(reset.json.at("user").at("approval_pending").as_bool());

  EXPECT_EQ(user.Get("/api/v1/units").status, 401) << "the old session ended";
  ApiClient c(TestFixture::server_->port());
  EXPECT_EQ(c.Login("reset_me", kUserPassword).status, 401) << "the old password is gone";
  // The reset takes effect once a second person of the district approves it.
  auto pending = c.Login("reset_me", otp);
  EXPECT_EQ(pending.status, 403) << pending.raw.body;
  EXPECT_EQ(ErrorCode(pending), "account_pending_approval");
  TestFixture::Approve(id);
  auto login = c.Login("reset_me", otp);
  ASSERT_EQ(login.status, 200) << login.raw.body << " (the lock was lifted)";
  EXPECT_TRUE(login.json.at("user").at("must_change_password").as_bool());
  auto gated = c.Get("/api/v1/units");
  EXPECT_EQ(gated.status, 403);
  EXPECT_EQ(ErrorCode(gated), "password_change_required");

  auto audit = TestFixture::AuditOf("user.password_reset", id);
  ASSERT_EQ(audit.size(), 1u);
  // The audit row never holds the password.
  EXPECT_EQ(json::serialize(audit[0]).find(otp), std::string::npos);
}

TYPED_TEST(AccountAdminApiTest, ResetWithTheAdministratorsPasswordMustBeChangedAndIsChecked) {
  const int64_t id = TestFixture::NewUser("reset_given");
  ASSERT_GT(id, 0);
  ApiClient admin = TestFixture::As("admin", "zh-CN");
  // A password that breaks the policy is refused beside the field, and changes nothing.
  auto weak = admin.Post(TestFixture::UserPath(id, "password-reset"), R"({"password":"short"})");
  EXPECT_EQ(weak.status, 400) << weak.raw.body;
  EXPECT_EQ(FieldError(weak, "password"), "密码至少需要 12 个字符") << weak.raw.body;
  auto typed = admin.Post(TestFixture::UserPath(id, "password-reset"), R"({"password":12})");
  EXPECT_EQ(typed.status, 400) << typed.raw.body;
  ApiClient still(TestFixture::server_->port());
  EXPECT_EQ(still.Login("reset_given", kUserPassword).status, 200);
  // Each refused reset left one row, "failed", and none says "ok".
  const auto refused = TestFixture::AuditOf("user.password_reset", id);
  EXPECT_EQ(refused.size(), 2u);
  for (const auto& r : refused) EXPECT_EQ(r.at("result"), "failed") << json::serialize(r);

  auto reset = admin.Post(TestFixture::UserPath(id, "password-reset"),
                          R"({"password":"given-by-admin-passphrase-5"})");
  ASSERT_EQ(reset.status, 200) << reset.raw.body;
  EXPECT_FALSE(reset.json.as_object().contains("one_time_password"));
  EXPECT_TRUE(reset.json.at("user").at("must_change_password").as_bool());
  EXPECT_EQ(still.Get("/api/v1/units").status, 401) << "the session ended";
  ApiClient c(TestFixture::server_->port());
  EXPECT_EQ(ErrorCode(c.Login("reset_given", "given-by-admin-passphrase-5")),
            "account_pending_approval");
  TestFixture::Approve(id);
  auto login = c.Login("reset_given", "given-by-admin-passphrase-5");
  ASSERT_EQ(login.status, 200) << login.raw.body;
  EXPECT_TRUE(login.json.at("user").at("must_change_password").as_bool());
}

}  // namespace
}  // namespace shouhu::apitest
