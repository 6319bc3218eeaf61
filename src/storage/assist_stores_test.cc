// Storage contract cases of proceedings, protection orders, services and interviews: part of the
// StorageContract suite, so each runs on SQLite and PostgreSQL. Ciphertexts here are made-up bytes
// and every record is fictional.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/assist_stores.h"
#include "storage/case_stores.h"
#include "storage/database.h"
#include "storage/storage_contract.h"
#include "storage/stores.h"

namespace shouhu::storage::contract {
namespace {

constexpr int64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kHour = 3'600'000;

Blob Bytes(std::initializer_list<unsigned char> bytes) {
  return Blob(bytes);
}

// A migrated database with a court, a police unit, a caseworker, one girl and two of her cases.
struct AssistWorld {
  explicit AssistWorld(Database& db) : db(db) {
    const Status st = db.Write([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(lead, unit_store::Insert(tx, MakeUnit("NG-FL")));
      UnitRecord court_unit = MakeUnit("NG-FY");
      court_unit.kind = "court";
      SHOUHU_ASSIGN_OR_RETURN(court, unit_store::Insert(tx, court_unit));
      SHOUHU_ASSIGN_OR_RETURN(user, user_store::Insert(tx, MakeUser("worker", lead)));
      ChildRecord child_record;
      child_record.district_code = "230103";
      child_record.created_at = kT0;
      SHOUHU_ASSIGN_OR_RETURN(child, child_store::Insert(tx, child_record));
      for (int i = 1; i <= 2; ++i) {
        CaseRecord c;
        c.case_number = "NG-2026-00000" + std::to_string(i);
        c.child_id = child;
        c.intake_channel = "walk_in";
        c.discovered_at = kT0;
        c.reported_at = kT0;
        c.lead_unit_id = lead;
        c.district_code = "230103";
        c.legal_basis = "statutory_duty";
        c.created_by_user = user;
        c.created_by_unit = lead;
        c.created_at = kT0;
        c.updated_at = kT0;
        SHOUHU_ASSIGN_OR_RETURN(const int64_t id, case_store::Insert(tx, c));
        (i == 1 ? case_one : case_two) = id;
      }
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << Describe(st);
  }
  Database& db;
  int64_t lead = 0, court = 0, user = 0, child = 0, case_one = 0, case_two = 0;
};

ProceedingRecord Stage(int64_t case_id, const std::string& stage, int64_t at, int64_t unit) {
  ProceedingRecord p;
  p.case_id = case_id;
  p.kind = "stage";
  p.stage = stage;
  p.at = at;
  p.recorded_by_unit = unit;
  p.created_at = at;
  return p;
}

TEST_P(StorageContract, ProceedingsRoundTripInDateOrderAndEachStageOnce) {
  MigrateOrDie();
  AssistWorld w(*db_);
  int64_t filed = 0;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    ProceedingRecord registered = Stage(w.case_one, "police_registered", kT0 + kHour, w.lead);
    registered.recorded_by_user = w.user;
    SHOUHU_RETURN_IF_ERROR(proceeding_store::Insert(tx, registered).status());
    ProceedingRecord case_filed = Stage(w.case_one, "case_filed", kT0 + 30 * kHour, w.lead);
    case_filed.complex = true;
    SHOUHU_ASSIGN_OR_RETURN(filed, proceeding_store::Insert(tx, case_filed));
    SHOUHU_RETURN_IF_ERROR(
        proceeding_store::UpdateSecrets(tx, filed, Bytes({0, 1, 0}), Bytes({0, 2, 2, 0})));
    // Warning letters are not stages: several per case.
    for (int i = 0; i < 2; ++i) {
      ProceedingRecord letter = Stage(w.case_one, "", kT0 + (2 + i) * kHour, w.lead);
      letter.kind = "warning_letter";
      SHOUHU_RETURN_IF_ERROR(proceeding_store::Insert(tx, letter).status());
    }
    // The same stage on another case is fine.
    return proceeding_store::Insert(tx, Stage(w.case_two, "police_registered", kT0, w.lead))
        .status();
  }));
  // The same stage twice on one case: a conflict naming the stage, and nothing written.
  const Status again = db_->Write([&](Tx& tx) {
    return proceeding_store::Insert(tx, Stage(w.case_one, "case_filed", kT0 + 40 * kHour, w.lead))
        .status();
  });
  EXPECT_EQ(again.code(), StatusCode::kConflict) << Describe(again);
  EXPECT_EQ(again.fields().count("stage"), 1u);

