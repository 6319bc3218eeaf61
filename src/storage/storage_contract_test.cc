// The storage contract: the same cases on every backend (instantiated in sqlite/ and postgres/).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <latch>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storage/database.h"
#include "storage/storage_contract.h"
#include "storage/stores.h"

namespace shouhu::storage::contract {

void StorageContract::SetUp() {
  target_ = GetParam().make();
  const Target::Readiness readiness = target_->Prepare();
  if (!readiness.ready) {
    if (readiness.required) FAIL() << readiness.reason;
    GTEST_SKIP() << readiness.reason;
  }
  auto db = OpenDatabase(target_->url(), TestOptions());
  ASSERT_TRUE(db.ok()) << Describe(db.status());
  db_ = std::move(db).value();
}

void StorageContract::TearDown() {
  if (db_ != nullptr) db_->Close();
  db_.reset();
  target_.reset();
}

DatabaseOptions StorageContract::TestOptions() {
  DatabaseOptions options;
  options.read_pool_size = 2;
  options.pool_wait_timeout_ms = 2000;
  return options;
}

std::unique_ptr<Database> StorageContract::OpenAnother(const DatabaseOptions& options) {
  auto db = OpenDatabase(target_->url(), options);
  EXPECT_TRUE(db.ok()) << Describe(db.status());
  return db.ok() ? std::move(db).value() : nullptr;
}

void StorageContract::MigrateOrDie() {
  SHOUHU_ASSERT_OK(db_->Migrate());
}

UnitRecord MakeUnit(const std::string& code, std::optional<int64_t> parent_id) {
  UnitRecord unit;
  unit.code = code;
  unit.name = "南岗区妇联 " + code;
  unit.kind = "womens_federation";
  unit.parent_id = parent_id;
  unit.district_code = "230103";
  unit.created_at = 1'767'225'600'000;
  return unit;
}

UserRecord MakeUser(const std::string& username, int64_t unit_id) {
  UserRecord user;
  user.username = username;
  user.display_name = "张三 " + username;
  user.unit_id = unit_id;
  user.role = "caseworker";
  user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  user.must_change_password = true;
  user.created_at = 1'767'225'600'000;
  user.password_changed_at = 1'767'225'600'000;
  return user;
}

AuditRecord MakeAudit(int64_t seq) {
  AuditRecord entry;
  entry.seq = seq;
  entry.at = 1'767'225'600'000 + seq;
  entry.user_id = 7;
  entry.unit_id = 3;
  entry.action = "user.create";
  entry.object_type = "user";
  entry.object_id = std::to_string(seq);
  entry.result = "ok";
  entry.client_address = "127.0.0.1";
  entry.detail = "理由 " + std::to_string(seq);
  entry.prev_hash = seq == 1 ? "" : "prev" + std::to_string(seq - 1);
  entry.hash = "hash" + std::to_string(seq);
  return entry;
}

namespace {

using namespace std::chrono_literals;

// Inserts a unit in its own Write and returns the id.
int64_t InsertUnit(Database& db, const UnitRecord& unit) {
  int64_t id = 0;
  const Status st = db.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(id, unit_store::Insert(tx, unit));
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << Describe(st);
  return id;
}

int64_t InsertUser(Database& db, const UserRecord& user) {
  int64_t id = 0;
  const Status st = db.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(id, user_store::Insert(tx, user));
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << Describe(st);
  return id;
}

std::optional<UnitRecord> FindUnit(Database& db, const std::string& code) {
  std::optional<UnitRecord> unit;
  const Status st = db.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(unit, unit_store::FindByCode(tx, code));
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << Describe(st);
  return unit;
}

std::optional<UserRecord> FindUser(Database& db, int64_t id) {
  std::optional<UserRecord> user;
  const Status st = db.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(user, user_store::FindById(tx, id));
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << Describe(st);
  return user;
}

std::vector<AuditRecord> ScanAudit(Database& db, int64_t after, int limit) {
  std::vector<AuditRecord> out;
  const Status st = db.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(out, audit_store::Scan(tx, after, limit));
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << Describe(st);
  return out;
}

std::vector<int64_t> Seqs(const std::vector<AuditRecord>& entries) {
  std::vector<int64_t> out;
  for (const AuditRecord& e : entries) out.push_back(e.seq);
  return out;
}

void ExpectSameAudit(const AuditRecord& a, const AuditRecord& b) {
  EXPECT_EQ(a.seq, b.seq);
  EXPECT_EQ(a.at, b.at);
  EXPECT_EQ(a.user_id, b.user_id);
  EXPECT_EQ(a.unit_id, b.unit_id);
  EXPECT_EQ(a.action, b.action);
  EXPECT_EQ(a.object_type, b.object_type);
  EXPECT_EQ(a.object_id, b.object_id);
  EXPECT_EQ(a.result, b.result);
  EXPECT_EQ(a.client_address, b.client_address);
  EXPECT_EQ(a.detail, b.detail);
  EXPECT_EQ(a.prev_hash, b.prev_hash);
  EXPECT_EQ(a.hash, b.hash);
}

// ---- schema and migrations ----

TEST_P(StorageContract, MigratesFromEmptyAndIsIdempotent) {
  auto before = db_->SchemaVersion();
  ASSERT_TRUE(before.ok()) << Describe(before.status());
  EXPECT_EQ(*before, 0);
  EXPECT_GE(KnownSchemaVersion(), 2);

  SHOUHU_ASSERT_OK(db_->Migrate());
  auto after = db_->SchemaVersion();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, KnownSchemaVersion());

