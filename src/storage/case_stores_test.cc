// Storage contract cases of the case aggregate (children, cases, incidents, events, grants,
// idempotency keys): part of the StorageContract suite, so each runs on SQLite and PostgreSQL.
// Ciphertexts here are random bytes and every name, number and index is made up.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <latch>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storage/case_stores.h"
#include "storage/database.h"
#include "storage/storage_contract.h"
#include "storage/stores.h"

namespace shouhu::storage::contract {
namespace {

constexpr int64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kHour = 3'600'000;

// Deterministic "ciphertext": random bytes with zero bytes at both ends and in the middle.
Blob FakeCiphertext(uint32_t seed, size_t size = 61) {
  std::mt19937 gen(seed);
  Blob out(size);
  for (unsigned char& b : out) b = static_cast<unsigned char>(gen() & 0xff);
  if (!out.empty()) {
    out.front() = 0;
    out[out.size() / 2] = 0;
    out.back() = 0;
  }
  return out;
}

ChildRecord MakeChild(const std::string& tag, std::vector<std::string> tokens = {}) {
  ChildRecord child;
  child.id_number_index = "idx-" + tag;
  child.name_birth_index = "nbx-" + tag;
  child.name_tokens = std::move(tokens);
  child.ethnicity = "han";
  child.grade = "初二";
  child.district_code = "230103";
  child.vulnerability_classes = "left_behind,single_parent";
  child.created_at = kT0;
  return child;
}

std::vector<std::string> Numbers(const std::vector<CaseRecord>& cases) {
  std::vector<std::string> out;
  for (const CaseRecord& c : cases) out.push_back(c.case_number);
  return out;
}

void ExpectSameCase(const CaseRecord& a, const CaseRecord& b) {
  EXPECT_EQ(a.case_number, b.case_number);
  EXPECT_EQ(a.child_id, b.child_id);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.harm_types, b.harm_types);
  EXPECT_EQ(a.aggravating_flags, b.aggravating_flags);
  EXPECT_EQ(a.risk_level, b.risk_level);
  EXPECT_EQ(a.intake_channel, b.intake_channel);
  EXPECT_EQ(a.reporter_category, b.reporter_category);
  EXPECT_EQ(a.situation_code, b.situation_code);
  EXPECT_EQ(a.discovered_at, b.discovered_at);
  EXPECT_EQ(a.reported_at, b.reported_at);
  EXPECT_EQ(a.late, b.late);
  EXPECT_EQ(a.lead_unit_id, b.lead_unit_id);
  EXPECT_EQ(a.district_code, b.district_code);
  EXPECT_EQ(a.legal_basis, b.legal_basis);
  EXPECT_EQ(a.age_at_incident, b.age_at_incident);
  EXPECT_EQ(a.created_by_user, b.created_by_user);
  EXPECT_EQ(a.created_by_unit, b.created_by_unit);
  EXPECT_EQ(a.via_mandatory_report, b.via_mandatory_report);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
}

// What every case test starts from, in a migrated database: two units in district 230103 (the
// lead unit and the police), a school in 230102, a caseworker of the lead unit, a reporter at
// the school and one child record; plus the reads and writes the tests repeat.
class CaseWorld {
 public:
  explicit CaseWorld(Database& db) : db_(db) {
    UnitRecord school_unit = MakeUnit("DL-SCH");
    school_unit.kind = "school";
    school_unit.district_code = "230102";
    const Status st = db_.Write([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(lead_unit, unit_store::Insert(tx, MakeUnit("NG-FL")));
      SHOUHU_ASSIGN_OR_RETURN(police, unit_store::Insert(tx, MakeUnit("NG-GA")));
      SHOUHU_ASSIGN_OR_RETURN(school, unit_store::Insert(tx, school_unit));
      SHOUHU_ASSIGN_OR_RETURN(caseworker,
                              user_store::Insert(tx, MakeUser("caseworker", lead_unit)));
      UserRecord reporter_user = MakeUser("reporter", school);
      reporter_user.role = "reporter";
      SHOUHU_ASSIGN_OR_RETURN(reporter, user_store::Insert(tx, reporter_user));
      SHOUHU_ASSIGN_OR_RETURN(child, child_store::Insert(tx, MakeChild("first")));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << Describe(st);
  }

  int64_t InsertChild(const ChildRecord& record) {
    int64_t id = 0;
    const Status st = db_.Write([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(id, child_store::Insert(tx, record));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << Describe(st);
    return id;
  }

  int64_t InsertCase(const CaseRecord& record) {
    int64_t id = 0;
    const Status st = db_.Write([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(id, case_store::Insert(tx, record));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << record.case_number << ": " << Describe(st);
    return id;
  }

  std::optional<CaseRecord> FindCase(int64_t id) {
    std::optional<CaseRecord> found;
    const Status st = db_.Read([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(found, case_store::FindById(tx, id));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << Describe(st);
    return found;
  }

  std::optional<ChildRecord> FindChild(int64_t id) {
    std::optional<ChildRecord> found;
    const Status st = db_.Read([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(found, child_store::FindById(tx, id));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << Describe(st);
    return found;
  }

  std::vector<CaseRecord> List(const CaseFilter& filter) {
    std::vector<CaseRecord> found;
    const Status st = db_.Read([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(found, case_store::List(tx, filter));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << Describe(st);
    return found;
  }

  std::vector<std::string> ListNumbers(const CaseFilter& filter) { return Numbers(List(filter)); }

  // Every page of `filter` (limit `page_size`), following before_id until an empty page.
  std::vector<std::vector<int64_t>> Pages(CaseFilter filter, int page_size) {
    std::vector<std::vector<int64_t>> pages;
    filter.limit = page_size;
    filter.before_id = 0;
    for (int guard = 0; guard < 100; ++guard) {
      const std::vector<CaseRecord> page = List(filter);
      if (page.empty()) break;
      std::vector<int64_t> ids;
      for (const CaseRecord& c : page) ids.push_back(c.id);
      pages.push_back(ids);
      filter.before_id = ids.back();
    }
    return pages;
  }

  Status Grant(int64_t case_id, int64_t unit_id, const std::string& reason, int64_t at) {
    CaseGrantRecord grant;
    grant.case_id = case_id;
    grant.unit_id = unit_id;
    grant.reason = reason;
    grant.granted_at = at;
    grant.granted_by = caseworker;
    return db_.Write([&](Tx& tx) { return case_grant_store::Grant(tx, grant); });
  }

  bool HasActiveGrant(int64_t case_id, int64_t unit_id) {
    bool active = false;
    const Status st = db_.Read([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(active, case_grant_store::HasActive(tx, case_id, unit_id, 1));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << Describe(st);
    return active;
  }

  int64_t lead_unit = 0;
  int64_t police = 0;
  int64_t school = 0;
  int64_t caseworker = 0;
  int64_t reporter = 0;
  int64_t child = 0;

 private:
  Database& db_;
};

CaseRecord MakeCase(const CaseWorld& w, const std::string& number) {
  CaseRecord c;
  c.case_number = number;
  c.child_id = w.child;
  c.status = "registered";
  c.harm_types = "sexual_abuse";
  c.aggravating_flags = "";
  c.risk_level = "high";
  c.intake_channel = "hotline";
  c.discovered_at = kT0;
  c.reported_at = kT0 + kHour;
  c.lead_unit_id = w.lead_unit;
  c.district_code = "230103";
  c.legal_basis = "statutory_duty";
  c.age_at_incident = 13;
  c.created_by_user = w.caseworker;
  c.created_by_unit = w.lead_unit;
  c.created_at = kT0 + 2 * kHour;
  c.updated_at = kT0 + 2 * kHour;
  return c;
}

// ---- children ----

TEST_P(StorageContract, ChildIdentityIsWrittenAfterInsertAndFoundByEachIndex) {
  MigrateOrDie();
  CaseWorld w(*db_);
  const std::optional<ChildRecord> bare = w.FindChild(w.child);
  ASSERT_TRUE(bare.has_value());
  EXPECT_TRUE(bare->name.empty());
  EXPECT_TRUE(bare->id_number.empty());
  EXPECT_EQ(bare->id_number_index, "idx-first");
  EXPECT_EQ(bare->grade, "初二");
  EXPECT_EQ(bare->vulnerability_classes, "left_behind,single_parent");
  EXPECT_EQ(bare->version, 1);

  ChildRecord identity = *bare;
  identity.name = FakeCiphertext(1);
  identity.id_number = FakeCiphertext(2);
  identity.birth_date = FakeCiphertext(3, 40);
  identity.address = FakeCiphertext(4, 200);
  identity.school = FakeCiphertext(5);
  identity.guardian = FakeCiphertext(6);
  identity.phone = Blob{};  // not given
  identity.id_number_index = "idx-second";
  identity.name_birth_index = "nbx-second";
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) { return child_store::UpdateIdentity(tx, identity); }));

  // A second child record with the same ID number index (not yet linked by a coordinator).
  ChildRecord twin = MakeChild("second");
  twin.name_birth_index = "nbx-other";
  const int64_t twin_id = w.InsertChild(twin);

  const std::optional<ChildRecord> found = w.FindChild(w.child);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, identity.name);
  EXPECT_EQ(found->id_number, identity.id_number);
  EXPECT_EQ(found->birth_date, identity.birth_date);
  EXPECT_EQ(found->address, identity.address);
  EXPECT_EQ(found->school, identity.school);
  EXPECT_EQ(found->guardian, identity.guardian);
  EXPECT_TRUE(found->phone.empty());
  EXPECT_EQ(found->version, 2);
  EXPECT_EQ(found->district_code, "230103");
  EXPECT_EQ(found->created_at, kT0);

  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto by_id_number, child_store::FindByIdNumberIndex(tx, "idx-second"));
    EXPECT_EQ(by_id_number.size(), 2u);
    if (by_id_number.size() == 2) {
      EXPECT_EQ(by_id_number[0].id, w.child);
      EXPECT_EQ(by_id_number[1].id, twin_id);
    }
    SHOUHU_ASSIGN_OR_RETURN(auto by_name_birth,
                            child_store::FindByNameBirthIndex(tx, "nbx-second"));
    EXPECT_EQ(by_name_birth.size(), 1u);
    if (!by_name_birth.empty()) {
      EXPECT_EQ(by_name_birth[0].id, w.child);
    }
    SHOUHU_ASSIGN_OR_RETURN(auto old_index, child_store::FindByIdNumberIndex(tx, "idx-first"));
    EXPECT_TRUE(old_index.empty());
    SHOUHU_ASSIGN_OR_RETURN(auto none, child_store::FindByNameBirthIndex(tx, "nbx-nobody"));
    EXPECT_TRUE(none.empty());
    SHOUHU_ASSIGN_OR_RETURN(auto missing, child_store::FindById(tx, 987'654));
    EXPECT_FALSE(missing.has_value());
    return Status::Ok();
  }));

  // Children without an ID number all carry "": an empty index never matches.
  ChildRecord unknown_identity = MakeChild("none");
  unknown_identity.id_number_index.clear();
  unknown_identity.name_birth_index.clear();
  w.InsertChild(unknown_identity);
  w.InsertChild(unknown_identity);
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto empty, child_store::FindByIdNumberIndex(tx, ""));
    EXPECT_TRUE(empty.empty());
    SHOUHU_ASSIGN_OR_RETURN(auto empty_name, child_store::FindByNameBirthIndex(tx, ""));
    EXPECT_TRUE(empty_name.empty());
    return Status::Ok();
  }));

  // A common name and birth date: the candidates are the first 20 children, ascending id.
  std::vector<int64_t> namesakes;
  for (int i = 0; i < 25; ++i) {
    ChildRecord namesake = MakeChild("namesake" + std::to_string(i));
    namesake.name_birth_index = "nbx-common";
    namesakes.push_back(w.InsertChild(namesake));
  }
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto common, child_store::FindByNameBirthIndex(tx, "nbx-common"));
    EXPECT_EQ(common.size(), 20u);
    for (size_t i = 0; i < common.size() && i < namesakes.size(); ++i)
      EXPECT_EQ(common[i].id, namesakes[i]);
    return Status::Ok();
  }));

