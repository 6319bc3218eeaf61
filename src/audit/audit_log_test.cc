#include "audit/audit_log.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "service/test_support.h"
#include "storage/stores.h"

namespace shouhu::audit {
namespace {

Status AppendN(storage::Database& db, const Clock& clock, int n) {
  for (int i = 0; i < n; ++i) {
    SHOUHU_RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) {
      return Append(tx, clock,
                    {.user_id = i,
                     .action = "test.event",
                     .object_type = "thing",
                     .object_id = std::to_string(i),
                     .result = "ok",
                     .client_address = "127.0.0.1"});
    }));
  }
  return Status::Ok();
}

// Runs `sql` on the database file with the sqlite3 shell after dropping the append-only triggers,
// as an attacker with access to the file could.
int TamperWith(const std::string& path, const std::string& sql) {
  const std::string drop = "sqlite3 '" + path +
                           "' \"SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master "
                           "WHERE type='trigger' AND tbl_name='audit_log';\" | sqlite3 '" +
                           path + "'";
  const std::string edit = "sqlite3 '" + path + "' \"" + sql + "\"";
  return std::system((drop + " && " + edit).c_str());
}

TEST(AuditLogTest, ChainsEntriesAndVerifies) {
  testing::TempDatabase t;
  SettableClock clock;
  ASSERT_TRUE(AppendN(t.db(), clock, 25).ok());
  auto report = Verify(t.db());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->entries, 25);
  EXPECT_FALSE(report->first_broken_seq.has_value());

  std::vector<storage::AuditRecord> entries;
  ASSERT_TRUE(t.db()
                  .Read([&](storage::Tx& tx) -> Status {
                    SHOUHU_ASSIGN_OR_RETURN(entries, storage::audit_store::Scan(tx, 0, 100));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(entries.size(), 25u);
  EXPECT_EQ(entries[0].seq, 1);
  EXPECT_EQ(entries[0].prev_hash, "");
  for (size_t i = 1; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].seq, entries[i - 1].seq + 1);
    EXPECT_EQ(entries[i].prev_hash, entries[i - 1].hash);
    EXPECT_EQ(entries[i].hash, ChainHash(entries[i]));
  }
}

TEST(AuditLogTest, HashCoversEveryField) {
  storage::AuditRecord e{.seq = 7,
                         .at = 1000,
                         .user_id = 1,
                         .unit_id = 2,
                         .action = "a",
                         .object_type = "t",
                         .object_id = "9",
                         .result = "ok",
                         .client_address = "127.0.0.1",
                         .detail = "d",
                         .prev_hash = "ab"};
  const std::string base = ChainHash(e);
  auto changed = [&](auto mutate) {
    storage::AuditRecord copy = e;
    mutate(copy);
    return ChainHash(copy) != base;
  };
  EXPECT_TRUE(changed([](auto& c) { c.seq = 8; }));
  EXPECT_TRUE(changed([](auto& c) { c.at = 1001; }));
  EXPECT_TRUE(changed([](auto& c) { c.user_id.reset(); }));
  EXPECT_TRUE(changed([](auto& c) { c.unit_id = 3; }));
  EXPECT_TRUE(changed([](auto& c) { c.action = "b"; }));
  EXPECT_TRUE(changed([](auto& c) { c.object_type = "u"; }));
  EXPECT_TRUE(changed([](auto& c) { c.object_id = "10"; }));
  EXPECT_TRUE(changed([](auto& c) { c.result = "denied"; }));
  EXPECT_TRUE(changed([](auto& c) { c.client_address = "10.0.0.1"; }));
  EXPECT_TRUE(changed([](auto& c) { c.detail = "e"; }));
  EXPECT_TRUE(changed([](auto& c) { c.prev_hash = "ac"; }));
  // Length prefixes keep field boundaries: moving a character between fields changes the hash.
  EXPECT_TRUE(changed([](auto& c) {
    c.action = "at";
    c.object_type = "";
  }));
}

TEST(AuditLogTest, DetectsAnEditedRow) {
  testing::TempDatabase t;
  SettableClock clock;
  ASSERT_TRUE(AppendN(t.db(), clock, 10).ok());
  t.Close();
  ASSERT_EQ(TamperWith(t.path(), "UPDATE audit_log SET result = 'denied' WHERE seq = 6;"), 0);
  auto db = storage::OpenDatabase("sqlite:" + t.path(), {});
  ASSERT_TRUE(db.ok());
  auto report = Verify(**db);
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->first_broken_seq.has_value());
  EXPECT_EQ(*report->first_broken_seq, 6);
  EXPECT_EQ(report->reason, "hash_mismatch");
  (*db)->Close();
}

TEST(AuditLogTest, DetectsADeletedRow) {
  testing::TempDatabase t;
  SettableClock clock;
  ASSERT_TRUE(AppendN(t.db(), clock, 10).ok());
  t.Close();
  ASSERT_EQ(TamperWith(t.path(), "DELETE FROM audit_log WHERE seq = 4;"), 0);
  auto db = storage::OpenDatabase("sqlite:" + t.path(), {});
  ASSERT_TRUE(db.ok());
  auto report = Verify(**db);
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->first_broken_seq.has_value());
  EXPECT_EQ(*report->first_broken_seq, 4);
  EXPECT_EQ(report->reason, "seq_gap");
  (*db)->Close();
}

TEST(AuditLogTest, AppendFailsTheWholeWriteWhenItFails) {
  testing::TempDatabase t;
  SettableClock clock;
  ASSERT_TRUE(AppendN(t.db(), clock, 1).ok());
  // A unit is created and then the audit append collides with an existing seq: both roll back.
  const Status s = t.db().Write([&](storage::Tx& tx) -> Status {
    SHOUHU_RETURN_IF_ERROR(
        storage::unit_store::Insert(
            tx, {.code = "X-1", .name = "n", .kind = "police", .district_code = "230103"})
            .status());
    storage::AuditRecord dup{.seq = 1, .at = 1, .action = "dup", .result = "ok", .hash = "x"};
    return storage::audit_store::Append(tx, dup);
  });
  EXPECT_FALSE(s.ok());
  bool found = true;
  ASSERT_TRUE(t.db()
                  .Read([&](storage::Tx& tx) -> Status {
                    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindByCode(tx, "X-1"));
                    found = unit.has_value();
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_FALSE(found) << "the change must not survive a failed audit write";
}

}  // namespace
}  // namespace shouhu::audit
