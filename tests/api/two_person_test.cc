// The two-person rule (issue 11, finding 9; docs/ACCESS.md), on SQLite and PostgreSQL: an account
// the administrator creates or resets with a role that reads identity cannot sign in until a
// coordinator or leader of its district approves, the requester cannot approve her own request,
// nor can anyone of another district; a clear export above the threshold (20) needs an approval
// that works once; and each user's clearly exported cases are capped per day.
#include "suite.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;

constexpr int kCases = 22;  // above the default threshold of 20

template <class Backend>
class TwoPersonApiTest : public BackendSuite<Backend> {
 protected:
  using Base = BackendSuite<Backend>;
  static void SetUpTestSuite() {
    Base::StartServer(
        {.options = {.config_toml =
                         "[auth]\nlogin_rate_per_minute = 100000\nlogin_rate_burst = 100000\n"
                         "[stats]\nclear_export_daily_cap = 30\n"},
         .units = {{.code = "NG-LD", .kind = "leadership"},
                   {.code = "XQ-FL", .kind = "womens_federation", .district = "230104"}},
         .users = {{"coord2", "NG-FL", "coordinator"},
                   {"leader", "NG-LD", "leader"},
                   {"xq_coord", "XQ-FL", "coordinator"}}});
    if (Base::server_ == nullptr) return;
    // Cases of district 230103, led by NG-FL: every coordinator of NG-FL lists them.
    ApiClient coordinator = Base::As("coordinator");
    for (int i = 0; i < kCases; ++i) {
      json::object body{
          {"child", json::object{{"name", "双人测试女童" + std::to_string(i)},
                                 {"district_code", "230103"},
                                 {"address", "测试市测试区测试路" + std::to_string(i) + "号"}}},
          {"incident", json::object{{"occurred_on", "2025-03-01"}}},
          {"harm_types", json::array{"child_molestation"}},
          {"intake_channel", "police_110"},
          {"discovered_at", "2025-03-02T08:00:00+08:00"}};
      auto created = coordinator.Post("/api/v1/cases", json::serialize(body));
      ASSERT_EQ(created.status, 201) << created.raw.body;
    }
  }
  static int64_t CreateUser(const std::string& username, const std::string& role,
                            const std::string& unit = "NG-GA") {
    ApiClient admin = Base::As("admin");
    auto created =
        admin.Post("/api/v1/users", json::serialize(json::object{{"username", username},
                                                                 {"display_name", "测试账户"},
                                                                 {"unit_code", unit},
                                                                 {"role", role},
                                                                 {"password", kUserPassword}}));
    EXPECT_EQ(created.status, 201) << created.raw.body;
    return created.status == 201 ? created.json.at("user").at("id").as_int64() : 0;
  }
  static std::string Path(const std::string& family, int64_t id, const std::string& verb) {
    return "/api/v1/" + family + "/" + std::to_string(id) + "/" + verb;
  }
  static std::vector<json::object> AuditOf(const std::string& action, const std::string& id) {
    ApiClient auditor = Base::As("auditor");
    return AuditEntries(auditor, [&](const json::object& e) {
      return e.at("action") == action.c_str() && e.at("object_id") == id.c_str();
    });
  }
};

TYPED_TEST_SUITE(TwoPersonApiTest, Backends, BackendNames);

