// Runs the storage contract on SQLite (a fresh temp file per test), plus SQLite-only checks:
// durability settings, directory creation, what a second process would see, and planner
// statistics.
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "storage/database.h"
#include "storage/sql/dialect.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/storage_contract.h"
#include "storage/stores.h"

namespace shouhu::storage::contract {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("shouhu-storage-" + std::to_string(getpid()) + "-" +
                                         std::to_string(++counter) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

class SqliteTarget final : public Target {
 public:
  Readiness Prepare() override { return {}; }
  std::string url() const override { return "sqlite:" + (dir_.path() / "shouhu.db").string(); }

 private:
  TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, StorageContract,
                         ::testing::Values(Backend{
                             "sqlite", [] { return std::make_unique<SqliteTarget>(); }}),
                         [](const auto& info) { return info.param.name; });

const sql::SettingCheck& SqliteCheck(std::string_view setting) {
  for (const sql::SettingCheck& check : sql::DialectFor(storage::Backend::kSqlite).checks) {
    if (check.setting == setting) return check;
  }
  ADD_FAILURE() << "no check for " << setting;
  static const sql::SettingCheck none{};
  return none;
}

TEST(SqliteDurability, RefusesWeakSettings) {
  const sql::SettingCheck& journal = SqliteCheck("journal_mode");
  EXPECT_TRUE(sql::VerifySetting(journal, "wal").ok());
  EXPECT_TRUE(sql::VerifySetting(journal, "WAL").ok());
  for (const char* weak : {"delete", "truncate", "memory", "off"}) {
    const Status st = sql::VerifySetting(journal, weak);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << weak;
    EXPECT_EQ(st.fields().at("database"), "journal_mode");
  }
  const sql::SettingCheck& synchronous = SqliteCheck("synchronous");
  EXPECT_TRUE(sql::VerifySetting(synchronous, "2").ok());
  for (const char* weak : {"0", "1", "3"}) {
    EXPECT_FALSE(sql::VerifySetting(synchronous, weak).ok()) << weak;
  }
  EXPECT_FALSE(sql::VerifySetting(SqliteCheck("foreign_keys"), "0").ok());
}

TEST(SqliteDurability, RefusesAnInMemoryDatabase) {
  // An in-memory database cannot use WAL, so it cannot promise durability.
  auto db = OpenDatabase("sqlite::memory:", DatabaseOptions{});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(db.status().fields().at("database"), "journal_mode");
}

TEST(SqliteDurability, OpensWithWalAndFullSync) {
  TempDir dir;
  const std::string path = (dir.path() / "a" / "b" / "shouhu.db").string();
  for (ConnectionRole role : {ConnectionRole::kWrite, ConnectionRole::kRead}) {
    auto conn = sqlite::OpenConnection(path, DatabaseOptions{}, role);
    ASSERT_TRUE(conn.ok()) << Describe(conn.status());
  }
  EXPECT_TRUE(fs::exists(path));  // the parent directories were created
}

TEST(SqliteDurability, RefusesAFileThatIsNotADatabase) {
  TempDir dir;
  const fs::path path = dir.path() / "junk.db";
  std::ofstream(path) << std::string(8192, 'x');
  auto db = OpenDatabase("sqlite:" + path.string(), DatabaseOptions{});
  EXPECT_FALSE(db.ok());
}

TEST(OpenDatabaseUrl, RejectsUnknownSchemes) {
  for (const char* url : {"", "mysql://localhost/x", "sqlite:", "file:/tmp/x.db"}) {
    auto db = OpenDatabase(url, DatabaseOptions{});
    ASSERT_FALSE(db.ok()) << url;
    EXPECT_EQ(db.status().code(), StatusCode::kInvalidArgument) << url;
    EXPECT_EQ(db.status().fields().count("database"), 1u) << url;
  }
}

TEST(SqliteFile, AcknowledgedWriteIsInTheFileBeforeClose) {
  TempDir dir;
  const std::string url = "sqlite:" + (dir.path() / "data" / "shouhu.db").string();
  auto first = OpenDatabase(url, DatabaseOptions{});
  ASSERT_TRUE(first.ok()) << Describe(first.status());
  SHOUHU_ASSERT_OK((*first)->Migrate());
  SHOUHU_ASSERT_OK(
      (*first)->Write([](Tx& tx) { return unit_store::Insert(tx, MakeUnit("KEPT")).status(); }));

  // Another process would open the file now, while the first still runs.
  auto second = OpenDatabase(url, DatabaseOptions{});
  ASSERT_TRUE(second.ok()) << Describe(second.status());
  const auto has_kept = [](Database& db) {
    bool found = false;
    const Status st = db.Read([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(auto unit, unit_store::FindByCode(tx, "KEPT"));
      found = unit.has_value();
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << Describe(st);
    return found;
  };
  EXPECT_TRUE(has_kept(**second));
  (*second)->Close();
  (*first)->Close();

  auto reopened = OpenDatabase(url, DatabaseOptions{});
  ASSERT_TRUE(reopened.ok()) << Describe(reopened.status());
  EXPECT_TRUE(has_kept(**reopened));
  EXPECT_EQ((*reopened)->backend(), storage::Backend::kSqlite);
}

// Rows of sqlite_stat1 describing `table`, read over a separate read-only handle.
int StatisticsRows(const std::string& path, const std::string& table) {
  sqlite3* raw = nullptr;
  int rows = -1;
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    const std::string sql = "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = '" + table + "'";
    if (sqlite3_prepare_v2(raw, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      rows = sqlite3_column_int(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close_v2(raw);
  return rows;
}

TEST(SqliteStatistics, MigrateRefreshesPlannerStatistics) {
  TempDir dir;
  const std::string path = (dir.path() / "shouhu.db").string();
  auto db = OpenDatabase("sqlite:" + path, DatabaseOptions{});
  ASSERT_TRUE(db.ok()) << Describe(db.status());
  SHOUHU_ASSERT_OK((*db)->Migrate());
  for (const char* code : {"NG-FL", "NG-GA", "NG-JY"}) {
    SHOUHU_ASSERT_OK(
        (*db)->Write([&](Tx& tx) { return unit_store::Insert(tx, MakeUnit(code)).status(); }));
  }
  // Migrate runs at every start; it leaves statistics of the tables as they are.
  SHOUHU_ASSERT_OK((*db)->Migrate());
  (*db)->Close();
  EXPECT_GT(StatisticsRows(path, "units"), 0);
}

}  // namespace
}  // namespace shouhu::storage::contract