  SHOUHU_ASSERT_OK(db_->Migrate());
  auto again = db_->SchemaVersion();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, KnownSchemaVersion());
  SHOUHU_EXPECT_OK(CheckSchema(*db_));

  // A second handle (a second server instance) sees the same schema and migrates to a no-op.
  auto other = OpenAnother(TestOptions());
  ASSERT_NE(other, nullptr);
  SHOUHU_EXPECT_OK(other->Migrate());
  EXPECT_EQ(*other->SchemaVersion(), KnownSchemaVersion());
}

TEST_P(StorageContract, RefusesSchemaNewerThanBinary) {
  MigrateOrDie();
  SHOUHU_ASSERT_OK(db_->Write([](Tx& tx) {
    return tx.Exec("schema.record_migration", {int64_t{KnownSchemaVersion() + 1}, int64_t{0}})
        .status();
  }));
  EXPECT_EQ(*db_->SchemaVersion(), KnownSchemaVersion() + 1);
  const Status check = CheckSchema(*db_);
  EXPECT_EQ(check.code(), StatusCode::kConflict);
  EXPECT_EQ(check.message(), "schema_newer_than_binary");
  const Status migrate = db_->Migrate();
  EXPECT_EQ(migrate.code(), StatusCode::kConflict) << Describe(migrate);
}

TEST_P(StorageContract, PingAndStats) {
  SHOUHU_EXPECT_OK(db_->Ping());
  const PoolStats stats = db_->Stats();
  EXPECT_EQ(stats.read_connections, TestOptions().read_pool_size);
  EXPECT_EQ(stats.read_in_use, 0);
  EXPECT_EQ(stats.write_batches, 0);
}

// ---- unit store ----

TEST_P(StorageContract, UnitStoreInsertsFindsAndLists) {
  MigrateOrDie();
  const int64_t city = InsertUnit(*db_, MakeUnit("HRB-FL"));
  const int64_t district = InsertUnit(*db_, MakeUnit("NG-FL", city));
  EXPECT_GT(district, city);

  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto by_id, unit_store::FindById(tx, district));
    EXPECT_TRUE(by_id.has_value());
    if (by_id) {
      EXPECT_EQ(by_id->code, "NG-FL");
      EXPECT_EQ(by_id->name, "南岗区妇联 NG-FL");
      EXPECT_EQ(by_id->kind, "womens_federation");
      EXPECT_EQ(by_id->parent_id, city);
      EXPECT_EQ(by_id->district_code, "230103");
      EXPECT_EQ(by_id->created_at, 1'767'225'600'000);
    }
    SHOUHU_ASSIGN_OR_RETURN(auto by_code, unit_store::FindByCode(tx, "HRB-FL"));
    EXPECT_TRUE(by_code.has_value());
    if (by_code) {
      EXPECT_EQ(by_code->id, city);
      EXPECT_FALSE(by_code->parent_id.has_value());
    }
    SHOUHU_ASSIGN_OR_RETURN(auto missing, unit_store::FindById(tx, 999'999));
    EXPECT_FALSE(missing.has_value());
    SHOUHU_ASSIGN_OR_RETURN(auto missing_code, unit_store::FindByCode(tx, "NOPE"));
    EXPECT_FALSE(missing_code.has_value());
    SHOUHU_ASSIGN_OR_RETURN(auto all, unit_store::List(tx));
    EXPECT_EQ(all.size(), 2u);
    if (all.size() == 2) {
      EXPECT_EQ(all[0].id, city);
      EXPECT_EQ(all[1].id, district);
    }
    return Status::Ok();
  }));
}

TEST_P(StorageContract, DuplicateUnitCodeIsConflict) {
  MigrateOrDie();
  InsertUnit(*db_, MakeUnit("NG-FL"));
  const Status st =
      db_->Write([](Tx& tx) { return unit_store::Insert(tx, MakeUnit("NG-FL")).status(); });
  EXPECT_EQ(st.code(), StatusCode::kConflict) << Describe(st);
  EXPECT_EQ(st.fields().count("code"), 1u);
}