  std::vector<ProceedingRecord> rows;
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(rows, proceeding_store::ListByCase(tx, w.case_one));
    return Status::Ok();
  }));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].stage, "police_registered");
  EXPECT_EQ(rows[0].recorded_by_user, w.user);
  EXPECT_EQ(rows[1].kind, "warning_letter");
  EXPECT_EQ(rows[2].kind, "warning_letter");
  EXPECT_EQ(rows[3].id, filed);
  EXPECT_TRUE(rows[3].complex);
  EXPECT_FALSE(rows[3].priority);
  EXPECT_FALSE(rows[3].recorded_by_user.has_value());
  EXPECT_EQ(rows[3].reason, Bytes({0, 1, 0}));
  EXPECT_EQ(rows[3].note, Bytes({0, 2, 2, 0}));
  EXPECT_TRUE(rows[0].note.empty());

  std::vector<ProceedingRecord> page;
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(page, proceeding_store::Scan(tx, 0, 2));
    return Status::Ok();
  }));
  ASSERT_EQ(page.size(), 2u);
  EXPECT_LT(page[0].id, page[1].id);
  EXPECT_EQ(
      db_->Write([&](Tx& tx) { return proceeding_store::UpdateSecrets(tx, 9999, {}, {}); }).code(),
      StatusCode::kNotFound);
  EXPECT_EQ(db_->Read([&](Tx& tx) { return proceeding_store::Scan(tx, 0, 0).status(); }).code(),
            StatusCode::kInvalidArgument);
}

TEST_P(StorageContract, AProtectionOrderIsDecidedOnce) {
  MigrateOrDie();
  AssistWorld w(*db_);
  int64_t id = 0;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    ProtectionOrderRecord o;
    o.case_id = w.case_one;
    o.applied_at = kT0;
    o.urgent = true;
    o.applied_by_user = w.user;
    o.applied_by_unit = w.lead;
    o.created_at = kT0;
    SHOUHU_ASSIGN_OR_RETURN(id, protection_order_store::Insert(tx, o));
    return protection_order_store::UpdateNote(tx, id, Bytes({9, 0, 9}));
  }));
  ProtectionOrderRecord decision;
  decision.id = id;
  decision.case_id = w.case_two;  // the wrong case: nothing changes
  decision.decided_at = kT0 + 20 * kHour;
  decision.outcome = "granted";
  decision.valid_until = "2026-06-30";
  decision.decided_by_unit = w.court;
  bool decided = true;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(decided, protection_order_store::Decide(tx, decision));
    return Status::Ok();
  }));
  EXPECT_FALSE(decided);
  decision.case_id = w.case_one;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(decided, protection_order_store::Decide(tx, decision));
    return Status::Ok();
  }));
  EXPECT_TRUE(decided);
  decision.outcome = "refused";
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(decided, protection_order_store::Decide(tx, decision));
    return Status::Ok();
  }));
  EXPECT_FALSE(decided) << "a decision is final";
  std::optional<ProtectionOrderRecord> found;
  std::vector<ProtectionOrderRecord> listed;
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(found, protection_order_store::FindById(tx, id));
    SHOUHU_ASSIGN_OR_RETURN(listed, protection_order_store::ListByCase(tx, w.case_one));
    return Status::Ok();
  }));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->outcome, "granted");
  EXPECT_EQ(found->valid_until, "2026-06-30");
  EXPECT_EQ(found->decided_at, kT0 + 20 * kHour);
  EXPECT_EQ(found->decided_by_unit, w.court);
  EXPECT_FALSE(found->decided_by_user.has_value());
  EXPECT_TRUE(found->urgent);
  EXPECT_EQ(found->note, Bytes({9, 0, 9}));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].applied_by_user, w.user);
}

