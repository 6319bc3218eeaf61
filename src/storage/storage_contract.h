// The storage contract suite's fixture: each backend's test file supplies a ContractBackend that
// makes a fresh, empty database place (a temp file, a new PostgreSQL schema), and the same cases
// in storage_contract_test.cc run against it. Test-only; one fixture per test, on one thread.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "core/status.h"
#include "storage/database.h"
#include "storage/records.h"

namespace shouhu::storage::contract {

// A fresh place for one test. Destroying it removes the place.
class Target {
 public:
  virtual ~Target() = default;
  struct Readiness {
    bool ready = true;
    bool required = false;  // when not ready: fail instead of skipping
    std::string reason;
  };
  virtual Readiness Prepare() = 0;
  // What OpenDatabase() accepts for this place; may be opened several times.
  virtual std::string url() const = 0;
};

struct Backend {
  std::string name;
  std::function<std::unique_ptr<Target>()> make;
};

inline void PrintTo(const Backend& backend, std::ostream* os) {
  *os << backend.name;
}

// "conflict/duplicate" for failure messages.
inline std::string Describe(const Status& st) {
  return std::string(StatusCodeName(st.code())) + "/" + st.message();
}

#define SHOUHU_ASSERT_OK(expr)                                       \
  do {                                                               \
    const ::shouhu::Status shouhu_assert_st_ = (expr);               \
    ASSERT_TRUE(shouhu_assert_st_.ok())                              \
        << ::shouhu::storage::contract::Describe(shouhu_assert_st_); \
  } while (0)
#define SHOUHU_EXPECT_OK(expr)                                       \
  do {                                                               \
    const ::shouhu::Status shouhu_expect_st_ = (expr);               \
    EXPECT_TRUE(shouhu_expect_st_.ok())                              \
        << ::shouhu::storage::contract::Describe(shouhu_expect_st_); \
  } while (0)

class StorageContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Options of the fixture's database: small pool, short waits.
  static DatabaseOptions TestOptions();
  // Another handle on the same place.
  std::unique_ptr<Database> OpenAnother(const DatabaseOptions& options);
  // Migrates the fixture's database.
  void MigrateOrDie();

  std::unique_ptr<Target> target_;
  std::unique_ptr<Database> db_;
};

UnitRecord MakeUnit(const std::string& code, std::optional<int64_t> parent_id = std::nullopt);
UserRecord MakeUser(const std::string& username, int64_t unit_id);
AuditRecord MakeAudit(int64_t seq);

}  // namespace shouhu::storage::contract