TEST_P(StorageContract, MissingParentUnitIsInvalidArgument) {
  MigrateOrDie();
  const Status st = db_->Write(
      [](Tx& tx) { return unit_store::Insert(tx, MakeUnit("ORPHAN", 424242)).status(); });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << Describe(st);
  EXPECT_FALSE(FindUnit(*db_, "ORPHAN").has_value());
}

// ---- user store ----

TEST_P(StorageContract, UserStoreInsertsAndFinds) {
  MigrateOrDie();
  const int64_t unit = InsertUnit(*db_, MakeUnit("NG-FL"));
  UserRecord user = MakeUser("zhangsan", unit);
  user.failed_logins = 2;
  user.locked_until = 1'767'225'700'000;
  const int64_t id = InsertUser(*db_, user);
  ASSERT_GT(id, 0);

  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto found, user_store::FindByUsername(tx, "zhangsan"));
    EXPECT_TRUE(found.has_value());
    if (!found) return Status::Ok();
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->display_name, "张三 zhangsan");
    EXPECT_EQ(found->unit_id, unit);
    EXPECT_EQ(found->role, "caseworker");
    EXPECT_EQ(found->password_hash, user.password_hash);
    EXPECT_FALSE(found->disabled);
    EXPECT_EQ(found->failed_logins, 2);
    EXPECT_EQ(found->locked_until, 1'767'225'700'000);
    EXPECT_TRUE(found->must_change_password);
    EXPECT_EQ(found->created_at, user.created_at);
    EXPECT_EQ(found->password_changed_at, user.password_changed_at);
    EXPECT_EQ(found->version, 1);
    SHOUHU_ASSIGN_OR_RETURN(auto by_id, user_store::FindById(tx, id));
    EXPECT_TRUE(by_id.has_value());
    SHOUHU_ASSIGN_OR_RETURN(auto none, user_store::FindByUsername(tx, "lisi"));
    EXPECT_FALSE(none.has_value());
    return Status::Ok();
  }));
}

TEST_P(StorageContract, DuplicateUsernameIsConflict) {
  MigrateOrDie();
  const int64_t unit = InsertUnit(*db_, MakeUnit("NG-FL"));
  InsertUser(*db_, MakeUser("zhangsan", unit));
  const Status st = db_->Write(
      [&](Tx& tx) { return user_store::Insert(tx, MakeUser("zhangsan", unit)).status(); });
  EXPECT_EQ(st.code(), StatusCode::kConflict) << Describe(st);
  EXPECT_EQ(st.fields().count("username"), 1u);
}

TEST_P(StorageContract, UserOfMissingUnitIsInvalidArgument) {
  MigrateOrDie();
  const Status st =
      db_->Write([](Tx& tx) { return user_store::Insert(tx, MakeUser("ghost", 777)).status(); });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << Describe(st);
}

TEST_P(StorageContract, UserListPagesById) {
  MigrateOrDie();
  const int64_t unit = InsertUnit(*db_, MakeUnit("NG-FL"));
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(InsertUser(*db_, MakeUser("u" + std::to_string(i), unit)));
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto first, user_store::List(tx, 0, 2));
    EXPECT_EQ(first.size(), 2u);
    if (first.size() != 2) return Status::Ok();
    EXPECT_EQ(first[0].id, ids[0]);
    EXPECT_EQ(first[1].id, ids[1]);
    SHOUHU_ASSIGN_OR_RETURN(auto rest, user_store::List(tx, first[1].id, 10));
    EXPECT_EQ(rest.size(), 3u);
    if (!rest.empty()) {
      EXPECT_EQ(rest.back().id, ids[4]);
    }
    EXPECT_EQ(user_store::List(tx, 0, 0).status().code(), StatusCode::kInvalidArgument);
    return Status::Ok();
  }));
}

TEST_P(StorageContract, UserUpdates) {
  MigrateOrDie();
  const int64_t unit = InsertUnit(*db_, MakeUnit("NG-FL"));
  const int64_t id = InsertUser(*db_, MakeUser("zhangsan", unit));

  SHOUHU_ASSERT_OK(db_->Write(
      [&](Tx& tx) { return user_store::RecordLoginFailure(tx, id, 5, 1'767'226'000'000); }));
  auto user = FindUser(*db_, id);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->failed_logins, 5);
  EXPECT_EQ(user->locked_until, 1'767'226'000'000);
  EXPECT_EQ(user->version, 1);  // login bookkeeping leaves the version alone

  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) { return user_store::RecordLoginSuccess(tx, id); }));
  user = FindUser(*db_, id);
  EXPECT_EQ(user->failed_logins, 0);
  EXPECT_EQ(user->locked_until, 0);

  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) {
    return user_store::SetPassword(tx, id, "$argon2id$new", false, 1'767'300'000'000);
  }));
  user = FindUser(*db_, id);
  EXPECT_EQ(user->password_hash, "$argon2id$new");
  EXPECT_FALSE(user->must_change_password);
  EXPECT_EQ(user->password_changed_at, 1'767'300'000'000);
  EXPECT_EQ(user->version, 2);

  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) { return user_store::SetDisabled(tx, id, true); }));
  user = FindUser(*db_, id);
  EXPECT_TRUE(user->disabled);
  EXPECT_EQ(user->version, 3);

  const Status missing = db_->Write([](Tx& tx) { return user_store::SetDisabled(tx, 999, true); });
  EXPECT_EQ(missing.code(), StatusCode::kNotFound) << Describe(missing);
  EXPECT_EQ(db_->Write([](Tx& tx) { return user_store::RecordLoginSuccess(tx, 999); }).code(),
            StatusCode::kNotFound);
}

