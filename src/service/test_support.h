// Test support for service-level tests: a fresh migrated SQLite database in a temporary folder,
// removed at the end. Tests only; one per test, not shared between threads' fixtures.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "storage/database.h"

namespace shouhu::testing {

class TempDatabase {
 public:
  TempDatabase() {
    char pattern[] = "/tmp/shouhu-test-XXXXXX";
    dir_ = mkdtemp(pattern);
    path_ = dir_ + "/test.db";
    auto db = storage::OpenDatabase("sqlite:" + path_, storage::DatabaseOptions{});
    EXPECT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(db).value();
    const Status migrated = db_->Migrate();
    EXPECT_TRUE(migrated.ok()) << migrated.message();
  }
  ~TempDatabase() {
    if (db_) db_->Close();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  storage::Database& db() { return *db_; }
  const std::string& path() const { return path_; }
  // Closes the database so the file can be edited from outside.
  void Close() { db_->Close(); }

 private:
  std::string dir_;
  std::string path_;
  std::unique_ptr<storage::Database> db_;
};

}  // namespace shouhu::testing