  // A page's children in one query: ascending, each once, unknown ids left out, no name tokens.
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(
        auto page, child_store::FindByIds(tx, {namesakes[3], w.child, namesakes[3], 987'654}));
    EXPECT_EQ(page.size(), 2u);
    if (page.size() == 2) {
      EXPECT_EQ(page[0].id, w.child);
      EXPECT_EQ(page[0].name, identity.name);
      EXPECT_TRUE(page[0].name_tokens.empty());
      EXPECT_EQ(page[1].id, namesakes[3]);
    }
    SHOUHU_ASSIGN_OR_RETURN(auto none, child_store::FindByIds(tx, {}));
    EXPECT_TRUE(none.empty());
    return Status::Ok();
  }));

  ChildRecord ghost = identity;
  ghost.id = 987'654;
  const Status unknown = db_->Write([&](Tx& tx) { return child_store::UpdateIdentity(tx, ghost); });
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound) << Describe(unknown);
}

TEST_P(StorageContract, ChildScanPagesInIdOrder) {
  MigrateOrDie();
  CaseWorld w(*db_);
  std::vector<int64_t> ids = {w.child};
  for (int i = 0; i < 4; ++i) {
    const std::string t = "tok-" + std::to_string(i);
    ids.push_back(w.InsertChild(MakeChild("c" + std::to_string(i), {t + "b", t + "a"})));
  }
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto first, child_store::Scan(tx, 0, 3));
    SHOUHU_ASSIGN_OR_RETURN(auto rest, child_store::Scan(tx, first.back().id, 3));
    std::vector<int64_t> seen;
    std::vector<std::vector<std::string>> tokens;
    for (const auto& c : first) {
      seen.push_back(c.id);
      tokens.push_back(c.name_tokens);
    }
    for (const auto& c : rest) {
      seen.push_back(c.id);
      tokens.push_back(c.name_tokens);
    }
    EXPECT_EQ(seen, ids);
    EXPECT_EQ(tokens, (std::vector<std::vector<std::string>>{{},
                                                             {"tok-0a", "tok-0b"},
                                                             {"tok-1a", "tok-1b"},
                                                             {"tok-2a", "tok-2b"},
                                                             {"tok-3a", "tok-3b"}}));
    EXPECT_EQ(child_store::Scan(tx, 0, 0).status().code(), StatusCode::kInvalidArgument);
    return Status::Ok();
  }));
}