// ---- session store ----

TEST_P(StorageContract, SessionLifecycle) {
  MigrateOrDie();
  const int64_t unit = InsertUnit(*db_, MakeUnit("NG-FL"));
  const int64_t alice = InsertUser(*db_, MakeUser("alice", unit));
  const int64_t bob = InsertUser(*db_, MakeUser("bob", unit));
  const auto session = [](const std::string& token, int64_t user, int64_t created, int64_t seen) {
    return SessionRecord{token, "csrf-" + token, user, created, seen, "10.0.0.1"};
  };

  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_RETURN_IF_ERROR(session_store::Insert(tx, session("a1", alice, 1000, 1000)));
    SHOUHU_RETURN_IF_ERROR(session_store::Insert(tx, session("a2", alice, 1000, 5000)));
    SHOUHU_RETURN_IF_ERROR(session_store::Insert(tx, session("b1", bob, 9000, 9000)));
    return session_store::Insert(tx, session("b2", bob, 100, 9500));
  }));

  const Status duplicate =
      db_->Write([&](Tx& tx) { return session_store::Insert(tx, session("a1", bob, 1, 1)); });
  EXPECT_EQ(duplicate.code(), StatusCode::kConflict) << Describe(duplicate);
  const Status orphan =
      db_->Write([&](Tx& tx) { return session_store::Insert(tx, session("x", 4242, 1, 1)); });
  EXPECT_EQ(orphan.code(), StatusCode::kInvalidArgument) << Describe(orphan);

  SHOUHU_ASSERT_OK(db_->Write([](Tx& tx) { return session_store::Touch(tx, "a1", 7000); }));
  EXPECT_EQ(db_->Write([](Tx& tx) { return session_store::Touch(tx, "zz", 7000); }).code(),
            StatusCode::kNotFound);

  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto a1, session_store::Find(tx, "a1"));
    EXPECT_TRUE(a1.has_value());
    if (a1) {
      EXPECT_EQ(a1->csrf_hash, "csrf-a1");
      EXPECT_EQ(a1->user_id, alice);
      EXPECT_EQ(a1->created_at, 1000);
      EXPECT_EQ(a1->last_seen_at, 7000);
      EXPECT_EQ(a1->client_address, "10.0.0.1");
    }
    SHOUHU_ASSIGN_OR_RETURN(auto none, session_store::Find(tx, "nope"));
    EXPECT_FALSE(none.has_value());
    return Status::Ok();
  }));

  // Idle since before 6000 (a2 at 5000), or created before 500 (b2): two go.
  int64_t removed = -1;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(removed, session_store::DeleteExpired(tx, 6000, 500));
    return Status::Ok();
  }));
  EXPECT_EQ(removed, 2);

  SHOUHU_ASSERT_OK(db_->Write([](Tx& tx) { return session_store::Delete(tx, "a1"); }));
  SHOUHU_ASSERT_OK(db_->Write([](Tx& tx) { return session_store::Delete(tx, "a1"); }));
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) { return session_store::DeleteForUser(tx, bob); }));
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    for (const char* token : {"a1", "a2", "b1", "b2"}) {
      SHOUHU_ASSIGN_OR_RETURN(auto found, session_store::Find(tx, token));
      EXPECT_FALSE(found.has_value()) << token;
    }
    return Status::Ok();
  }));
}

// ---- audit store ----