TYPED_TEST(TwoPersonApiTest, AnAdminCreatedCoordinatorSignsInOnlyOnceApproved) {
  const int64_t id = TestFixture::CreateUser("new_coord", "coordinator", "NG-FL");
  ASSERT_GT(id, 0);
  ApiClient c(TestFixture::server_->port(), "zh-CN");
  auto pending = c.Login("new_coord", kUserPassword);
  EXPECT_EQ(pending.status, 403) << pending.raw.body;
  EXPECT_EQ(ErrorCode(pending), "account_pending_approval");
  EXPECT_NE(pending.raw.body.find("待审批"), std::string::npos) << pending.raw.body;
  // A wrong password learns nothing more than ever.
  EXPECT_EQ(ErrorCode(c.Login("new_coord", "not-the-password-1")), "login_failed");

  // The administrator sees the state but may not approve (the policy has no row for her).
  ApiClient admin = TestFixture::As("admin");
  auto users = admin.Get("/api/v1/users?limit=500");
  bool listed = false;
  for (const auto& u : users.json.at("items").as_array())
    if (u.at("id").as_int64() == id) listed = u.at("approval_pending").as_bool();
  EXPECT_TRUE(listed);
  ApiClient coordinator = TestFixture::As("coordinator");
  const int64_t approval = PendingAccountApproval(coordinator, id);
  ASSERT_GT(approval, 0);
  auto by_admin = admin.Post(TestFixture::Path("account-approvals", approval, "approve"), "{}");
  EXPECT_EQ(by_admin.status, 403) << by_admin.raw.body;
  EXPECT_EQ(admin.Get("/api/v1/account-approvals").status, 403);

  // Another district's coordinator neither sees nor decides it.
  ApiClient other = TestFixture::As("xq_coord");
  EXPECT_EQ(PendingAccountApproval(other, id), 0);
  auto elsewhere = other.Post(TestFixture::Path("account-approvals", approval, "approve"), "{}");
  EXPECT_EQ(elsewhere.status, 403) << elsewhere.raw.body;
  EXPECT_EQ(ErrorCode(elsewhere), "approval_other_district");
  EXPECT_EQ(ErrorCode(c.Login("new_coord", kUserPassword)), "account_pending_approval");

  // The district's leader approves; the account signs in; the request is spent.
  ApiClient leader = TestFixture::As("leader");
  auto approved = leader.Post(TestFixture::Path("account-approvals", approval, "approve"), "{}");
  ASSERT_EQ(approved.status, 200) << approved.raw.body;
  EXPECT_EQ(approved.json.at("state"), "approved");
  EXPECT_EQ(c.Login("new_coord", kUserPassword).status, 200);
  auto again = coordinator.Post(TestFixture::Path("account-approvals", approval, "approve"), "{}");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorCode(again), "approval_not_pending");

  // One row per decision attempt, each with its true result.
  const auto rows = TestFixture::AuditOf("account_approval.decide", std::to_string(approval));
  int ok = 0, denied = 0;
  for (const auto& r : rows) {
    ok += r.at("result") == "ok";
    denied += r.at("result") == "denied";
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(denied, 2) << "the administrator's and the other district's";
  const auto created = TestFixture::AuditOf("user.create", std::to_string(id));
  ASSERT_EQ(created.size(), 1u);
  EXPECT_NE(std::string(created[0].at("detail").as_string()).find("approval_pending"),
            std::string::npos);
}

TYPED_TEST(TwoPersonApiTest, AResetWaitsTooAndTheAccountCannotApproveItsOwn) {
  const int64_t id = TestFixture::CreateUser("reset_coord", "coordinator", "NG-FL");
  ASSERT_GT(id, 0);
  {
    ApiClient coordinator = TestFixture::As("coordinator");
    ASSERT_EQ(ApproveAccount(coordinator, id), 200);
  }
  ApiClient self = TestFixture::As("reset_coord");
  ApiClient admin = TestFixture::As("admin");
  auto reset = admin.Post("/api/v1/users/" + std::to_string(id) + "/password-reset",
                          R"({"password":"admin-chosen-passphrase-8"})");
  ASSERT_EQ(reset.status, 200) << reset.raw.body;
  EXPECT_TRUE(reset.json.at("user").at("approval_pending").as_bool());
  ASSERT_TRUE(reset.json.at("approval_id").is_int64());
  const int64_t approval = reset.json.at("approval_id").as_int64();
  EXPECT_EQ(self.Get("/api/v1/auth/me").status, 401) << "the reset ended the session";
  // The administrator, who knows the new password, cannot sign in with it.
  ApiClient c(TestFixture::server_->port());
  EXPECT_EQ(ErrorCode(c.Login("reset_coord", "admin-chosen-passphrase-8")),
            "account_pending_approval");
  // Rejected: still no sign-in.
  ApiClient coord2 = TestFixture::As("coord2");
  auto rejected = coord2.Post(TestFixture::Path("account-approvals", approval, "reject"), "{}");
  ASSERT_EQ(rejected.status, 200) << rejected.raw.body;
  EXPECT_EQ(rejected.json.at("state"), "rejected");
  EXPECT_EQ(ErrorCode(c.Login("reset_coord", "admin-chosen-passphrase-8")),
            "account_pending_approval");
  // A caseworker account is pending as well; an analyst (aggregates only) is not.
  EXPECT_GT(TestFixture::CreateUser("pending_cw", "caseworker"), 0);
  EXPECT_EQ(ErrorCode(c.Login("pending_cw", kUserPassword)), "account_pending_approval");
  EXPECT_GT(TestFixture::CreateUser("free_analyst", "analyst"), 0);
  ApiClient analyst(TestFixture::server_->port());
  EXPECT_EQ(analyst.Login("free_analyst", kUserPassword).status, 200);
}