TEST_P(StorageContract, ChildNameTokensFindCasesByEveryGivenToken) {
  MigrateOrDie();
  CaseWorld w(*db_);
  // Bigram tokens of two made-up names sharing one bigram ("tok-b"); "tok-a" appears twice in
  // the first name and is stored once.
  const int64_t first = w.InsertChild(MakeChild("one", {"tok-a", "tok-b", "tok-a"}));
  const int64_t second = w.InsertChild(MakeChild("two", {"tok-b", "tok-c"}));
  CaseRecord a = MakeCase(w, "NG-2026-000001");
  a.child_id = first;
  CaseRecord b = MakeCase(w, "NG-2026-000002");
  b.child_id = second;
  w.InsertCase(a);
  w.InsertCase(b);
  w.InsertCase(MakeCase(w, "NG-2026-000003"));  // the world's child has no tokens

  const auto search = [&](std::vector<std::string> tokens) {
    CaseFilter filter;
    filter.name_tokens = std::move(tokens);
    return w.ListNumbers(filter);
  };
  EXPECT_EQ(search({"tok-b"}), (std::vector<std::string>{"NG-2026-000002", "NG-2026-000001"}));
  EXPECT_EQ(search({"tok-a", "tok-b"}), (std::vector<std::string>{"NG-2026-000001"}));
  EXPECT_EQ(search({"tok-b", "tok-c"}), (std::vector<std::string>{"NG-2026-000002"}));
  EXPECT_TRUE(search({"tok-a", "tok-c"}).empty());
  EXPECT_TRUE(search({"tok-z"}).empty());

  // New identity, new tokens: the old ones no longer match.
  ChildRecord renamed = *w.FindChild(first);
  renamed.name = FakeCiphertext(9);
  renamed.name_tokens = {"tok-x", "tok-y"};
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) { return child_store::UpdateIdentity(tx, renamed); }));
  EXPECT_EQ(search({"tok-b"}), (std::vector<std::string>{"NG-2026-000002"}));
  EXPECT_EQ(search({"tok-x", "tok-y"}), (std::vector<std::string>{"NG-2026-000001"}));

  // Reads return the tokens, so writing a record back (key rotation re-encrypts every child it
  // scans) keeps them.
  EXPECT_EQ(w.FindChild(second)->name_tokens, (std::vector<std::string>{"tok-b", "tok-c"}));
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto page, child_store::Scan(tx, 0, 100));
    for (ChildRecord& child : page) {
      child.name = FakeCiphertext(static_cast<uint32_t>(child.id) + 100);
      SHOUHU_RETURN_IF_ERROR(child_store::UpdateIdentity(tx, child));
    }
    return Status::Ok();
  }));
  EXPECT_EQ(search({"tok-b"}), (std::vector<std::string>{"NG-2026-000002"}));
  EXPECT_EQ(search({"tok-x"}), (std::vector<std::string>{"NG-2026-000001"}));
  EXPECT_EQ(w.FindChild(first)->name, FakeCiphertext(static_cast<uint32_t>(first) + 100));
}

// ---- case numbers ----

TEST_P(StorageContract, CaseNumbersCountPerPrefixAndYear) {
  MigrateOrDie();
  const auto next = [&](const std::string& prefix, int year) {
    int64_t n = 0;
    const Status st = db_->Write([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(n, case_store::NextNumber(tx, prefix, year));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << Describe(st);
    return n;
  };
  EXPECT_EQ(next("NG", 2026), 1);
  EXPECT_EQ(next("NG", 2026), 2);
  EXPECT_EQ(next("NG", 2027), 1);
  EXPECT_EQ(next("DL", 2026), 1);
  EXPECT_EQ(next("NG", 2026), 3);

  // Two draws in one unit of work; a unit that rolls back gives its numbers back.
  int64_t a = 0;
  int64_t b = 0;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(a, case_store::NextNumber(tx, "NG", 2026));
    SHOUHU_ASSIGN_OR_RETURN(b, case_store::NextNumber(tx, "NG", 2026));
    return Status::Ok();
  }));
  EXPECT_EQ(a, 4);
  EXPECT_EQ(b, 5);
  const Status refused = db_->Write([&](Tx& tx) -> Status {
    SHOUHU_RETURN_IF_ERROR(case_store::NextNumber(tx, "NG", 2026).status());
    return Status::Unprocessable("refused_by_job");
  });
  EXPECT_EQ(refused.code(), StatusCode::kUnprocessable);
  EXPECT_EQ(next("NG", 2026), 6);
}