TEST_P(StorageContract, AuditAppendLastScanAndListDesc) {
  MigrateOrDie();
  SHOUHU_ASSERT_OK(db_->Read([](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto last, audit_store::Last(tx));
    EXPECT_FALSE(last.has_value());
    return Status::Ok();
  }));
  for (int64_t seq = 1; seq <= 5; ++seq) {
    SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) { return audit_store::Append(tx, MakeAudit(seq)); }));
  }
  const Status duplicate = db_->Write([](Tx& tx) { return audit_store::Append(tx, MakeAudit(3)); });
  EXPECT_EQ(duplicate.code(), StatusCode::kConflict) << Describe(duplicate);

  SHOUHU_ASSERT_OK(db_->Read([](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto last, audit_store::Last(tx));
    EXPECT_TRUE(last.has_value());
    if (last) ExpectSameAudit(*last, MakeAudit(5));
    SHOUHU_ASSIGN_OR_RETURN(auto newest, audit_store::ListDesc(tx, 0, 3));
    EXPECT_EQ(Seqs(newest), (std::vector<int64_t>{5, 4, 3}));
    SHOUHU_ASSIGN_OR_RETURN(auto older, audit_store::ListDesc(tx, 3, 10));
    EXPECT_EQ(Seqs(older), (std::vector<int64_t>{2, 1}));
    return Status::Ok();
  }));
  EXPECT_EQ(Seqs(ScanAudit(*db_, 2, 2)), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(Seqs(ScanAudit(*db_, 0, 100)), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(ScanAudit(*db_, 5, 100).empty());
  const auto all = ScanAudit(*db_, 0, 100);
  ASSERT_EQ(all.size(), 5u);
  ExpectSameAudit(all[0], MakeAudit(1));
}

TEST_P(StorageContract, AuditLogRefusesUpdateAndDelete) {
  MigrateOrDie();
  SHOUHU_ASSERT_OK(db_->Write([](Tx& tx) { return audit_store::Append(tx, MakeAudit(1)); }));
  const Status update = db_->Write([](Tx& tx) {
    return tx.Exec("probe.audit_update", {std::string("forged"), int64_t{1}}).status();
  });
  EXPECT_EQ(update.code(), StatusCode::kPermissionDenied) << Describe(update);
  const Status remove =
      db_->Write([](Tx& tx) { return tx.Exec("probe.audit_delete", {int64_t{1}}).status(); });
  EXPECT_EQ(remove.code(), StatusCode::kPermissionDenied) << Describe(remove);
  const auto entries = ScanAudit(*db_, 0, 10);
  ASSERT_EQ(entries.size(), 1u);
  ExpectSameAudit(entries[0], MakeAudit(1));
}

// ---- values ----

TEST_P(StorageContract, ValuesRoundTripExactly) {
  struct Case {
    int64_t integer;
    std::string text;
    Blob blob;
    double real;
  };
  Blob every_byte;
  for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<unsigned char>(b));
  const std::vector<Case> cases = {
      {std::numeric_limits<int64_t>::max(), "南岗区妇联 'quote' \"dq\" ? $1 \\ 👩‍👧",
       every_byte, 1.5},
      {std::numeric_limits<int64_t>::min(), "", Blob{}, -2.25e300},
      {0, "line\nbreak\ttab", Blob{0, 0, 0}, 0.1},
  };
  for (const Case& c : cases) {
    SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(
          auto row, tx.QueryOne("probe.echo", {c.integer, c.text, c.blob, c.real, Null{}}));
      EXPECT_TRUE(row.has_value());
      if (!row) return Status::Ok();
      EXPECT_EQ(row->size(), 5u);
      EXPECT_EQ(row->Int(0), c.integer);
      EXPECT_EQ(row->Text(1), c.text);
      EXPECT_FALSE(row->IsNull(2));
      EXPECT_EQ(row->Bytes(2), c.blob);
      EXPECT_EQ(row->Real(3), c.real);
      EXPECT_TRUE(row->IsNull(4));
      EXPECT_FALSE(row->OptText(4).has_value());
      EXPECT_FALSE(row->OptInt(4).has_value());
      EXPECT_EQ(row->Text(4), "");
      EXPECT_EQ(row->Int(4), 0);
      return Status::Ok();
    }));
  }

  // Through a table: int64 extremes, NULLs and Chinese text survive storage.
  MigrateOrDie();
  AuditRecord extreme = MakeAudit(std::numeric_limits<int64_t>::max());
  extreme.at = std::numeric_limits<int64_t>::min();
  extreme.user_id = std::numeric_limits<int64_t>::min();
  extreme.unit_id = std::nullopt;
  extreme.detail = "申请人要求查看 — 理由：核实身份";
  extreme.object_id = "";
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) { return audit_store::Append(tx, extreme); }));
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto last, audit_store::Last(tx));
    EXPECT_TRUE(last.has_value());
    if (last) ExpectSameAudit(*last, extreme);
    return Status::Ok();
  }));
}

// ---- group commit ----

