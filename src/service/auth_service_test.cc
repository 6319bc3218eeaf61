#include "service/auth_service.h"

#include <gtest/gtest.h>

#include "service/account_service.h"
#include "service/test_support.h"
#include "storage/stores.h"

namespace shouhu::service {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPassword = "river-lantern-87-quiet";

class AuthServiceTest : public ::testing::Test {
 protected:
  AuthServiceTest() {
    options_.hash_cost = security::HashCost::kMin;
    options_.login_rate_burst = 1000;
    options_.login_rate_per_minute = 1000;
    Rebuild();
    const Actor cli = Actor::CommandLine();
    EXPECT_TRUE(accounts_
                    ->CreateUnit(cli, {.code = "NG-FL",
                                       .name = "妇联",
                                       .kind = "womens_federation",
                                       .district_code = "230103"})
                    .ok());
    auto created = accounts_->CreateUser(cli, {.username = "coordinator",
                                               .display_name = "协调员",
                                               .unit_code = "NG-FL",
                                               .role = "coordinator",
                                               .password = kPassword});
    EXPECT_TRUE(created.ok()) << created.status().message();
  }
  void Rebuild() {
    auth_ = std::make_unique<AuthService>(t_.db(), clock_, random_, options_);
    accounts_ = std::make_unique<AccountService>(t_.db(), clock_, random_, options_);
  }
  std::vector<storage::AuditRecord> Audit() {
    std::vector<storage::AuditRecord> out;
    EXPECT_TRUE(t_.db()
                    .Read([&](storage::Tx& tx) -> Status {
                      SHOUHU_ASSIGN_OR_RETURN(out, storage::audit_store::Scan(tx, 0, 10'000));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }
  int CountAudit(const std::string& action, const std::string& result) {
    int n = 0;
    for (const auto& e : Audit()) n += (e.action == action && e.result == result) ? 1 : 0;
    return n;
  }

  testing::TempDatabase t_;
  SettableClock clock_;
  CryptoRandom random_;
  AuthOptions options_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<AccountService> accounts_;
};

TEST_F(AuthServiceTest, SignsInAndAuthenticatesTheSession) {
  auto login = auth_->Login("Coordinator", kPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok()) << login.status().message();
  EXPECT_EQ(login->user.username, "coordinator");
  EXPECT_GE(login->session_token.size(), 43u);  // 256 bits in base64url
  auto actor = auth_->Authenticate(login->session_token, "127.0.0.1");
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->role, domain::Role::kCoordinator);
  EXPECT_EQ(CountAudit("auth.login", "ok"), 1);
}

TEST_F(AuthServiceTest, OnlyTheTokenHashIsStored) {
  auto login = auth_->Login("coordinator", kPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  std::optional<storage::SessionRecord> by_token, by_hash;
  ASSERT_TRUE(t_.db()
                  .Read([&](storage::Tx& tx) -> Status {
                    SHOUHU_ASSIGN_OR_RETURN(by_token,
                                            storage::session_store::Find(tx, login->session_token));
                    SHOUHU_ASSIGN_OR_RETURN(
                        by_hash, storage::session_store::Find(tx, Sha256Hex(login->session_token)));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_FALSE(by_token.has_value());
  ASSERT_TRUE(by_hash.has_value());
  EXPECT_NE(by_hash->csrf_hash, login->csrf_token);
}

TEST_F(AuthServiceTest, UnknownUserAndWrongPasswordGetTheSameAnswer) {
  auto unknown = auth_->Login("nobody", kPassword, "127.0.0.1");
  auto wrong = auth_->Login("coordinator", "wrong-password-here", "127.0.0.1");
  ASSERT_FALSE(unknown.ok());
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(unknown.status().code(), wrong.status().code());
  EXPECT_EQ(unknown.status().message(), wrong.status().message());
  EXPECT_EQ(CountAudit("auth.login", "failed"), 2);
}

TEST_F(AuthServiceTest, LocksAfterFiveFailuresForFifteenMinutes) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(auth_->Login("coordinator", "wrong-password-here", "127.0.0.1").status().code(),
              StatusCode::kUnauthenticated);
  }
  // Even the right password is refused while locked.
  EXPECT_EQ(auth_->Login("coordinator", kPassword, "127.0.0.1").status().code(),
            StatusCode::kLocked);
  EXPECT_EQ(CountAudit("auth.lockout", "locked"), 1);
  clock_.Advance(14min);
  EXPECT_EQ(auth_->Login("coordinator", kPassword, "127.0.0.1").status().code(),
            StatusCode::kLocked);
  clock_.Advance(61s);
  EXPECT_TRUE(auth_->Login("coordinator", kPassword, "127.0.0.1").ok());
}

TEST_F(AuthServiceTest, UnknownUsersLockLikeRealOnes) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(auth_->Login("ghost", "wrong-password-here", "127.0.0.1").status().code(),
              StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(auth_->Login("ghost", "wrong-password-here", "127.0.0.1").status().code(),
            StatusCode::kLocked);
}

TEST_F(AuthServiceTest, SuccessResetsTheFailureCount) {
  for (int i = 0; i < 4; ++i)
    ASSERT_FALSE(auth_->Login("coordinator", "wrong-password-here", "1.1.1.1").ok());
  ASSERT_TRUE(auth_->Login("coordinator", kPassword, "1.1.1.1").ok());
  for (int i = 0; i < 4; ++i)
    ASSERT_FALSE(auth_->Login("coordinator", "wrong-password-here", "1.1.1.1").ok());
  EXPECT_TRUE(auth_->Login("coordinator", kPassword, "1.1.1.1").ok());
}

TEST_F(AuthServiceTest, RateLimitsPerAddress) {
  options_.login_rate_burst = 3;
  options_.login_rate_per_minute = 3;
  Rebuild();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(auth_->Login("coordinator", kPassword, "10.0.0.9").ok());
  int64_t retry = 0;
  auto limited = auth_->Login("coordinator", kPassword, "10.0.0.9", &retry);
  EXPECT_EQ(limited.status().code(), StatusCode::kTooManyRequests);
  EXPECT_GT(retry, 0);
  EXPECT_TRUE(auth_->Login("coordinator", kPassword, "10.0.0.10").ok());
  EXPECT_EQ(CountAudit("auth.login", "rate_limited"), 1);
}

TEST_F(AuthServiceTest, SessionEndsAfterFifteenIdleMinutes) {
  auto login = auth_->Login("coordinator", kPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  clock_.Advance(14min);
  ASSERT_TRUE(auth_->Authenticate(login->session_token, "127.0.0.1").ok())
      << "activity resets the idle clock";
  clock_.Advance(14min);
  ASSERT_TRUE(auth_->Authenticate(login->session_token, "127.0.0.1").ok());
  clock_.Advance(15min + 1s);
  auto expired = auth_->Authenticate(login->session_token, "127.0.0.1");
  EXPECT_EQ(expired.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(expired.status().message(), "session_expired");
  // The expired session is gone for good.
  EXPECT_EQ(auth_->Authenticate(login->session_token, "127.0.0.1").status().message(),
            "not_signed_in");
  EXPECT_EQ(CountAudit("auth.expire", "idle_timeout"), 1);
}

TEST_F(AuthServiceTest, SessionEndsTwelveHoursAfterSignInEvenWhenActive) {
  auto login = auth_->Login("coordinator", kPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  for (int i = 0; i < 71; ++i) {  // active every 10 minutes for 11 h 50 min
    clock_.Advance(10min);
    ASSERT_TRUE(auth_->Authenticate(login->session_token, "127.0.0.1").ok()) << i;
  }
  clock_.Advance(11min);
  EXPECT_EQ(auth_->Authenticate(login->session_token, "127.0.0.1").status().message(),
            "session_expired");
  EXPECT_EQ(CountAudit("auth.expire", "absolute_timeout"), 1);
}

TEST_F(AuthServiceTest, CsrfTokenMustMatchTheSession) {
  auto a = auth_->Login("coordinator", kPassword, "127.0.0.1");
  auto b = auth_->Login("coordinator", kPassword, "127.0.0.1");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(auth_->CheckCsrf(a->session_token, a->csrf_token).ok());
  EXPECT_EQ(auth_->CheckCsrf(a->session_token, "").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(auth_->CheckCsrf(a->session_token, b->csrf_token).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(auth_->CheckCsrf(a->session_token, a->csrf_token + "x").code(),
            StatusCode::kPermissionDenied);
}

TEST_F(AuthServiceTest, LogoutEndsTheSession) {
  auto login = auth_->Login("coordinator", kPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  auto actor = auth_->Authenticate(login->session_token, "127.0.0.1");
  ASSERT_TRUE(actor.ok());
  ASSERT_TRUE(auth_->Logout(*actor).ok());
  EXPECT_EQ(auth_->Authenticate(login->session_token, "127.0.0.1").status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, DisabledUsersCannotSignInAndLoseTheirSessions) {
  auto login = auth_->Login("coordinator", kPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(accounts_->DisableUser(Actor::CommandLine(), "coordinator").ok());
  EXPECT_FALSE(auth_->Authenticate(login->session_token, "127.0.0.1").ok());
  // The right password learns that the account is disabled; a wrong one learns nothing more.
  EXPECT_EQ(auth_->Login("coordinator", kPassword, "127.0.0.1").status().message(),
            "account_disabled");
  EXPECT_EQ(auth_->Login("coordinator", "not-the-password-1", "127.0.0.1").status().message(),
            "login_failed");
}

TEST_F(AuthServiceTest, OneTimePasswordMustBeChanged) {
  auto created = accounts_->CreateUser(
      Actor::CommandLine(),
      {.username = "police", .display_name = "民警", .unit_code = "NG-FL", .role = "caseworker"});
  ASSERT_TRUE(created.ok());
  ASSERT_FALSE(created->one_time_password.empty());
  auto login = auth_->Login("police", created->one_time_password, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  EXPECT_TRUE(login->user.must_change_password);
  auto actor = auth_->Authenticate(login->session_token, "127.0.0.1");
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(auth_->ChangePassword(*actor, "wrong", "another-good-pass-42")
                .fields()
                .count("current_password"),
            1u);
  EXPECT_EQ(auth_->ChangePassword(*actor, created->one_time_password, "short")
                .fields()
                .at("new_password"),
            "too_short");
  ASSERT_TRUE(
      auth_->ChangePassword(*actor, created->one_time_password, "another-good-pass-42").ok());
  auto again = auth_->Login("police", "another-good-pass-42", "127.0.0.1");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->user.must_change_password);
}

TEST_F(AuthServiceTest, RefusalsAreAudited) {
  ASSERT_TRUE(auth_
                  ->RecordDenial(std::nullopt, "", "POST", "/api/v1/units",
                                 Status::PermissionDenied("csrf_failed"), "127.0.0.1")
                  .ok());
  auto audit = Audit();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().action, "request.denied");
  EXPECT_EQ(audit.back().object_id, "POST /api/v1/units");
  EXPECT_EQ(audit.back().detail, "csrf_failed");
}

}  // namespace
}  // namespace shouhu::service

namespace shouhu::service {
namespace {

TEST_F(AuthServiceTest, ResolvedSessionsAreReusedBrieflyAndForgottenOnSignOut) {
  auto login = auth_->Login("coordinator", kPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(auth_->Authenticate(login->session_token, "127.0.0.1").ok());
  // A disable by an administrator reaches a cached session within session_cache_ms.
  ASSERT_TRUE(accounts_->DisableUser(Actor::CommandLine(), "coordinator").ok());
  EXPECT_TRUE(auth_->Authenticate(login->session_token, "127.0.0.1").ok())
      << "inside the cache window";
  clock_.Advance(std::chrono::milliseconds(options_.session_cache_ms));
  EXPECT_EQ(auth_->Authenticate(login->session_token, "127.0.0.1").status().message(),
            "not_signed_in");
}

TEST_F(AuthServiceTest, SignOutTakesEffectAtOnceDespiteTheCache) {
  auto login = auth_->Login("coordinator", kPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  auto actor = auth_->Authenticate(login->session_token, "127.0.0.1");
  ASSERT_TRUE(actor.ok());
  ASSERT_TRUE(auth_->Logout(*actor).ok());
  EXPECT_FALSE(auth_->Authenticate(login->session_token, "127.0.0.1").ok());
}

}  // namespace
}  // namespace shouhu::service
