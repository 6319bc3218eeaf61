// Operations: health, readiness, metrics, the OpenAPI document, graceful shutdown, audit-chain
// verification from the command line, a kill -9 under load, and the PostgreSQL backend.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "harness.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;
using http::Method;

TEST(OpsApiTest, HealthReadinessMetricsAndContract) {
  ServerProcess server;
  server.Seed();
  server.Start();
  ApiClient c(server.port());
  auto health = c.Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json.at("status").as_string(), "ok");
  EXPECT_EQ(c.Get("/readyz").status, 200);
  auto doc = c.Get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.json.at("openapi").as_string(), "3.1.0");
  auto metrics = c.Get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  const std::string& text = metrics.raw.body;
  EXPECT_NE(text.find(R"(shouhu_http_requests_total{route="/healthz",status="200"})"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("shouhu_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(text.find("shouhu_http_open_connections"), std::string::npos);
  EXPECT_NE(text.find("shouhu_db_read_connections"), std::string::npos);
  EXPECT_NE(text.find("shouhu_db_write_batches_total"), std::string::npos);
  EXPECT_EQ(server.Stop(SIGTERM), 0) << "SIGTERM is a clean shutdown";
}

TEST(OpsApiTest, RefusesASchemaNewerThanItKnows) {
  ServerProcess server;
  server.Seed();
  const std::string cmd =
      "sqlite3 '" + server.sqlite_path() +
      "' \"INSERT INTO schema_migrations(version, applied_at) VALUES (9999, 0);\"";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto r = server.Cli({"unit", "list"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("schema_newer_than_binary"), std::string::npos) << r.out;
}

TEST(OpsApiTest, AuditVerifyFindsAnEditedEntry) {
  ServerProcess server;
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

  const std::string db = server.sqlite_path();
  const std::string tamper =
      "sqlite3 '" + db +
      "' \"SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type='trigger' "
      "AND tbl_name='audit_log';\" | sqlite3 '" +
      db + "' && sqlite3 '" + db +
      "' \"UPDATE audit_log SET client_address = '10.9.9.9' WHERE seq = 3;\"";
  ASSERT_EQ(std::system(tamper.c_str()), 0);
  auto broken = server.Cli({"audit", "verify"});
  EXPECT_EQ(broken.exit_code, 1) << broken.out;
  EXPECT_NE(broken.out.find("first broken entry seq 3"), std::string::npos) << broken.out;
}

// kill -9 while sign-ins are running: the database opens, the chain verifies, and every sign-in
// that was answered 200 has its audit row.
TEST(OpsApiTest, KillDuringLoginsLosesNoAcknowledgedWrite) {
  ServerProcess server;
  server.Seed();
  server.Start();
  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&] {
      http::Client c("127.0.0.1", server.port());
      const std::string body =
          json::serialize(json::object{{"username", "coordinator"}, {"password", kUserPassword}});
      while (!stop.load()) {
        auto r = c.Send(Method::kPost, "/api/v1/auth/login", {{"content-type", "application/json"}},
                        body);
        if (!r.ok()) break;  // the server is gone
        if (r->status == 200) acknowledged.fetch_add(1);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(server.Stop(SIGKILL), 128 + SIGKILL);
  stop.store(true);
  for (auto& t : clients) t.join();
  ASSERT_GT(acknowledged.load(), 0) << "no sign-in completed before the kill";

  auto verify = server.Cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  const std::string count_cmd =
      "sqlite3 '" + server.sqlite_path() +
      "' \"SELECT count(*) FROM audit_log WHERE action='auth.login' AND result='ok';\"";
  FILE* p = popen(count_cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  int audited = -1;
  ASSERT_EQ(fscanf(p, "%d", &audited), 1);
  pclose(p);
  EXPECT_GE(audited, acknowledged.load()) << "an acknowledged sign-in lost its audit row";
}

TEST(PostgresApiTest, ServesOnPostgresql) {
  const char* url = std::getenv("SHOUHU_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    if (const char* req = std::getenv("SHOUHU_TEST_REQUIRE_PG");
        req != nullptr && std::string(req) == "1") {
      FAIL() << "SHOUHU_TEST_PG_URL is not set but SHOUHU_TEST_REQUIRE_PG=1";
    }
    GTEST_SKIP() << "SHOUHU_TEST_PG_URL not set; run under scripts/with-postgres.sh";
  }
  // A schema of its own so that other suites on the same cluster are unaffected.
  const std::string schema = "api_" + std::to_string(::getpid());
  const std::string create =
      "psql '" + std::string(url) + "' -qc 'CREATE SCHEMA " + schema + "' >/dev/null";
  ASSERT_EQ(std::system(create.c_str()), 0);
  std::string scoped = url;
  scoped += (scoped.find('?') == std::string::npos ? "?" : "&");
  scoped += "options=-csearch_path%3D" + schema;
  {
    ServerProcess server({.database_url = scoped});
    server.Seed();
    server.Start();
    ApiClient c(server.port());
    ASSERT_EQ(c.Login("admin", kAdminPassword).status, 200);
    EXPECT_EQ(c.Post("/api/v1/units",
                     R"({"code":"PG-1","name":"测试","kind":"court","district_code":"230103"})")
                  .status,
              201);
    EXPECT_EQ(c.Get("/readyz").status, 200);
    EXPECT_EQ(c.Login("admin", "wrong-passphrase-00").status, 401);
    ASSERT_EQ(server.Stop(SIGTERM), 0);
    auto verify = server.Cli({"audit", "verify"});
    EXPECT_EQ(verify.exit_code, 0) << verify.out;
  }
  const std::string drop = "psql '" + std::string(url) +
                           "' -qc 'SET client_min_messages=warning; DROP SCHEMA " + schema +
                           " CASCADE' >/dev/null";
  EXPECT_EQ(std::system(drop.c_str()), 0);
}

}  // namespace
}  // namespace shouhu::apitest
