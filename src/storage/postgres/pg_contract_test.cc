// Runs the storage contract on PostgreSQL: SHOUHU_TEST_PG_URL names a server (see
// scripts/with-postgres.sh); each test gets a fresh schema, dropped afterwards. Without the
// variable the cases are skipped, or fail when SHOUHU_TEST_REQUIRE_PG=1.
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "storage/database.h"
#include "storage/storage_contract.h"

namespace shouhu::storage::contract {
namespace {

// Runs one statement on a short-lived admin connection; "" on success, else the error.
std::string AdminExec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* res = PQexec(conn, sql.c_str());
    if (PQresultStatus(res) != PGRES_COMMAND_OK) error = PQresultErrorMessage(res);
    PQclear(res);
  }
  PQfinish(conn);
  return error;
}

class PostgresTarget final : public Target {
 public:
  ~PostgresTarget() override {
    if (!schema_.empty()) AdminExec(base_url_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
  }

  Readiness Prepare() override {
    const char* url = std::getenv("SHOUHU_TEST_PG_URL");
    if (url == nullptr || *url == '\0') {
      const char* require = std::getenv("SHOUHU_TEST_REQUIRE_PG");
      const bool required = require != nullptr && std::string(require) == "1";
      return {false, required,
              "SHOUHU_TEST_PG_URL is not set: PostgreSQL contract cases skipped (run them with "
              "scripts/with-postgres.sh; SHOUHU_TEST_REQUIRE_PG=1 makes this a failure)"};
    }
    base_url_ = url;
    static std::atomic<int> counter{0};
    const std::string schema =
        "contract_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    if (std::string error = AdminExec(base_url_, "CREATE SCHEMA " + schema); !error.empty()) {
      return {false, true, "cannot create a test schema: " + error};
    }
    schema_ = schema;
    return {};
  }

  // Points search_path at the fresh schema, so every table and trigger lands there.
  std::string url() const override {
    const char separator = base_url_.find('?') == std::string::npos ? '?' : '&';
    return base_url_ + separator + "options=-c%20search_path%3D" + schema_;
  }

 private:
  std::string base_url_;
  std::string schema_;
};

INSTANTIATE_TEST_SUITE_P(Postgres, StorageContract,
                         ::testing::Values(Backend{
                             "postgres", [] { return std::make_unique<PostgresTarget>(); }}),
                         [](const auto& info) { return info.param.name; });

TEST(PostgresOpen, UnreachableServerIsUnavailable) {
  // Port 1 on loopback: nothing listens there.
  auto db =
      OpenDatabase("postgresql://shouhu@127.0.0.1:1/none?connect_timeout=2", DatabaseOptions{});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kUnavailable) << Describe(db.status());
}

}  // namespace
}  // namespace shouhu::storage::contract
