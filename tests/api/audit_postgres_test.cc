// The audit chain on PostgreSQL: an edited row is found by `shouhu audit verify` there too, and
// two servers on one database append to one chain that verifies.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "backends.h"
#include "harness.h"

namespace shouhu::apitest {
namespace {

class AuditPostgresApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = OnPostgres::DatabaseUrl();
    if (!url) {
      const char* required = std::getenv("SHOUHU_TEST_REQUIRE_PG");
      if (required != nullptr && std::string(required) == "1")
        FAIL() << "SHOUHU_TEST_PG_URL is required";
      GTEST_SKIP() << "SHOUHU_TEST_PG_URL not set; run under scripts/with-postgres.sh";
    }
    url_ = *url;
  }
  void TearDown() override { OnPostgres::Drop(); }
  // Runs SQL in this test's schema; true on success.
  bool Psql(const std::string& sql) {
    const std::string cmd =
        "psql '" + url_ + "' -v ON_ERROR_STOP=1 -qc \"" + sql + "\" >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
  }
  std::string url_;
};

TEST_F(AuditPostgresApiTest, AnEditedRowIsDetected) {
  ServerProcess server({.database_url = url_});
  server.Seed();
  server.Start();
  for (int i = 0; i < 3; ++i) {
    ApiClient c(server.port());
    ASSERT_EQ(c.Login("coordinator", kUserPassword).status, 200);
  }
  ASSERT_EQ(server.Stop(SIGTERM), 0);
  auto ok = server.Cli({"audit", "verify"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("chain intact"), std::string::npos) << ok.out;

  EXPECT_FALSE(Psql("UPDATE audit_log SET client_address = '10.9.9.9' WHERE seq = 3"))
      << "the append-only trigger let an UPDATE through";
  ASSERT_TRUE(
      Psql("ALTER TABLE audit_log DISABLE TRIGGER USER; "
           "UPDATE audit_log SET client_address = '10.9.9.9' WHERE seq = 3; "
           "ALTER TABLE audit_log ENABLE TRIGGER USER"));
  auto broken = server.Cli({"audit", "verify"});
  EXPECT_EQ(broken.exit_code, 1) << broken.out;
  EXPECT_NE(broken.out.find("first broken entry seq 3"), std::string::npos) << broken.out;
}

TEST_F(AuditPostgresApiTest, TwoServersOnOneDatabaseAppendOneVerifiableChain) {
  ServerProcess first({.database_url = url_});
  first.Seed();
  ServerProcess second({.database_url = url_});
  std::filesystem::copy_file(first.key_file(), second.key_file());
  first.Start();
  second.Start();
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&, t] {
      const uint16_t port = t % 2 == 0 ? first.port() : second.port();
      for (int i = 0; i < 8; ++i) {
        ApiClient c(port);
        if (c.Login("coordinator", kUserPassword).status == 200) acknowledged.fetch_add(1);
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(acknowledged.load(), 48);
  ASSERT_EQ(first.Stop(SIGTERM), 0);
  ASSERT_EQ(second.Stop(SIGTERM), 0);
  auto verify = first.Cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_NE(verify.out.find("chain intact"), std::string::npos) << verify.out;
  const std::string count = "psql '" + url_ +
                            "' -tAc \"SELECT count(*) FROM audit_log WHERE action = 'auth.login' "
                            "AND result = 'ok'\"";
  FILE* p = popen(count.c_str(), "r");
  ASSERT_NE(p, nullptr);
  int logins = -1;
  ASSERT_EQ(fscanf(p, "%d", &logins), 1);
  pclose(p);
  EXPECT_EQ(logins, 48) << "every acknowledged sign-in has its audit row, in the one chain";
}

}  // namespace
}  // namespace shouhu::apitest