TEST_P(StorageContract, CaseNumbersConcurrentWritesDrawDistinct) {
  MigrateOrDie();
  constexpr int kWrites = 50;
  std::vector<int64_t> drawn(kWrites, 0);
  std::vector<Status> results(kWrites);
  std::latch start(1);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWrites; ++i) {
    threads.emplace_back([&, i] {
      start.wait();
      results[i] = db_->Write([&](Tx& tx) -> Status {
        SHOUHU_ASSIGN_OR_RETURN(drawn[i], case_store::NextNumber(tx, "NG", 2026));
        return Status::Ok();
      });
    });
  }
  start.count_down();
  for (std::thread& t : threads) t.join();
  for (const Status& st : results) EXPECT_TRUE(st.ok()) << Describe(st);
  std::sort(drawn.begin(), drawn.end());
  std::vector<int64_t> expected(kWrites);
  for (int i = 0; i < kWrites; ++i) expected[i] = i + 1;
  EXPECT_EQ(drawn, expected);
}

// ---- cases ----

TEST_P(StorageContract, CaseInsertsAndFinds) {
  MigrateOrDie();
  CaseWorld w(*db_);
  CaseRecord record = MakeCase(w, "NG-2026-000123");
  record.aggravating_flags = "disability,repeated";
  record.reporter_category = "school";
  record.situation_code = "R3";
  record.late = true;
  record.via_mandatory_report = true;
  record.created_by_user = w.reporter;
  record.created_by_unit = w.school;
  const int64_t id = w.InsertCase(record);
  ASSERT_GT(id, 0);

  const std::optional<CaseRecord> found = w.FindCase(id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->version, 1);
  ExpectSameCase(*found, record);
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto by_number, case_store::FindByNumber(tx, "NG-2026-000123"));
    EXPECT_TRUE(by_number.has_value());
    if (by_number) {
      EXPECT_EQ(by_number->id, id);
    }
    SHOUHU_ASSIGN_OR_RETURN(auto no_number, case_store::FindByNumber(tx, "NG-2026-999999"));
    EXPECT_FALSE(no_number.has_value());
    SHOUHU_ASSIGN_OR_RETURN(auto no_id, case_store::FindById(tx, id + 1000));
    EXPECT_FALSE(no_id.has_value());
    return Status::Ok();
  }));
}

TEST_P(StorageContract, CaseInsertMapsConstraintErrors) {
  MigrateOrDie();
  CaseWorld w(*db_);
  w.InsertCase(MakeCase(w, "NG-2026-000001"));
  const auto insert = [&](const CaseRecord& record) {
    return db_->Write([&](Tx& tx) { return case_store::Insert(tx, record).status(); });
  };
  const Status duplicate = insert(MakeCase(w, "NG-2026-000001"));
  EXPECT_EQ(duplicate.code(), StatusCode::kConflict) << Describe(duplicate);
  EXPECT_EQ(duplicate.fields().count("case_number"), 1u);

  CaseRecord no_child = MakeCase(w, "NG-2026-000002");
  no_child.child_id = 424'242;
  EXPECT_EQ(insert(no_child).code(), StatusCode::kInvalidArgument);
  CaseRecord no_unit = MakeCase(w, "NG-2026-000003");
  no_unit.lead_unit_id = 424'242;
  EXPECT_EQ(insert(no_unit).code(), StatusCode::kInvalidArgument);
  CaseRecord no_user = MakeCase(w, "NG-2026-000004");
  no_user.created_by_user = 424'242;
  EXPECT_EQ(insert(no_user).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(w.ListNumbers(CaseFilter{}), (std::vector<std::string>{"NG-2026-000001"}));
}

TEST_P(StorageContract, CaseUpdateNeedsTheCurrentVersion) {
  MigrateOrDie();
  CaseWorld w(*db_);
  const CaseRecord original = MakeCase(w, "NG-2026-000001");
  const int64_t id = w.InsertCase(original);
  CaseRecord edit = *w.FindCase(id);
  edit.status = "assessing";
  edit.harm_types = "sexual_abuse,online_grooming";
  edit.aggravating_flags = "repeated";
  edit.risk_level = "urgent";
  edit.intake_channel = "police";
  edit.reporter_category = "hospital";
  edit.situation_code = "R1";
  edit.discovered_at = kT0 - kHour;
  edit.reported_at = kT0 + 30 * kHour;
  edit.late = true;
  edit.lead_unit_id = w.police;
  edit.district_code = "230102";
  edit.legal_basis = "guardian_consent";
  edit.age_at_incident = 12;
  edit.updated_at = kT0 + 50 * kHour;

  bool changed = false;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(changed, case_store::Update(tx, edit, 1));
    return Status::Ok();
  }));
  EXPECT_TRUE(changed);
  const std::optional<CaseRecord> after = w.FindCase(id);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->version, 2);
  ExpectSameCase(*after, edit);

  // A stale version (someone else saved first) changes nothing.
  CaseRecord stale = edit;
  stale.status = "closed";
  stale.risk_level = "low";
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(changed, case_store::Update(tx, stale, 1));
    return Status::Ok();
  }));
  EXPECT_FALSE(changed);
  const std::optional<CaseRecord> unchanged = w.FindCase(id);
  ASSERT_TRUE(unchanged.has_value());
  EXPECT_EQ(unchanged->version, 2);
  ExpectSameCase(*unchanged, edit);

  // Identity-like columns are not editable through Update.
  CaseRecord sneaky = edit;
  sneaky.case_number = "NG-2026-777777";
  sneaky.created_by_user = w.reporter;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(changed, case_store::Update(tx, sneaky, 2));
    return Status::Ok();
  }));
  EXPECT_TRUE(changed);
  EXPECT_EQ(w.FindCase(id)->case_number, "NG-2026-000001");
  EXPECT_EQ(w.FindCase(id)->created_by_user, w.caseworker);

  CaseRecord ghost = edit;
  ghost.id = id + 1000;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(changed, case_store::Update(tx, ghost, 1));
    return Status::Ok();
  }));
  EXPECT_FALSE(changed);
}