// Runs `jobs_per_thread` writes on each of `threads` threads while the writer is held busy at
// first, so that later jobs queue up and share batches. `job(t, j)` is the unit of work.
void RunConcurrentWrites(Database& db, int threads, int jobs_per_thread,
                         const std::function<Status(Tx&, int, int)>& job,
                         std::vector<std::vector<Status>>* results) {
  results->assign(static_cast<size_t>(threads), std::vector<Status>(jobs_per_thread));
  std::latch all_started(threads);
  std::atomic<bool> gate_running{false};
  std::thread gate([&] {
    const Status st = db.Write([&](Tx&) {
      gate_running = true;
      all_started.wait();
      std::this_thread::sleep_for(100ms);
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << Describe(st);
  });
  while (!gate_running) std::this_thread::yield();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      all_started.count_down();
      for (int j = 0; j < jobs_per_thread; ++j) {
        (*results)[t][j] = db.Write([&](Tx& tx) { return job(tx, t, j); });
      }
    });
  }
  for (std::thread& w : workers) w.join();
  gate.join();
}

std::string CodeOf(int t, int j) {
  return "T" + std::to_string(t) + "-" + std::to_string(j);
}

TEST_P(StorageContract, FailingJobIsRolledBackAloneInItsBatch) {
  MigrateOrDie();
  constexpr int kThreads = 12;
  constexpr int kJobs = 6;
  const auto fails = [](int t, int j) { return (t * kJobs + j) % 3 == 0; };
  std::vector<std::vector<Status>> results;
  RunConcurrentWrites(
      *db_, kThreads, kJobs,
      [&](Tx& tx, int t, int j) -> Status {
        SHOUHU_RETURN_IF_ERROR(unit_store::Insert(tx, MakeUnit(CodeOf(t, j))).status());
        return fails(t, j) ? Status::Unprocessable("refused_by_job") : Status::Ok();
      },
      &results);

  int64_t ok = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int j = 0; j < kJobs; ++j) {
      const Status& st = results[t][j];
      if (fails(t, j)) {
        EXPECT_EQ(st.code(), StatusCode::kUnprocessable) << Describe(st);
        EXPECT_FALSE(FindUnit(*db_, CodeOf(t, j)).has_value()) << CodeOf(t, j);
      } else {
        ++ok;
        EXPECT_TRUE(st.ok()) << Describe(st);
        EXPECT_TRUE(FindUnit(*db_, CodeOf(t, j)).has_value()) << CodeOf(t, j);
      }
    }
  }
  const PoolStats stats = db_->Stats();
  EXPECT_EQ(stats.write_jobs, ok + 1);  // + the gate job
  EXPECT_LT(stats.write_batches, stats.write_jobs);
  EXPECT_EQ(stats.write_failures, kThreads * kJobs - ok);
}

// WriteAsync: each callback receives what Write would have returned, after the commit (the row
// is then visible to a Read), a failing job is rolled back alone, and a closed database refuses.
TEST_P(StorageContract, WriteAsyncReportsEachJobAfterItsCommit) {
  MigrateOrDie();
  constexpr int kJobs = 24;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::optional<Status>> results(kJobs);
  std::vector<bool> visible(kJobs, false);
  for (int j = 0; j < kJobs; ++j) {
    db_->WriteAsync(
        [j](Tx& tx) -> Status {
          SHOUHU_RETURN_IF_ERROR(unit_store::Insert(tx, MakeUnit(CodeOf(0, j))).status());
          return j % 4 == 1 ? Status::Unprocessable("refused_by_job") : Status::Ok();
        },
        [&, j](Status st) {
          std::lock_guard lock(mu);
          results[j] = std::move(st);
          cv.notify_all();
        });
  }
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] {
      return std::all_of(results.begin(), results.end(), [](const auto& r) { return r; });
    });
  }
  for (int j = 0; j < kJobs; ++j) {
    if (j % 4 == 1) {
      EXPECT_EQ(results[j]->code(), StatusCode::kUnprocessable) << Describe(*results[j]);
      EXPECT_FALSE(FindUnit(*db_, CodeOf(0, j)).has_value()) << CodeOf(0, j);
    } else {
      EXPECT_TRUE(results[j]->ok()) << Describe(*results[j]);
      EXPECT_TRUE(FindUnit(*db_, CodeOf(0, j)).has_value()) << CodeOf(0, j);
    }
  }
  std::optional<Status> nested;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx&) {
    db_->WriteAsync([](Tx&) { return Status::Ok(); }, [&](Status st) { nested = std::move(st); });
    return Status::Ok();
  }));
  ASSERT_TRUE(nested.has_value());
  EXPECT_EQ(nested->code(), StatusCode::kInternal);
  db_->Close();
  std::optional<Status> closed;
  db_->WriteAsync([](Tx&) { return Status::Ok(); }, [&](Status st) { closed = std::move(st); });
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->code(), StatusCode::kUnavailable);
}

