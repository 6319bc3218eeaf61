// AssistanceService on a real (SQLite) database with a settable clock: who may record each kind
// (the table in assistance_service.h), the clocks read back with each stage, order and input
// checks that change nothing, views, the interview count, idempotent replays, audit rows and case
// events written with each record, and notes encrypted at rest and through key rotation. Every
// name and record is fictional.
#include "service/assistance_service.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/intake.h"
#include "security/field_cipher.h"
#include "service/test_support.h"
#include "storage/assist_stores.h"
#include "storage/case_stores.h"
#include "storage/stores.h"

namespace shouhu::service {
namespace {

using domain::Role;
using storage::Tx;

constexpr int64_t kHour = 3'600'000;

int64_t At(const char* text) {
  return domain::ParseDateTime(text, "at").value();
}

class AssistanceServiceTest : public ::testing::Test {
 protected:
  AssistanceServiceTest()
      : clock_(At("2026-04-01T09:00:00+08:00")),
        key_file_(security::GenerateKeyFile(random_)),
        keys_(security::LoadKeyRing(key_file_).value()),
        cases_(t_.db(), clock_, random_, keys_, domain::Enumerations::Defaults(), {}),
        assist_(t_.db(), clock_, random_, keys_, cases_, {}) {
    const Status st = t_.db().Write([&](Tx& tx) -> Status {
      auto unit = [&](const std::string& code, const std::string& kind,
                      const std::string& district = "230103") -> Result<int64_t> {
        return storage::unit_store::Insert(tx, {.code = code,
                                                .name = "测试" + code,
                                                .kind = kind,
                                                .district_code = district,
                                                .created_at = 1});
      };
      SHOUHU_ASSIGN_OR_RETURN(fl_, unit("NG-FL", "womens_federation"));
      SHOUHU_ASSIGN_OR_RETURN(ga_, unit("NG-GA", "police"));
      SHOUHU_ASSIGN_OR_RETURN(jc_, unit("NG-JC", "procuratorate"));
      SHOUHU_ASSIGN_OR_RETURN(fy_, unit("NG-FY", "court"));
      SHOUHU_ASSIGN_OR_RETURN(yy_, unit("NG-YY", "health"));
      SHOUHU_ASSIGN_OR_RETURN(sg_, unit("NG-SG", "social_org"));
      SHOUHU_ASSIGN_OR_RETURN(ld_, unit("NG-LD", "leadership"));
      SHOUHU_ASSIGN_OR_RETURN(other_police_, unit("NG-GA2", "police"));
      storage::ChildRecord child{.district_code = "230103", .created_at = 1};
      SHOUHU_ASSIGN_OR_RETURN(child_, storage::child_store::Insert(tx, child));
      SHOUHU_ASSIGN_OR_RETURN(const int64_t author, AddUser(tx, "author", fl_, Role::kCoordinator));
      for (int i = 1; i <= 2; ++i) {
        storage::CaseRecord c{.case_number = "NG-2026-00000" + std::to_string(i),
                              .child_id = child_,
                              .intake_channel = "walk_in",
                              .discovered_at = 1,
                              .reported_at = 1,
                              .lead_unit_id = fl_,
                              .district_code = "230103",
                              .legal_basis = "statutory_duty",
                              .created_by_user = author,
                              .created_by_unit = fl_,
                              .created_at = 1,
                              .updated_at = 1};
        SHOUHU_ASSIGN_OR_RETURN(const int64_t id, storage::case_store::Insert(tx, c));
        (i == 1 ? case_ : second_case_) = id;
        for (int64_t unit_id : {ga_, jc_, fy_, yy_, sg_}) {
          SHOUHU_RETURN_IF_ERROR(storage::case_grant_store::Grant(tx, {.case_id = id,
                                                                       .unit_id = unit_id,
                                                                       .reason = "task",
                                                                       .granted_at = 1,
                                                                       .granted_by = author}));
        }
      }
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.message();
    coordinator_ = MakeActor("coordinator", fl_, Role::kCoordinator);
    police_ = MakeActor("police", ga_, Role::kCaseworker);
    prosecutor_ = MakeActor("prosecutor", jc_, Role::kCaseworker);
    judge_ = MakeActor("judge", fy_, Role::kCaseworker);
    doctor_ = MakeActor("doctor", yy_, Role::kCaseworker);
    volunteer_ = MakeActor("volunteer", sg_, Role::kVolunteer);
    leader_ = MakeActor("leader", ld_, Role::kLeader);
    stranger_ = MakeActor("stranger", other_police_, Role::kCaseworker);
  }

  static Result<int64_t> AddUser(Tx& tx, const std::string& name, int64_t unit, Role role) {
    return storage::user_store::Insert(tx, {.username = name,
                                            .display_name = name,
                                            .unit_id = unit,
                                            .role = std::string(domain::RoleCode(role)),
                                            .password_hash = "x",
                                            .created_at = 1,
                                            .password_changed_at = 1});
  }

  Actor MakeActor(const std::string& name, int64_t unit, Role role) {
    Actor a{.unit_id = unit, .role = role, .username = name, .client_address = "127.0.0.1"};
    const Status st = t_.db().Write([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(const int64_t id, AddUser(tx, name, unit, role));
      a.user_id = id;
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.message();
    return a;
  }

  ProceedingInput StageAt(const std::string& stage, const char* at) {
    return {.kind = "stage", .at = at, .stage = stage};
  }

  // Audit rows and case events so far.
  std::pair<size_t, size_t> Counts() {
    size_t audit = 0, events = 0;
    EXPECT_TRUE(t_.db()
                    .Read([&](Tx& tx) -> Status {
                      SHOUHU_ASSIGN_OR_RETURN(auto rows, storage::audit_store::Scan(tx, 0, 100000));
                      audit = rows.size();
                      SHOUHU_ASSIGN_OR_RETURN(auto ev,
                                              storage::case_event_store::ListByCase(tx, case_));
                      events = ev.size();
                      return Status::Ok();
                    })
                    .ok());
    return {audit, events};
  }

  std::vector<storage::AuditRecord> AuditRows() {
    std::vector<storage::AuditRecord> rows;
    EXPECT_TRUE(t_.db()
                    .Read([&](Tx& tx) -> Status {
                      SHOUHU_ASSIGN_OR_RETURN(rows, storage::audit_store::Scan(tx, 0, 100000));
                      return Status::Ok();
                    })
                    .ok());
    return rows;
  }

  testing::TempDatabase t_;
  SettableClock clock_;
  CryptoRandom random_;
  std::string key_file_;
  security::KeyRing keys_;
  CaseService cases_;
  AssistanceService assist_;
  int64_t fl_ = 0, ga_ = 0, jc_ = 0, fy_ = 0, yy_ = 0, sg_ = 0, ld_ = 0, other_police_ = 0;
  int64_t child_ = 0, case_ = 0, second_case_ = 0;
  Actor coordinator_, police_, prosecutor_, judge_, doctor_, volunteer_, leader_, stranger_;
};

TEST_F(AssistanceServiceTest, StagesCarryTheirClocks) {
  ASSERT_TRUE(assist_
                  .RecordProceeding(police_, case_,
                                    StageAt("police_registered", "2026-03-01T09:00:00+08:00"),
                                    std::nullopt)
                  .ok());
  // 受案 alone: the 立案审查 clock runs (and, a month later, is overdue).
  auto listed = assist_.ListProceedings(coordinator_, case_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->open_clocks.size(), 1u);
  EXPECT_EQ(listed->open_clocks[0].clock.clock, domain::ProceedingClock::kCaseReview);
  EXPECT_FALSE(listed->open_clocks[0].clock.met);
  EXPECT_EQ(listed->open_clocks[0].closing.size(), 2u);

  auto filed = assist_.RecordProceeding(
      police_, case_, StageAt("case_filed", "2026-03-03T17:00:00+08:00"), std::nullopt);
  ASSERT_TRUE(filed.ok()) << filed.status().message();
  EXPECT_EQ(filed->created_kind, "stage");
  const StageView& stage = filed->proceedings.stages.back();
  ASSERT_TRUE(stage.clock.has_value());
  EXPECT_TRUE(stage.clock->met);
  EXPECT_EQ(stage.clock->elapsed_millis, 56 * kHour);
  EXPECT_FALSE(stage.clock->target_due_at.has_value()) << "police stages have no 优先 target";
  EXPECT_TRUE(filed->proceedings.open_clocks.empty());

  // Procuratorate with 优先: within the month but past half of it.
  ASSERT_TRUE(
      assist_
          .RecordProceeding(police_, case_,
                            StageAt("transferred_for_prosecution", "2026-03-10T09:00:00+08:00"),
                            std::nullopt)
          .ok());
  ProceedingInput prosecuted = StageAt("prosecuted", "2026-03-30T09:00:00+08:00");
  prosecuted.priority = true;
  auto p = assist_.RecordProceeding(prosecutor_, case_, prosecuted, std::nullopt);
  ASSERT_TRUE(p.ok()) << p.status().message();
  const StageView& last = p->proceedings.stages.back();
  EXPECT_EQ(last.record.stage, "prosecuted");
  EXPECT_TRUE(last.record.priority);
  EXPECT_TRUE(last.clock->met);
  ASSERT_TRUE(last.clock->target_met.has_value());
  EXPECT_FALSE(*last.clock->target_met);
}

TEST_F(AssistanceServiceTest, ProtectionOrdersAreDecidedAgainstTheirClock) {
  ProceedingInput apply{.kind = "protection_order",
                        .at = "2026-03-01T09:00:00+08:00",
                        .action = "apply",
                        .urgent = true};
  auto applied = assist_.RecordProceeding(judge_, case_, apply, std::nullopt);
  ASSERT_TRUE(applied.ok()) << applied.status().message();
  ASSERT_EQ(applied->proceedings.protection_orders.size(), 1u);
  EXPECT_FALSE(applied->proceedings.protection_orders[0].clock.closed);
  EXPECT_FALSE(applied->proceedings.protection_orders[0].clock.met) << "pending, now past 24 h";
  ProceedingInput decide{.kind = "protection_order",
                         .at = "2026-03-02T08:00:00+08:00",
                         .action = "decide",
                         .order_id = applied->created_id,
                         .outcome = "granted",
                         .valid_until = "2026-09-01"};
  auto decided = assist_.RecordProceeding(judge_, case_, decide, std::nullopt);
  ASSERT_TRUE(decided.ok()) << decided.status().message();
  const ProtectionOrderView& order = decided->proceedings.protection_orders[0];
  EXPECT_EQ(order.record.outcome, "granted");
  EXPECT_TRUE(order.clock.closed);
  EXPECT_TRUE(order.clock.met) << "23 h for an urgent application";
  auto twice = assist_.RecordProceeding(judge_, case_, decide, std::nullopt);
  EXPECT_EQ(twice.status().code(), StatusCode::kConflict);
  decide.order_id = 9999;
  EXPECT_EQ(assist_.RecordProceeding(judge_, case_, decide, std::nullopt)
                .status()
                .fields()
                .at("order_id"),
            "not_found");
}

TEST_F(AssistanceServiceTest, WhoMayRecordWhat) {
  struct Row {
    const Actor* actor;
    ProceedingInput input;
    bool allowed;
  };
  const ProceedingInput registered = StageAt("police_registered", "2026-03-01T09:00:00+08:00");
  const ProceedingInput letter{.kind = "warning_letter", .at = "2026-03-01T10:00:00+08:00"};
  const ProceedingInput order{
      .kind = "protection_order", .at = "2026-03-01T10:00:00+08:00", .action = "apply"};
  const std::vector<Row> rows = {
      {&prosecutor_, registered, false}, {&judge_, registered, false},
      {&doctor_, registered, false},     {&volunteer_, registered, false},
      {&leader_, registered, false},     {&police_, order, false},
      {&prosecutor_, letter, false},     {&doctor_, order, false},
      {&police_, letter, true},          {&judge_, order, true},
      {&coordinator_, letter, true},     {&coordinator_, order, true},
  };
  for (const Row& row : rows) {
    auto r = assist_.RecordProceeding(*row.actor, case_, row.input, std::nullopt);
    EXPECT_EQ(r.ok(), row.allowed) << row.actor->username << " " << row.input.kind << " "
                                   << row.input.stage << ": " << r.status().message();
    if (!row.allowed) {
      // A leader has no case record at all; the others may read the case but not record this.
      EXPECT_EQ(r.status().code(),
                row.actor == &leader_ ? StatusCode::kNotFound : StatusCode::kPermissionDenied)
          << row.actor->username;
    }
  }
  // A unit without access to the case does not see it at all.
  EXPECT_EQ(assist_.RecordProceeding(stranger_, case_, registered, std::nullopt).status().code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(assist_.RecordProceeding(police_, case_, registered, std::nullopt).ok());
  ASSERT_TRUE(assist_
                  .RecordProceeding(police_, case_,
                                    StageAt("case_filed", "2026-03-02T09:00:00+08:00"),
                                    std::nullopt)
                  .ok());
  ASSERT_TRUE(assist_
                  .RecordProceeding(police_, case_,
                                    StageAt("arrest_requested", "2026-03-03T09:00:00+08:00"),
                                    std::nullopt)
                  .ok());
  const ProceedingInput approve = StageAt("arrest_approved", "2026-03-05T09:00:00+08:00");
  EXPECT_EQ(assist_.RecordProceeding(police_, case_, approve, std::nullopt).status().code(),
            StatusCode::kPermissionDenied)
      << "批捕 is the procuratorate's";
  EXPECT_TRUE(assist_.RecordProceeding(prosecutor_, case_, approve, std::nullopt).ok());

  // Services: the delivering unit's kind; a caseworker only for her own unit.
  const ServiceInput counselling{
      .service_type = "health_counselling", .delivered_on = "2026-03-06", .sessions = 1};
  EXPECT_TRUE(assist_.RecordService(doctor_, case_, counselling, std::nullopt).ok());
  EXPECT_EQ(assist_.RecordService(police_, case_, counselling, std::nullopt).status().code(),
            StatusCode::kPermissionDenied);
  ServiceInput for_other = counselling;
  for_other.unit_id = ga_;
  EXPECT_EQ(assist_.RecordService(doctor_, case_, for_other, std::nullopt).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(assist_.RecordService(coordinator_, case_, counselling, std::nullopt)
                .status()
                .fields()
                .at("unit_id"),
            "kind_mismatch")
      << "the coordinator's own unit does not deliver counselling";
  ServiceInput by_hospital = counselling;
  by_hospital.unit_id = yy_;
  EXPECT_TRUE(assist_.RecordService(coordinator_, case_, by_hospital, std::nullopt).ok());
  EXPECT_EQ(assist_.RecordService(volunteer_, case_, counselling, std::nullopt).status().code(),
            StatusCode::kPermissionDenied);

  // Every refusal is in the audit log.
  size_t denied = 0;
  for (const auto& e : AuditRows()) denied += e.result == "denied";
  EXPECT_GE(denied, 12u);
}

TEST_F(AssistanceServiceTest, BadInputChangesNothing) {
  ASSERT_TRUE(assist_
                  .RecordProceeding(police_, case_,
                                    StageAt("police_registered", "2026-03-01T09:00:00+08:00"),
                                    std::nullopt)
                  .ok());
  const auto before = Counts();
  struct Bad {
    ProceedingInput input;
    const char* field;
    const char* reason;
  };
  const std::vector<Bad> bad = {
      {StageAt("case_filed", "2026-05-01T09:00:00+08:00"), "at", "in_future"},
      {StageAt("case_filed", "2026-02-28T09:00:00+08:00"), "at", "before_reference"},
      {StageAt("solved", "2026-03-05T09:00:00+08:00"), "stage", "reference_missing"},
      {StageAt("arrested", "2026-03-05T09:00:00+08:00"), "stage", "unknown_value"},
      {StageAt("case_not_filed", "2026-03-02T09:00:00+08:00"), "reason", "required"},
      {StageAt("case_filed", "2026-03-02 09:00"), "at", "bad_format"},
      {{.kind = "verdict", .at = "2026-03-02T09:00:00+08:00"}, "kind", "unknown_value"},
      {{.kind = "stage",
        .at = "2026-03-02T09:00:00+08:00",
        .stage = "case_filed",
        .note = std::string(2001, 'x')},
       "note",
       "too_long"},
      {{.kind = "stage",
        .at = "2026-03-02T09:00:00+08:00",
        .stage = "case_filed",
        .priority = true},
       "priority",
       "not_applicable"},
  };
  for (const Bad& b : bad) {
    auto r = assist_.RecordProceeding(police_, case_, b.input, std::nullopt);
    ASSERT_FALSE(r.ok()) << b.field;
    EXPECT_EQ(r.status().fields().count(b.field), 1u) << b.field << " " << r.status().message();
    if (r.status().fields().count(b.field)) {
      EXPECT_EQ(r.status().fields().at(b.field), b.reason) << b.field;
    }
  }
  const auto after = Counts();
  EXPECT_EQ(after.second, before.second) << "no case event for a refused record";
  auto listed = assist_.ListProceedings(police_, case_);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->stages.size(), 1u);

  const std::vector<std::pair<ServiceInput, const char*>> bad_services = {
      {{.service_type = "health_counselling", .delivered_on = "2026-03-01", .amount_yuan = "-5.00"},
       "amount_yuan"},
      {{.service_type = "health_counselling", .delivered_on = "2026-05-01"}, "delivered_on"},
      {{.service_type = "massage", .delivered_on = "2026-03-01"}, "service_type"},
      {{.service_type = "health_counselling", .delivered_on = "2026-03-01", .hours = -1}, "hours"},
      {{.service_type = "health_counselling",
        .delivered_on = "2026-03-01",
        .notes = std::string(2001, 'y')},
       "notes"},
  };
  for (const auto& [input, field] : bad_services) {
    auto r = assist_.RecordService(doctor_, case_, input, std::nullopt);
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(r.status().fields().count(field), 1u) << field;
  }
  EXPECT_TRUE(assist_.ListServices(doctor_, case_)->items.empty());
}

TEST_F(AssistanceServiceTest, ViewsOfServicesAndNotes) {
  ServiceInput aid{.service_type = "civil_affairs_living_aid",
                   .delivered_on = "2026-03-06",
                   .amount_yuan = "1500.50",
                   .notes = "测试备注:发放生活补助"};
  // Living aid is delivered by civil affairs; the coordinator records it for that unit.
  int64_t mz = 0;
  ASSERT_TRUE(t_.db()
                  .Write([&](Tx& tx) -> Status {
                    SHOUHU_ASSIGN_OR_RETURN(
                        mz, storage::unit_store::Insert(tx, {.code = "NG-MZ",
                                                             .name = "测试民政",
                                                             .kind = "civil_affairs",
                                                             .district_code = "230103",
                                                             .created_at = 1}));
                    return Status::Ok();
                  })
                  .ok());
  aid.unit_id = mz;
  auto recorded = assist_.RecordService(coordinator_, case_, aid, std::nullopt);
  ASSERT_TRUE(recorded.ok()) << recorded.status().message();
  EXPECT_EQ(recorded->services.total_fen, 150050);
  EXPECT_EQ(recorded->services.items[0].notes, "测试备注:发放生活补助");

  auto as_volunteer = assist_.ListServices(volunteer_, case_);
  ASSERT_TRUE(as_volunteer.ok());
  EXPECT_EQ(as_volunteer->view, CaseView::kPseudonymous);
  ASSERT_EQ(as_volunteer->items.size(), 1u);
  EXPECT_TRUE(as_volunteer->items[0].notes.empty()) << "volunteers see no notes";
  EXPECT_EQ(assist_.ListProceedings(volunteer_, case_).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(assist_.ListInterviews(volunteer_, case_).status().code(),
            StatusCode::kPermissionDenied);
  // Leaders see aggregates only (service_money), never a case's services.
  EXPECT_EQ(assist_.ListServices(leader_, case_).status().code(), StatusCode::kNotFound);
  // Another unit working the case sees the service but not the notes of the unit that wrote them.
  auto as_police = assist_.ListServices(police_, case_);
  ASSERT_TRUE(as_police.ok());
  EXPECT_TRUE(as_police->items[0].notes.empty()) << "notes are for their unit and coordinators";
  EXPECT_EQ(as_police->items[0].record.amount_fen, 150050);

  // The note is a ciphertext bound to its row.
  std::vector<storage::ServiceRecord> rows;
  ASSERT_TRUE(t_.db()
                  .Read([&](Tx& tx) -> Status {
                    SHOUHU_ASSIGN_OR_RETURN(rows, storage::service_store::ListByCase(tx, case_));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(rows.size(), 1u);
  const std::string raw(rows[0].notes.begin(), rows[0].notes.end());
  EXPECT_EQ(raw.find("测试备注"), std::string::npos);
  EXPECT_EQ(security::Decrypt(keys_, rows[0].notes, "services.notes:" + std::to_string(rows[0].id))
                .value(),
            "测试备注:发放生活补助");
  EXPECT_FALSE(security::Decrypt(keys_, rows[0].notes, "services.notes:999").ok());
}

TEST_F(AssistanceServiceTest, TheGirlIsInterviewedOnceAndAgainOnlyWithAReason) {
  InterviewInput first{.at = "2026-03-02T10:00:00+08:00",
                       .viewer_unit_ids = {jc_, fy_},
                       .note = "测试:同步录音录像"};
  auto r = assist_.RecordInterview(police_, case_, first, std::nullopt);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->interviews.child_interview_count, 1);
  EXPECT_EQ(r->interviews.items[0].note, "测试:同步录音录像");
  // The same girl, another case: a second interview needs a reason.
  InterviewInput second{.at = "2026-03-05T10:00:00+08:00"};
  auto refused = assist_.RecordInterview(police_, second_case_, second, std::nullopt);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().fields().at("reason"), "required_for_repeat");
  second.reason = "测试:新发现的事实需补充询问";
  auto again = assist_.RecordInterview(prosecutor_, second_case_, second, std::nullopt);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->interviews.child_interview_count, 2);
  // Viewers: the court may see the first interview's details; the hospital sees it restricted.
  auto as_court = assist_.ListInterviews(judge_, case_);
  ASSERT_TRUE(as_court.ok());
  EXPECT_FALSE(as_court->items[0].restricted);
  auto as_doctor = assist_.ListInterviews(doctor_, case_);
  ASSERT_TRUE(as_doctor.ok());
  EXPECT_TRUE(as_doctor->items[0].restricted);
  EXPECT_TRUE(as_doctor->items[0].note.empty());
  EXPECT_TRUE(as_doctor->items[0].record.viewer_unit_ids.empty());
  // Only police and procuratorate (and coordinators) record it.
  EXPECT_EQ(assist_.RecordInterview(doctor_, case_, first, std::nullopt).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(AssistanceServiceTest, WritesAreIdempotentAndEachAppendsAnEventAndAnAuditRow) {
  const auto before = Counts();
  const IdempotencyKey key{.key = "k1", .request_hash = "h1", .endpoint = "POST proceedings#1"};
  const ProceedingInput registered = StageAt("police_registered", "2026-03-01T09:00:00+08:00");
  auto first = assist_.RecordProceeding(police_, case_, registered, key);
  ASSERT_TRUE(first.ok());
  auto replay = assist_.RecordProceeding(police_, case_, registered, key);
  ASSERT_TRUE(replay.ok()) << replay.status().message();
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->created_id, first->created_id);
  EXPECT_EQ(replay->proceedings.stages.size(), 1u);
  IdempotencyKey other_body = key;
  other_body.request_hash = "h2";
  EXPECT_EQ(assist_.RecordProceeding(police_, case_, registered, other_body).status().code(),
            StatusCode::kUnprocessable);
  const auto after = Counts();
  EXPECT_EQ(after.second, before.second + 1) << "one event for one record";
  bool audited = false;
  for (const auto& e : AuditRows()) {
    audited |= e.action == "proceeding.record" && e.object_type == "proceeding" &&
               e.object_id == std::to_string(first->created_id) && e.result == "ok";
  }
  EXPECT_TRUE(audited);
  // Reads are audited too.
  const size_t rows = AuditRows().size();
  ASSERT_TRUE(assist_.ListServices(coordinator_, case_).ok());
  EXPECT_EQ(AuditRows().size(), rows + 1);
  // So are refusals: a leader has no case record to read.
  EXPECT_EQ(assist_.ListServices(leader_, case_).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(AuditRows().size(), rows + 2);
  EXPECT_EQ(AuditRows().back().result, "denied");
}

TEST_F(AssistanceServiceTest, RotationReencryptsNotesAndReasons) {
  ProceedingInput not_filed = StageAt("case_not_filed", "2026-03-02T09:00:00+08:00");
  ASSERT_TRUE(assist_
                  .RecordProceeding(police_, case_,
                                    StageAt("police_registered", "2026-03-01T09:00:00+08:00"),
                                    std::nullopt)
                  .ok());
  not_filed.reason = "测试:证据不足";
  not_filed.note = "测试备注";
  ASSERT_TRUE(assist_.RecordProceeding(police_, case_, not_filed, std::nullopt).ok());
  ASSERT_TRUE(assist_
                  .RecordService(doctor_, case_,
                                 {.service_type = "health_counselling",
                                  .delivered_on = "2026-03-06",
                                  .notes = "测试疏导记录"},
                                 std::nullopt)
                  .ok());
  EXPECT_EQ(assist_.RotateKeys(keys_).value(), 0) << "nothing to do under the current key";
  // A ring that keeps the current key and adds a new one: the reason, the note and the service's
  // notes move to the new key and read the same through it.
  const security::KeyRing next =
      security::LoadKeyRing(security::RotateKeyFile(key_file_, random_).value()).value();
  auto count = assist_.RotateKeys(next);
  ASSERT_TRUE(count.ok()) << count.status().message();
  EXPECT_EQ(*count, 3);
  EXPECT_EQ(assist_.RotateKeys(next).value(), 0) << "a second run finds nothing old";
  CaseService cases(t_.db(), clock_, random_, next, domain::Enumerations::Defaults(), {});
  AssistanceService after(t_.db(), clock_, random_, next, cases, {});
  auto p = after.ListProceedings(police_, case_);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->stages.back().reason, "测试:证据不足");
  EXPECT_EQ(p->stages.back().note, "测试备注");
  EXPECT_EQ(after.ListServices(doctor_, case_)->items[0].notes, "测试疏导记录");
}

}  // namespace
}  // namespace shouhu::service