TEST_P(StorageContract, CaseSetChildLinksTheCaseToAnotherChild) {
  MigrateOrDie();
  CaseWorld w(*db_);
  const int64_t id = w.InsertCase(MakeCase(w, "NG-2026-000001"));
  const int64_t other = w.InsertChild(MakeChild("other"));
  SHOUHU_ASSERT_OK(
      db_->Write([&](Tx& tx) { return case_store::SetChild(tx, id, other, kT0 + 9 * kHour); }));
  const std::optional<CaseRecord> linked = w.FindCase(id);
  ASSERT_TRUE(linked.has_value());
  EXPECT_EQ(linked->child_id, other);
  EXPECT_EQ(linked->updated_at, kT0 + 9 * kHour);
  EXPECT_EQ(linked->version, 2);

  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto of_other, case_store::ListByChild(tx, other));
    EXPECT_EQ(Numbers(of_other), (std::vector<std::string>{"NG-2026-000001"}));
    SHOUHU_ASSIGN_OR_RETURN(auto of_first, case_store::ListByChild(tx, w.child));
    EXPECT_TRUE(of_first.empty());
    return Status::Ok();
  }));

  const Status no_case =
      db_->Write([&](Tx& tx) { return case_store::SetChild(tx, id + 1000, other, kT0); });
  EXPECT_EQ(no_case.code(), StatusCode::kNotFound) << Describe(no_case);
  const Status no_child =
      db_->Write([&](Tx& tx) { return case_store::SetChild(tx, id, 424'242, kT0); });
  EXPECT_EQ(no_child.code(), StatusCode::kInvalidArgument) << Describe(no_child);
  EXPECT_EQ(w.FindCase(id)->child_id, other);
}

TEST_P(StorageContract, CaseListByChildIsNewestFirst) {
  MigrateOrDie();
  CaseWorld w(*db_);
  w.InsertCase(MakeCase(w, "NG-2026-000001"));
  w.InsertCase(MakeCase(w, "NG-2026-000002"));
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto cases, case_store::ListByChild(tx, w.child));
    EXPECT_EQ(Numbers(cases), (std::vector<std::string>{"NG-2026-000002", "NG-2026-000001"}));
    return Status::Ok();
  }));
}

// ---- the case list ----

// Six cases that differ in one attribute each from the first, for the filter tests; returns
// their ids in insertion order.
std::vector<int64_t> InsertSixCases(CaseWorld& w) {
  std::vector<int64_t> ids;
  const int64_t tokened = w.InsertChild(MakeChild("tokened", {"tok-n1", "tok-n2"}));

  CaseRecord c1 = MakeCase(w, "NG-2026-000001");  // the baseline
  CaseRecord c2 = MakeCase(w, "NG-2026-000002");
  c2.status = "closed";
  c2.harm_types = "neglect,physical_abuse";
  CaseRecord c3 = MakeCase(w, "NG-2026-000003");
  c3.risk_level = "low";
  c3.harm_types = "physical_abuse";
  c3.intake_channel = "mandatory_report";
  c3.via_mandatory_report = true;
  c3.created_by_user = w.reporter;
  c3.created_by_unit = w.school;
  CaseRecord c4 = MakeCase(w, "NG-2026-000004");
  c4.lead_unit_id = w.police;
  c4.district_code = "230102";
  c4.harm_types = "physical_abuse_severe";  // contains "physical_abuse" only as a prefix
  CaseRecord c5 = MakeCase(w, "NG-2026-000005");
  c5.reported_at = kT0 + 48 * kHour;
  c5.child_id = tokened;
  CaseRecord c6 = MakeCase(w, "NG-2026-000006");
  c6.created_by_user = w.reporter;  // filed by the reporter's user, but not as a mandatory report
  c6.reported_at = kT0 + 96 * kHour;
  for (const CaseRecord& c : {c1, c2, c3, c4, c5, c6}) ids.push_back(w.InsertCase(c));
  return ids;
}

TEST_P(StorageContract, CaseListEachFilterAlone) {
  MigrateOrDie();
  CaseWorld w(*db_);
  const std::vector<int64_t> ids = InsertSixCases(w);
  using V = std::vector<std::string>;
  EXPECT_EQ(w.ListNumbers(CaseFilter{}), (V{"NG-2026-000006", "NG-2026-000005", "NG-2026-000004",
                                            "NG-2026-000003", "NG-2026-000002", "NG-2026-000001"}));
  CaseFilter f;
  f.status = "closed";
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000002"}));
  f = {};
  f.risk_level = "low";
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000003"}));
  f = {};
  f.harm_type = "physical_abuse";  // whole codes only: not physical_abuse_severe
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000003", "NG-2026-000002"}));
  f.harm_type = "neglect";
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000002"}));
  f.harm_type = "abuse";
  EXPECT_TRUE(w.ListNumbers(f).empty());
  f = {};
  f.intake_channel = "mandatory_report";
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000003"}));
  f = {};
  f.unit_id = w.police;
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000004"}));
  f = {};
  f.district_code = "230102";
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000004"}));
  f = {};
  f.reported_from = kT0 + 48 * kHour;  // inclusive
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000006", "NG-2026-000005"}));
  f = {};
  f.reported_to = kT0 + 48 * kHour;  // exclusive
  EXPECT_EQ(w.ListNumbers(f),
            (V{"NG-2026-000004", "NG-2026-000003", "NG-2026-000002", "NG-2026-000001"}));
  f = {};
  f.case_number = "NG-2026-000003";
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000003"}));
  f = {};
  f.name_tokens = {"tok-n2"};
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000005"}));
  f = {};
  f.limit = 2;
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000006", "NG-2026-000005"}));
  f = {};
  f.before_id = ids[2];
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000002", "NG-2026-000001"}));
}