TYPED_TEST(TwoPersonApiTest, ALargeClearExportNeedsASecondPersonOnceAndADailyCap) {
  ApiClient coordinator = TestFixture::As("coordinator");
  const std::string target = "/api/v1/exports/cases?format=csv&intake_channel=police_110";
  const std::string reason = "区检察院书面调取 (两人测试)";
  const std::string body = json::serialize(json::object{{"reason", reason}});
  // The masked list is not limited.
  EXPECT_EQ(coordinator.Get(target).status, 200);

  auto first = coordinator.Post(target, body);
  ASSERT_EQ(first.status, 409) << first.raw.body;
  EXPECT_EQ(ErrorCode(first), "export_approval_required");
  EXPECT_EQ(first.raw.body.find("双人测试女童"), std::string::npos) << "no identity in the refusal";
  ASSERT_TRUE(first.json.at("error").at("approval_id").is_int64()) << first.raw.body;
  const int64_t approval = first.json.at("error").at("approval_id").as_int64();
  auto with_pending = coordinator.Post(
      target, json::serialize(json::object{{"reason", reason}, {"approval_id", approval}}));
  EXPECT_EQ(with_pending.status, 409);
  EXPECT_EQ(ErrorCode(with_pending), "export_approval_pending");

  // The requester cannot approve her own; another district cannot; the district's second
  // coordinator sees the request and approves it.
  auto own = coordinator.Post(TestFixture::Path("export-approvals", approval, "approve"), "{}");
  EXPECT_EQ(own.status, 403) << own.raw.body;
  EXPECT_EQ(ErrorCode(own), "approval_own_request");
  ApiClient other = TestFixture::As("xq_coord");
  auto elsewhere = other.Post(TestFixture::Path("export-approvals", approval, "approve"), "{}");
  EXPECT_EQ(ErrorCode(elsewhere), "approval_other_district");
  ApiClient coord2 = TestFixture::As("coord2");
  auto listed = coord2.Get("/api/v1/export-approvals");
  ASSERT_EQ(listed.status, 200);
  bool seen = false;
  for (const auto& item : listed.json.at("items").as_array()) {
    if (item.at("id").as_int64() != approval) continue;
    seen = true;
    EXPECT_EQ(item.at("case_count").as_int64(), kCases);
    EXPECT_EQ(item.at("reason"), reason.c_str());
    EXPECT_FALSE(item.at("mine").as_bool());
  }
  EXPECT_TRUE(seen);
  ASSERT_EQ(coord2.Post(TestFixture::Path("export-approvals", approval, "approve"), "{}").status,
            200);

  // The approval is for this export: another reason does not use it.
  auto other_reason = coordinator.Post(
      target, json::serialize(json::object{{"reason", "别的原因"}, {"approval_id", approval}}));
  EXPECT_EQ(ErrorCode(other_reason), "export_approval_mismatch");
  // Someone else cannot use it.
  auto stolen = coord2.Post(
      target, json::serialize(json::object{{"reason", reason}, {"approval_id", approval}}));
  EXPECT_EQ(stolen.status, 404);
  // The file, once.
  const std::string with_approval =
      json::serialize(json::object{{"reason", reason}, {"approval_id", approval}});
  auto file = coordinator.Post(target, with_approval);
  ASSERT_EQ(file.status, 200) << file.raw.body;
  EXPECT_NE(file.raw.body.find("双人测试女童0,"), std::string::npos);
  auto second = coordinator.Post(target, with_approval);
  EXPECT_EQ(second.status, 409) << second.raw.body;
  EXPECT_EQ(ErrorCode(second), "export_approval_used");
  EXPECT_EQ(second.raw.body.find("双人测试女童"), std::string::npos);

  // The daily cap (30 here): 22 exported; a small export of 1 case still fits, the next does not
  // whatever its size, and a refusal unmasks nothing.
  const std::string one = target + "&case_number=";
  auto cases = coordinator.Get("/api/v1/cases?limit=1");
  ASSERT_EQ(cases.status, 200);
  const std::string number(cases.json.at("items").at(0).at("case_number").as_string());
  auto small = coordinator.Post(one + number, body);
  EXPECT_EQ(small.status, 200) << small.raw.body;
  for (int i = 0; i < 7; ++i) EXPECT_EQ(coordinator.Post(one + number, body).status, 200) << i;
  auto capped = coordinator.Post(one + number, body);
  EXPECT_EQ(capped.status, 429) << capped.raw.body;
  EXPECT_EQ(ErrorCode(capped), "export_daily_cap_reached");
  EXPECT_EQ(capped.raw.body.find("双人测试女童"), std::string::npos);
  // The cap is per user: the second coordinator may still export a few.
  EXPECT_EQ(coord2.Post(one + number, body).status, 200);

  // Audited: the approval's decisions, and the exports with their true results.
  const auto decisions = TestFixture::AuditOf("export_approval.decide", std::to_string(approval));
  int ok = 0, denied = 0;
  for (const auto& r : decisions) {
    ok += r.at("result") == "ok";
    denied += r.at("result") == "denied";
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(denied, 2);
  ApiClient auditor = TestFixture::As("auditor");
  const auto exports = AuditEntries(auditor, [&](const json::object& e) {
    return e.at("action") == "case.export_clear" && e.at("user_id").is_int64();
  });
  int approved_ok = 0, refused = 0;
  for (const auto& e : exports) {
    const std::string detail(e.at("detail").as_string());
    if (e.at("result") == "ok" &&
        detail.find("approval=" + std::to_string(approval)) != std::string::npos)
      ++approved_ok;
    if (e.at("result") == "failed") ++refused;
  }
  EXPECT_EQ(approved_ok, 1);
  EXPECT_GE(refused, 5) << "required, pending, mismatch, used, capped";
}

}  // namespace
}  // namespace shouhu::apitest