TEST_P(StorageContract, ThrowingJobIsRolledBackAndOthersSurvive) {
  MigrateOrDie();
  constexpr int kThreads = 8;
  constexpr int kJobs = 4;
  const auto throws = [](int t, int j) { return j == 1; };
  std::vector<std::vector<Status>> results;
  RunConcurrentWrites(
      *db_, kThreads, kJobs,
      [&](Tx& tx, int t, int j) -> Status {
        SHOUHU_RETURN_IF_ERROR(unit_store::Insert(tx, MakeUnit(CodeOf(t, j))).status());
        if (throws(t, j)) throw std::runtime_error("boom");
        return Status::Ok();
      },
      &results);
  for (int t = 0; t < kThreads; ++t) {
    for (int j = 0; j < kJobs; ++j) {
      const Status& st = results[t][j];
      if (throws(t, j)) {
        EXPECT_EQ(st.code(), StatusCode::kInternal) << Describe(st);
        EXPECT_FALSE(FindUnit(*db_, CodeOf(t, j)).has_value());
      } else {
        EXPECT_TRUE(st.ok()) << Describe(st);
        EXPECT_TRUE(FindUnit(*db_, CodeOf(t, j)).has_value());
      }
    }
  }
  const PoolStats stats = db_->Stats();
  EXPECT_LT(stats.write_batches, stats.write_jobs);
}

TEST_P(StorageContract, FailedStatementFailsTheWholeJob) {
  MigrateOrDie();
  InsertUnit(*db_, MakeUnit("TAKEN"));
  Status after_failure;
  const Status st = db_->Write([&](Tx& tx) -> Status {
    SHOUHU_RETURN_IF_ERROR(unit_store::Insert(tx, MakeUnit("FRESH")).status());
    const Status dup = unit_store::Insert(tx, MakeUnit("TAKEN")).status();
    EXPECT_EQ(dup.code(), StatusCode::kConflict);
    after_failure = unit_store::FindByCode(tx, "FRESH").status();
    return Status::Ok();  // ignores the failure: the job is still rolled back
  });
  EXPECT_EQ(st.code(), StatusCode::kConflict) << Describe(st);
  EXPECT_FALSE(after_failure.ok());
  EXPECT_FALSE(FindUnit(*db_, "FRESH").has_value());
  EXPECT_TRUE(FindUnit(*db_, "TAKEN").has_value());
}

TEST_P(StorageContract, WriteInsideWriteIsRefused) {
  MigrateOrDie();
  const Status st = db_->Write([&](Tx&) { return db_->Write([](Tx&) { return Status::Ok(); }); });
  EXPECT_EQ(st.code(), StatusCode::kInternal) << Describe(st);
}

// ---- reads ----

TEST_P(StorageContract, ReadSeesCommittedWritesAndReturnsWorkErrors) {
  MigrateOrDie();
  InsertUnit(*db_, MakeUnit("NG-FL"));
  EXPECT_TRUE(FindUnit(*db_, "NG-FL").has_value());
  auto other = OpenAnother(TestOptions());
  ASSERT_NE(other, nullptr);
  EXPECT_TRUE(FindUnit(*other, "NG-FL").has_value());

  const Status err = db_->Read([](Tx&) { return Status::NotFound("nothing_here"); });
  EXPECT_EQ(err.code(), StatusCode::kNotFound);
  EXPECT_EQ(err.message(), "nothing_here");

  const Status threw = db_->Read([](Tx&) -> Status { throw std::runtime_error("boom"); });
  EXPECT_EQ(threw.code(), StatusCode::kInternal);
  EXPECT_EQ(db_->Stats().read_in_use, 0);
}

TEST_P(StorageContract, ReadRefusesWrites) {
  MigrateOrDie();
  const Status st =
      db_->Read([](Tx& tx) { return unit_store::Insert(tx, MakeUnit("SNEAKY")).status(); });
  EXPECT_EQ(st.code(), StatusCode::kInternal) << Describe(st);
  EXPECT_EQ(st.message(), "write_in_read_transaction");
  EXPECT_FALSE(FindUnit(*db_, "SNEAKY").has_value());
}

TEST_P(StorageContract, ReadWaitsForAConnectionThenGivesUp) {
  MigrateOrDie();
  DatabaseOptions options = TestOptions();
  options.read_pool_size = 1;
  options.pool_wait_timeout_ms = 150;
  auto db = OpenAnother(options);
  ASSERT_NE(db, nullptr);
  std::latch holding(1);
  std::latch release(1);
  std::thread holder([&] {
    SHOUHU_EXPECT_OK(db->Read([&](Tx&) {
      holding.count_down();
      release.wait();
      return Status::Ok();
    }));
  });
  holding.wait();
  const auto start = std::chrono::steady_clock::now();
  const Status st = db->Read([](Tx&) { return Status::Ok(); });
  EXPECT_EQ(st.code(), StatusCode::kUnavailable) << Describe(st);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 140ms);
  const PoolStats stats = db->Stats();
  EXPECT_EQ(stats.read_connections, 1);
  EXPECT_EQ(stats.read_in_use, 1);
  EXPECT_GE(stats.read_waits, 1);
  release.count_down();
  holder.join();
  SHOUHU_EXPECT_OK(db->Read([](Tx&) { return Status::Ok(); }));
  db->Close();
}