TEST_P(StorageContract, CaseListFiltersCombine) {
  MigrateOrDie();
  CaseWorld w(*db_);
  const std::vector<int64_t> ids = InsertSixCases(w);
  using V = std::vector<std::string>;
  CaseFilter f;
  f.harm_type = "sexual_abuse";
  f.reported_from = kT0 + 2 * kHour;
  f.reported_to = kT0 + 72 * kHour;
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000005"}));
  f = {};
  f.district_code = "230103";
  f.risk_level = "high";
  f.status = "registered";
  f.intake_channel = "hotline";
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000006", "NG-2026-000005", "NG-2026-000001"}));
  f.name_tokens = {"tok-n1", "tok-n2"};
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000005"}));
  f.name_tokens = {"tok-n1", "tok-other"};
  EXPECT_TRUE(w.ListNumbers(f).empty());
  f = {};
  f.visible_district = "230103";
  f.harm_type = "physical_abuse";
  f.before_id = ids[2];
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000002"}));
  f = {};
  f.visible_to_unit = w.lead_unit;
  f.status = "closed";
  EXPECT_EQ(w.ListNumbers(f), (V{"NG-2026-000002"}));
  f.status = "";
  f.district_code = "230102";
  EXPECT_TRUE(w.ListNumbers(f).empty());  // 000004 is in 230102, led by the police
  f = {};
  f.case_number = "NG-2026-000004";
  f.visible_district = "230103";
  EXPECT_TRUE(w.ListNumbers(f).empty());
}

TEST_P(StorageContract, CaseListVisibilityFollowsLeadUnitGrantsReporterAndDistrict) {
  MigrateOrDie();
  CaseWorld w(*db_);
  const std::vector<int64_t> ids = InsertSixCases(w);
  using V = std::vector<std::string>;
  const auto visible_to = [&](int64_t unit) {
    CaseFilter f;
    f.visible_to_unit = unit;
    return w.ListNumbers(f);
  };
  // The lead unit leads every case but 000004.
  EXPECT_EQ(visible_to(w.lead_unit), (V{"NG-2026-000006", "NG-2026-000005", "NG-2026-000003",
                                        "NG-2026-000002", "NG-2026-000001"}));
  EXPECT_EQ(visible_to(w.police), (V{"NG-2026-000004"}));
  EXPECT_TRUE(visible_to(w.school).empty());

  // An active grant shows the case; a revoked one no longer does.
  SHOUHU_ASSERT_OK(w.Grant(ids[0], w.school, "task", kT0));
  SHOUHU_ASSERT_OK(w.Grant(ids[1], w.school, "task", kT0));
  SHOUHU_ASSERT_OK(w.Grant(ids[0], w.police, "coordination", kT0));
  SHOUHU_ASSERT_OK(w.Grant(ids[3], w.police, "task", kT0));  // leads it too: listed once
  EXPECT_EQ(visible_to(w.school), (V{"NG-2026-000002", "NG-2026-000001"}));
  EXPECT_EQ(visible_to(w.police), (V{"NG-2026-000004", "NG-2026-000001"}));
  SHOUHU_ASSERT_OK(db_->Write(
      [&](Tx& tx) { return case_grant_store::Revoke(tx, ids[1], w.school, kT0 + kHour); }));
  EXPECT_EQ(visible_to(w.school), (V{"NG-2026-000001"}));

  // A reporter sees only what they filed as a mandatory report (not 000006, created by the same
  // user through another channel).
  CaseFilter mine;
  mine.created_by_user = w.reporter;
  EXPECT_EQ(w.ListNumbers(mine), (V{"NG-2026-000003"}));
  mine.created_by_user = w.caseworker;
  EXPECT_TRUE(w.ListNumbers(mine).empty());

  CaseFilter district;
  district.visible_district = "230102";
  EXPECT_EQ(w.ListNumbers(district), (V{"NG-2026-000004"}));
  district.visible_district = "230199";
  EXPECT_TRUE(w.ListNumbers(district).empty());

  // Paging through a unit's view (both branches contribute) loses and repeats nothing.
  SHOUHU_ASSERT_OK(w.Grant(ids[4], w.police, "task", kT0));
  CaseFilter police;
  police.visible_to_unit = w.police;
  const auto pages = w.Pages(police, 1);
  EXPECT_EQ(pages, (std::vector<std::vector<int64_t>>{{ids[4]}, {ids[3]}, {ids[0]}}));
}

TEST_P(StorageContract, CaseListKeysetPagingHasNoOverlapOrGap) {
  MigrateOrDie();
  CaseWorld w(*db_);
  std::vector<int64_t> ids;
  for (int i = 1; i <= 23; ++i) {
    CaseRecord c = MakeCase(w, "NG-2026-" + std::to_string(100 + i));
    if (i % 3 == 0) c.status = "closed";
    if (i % 4 == 0) c.lead_unit_id = w.police;
    ids.push_back(w.InsertCase(c));
  }
  // Grants on some police-led and lead-unit cases, so the unit's view mixes both branches.
  for (int i = 0; i < 23; i += 5) SHOUHU_ASSERT_OK(w.Grant(ids[i], w.police, "task", kT0));

  const auto expect_pages = [&](const CaseFilter& filter, int page_size,
                                const std::function<bool(int)>& included) {
    std::vector<int64_t> expected;
    for (int i = 22; i >= 0; --i) {
      if (included(i)) expected.push_back(ids[i]);
    }
    std::vector<int64_t> seen;
    for (const auto& page : w.Pages(filter, page_size)) {
      EXPECT_LE(page.size(), static_cast<size_t>(page_size));
      seen.insert(seen.end(), page.begin(), page.end());
    }
    EXPECT_EQ(seen, expected);
  };
  expect_pages(CaseFilter{}, 5, [](int) { return true; });
  expect_pages(CaseFilter{}, 23, [](int) { return true; });
  CaseFilter closed;
  closed.status = "closed";
  expect_pages(closed, 2, [](int i) { return (i + 1) % 3 == 0; });
  CaseFilter police;
  police.visible_to_unit = w.police;
  expect_pages(police, 3, [](int i) { return (i + 1) % 4 == 0 || i % 5 == 0; });
  police.status = "closed";
  expect_pages(police, 1,
               [](int i) { return ((i + 1) % 4 == 0 || i % 5 == 0) && (i + 1) % 3 == 0; });

  CaseFilter bad;
  bad.limit = 0;
  const Status st = db_->Read([&](Tx& tx) { return case_store::List(tx, bad).status(); });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << Describe(st);
}

