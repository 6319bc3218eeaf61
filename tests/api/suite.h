// The fixture the typed API suites share: one `shouhu serve` per suite and backend, seeded with
// the harness's district (NG-FL coordinator, NG-GA police, admin, auditor) and the suite's own
// units and users. On PostgreSQL without SHOUHU_TEST_PG_URL each test skips, or fails when
// SHOUHU_TEST_REQUIRE_PG=1 (as `make test` sets it).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "backends.h"
#include "harness.h"

namespace shouhu::apitest {

struct SuiteUnit {
  std::string code;
  std::string kind;
  std::string district = "230103";
  std::string name = {};  // empty: "测试" + code
};

struct SuiteUser {
  std::string username;
  std::string unit;  // unit code
  std::string role;
};

struct SuiteSetup {
  ServerProcess::Options options = {};  // database_url is the backend's
  std::vector<SuiteUnit> units = {};
  std::vector<SuiteUser> users = {};  // password kUserPassword
  // Seeds the database before the units and users are added; empty: ServerProcess::Seed.
  std::function<void(ServerProcess&)> seed = {};
};

template <class Backend>
class BackendSuite : public ::testing::Test {
 protected:
  // Called from the suite's SetUpTestSuite. Leaves server_ null when the backend is unavailable.
  static void StartServer(SuiteSetup setup) {
    auto url = Backend::DatabaseUrl();
    if (!url) return;
    setup.options.database_url = *url;
    server_ = new ServerProcess(std::move(setup.options));
    if (setup.seed) {
      setup.seed(*server_);
    } else {
      server_->Seed();
    }
    for (const SuiteUnit& u : setup.units) {
      auto r = server_->Cli({"unit", "add", "--code", u.code, "--name",
                             u.name.empty() ? "测试" + u.code : u.name, "--kind", u.kind,
                             "--district", u.district});
      ASSERT_EQ(r.exit_code, 0) << r.out;
    }
    for (const SuiteUser& u : setup.users) {
      auto r = server_->Cli({"user", "add", "--username", u.username, "--name", "测试" + u.username,
                             "--unit", u.unit, "--role", u.role, "--password-stdin"},
                            std::string(kUserPassword) + "\n");
      ASSERT_EQ(r.exit_code, 0) << r.out;
    }
    server_->Start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    Backend::Drop();
  }
  void SetUp() override {
    if (server_ != nullptr) return;
    const char* required = std::getenv("SHOUHU_TEST_REQUIRE_PG");
    if (required != nullptr && std::string(required) == "1")
      FAIL() << "SHOUHU_TEST_PG_URL is required";
    GTEST_SKIP() << "SHOUHU_TEST_PG_URL not set; run under scripts/with-postgres.sh";
  }
  // A client signed in as `user` (admin with kAdminPassword, everyone else kUserPassword).
  static ApiClient As(const std::string& user) {
    ApiClient c(server_->port());
    auto login = c.Login(user, user == "admin" ? kAdminPassword : kUserPassword);
    EXPECT_EQ(login.status, 200) << user << ": " << login.raw.body;
    return c;
  }
  inline static ServerProcess* server_ = nullptr;
};

using Backends = ::testing::Types<OnSqlite, OnPostgres>;

}  // namespace shouhu::apitest