// ---- lifecycle ----

TEST_P(StorageContract, CloseDrainsQueuedWritesThenRefusesCalls) {
  MigrateOrDie();
  constexpr int kThreads = 6;
  constexpr int kJobs = 10;
  std::vector<std::vector<Status>> results(kThreads, std::vector<Status>(kJobs));
  std::latch started(kThreads);
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      started.count_down();
      for (int j = 0; j < kJobs; ++j) {
        results[t][j] = db_->Write(
            [&](Tx& tx) { return unit_store::Insert(tx, MakeUnit(CodeOf(t, j))).status(); });
      }
    });
  }
  started.wait();
  std::this_thread::sleep_for(5ms);
  db_->Close();
  for (std::thread& w : workers) w.join();

  auto reopened = OpenAnother(TestOptions());
  ASSERT_NE(reopened, nullptr);
  for (int t = 0; t < kThreads; ++t) {
    for (int j = 0; j < kJobs; ++j) {
      const Status& st = results[t][j];
      const bool stored = FindUnit(*reopened, CodeOf(t, j)).has_value();
      if (st.ok()) {
        EXPECT_TRUE(stored) << CodeOf(t, j);
        // Each thread writes one job after another: once one is refused, so is every later one.
        EXPECT_TRUE(j == 0 || results[t][j - 1].ok()) << CodeOf(t, j) << " after a refusal";
      } else {
        EXPECT_EQ(st.code(), StatusCode::kUnavailable) << Describe(st);
        EXPECT_FALSE(stored) << CodeOf(t, j);
      }
    }
  }

  EXPECT_EQ(db_->Write([](Tx&) { return Status::Ok(); }).code(), StatusCode::kUnavailable);
  EXPECT_EQ(db_->Read([](Tx&) { return Status::Ok(); }).code(), StatusCode::kUnavailable);
  EXPECT_EQ(db_->Ping().code(), StatusCode::kUnavailable);
  EXPECT_EQ(db_->SchemaVersion().status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(db_->Migrate().code(), StatusCode::kUnavailable);
  db_->Close();  // a second Close is harmless
  EXPECT_EQ(db_->Stats().read_connections, 0);
}

TEST_P(StorageContract, CloseCommitsEveryWriteQueuedBeforeIt) {
  MigrateOrDie();
  // A unit of work holds the writer while the jobs queue behind it; Close() comes while they
  // wait, and must commit each of them before it returns.
  std::latch holding(1);
  std::latch release(1);
  std::thread blocker([&] {
    SHOUHU_EXPECT_OK(db_->Write([&](Tx& tx) {
      holding.count_down();
      release.wait();
      return unit_store::Insert(tx, MakeUnit("BLOCKER")).status();
    }));
  });
  holding.wait();
  constexpr int kThreads = 6;
  std::vector<Status> results(kThreads, Status::Internal("not_run"));
  std::atomic<int> calling{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      calling.fetch_add(1);
      results[t] = db_->Write(
          [&](Tx& tx) { return unit_store::Insert(tx, MakeUnit(CodeOf(t, 0))).status(); });
    });
  }
  // Queueing is a mutex and a push; give every caller ample time to get there.
  while (calling.load() < kThreads) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(1s);
  std::atomic<bool> closed{false};
  std::thread closer([&] {
    db_->Close();
    closed = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(closed.load()) << "Close() returned while queued writes were waiting";
  release.count_down();
  closer.join();
  blocker.join();
  for (std::thread& w : workers) w.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_TRUE(results[t].ok()) << CodeOf(t, 0) << ": " << Describe(results[t]);

  auto reopened = OpenAnother(TestOptions());
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(FindUnit(*reopened, "BLOCKER").has_value());
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_TRUE(FindUnit(*reopened, CodeOf(t, 0)).has_value()) << CodeOf(t, 0);
  }
  EXPECT_EQ(db_->Write([](Tx&) { return Status::Ok(); }).code(), StatusCode::kUnavailable);
  reopened->Close();
}

TEST_P(StorageContract, AcknowledgedWritesSurviveReopening) {
  MigrateOrDie();
  const int64_t id = InsertUnit(*db_, MakeUnit("DURABLE"));
  db_->Close();
  db_ = OpenAnother(TestOptions());
  ASSERT_NE(db_, nullptr);
  auto unit = FindUnit(*db_, "DURABLE");
  ASSERT_TRUE(unit.has_value());
  EXPECT_EQ(unit->id, id);
  EXPECT_EQ(*db_->SchemaVersion(), KnownSchemaVersion());
}

}  // namespace
}  // namespace shouhu::storage::contract