// ---- incidents ----

TEST_P(StorageContract, IncidentsKeepNarrativeBytesExactly) {
  MigrateOrDie();
  CaseWorld w(*db_);
  const int64_t case_id = w.InsertCase(MakeCase(w, "NG-2026-000001"));
  IncidentRecord incident;
  incident.case_id = case_id;
  incident.occurred_on = "2025-12-20";
  incident.place_type = "online";
  incident.district_code = "230103";
  incident.online = true;
  incident.perpetrator_relationship = "stranger_online";
  incident.perpetrator_count = 2;
  incident.narrative = FakeCiphertext(42, 1000);
  IncidentRecord second = incident;
  second.online = false;
  second.place_type = "home";
  second.narrative = Blob{0};
  int64_t first_id = 0;
  int64_t second_id = 0;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(first_id, incident_store::Insert(tx, incident));
    SHOUHU_ASSIGN_OR_RETURN(second_id, incident_store::Insert(tx, second));
    return Status::Ok();
  }));
  const Blob rewritten = FakeCiphertext(43, 1017);
  SHOUHU_ASSERT_OK(
      db_->Write([&](Tx& tx) { return incident_store::UpdateNarrative(tx, first_id, rewritten); }));
  const Status missing =
      db_->Write([&](Tx& tx) { return incident_store::UpdateNarrative(tx, 987'654, {}); });
  EXPECT_EQ(missing.code(), StatusCode::kNotFound) << Describe(missing);
  IncidentRecord orphan = incident;
  orphan.case_id = 987'654;
  const Status no_case =
      db_->Write([&](Tx& tx) { return incident_store::Insert(tx, orphan).status(); });
  EXPECT_EQ(no_case.code(), StatusCode::kInvalidArgument) << Describe(no_case);

  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto listed, incident_store::ListByCase(tx, case_id));
    EXPECT_EQ(listed.size(), 2u);
    if (listed.size() != 2) return Status::Ok();
    EXPECT_EQ(listed[0].id, first_id);
    EXPECT_EQ(listed[0].case_id, case_id);
    EXPECT_EQ(listed[0].occurred_on, "2025-12-20");
    EXPECT_EQ(listed[0].place_type, "online");
    EXPECT_EQ(listed[0].district_code, "230103");
    EXPECT_TRUE(listed[0].online);
    EXPECT_EQ(listed[0].perpetrator_relationship, "stranger_online");
    EXPECT_EQ(listed[0].perpetrator_count, 2);
    EXPECT_EQ(listed[0].narrative, rewritten);
    EXPECT_FALSE(listed[1].online);
    EXPECT_EQ(listed[1].narrative, Blob{0});
    SHOUHU_ASSIGN_OR_RETURN(auto scanned, incident_store::Scan(tx, first_id, 10));
    EXPECT_EQ(scanned.size(), 1u);
    if (!scanned.empty()) {
      EXPECT_EQ(scanned[0].id, second_id);
    }
    EXPECT_EQ(incident_store::Scan(tx, 0, 0).status().code(), StatusCode::kInvalidArgument);
    return Status::Ok();
  }));
}

TEST_P(StorageContract, ChildCiphertextBlobsRoundTripExactly) {
  MigrateOrDie();
  CaseWorld w(*db_);
  // Every byte value, runs of zero bytes, and lengths around common block sizes.
  Blob every_byte;
  for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<unsigned char>(b));
  std::vector<Blob> blobs = {every_byte, Blob(64, 0), Blob{0, 1, 0}, Blob{0xff}};
  for (uint32_t seed = 1; seed <= 8; ++seed) blobs.push_back(FakeCiphertext(seed, 16 * seed + 1));
  for (size_t i = 0; i < blobs.size(); ++i) {
    ChildRecord child = MakeChild("blob" + std::to_string(i));
    int64_t id = 0;
    SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(id, child_store::Insert(tx, child));
      child.id = id;
      child.name = blobs[i];
      child.address = blobs[(i + 1) % blobs.size()];
      child.phone = Blob{};
      return child_store::UpdateIdentity(tx, child);
    }));
    const std::optional<ChildRecord> found = w.FindChild(id);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->name, blobs[i]) << i;
    EXPECT_EQ(found->address, blobs[(i + 1) % blobs.size()]) << i;
    EXPECT_TRUE(found->phone.empty());
  }
}

// ---- events ----

TEST_P(StorageContract, CaseEventsAppendAndListInOrder) {
  MigrateOrDie();
  CaseWorld w(*db_);
  const int64_t case_id = w.InsertCase(MakeCase(w, "NG-2026-000001"));
  const int64_t other_case = w.InsertCase(MakeCase(w, "NG-2026-000002"));
  const std::vector<std::string> kinds = {"created", "child_linked", "updated", "unmasked"};
  for (size_t i = 0; i < kinds.size(); ++i) {
    CaseEventRecord event;
    event.case_id = case_id;
    event.at = kT0 + static_cast<int64_t>(i);
    event.user_id = i == 0 ? std::optional<int64_t>() : w.caseworker;
    event.unit_id = w.lead_unit;
    event.kind = kinds[i];
    event.detail = R"({"version":)" + std::to_string(i + 1) + "}";
    SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) { return case_event_store::Append(tx, event); }));
  }
  CaseEventRecord elsewhere;
  elsewhere.case_id = other_case;
  elsewhere.at = kT0;
  elsewhere.kind = "created";
  elsewhere.detail = "{}";
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) { return case_event_store::Append(tx, elsewhere); }));
  elsewhere.case_id = 987'654;
  const Status orphan = db_->Write([&](Tx& tx) { return case_event_store::Append(tx, elsewhere); });
  EXPECT_EQ(orphan.code(), StatusCode::kInvalidArgument) << Describe(orphan);

  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto events, case_event_store::ListByCase(tx, case_id));
    EXPECT_EQ(events.size(), kinds.size());
    if (events.size() != kinds.size()) return Status::Ok();
    for (size_t i = 0; i < kinds.size(); ++i) {
      EXPECT_EQ(events[i].kind, kinds[i]);
      EXPECT_EQ(events[i].case_id, case_id);
      EXPECT_EQ(events[i].at, kT0 + static_cast<int64_t>(i));
      EXPECT_EQ(events[i].unit_id, w.lead_unit);
      if (i > 0) {
        EXPECT_GT(events[i].id, events[i - 1].id);
      }
    }
    EXPECT_FALSE(events[0].user_id.has_value());
    EXPECT_EQ(events[1].user_id, w.caseworker);
    EXPECT_EQ(events[3].detail, R"({"version":4})");
    SHOUHU_ASSIGN_OR_RETURN(auto other, case_event_store::ListByCase(tx, other_case));
    EXPECT_EQ(other.size(), 1u);
    return Status::Ok();
  }));
}