TEST_P(StorageContract, ServicesKeepMoneyInFenAndRefuseANegativeAmount) {
  MigrateOrDie();
  AssistWorld w(*db_);
  ServiceRecord s;
  s.case_id = w.case_one;
  s.service_type = "civil_affairs_living_aid";
  s.unit_id = w.lead;
  s.delivered_on = "2026-03-05";
  s.minutes = 90;
  s.sessions = 2;
  s.amount_fen = 9'999'999'999;
  s.recorded_by_unit = w.lead;
  s.created_at = kT0;
  int64_t id = 0;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(id, service_store::Insert(tx, s));
    ServiceRecord earlier = s;
    earlier.delivered_on = "2026-03-01";
    earlier.amount_fen = 0;
    SHOUHU_RETURN_IF_ERROR(service_store::Insert(tx, earlier).status());
    return service_store::UpdateNotes(tx, id, Bytes({0, 7}));
  }));
  ServiceRecord negative = s;
  negative.amount_fen = -1;
  EXPECT_FALSE(
      db_->Write([&](Tx& tx) { return service_store::Insert(tx, negative).status(); }).ok())
      << "the database refuses negative money too";
  ServiceRecord orphan = s;
  orphan.unit_id = 9999;
  EXPECT_EQ(db_->Write([&](Tx& tx) { return service_store::Insert(tx, orphan).status(); }).code(),
            StatusCode::kInvalidArgument);
  std::vector<ServiceRecord> rows;
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(rows, service_store::ListByCase(tx, w.case_one));
    return Status::Ok();
  }));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].delivered_on, "2026-03-01");
  EXPECT_EQ(rows[1].id, id);
  EXPECT_EQ(rows[1].amount_fen, 9'999'999'999);
  EXPECT_EQ(rows[1].minutes, 90);
  EXPECT_EQ(rows[1].sessions, 2);
  EXPECT_EQ(rows[1].notes, Bytes({0, 7}));
  EXPECT_EQ(rows[1].service_type, "civil_affairs_living_aid");
}

TEST_P(StorageContract, InterviewsAreCountedPerGirlAcrossHerCases) {
  MigrateOrDie();
  AssistWorld w(*db_);
  int64_t first = 0;
  SHOUHU_ASSERT_OK(db_->Write([&](Tx& tx) -> Status {
    InterviewRecord i;
    i.case_id = w.case_one;
    i.at = kT0 + kHour;
    i.conducted_by_unit = w.lead;
    i.recorded_by_user = w.user;
    i.created_at = kT0 + kHour;
    i.viewer_unit_ids = {w.lead, w.court};
    SHOUHU_ASSIGN_OR_RETURN(first, interview_store::Insert(tx, i));
    SHOUHU_RETURN_IF_ERROR(interview_store::UpdateSecrets(tx, first, Bytes({1}), Bytes({0, 3, 0})));
    InterviewRecord again = i;
    again.case_id = w.case_two;
    again.viewer_unit_ids = {};
    return interview_store::Insert(tx, again).status();
  }));
  // An unknown viewer unit rolls the whole insert back.
  const Status bad = db_->Write([&](Tx& tx) {
    InterviewRecord i;
    i.case_id = w.case_one;
    i.at = kT0;
    i.conducted_by_unit = w.lead;
    i.created_at = kT0;
    i.viewer_unit_ids = {9999};
    return interview_store::Insert(tx, i).status();
  });
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument) << Describe(bad);
  int64_t count = 0;
  std::vector<InterviewRecord> rows;
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(count, interview_store::CountByChild(tx, w.child));
    SHOUHU_ASSIGN_OR_RETURN(rows, interview_store::ListByCase(tx, w.case_one));
    return Status::Ok();
  }));
  EXPECT_EQ(count, 2) << "both cases are the same girl's";
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, first);
  EXPECT_EQ(rows[0].viewer_unit_ids, (std::vector<int64_t>{w.lead, w.court}));
  EXPECT_EQ(rows[0].reason, Bytes({1}));
  EXPECT_EQ(rows[0].note, Bytes({0, 3, 0}));
  EXPECT_EQ(rows[0].recorded_by_user, w.user);
  SHOUHU_ASSERT_OK(db_->Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(count, interview_store::CountByChild(tx, w.child + 1));
    return Status::Ok();
  }));
  EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace shouhu::storage::contract