// ---- grants ----

TEST_P(StorageContract, CaseGrantsRevokeAndReGrant) {
  MigrateOrDie();
  CaseWorld w(*db_);
  const int64_t case_id = w.InsertCase(MakeCase(w, "NG-2026-000001"));
  EXPECT_FALSE(w.HasActiveGrant(case_id, w.police));
  SHOUHU_ASSERT_OK(w.Grant(case_id, w.police, "task", kT0 + 1));
  EXPECT_TRUE(w.HasActiveGrant(case_id, w.police));
  EXPECT_FALSE(w.HasActiveGrant(case_id, w.school));

  // Granting an active grant again leaves it as it was.
  SHOUHU_ASSERT_OK(w.Grant(case_id, w.police, "coordination", kT0 + 2));
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto grants, case_grant_store::ListByCase(tx, case_id));
    EXPECT_EQ(grants.size(), 1u);
    if (grants.empty()) return Status::Ok();
    EXPECT_EQ(grants[0].unit_id, w.police);
    EXPECT_EQ(grants[0].reason, "task");
    EXPECT_EQ(grants[0].granted_at, kT0 + 1);
    EXPECT_EQ(grants[0].granted_by, w.caseworker);
    EXPECT_EQ(grants[0].revoked_at, 0);
    return Status::Ok();
  }));

  const auto revoke = [&](int64_t at) {
    return db_->Write([&](Tx& tx) { return case_grant_store::Revoke(tx, case_id, w.police, at); });
  };
  SHOUHU_ASSERT_OK(revoke(kT0 + 3));
  EXPECT_FALSE(w.HasActiveGrant(case_id, w.police));
  EXPECT_EQ(revoke(kT0 + 4).code(), StatusCode::kNotFound);  // nothing active to revoke
  EXPECT_EQ(revoke(0).code(), StatusCode::kInvalidArgument);

  // Re-granting re-activates with the new reason and time.
  SHOUHU_ASSERT_OK(w.Grant(case_id, w.police, "coordination", kT0 + 5));
  EXPECT_TRUE(w.HasActiveGrant(case_id, w.police));
  SHOUHU_ASSERT_OK(w.Grant(case_id, w.school, "task", kT0 + 6));
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto grants, case_grant_store::ListByCase(tx, case_id));
    EXPECT_EQ(grants.size(), 2u);
    if (grants.size() != 2) return Status::Ok();
    EXPECT_EQ(grants[0].unit_id, w.police);
    EXPECT_EQ(grants[0].reason, "coordination");
    EXPECT_EQ(grants[0].granted_at, kT0 + 5);
    EXPECT_EQ(grants[0].revoked_at, 0);
    EXPECT_EQ(grants[1].unit_id, w.school);
    return Status::Ok();
  }));

  EXPECT_EQ(w.Grant(case_id, 424'242, "task", kT0).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(w.Grant(424'242, w.police, "task", kT0).code(), StatusCode::kInvalidArgument);
}

// ---- idempotency keys ----

TEST_P(StorageContract, IdempotencyKeysAreStoredOnce) {
  MigrateOrDie();
  IdempotencyRecord first;
  first.key = std::string(64, 'a');
  first.request_hash = std::string(64, 'b');
  first.status = 201;
  first.response = R"({"id":1,"case_number":"NG-2026-000001"})";
  first.created_at = kT0;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) { return idempotency_store::Insert(tx, first); }));

  IdempotencyRecord again = first;
  again.request_hash = std::string(64, 'c');
  again.response = "{}";
  const Status duplicate = db_->Write([&](Tx& tx) { return idempotency_store::Insert(tx, again); });
  EXPECT_EQ(duplicate.code(), StatusCode::kConflict) << Describe(duplicate);
  EXPECT_EQ(duplicate.fields().count("idempotency_key"), 1u);

  IdempotencyRecord later = first;
  later.key = std::string(64, 'd');
  later.created_at = kT0 + 48 * kHour;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) { return idempotency_store::Insert(tx, later); }));

  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto found, idempotency_store::Find(tx, first.key));
    EXPECT_TRUE(found.has_value());
    if (found) {
      EXPECT_EQ(found->key, first.key);
      EXPECT_EQ(found->request_hash, first.request_hash);
      EXPECT_EQ(found->status, 201);
      EXPECT_EQ(found->response, first.response);
      EXPECT_EQ(found->created_at, kT0);
    }
    SHOUHU_ASSIGN_OR_RETURN(auto none, idempotency_store::Find(tx, std::string(64, 'e')));
    EXPECT_FALSE(none.has_value());
    return Status::Ok();
  }));

  int64_t removed = 0;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(removed, idempotency_store::DeleteExpired(tx, kT0 + kHour));
    return Status::Ok();
  }));
  EXPECT_EQ(removed, 1);
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto gone, idempotency_store::Find(tx, first.key));
    EXPECT_FALSE(gone.has_value());
    SHOUHU_ASSIGN_OR_RETURN(auto kept, idempotency_store::Find(tx, later.key));
    EXPECT_TRUE(kept.has_value());
    return Status::Ok();
  }));
}

}  // namespace
}  // namespace shouhu::storage::contract
