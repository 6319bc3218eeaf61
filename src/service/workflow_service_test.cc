#include "service/workflow_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <thread>

#include "domain/id_number.h"
#include "security/key_ring.h"
#include "service/account_service.h"
#include "service/test_support.h"
#include "storage/case_stores.h"
#include "storage/stores.h"
#include "storage/workflow_stores.h"

namespace shouhu::service {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kMarch10 = 1'773'100'800'000;  // 2026-03-10T00:00:00Z
constexpr const char* kGirlName = "测试女孩甲";

class WorkflowServiceTest : public ::testing::Test {
 protected:
  WorkflowServiceTest() : clock_(kMarch10) {
    keys_.emplace(security::LoadKeyRing(security::GenerateKeyFile(random_)).value());
    AuthOptions auth;
    auth.hash_cost = security::HashCost::kMin;
    accounts_ = std::make_unique<AccountService>(t_.db(), clock_, random_, auth);
    const Actor cli = Actor::CommandLine();
    for (auto [code, kind] :
         std::vector<std::pair<const char*, const char*>>{{"NG-FL", "womens_federation"},
                                                          {"NG-GA", "police"},
                                                          {"NG-FY", "court"},
                                                          {"NG-SG", "social_org"},
                                                          {"NG-LD", "leadership"}}) {
      auto unit = accounts_->CreateUnit(cli, {.code = code,
                                              .name = std::string("单位") + code,
                                              .kind = kind,
                                              .district_code = "230103"});
      EXPECT_TRUE(unit.ok()) << unit.status().message();
      units_[code] = unit->id;
    }
    coordinator_ = User("coordinator", "NG-FL", "coordinator");
    police_ = User("police", "NG-GA", "caseworker");
    court_ = User("judge", "NG-FY", "caseworker");
    leader_ = User("leader", "NG-LD", "leader");
    volunteer_ = User("volunteer", "NG-SG", "volunteer");
    admin_ = User("admin", "NG-LD", "admin");
    cases_ = std::make_unique<CaseService>(t_.db(), clock_, random_, *keys_,
                                           domain::Enumerations::Defaults(), CaseOptions{});
    Rebuild(WorkflowOptions{});
  }

  void Rebuild(WorkflowOptions options) {
    workflow_ = std::make_unique<WorkflowService>(t_.db(), clock_, random_, *keys_,
                                                  domain::Enumerations::Defaults(), *cases_,
                                                  std::move(options));
    cases_->SetIntakeListener([this](storage::Tx& tx, const storage::CaseRecord& r) {
      return workflow_->OnIntake(tx, r);
    });
  }

  Actor User(const std::string& name, const std::string& unit, const std::string& role) {
    auto created =
        accounts_->CreateUser(Actor::CommandLine(), {.username = name,
                                                     .display_name = name,
                                                     .unit_code = unit,
                                                     .role = role,
                                                     .password = "river-lantern-87-quiet"});
    EXPECT_TRUE(created.ok()) << created.status().message();
    Actor a;
    a.user_id = created->user.id;
    a.unit_id = created->user.unit_id;
    a.role = *domain::ParseRole(role);
    a.username = name;
    a.client_address = "127.0.0.1";
    return a;
  }

  // A girl of 12 on the incident date, reported by the coordinator under R2.
  int64_t OpenCase() {
    domain::IntakeInput in;
    const std::string first17 = "23010320130512002";
    in.child = {.name = kGirlName,
                .id_number = first17 + domain::IdCheckDigit(first17),
                .district_code = "230103"};
    in.incident = {.occurred_on = "2026-03-01", .place_type = "school"};
    in.harm_types = {"child_molestation"};
    in.intake_channel = "school";
    in.situation_code = "R2";
    in.discovered_at = "2026-03-02T08:00:00+08:00";
    in.reported_at = "2026-03-02T10:00:00+08:00";
    auto outcome = cases_->Intake(coordinator_, in, domain::IntakeKind::kCase, std::nullopt);
    EXPECT_TRUE(outcome.ok()) << outcome.status().message();
    return outcome->detail.record.id;
  }

  AssessmentOutcome Assess(int64_t case_id, const std::string& risk) {
    auto out = workflow_->Assess(coordinator_, case_id,
                                 {.harm_types = {"child_molestation"}, .risk_level = risk});
    EXPECT_TRUE(out.ok()) << out.status().message();
    return *out;
  }

  std::vector<TaskView> Refer(int64_t case_id, std::vector<ReferralItem> items) {
    auto out = workflow_->Refer(coordinator_, case_id, {.tasks = std::move(items)});
    EXPECT_TRUE(out.ok()) << out.status().message();
    return out.ok() ? *out : std::vector<TaskView>{};
  }

  std::string Status(int64_t case_id) {
    std::string status;
    EXPECT_TRUE(t_.db()
                    .Read([&](storage::Tx& tx) -> shouhu::Status {
                      SHOUHU_ASSIGN_OR_RETURN(auto r, storage::case_store::FindById(tx, case_id));
                      status = r->status;
                      return shouhu::Status::Ok();
                    })
                    .ok());
    return status;
  }

  int CountAudit(const std::string& action, const std::string& result) {
    int n = 0;
    EXPECT_TRUE(t_.db()
                    .Read([&](storage::Tx& tx) -> shouhu::Status {
                      SHOUHU_ASSIGN_OR_RETURN(auto all, storage::audit_store::Scan(tx, 0, 100000));
                      for (const auto& e : all) n += e.action == action && e.result == result;
                      return shouhu::Status::Ok();
                    })
                    .ok());
    return n;
  }

  std::vector<std::string> EventKinds(int64_t case_id) {
    auto events = cases_->Events(coordinator_, case_id);
    EXPECT_TRUE(events.ok());
    std::vector<std::string> out;
    for (const auto& e : *events) out.push_back(e.kind);
    return out;
  }

  testing::TempDatabase t_;
  SettableClock clock_;
  CryptoRandom random_;
  std::optional<security::KeyRing> keys_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<CaseService> cases_;
  std::unique_ptr<WorkflowService> workflow_;
  std::map<std::string, int64_t> units_;
  Actor coordinator_, police_, court_, leader_, volunteer_, admin_;
};

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST_F(WorkflowServiceTest, AssessmentProposesThePlanWithTheDistrictsUnits) {
  const int64_t id = OpenCase();
  const auto out = Assess(id, "high");
  EXPECT_EQ(Status(id), "assessing");
  bool police = false;
  for (const auto& p : out.plan) {
    if (p.task_type == "police_register") {
      police = true;
      ASSERT_TRUE(p.unit_id.has_value());
      EXPECT_EQ(*p.unit_id, units_["NG-GA"]);
    }
    if (p.unit_kind == "health") EXPECT_FALSE(p.unit_id.has_value());  // no hospital here
  }
  EXPECT_TRUE(police);
  EXPECT_EQ(out.plan.front().rule, "under14_sexual_harm");
}

TEST_F(WorkflowServiceTest, DowngradeNeedsAReasonAndIsAudited) {
  const int64_t id = OpenCase();
  Assess(id, "high");
  auto refused = workflow_->Assess(coordinator_, id, {.risk_level = "low"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().fields().at("reason"), "required_for_downgrade");
  auto list = workflow_->Assessments(coordinator_, id);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);  // the refused downgrade changed nothing
  auto ok = workflow_->Assess(coordinator_, id, {.risk_level = "low", .reason = "已安置,风险降低"});
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(CountAudit("case.risk_downgrade", "ok"), 1);
  EXPECT_TRUE(Has(EventKinds(id), "risk_downgraded"));
  list = workflow_->Assessments(coordinator_, id);
  EXPECT_EQ(list->back().reason, "已安置,风险降低");
  // Leaders see aggregates only: no case record, so no assessment either.
  EXPECT_EQ(workflow_->Assessments(leader_, id).status().code(), StatusCode::kNotFound);
}

TEST_F(WorkflowServiceTest, TaskGrantsAccessWhileOpenAndTheUnitWorksItFromItsInbox) {
  const int64_t id = OpenCase();
  Assess(id, "medium");
  EXPECT_EQ(cases_->Get(police_, id).status().code(), StatusCode::kNotFound);
  auto tasks =
      Refer(id, {{.unit_id = units_["NG-GA"], .task_type = "police_register", .note = "请尽快受案"},
                 {.unit_id = units_["NG-GA"], .task_type = "police_case_review"}});
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(Status(id), "handling");
  EXPECT_EQ(tasks[0].record.accept_due, kMarch10 + 24 * 3600 * 1000LL);    // medium risk: 24 h
  EXPECT_EQ(tasks[1].record.done_due, kMarch10 + 3 * 24 * 3600 * 1000LL);  // 立案审查 3 d
  ASSERT_TRUE(cases_->Get(police_, id).ok());

  auto inbox = workflow_->Inbox(police_, {});
  ASSERT_TRUE(inbox.ok());
  ASSERT_EQ(inbox->items.size(), 2u);
  EXPECT_EQ(inbox->items[0].note, "请尽快受案");
  // The court cannot touch the police's task: it does not exist for them.
  EXPECT_EQ(workflow_->Accept(court_, tasks[0].record.id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(CountAudit("task.accept", "denied"), 1);
  // Complete before accepting is refused; accept, then complete with an outcome.
  EXPECT_EQ(workflow_->Complete(police_, tasks[0].record.id, "已受案").status().code(),
            StatusCode::kConflict);
  EXPECT_EQ(workflow_->Complete(police_, tasks[0].record.id, "").status().fields().at("outcome"),
            "required");
  ASSERT_TRUE(workflow_->Accept(police_, tasks[0].record.id).ok());
  auto done = workflow_->Complete(police_, tasks[0].record.id, "已受案");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->record.state, "completed");
  ASSERT_TRUE(cases_->Get(police_, id).ok());  // the second task is still open
  auto returned = workflow_->Reject(police_, tasks[1].record.id, "不属本单位管辖");
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->record.state, "returned");
  EXPECT_EQ(cases_->Get(police_, id).status().code(), StatusCode::kNotFound);  // access ended
  auto finished = workflow_->Inbox(police_, {.state = "done"});
  ASSERT_TRUE(finished.ok());
  EXPECT_EQ(finished->items.size(), 2u);
  const auto kinds = EventKinds(id);
  for (const char* k :
       {"assessment_recorded", "referral_sent", "task_accepted", "task_completed", "task_returned"})
    EXPECT_TRUE(Has(kinds, k)) << k;
}

TEST_F(WorkflowServiceTest, LifecycleRefusesIllegalStepsAndClosingWithOpenTasks) {
  const int64_t id = OpenCase();
  auto st = workflow_->Transition(coordinator_, id, "close", "");
  EXPECT_EQ(st.code(), StatusCode::kConflict);
  EXPECT_EQ(st.message(), "invalid_transition");
  EXPECT_EQ(workflow_->Transition(coordinator_, id, "fly", "").fields().at("action"),
            "unknown_value");
  EXPECT_EQ(workflow_->Transition(police_, id, "start_assessment", "").code(),
            StatusCode::kNotFound);
  Assess(id, "medium");
  auto tasks = Refer(id, {{.unit_id = units_["NG-GA"], .task_type = "police_register"}});
  auto allowed = workflow_->AllowedActions(coordinator_, id);
  EXPECT_EQ(*allowed, std::vector<std::string>{"start_assisting"});  // no close while open
  st = workflow_->Transition(coordinator_, id, "close", "");
  EXPECT_EQ(st.message(), "open_tasks");
  EXPECT_EQ(Status(id), "handling");
  ASSERT_TRUE(workflow_->Accept(police_, tasks[0].record.id).ok());
  ASSERT_TRUE(workflow_->Complete(police_, tasks[0].record.id, "已立案").ok());
  ASSERT_TRUE(workflow_->Transition(coordinator_, id, "start_assisting", "").ok());
  ASSERT_TRUE(workflow_->Transition(coordinator_, id, "close", "").ok());
  EXPECT_EQ(Status(id), "closed");
  auto followups = workflow_->Followups(coordinator_, id);
  ASSERT_TRUE(followups.ok());
  ASSERT_EQ(followups->size(), 3u);
  EXPECT_EQ((*followups)[0].record.due_on, "2026-04-10");
  EXPECT_EQ((*followups)[1].record.due_on, "2026-06-10");
  EXPECT_EQ((*followups)[2].record.due_on, "2026-09-10");
  auto recorded = workflow_->RecordFollowup(coordinator_, id, (*followups)[0].record.id, "done",
                                            "家访,情况稳定");
  ASSERT_TRUE(recorded.ok()) << recorded.status().message();
  EXPECT_EQ(recorded->record.state, "done");
  EXPECT_EQ(workflow_->RecordFollowup(coordinator_, id, (*followups)[0].record.id, "missed", "")
                .status()
                .message(),
            "followup_recorded");
  EXPECT_EQ(workflow_->Transition(coordinator_, id, "reopen", "").fields().at("reason"),
            "required");
  ASSERT_TRUE(workflow_->Transition(coordinator_, id, "reopen", "新线索").ok());
  EXPECT_EQ(Status(id), "assessing");
}

TEST_F(WorkflowServiceTest, OverdueTaskRaisesAnEscalationThatClosesWhenTheTaskCompletes) {
  const int64_t id = OpenCase();
  Assess(id, "high");
  auto tasks = Refer(id, {{.unit_id = units_["NG-GA"], .task_type = "police_register"}});
  auto swept = workflow_->Sweep();
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(swept->accept_overdue, 0);
  clock_.Advance(2h + 1min);  // high risk: sign for within 2 h
  auto inbox = workflow_->Inbox(police_, {.state = "overdue"});
  ASSERT_EQ(inbox->items.size(), 1u);
  EXPECT_EQ(inbox->items[0].overdue_kind, "accept");
  swept = workflow_->Sweep();
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(swept->accept_overdue, 1);
  EXPECT_EQ(workflow_->Sweep()->accept_overdue, 0);  // once only

  auto escalations = workflow_->Escalations(leader_, "open");
  ASSERT_TRUE(escalations.ok());
  ASSERT_EQ(escalations->size(), 1u);
  EXPECT_EQ((*escalations)[0].record.kind, "accept_overdue");
  EXPECT_EQ((*escalations)[0].task_type, "police_register");
  EXPECT_EQ(workflow_->Escalations(police_, "").status().code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(workflow_->Comment(leader_, (*escalations)[0].record.id, "请公安局今日内签收").ok());

  auto leader_notes = workflow_->Notifications(leader_, true, 0, 50);
  ASSERT_TRUE(leader_notes.ok());
  ASSERT_EQ(leader_notes->unread, 1);
  EXPECT_EQ(leader_notes->items[0].record.kind, "escalation_raised");
  auto police_notes = workflow_->Notifications(police_, false, 0, 50);
  ASSERT_EQ(police_notes->items.size(), 2u);
  EXPECT_EQ(police_notes->items[0].record.kind, "task_overdue");
  EXPECT_EQ(police_notes->items[1].record.kind, "task_new");
  ASSERT_TRUE(workflow_->MarkAllRead(police_).ok());
  EXPECT_EQ(workflow_->Notifications(police_, false, 0, 50)->unread, 0);
  EXPECT_EQ(workflow_->MarkRead(police_, leader_notes->items[0].record.id).code(),
            StatusCode::kNotFound);

  ASSERT_TRUE(workflow_->Accept(police_, tasks[0].record.id).ok());
  ASSERT_TRUE(workflow_->Complete(police_, tasks[0].record.id, "已受案").ok());
  escalations = workflow_->Escalations(leader_, "open");
  EXPECT_TRUE(escalations->empty());
  auto closed = workflow_->Escalations(leader_, "closed");
  ASSERT_EQ(closed->size(), 1u);
  EXPECT_FALSE((*closed)[0].record.closed_by.has_value());  // closed by the task
  EXPECT_EQ((*closed)[0].comments.size(), 1u);
  for (const char* k : {"task_overdue", "escalation_raised", "escalation_closed"})
    EXPECT_TRUE(Has(EventKinds(id), k)) << k;
}

TEST_F(WorkflowServiceTest, PriorityHalvesTheCourtTarget) {
  const int64_t id = OpenCase();
  Assess(id, "low");
  auto tasks = Refer(
      id, {{.unit_id = units_["NG-FY"], .task_type = "court_trial", .priority = true},
           {.unit_id = units_["NG-GA"], .task_type = "police_case_review", .priority = true}});
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_TRUE(tasks[0].record.priority);
  EXPECT_EQ(tasks[0].record.done_due - tasks[0].record.created_at, 30LL * 24 * 3600 * 1000);
  EXPECT_FALSE(tasks[1].record.priority);  // 优先 is a procuratorate and court target
}

TEST_F(WorkflowServiceTest, ReferralsAreCheckedAndOnlyCoordinatorsSendThem) {
  const int64_t id = OpenCase();
  Assess(id, "medium");
  auto wrong = workflow_->Refer(
      coordinator_, id, {.tasks = {{.unit_id = units_["NG-FY"], .task_type = "police_register"}}});
  EXPECT_EQ(wrong.status().fields().at("tasks[0].unit_id"), "wrong_unit_kind");
  auto consent = workflow_->Refer(
      coordinator_, id,
      {.tasks = {{.unit_id = units_["NG-SG"], .task_type = "social_org_volunteer"}}});
  EXPECT_EQ(consent.status().fields().at("legal_basis"), "guardian_consent_required");
  auto unknown =
      workflow_->Refer(coordinator_, id, {.tasks = {{.unit_id = 9999, .task_type = "x"}}});
  EXPECT_EQ(unknown.status().fields().at("tasks[0].task_type"), "unknown_value");
  // A leader has no case record to refer: the case does not exist for her.
  EXPECT_EQ(workflow_
                ->Refer(leader_, id,
                        {.tasks = {{.unit_id = units_["NG-GA"], .task_type = "police_register"}}})
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(CountAudit("case.refer", "denied"), 1);
  auto tasks = workflow_->CaseTasks(coordinator_, id);
  EXPECT_TRUE(tasks->empty());  // nothing was created by any refusal
  auto ok = workflow_->Refer(
      coordinator_, id,
      {.tasks = {{.unit_id = units_["NG-SG"], .task_type = "social_org_volunteer"}},
       .legal_basis = "guardian_consent"});
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  std::vector<storage::SharingRecord> sharings;
  ASSERT_TRUE(t_.db()
                  .Read([&](storage::Tx& tx) -> shouhu::Status {
                    SHOUHU_ASSIGN_OR_RETURN(sharings, storage::sharing_store::ListByCase(tx, id));
                    return shouhu::Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(sharings.size(), 1u);
  EXPECT_EQ(sharings[0].legal_basis, "guardian_consent");
}

TEST_F(WorkflowServiceTest, WebhooksCarryNoIdentityAndBackOffOnFailure) {
  EXPECT_EQ(workflow_
                ->PutWebhook(coordinator_, units_["NG-GA"],
                             {.url = "http://127.0.0.1:1/hook", .format = "generic"})
                .code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(workflow_->PutWebhook(admin_, units_["NG-GA"], {.url = "ftp://x", .format = "generic"})
                .fields()
                .at("url"),
            "bad_format");
  ASSERT_TRUE(workflow_
                  ->PutWebhook(admin_, units_["NG-GA"],
                               {.url = "https://oapi.example.invalid/robot/send?access_token=t0k",
                                .format = "dingtalk",
                                .secret = "SEC-test"})
                  .ok());
  auto status = workflow_->GetWebhook(admin_, units_["NG-GA"]);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->url_host, "oapi.example.invalid");

  const int64_t id = OpenCase();
  Assess(id, "medium");
  Refer(id, {{.unit_id = units_["NG-GA"], .task_type = "police_register", .note = kGirlName}});
  std::vector<std::pair<std::string, std::string>> sent;
  int reply = 500;
  auto post = [&](const std::string& url, const std::string& body) -> Result<int> {
    sent.emplace_back(url, body);
    return reply;
  };
  auto delivered = workflow_->DeliverWebhooks(post);
  ASSERT_TRUE(delivered.ok());
  EXPECT_EQ(*delivered, 0);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].first.find("&timestamp="), std::string::npos);
  EXPECT_NE(sent[0].first.find("&sign="), std::string::npos);
  EXPECT_NE(sent[0].second.find(R"("msgtype":"markdown")"), std::string::npos);
  EXPECT_NE(sent[0].second.find("受案"), std::string::npos);
  EXPECT_EQ(sent[0].second.find(kGirlName), std::string::npos);
  // Backed off: nothing due until a second has passed.
  EXPECT_EQ(*workflow_->DeliverWebhooks(post), 0);
  EXPECT_EQ(sent.size(), 1u);
  clock_.Advance(1s);
  reply = 200;
  EXPECT_EQ(*workflow_->DeliverWebhooks(post), 1);
  EXPECT_EQ(workflow_->GetWebhook(admin_, units_["NG-GA"])->deliveries["delivered"], 1);

  // A receiver that never answers: given up after the configured attempts, kept as failed.
  WorkflowOptions options;
  options.webhook_max_attempts = 2;
  Rebuild(options);
  Refer(id, {{.unit_id = units_["NG-GA"], .task_type = "police_case_review"}});
  reply = 503;
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(workflow_->DeliverWebhooks(post).ok());
    clock_.Advance(10s);
  }
  EXPECT_EQ(workflow_->GetWebhook(admin_, units_["NG-GA"])->deliveries["failed"], 1);
}

TEST_F(WorkflowServiceTest, NewAndLateReportsNotifyTheLeadUnit) {
  OpenCase();  // reported 2 h after discovery: not late, not a mandatory report
  EXPECT_EQ(workflow_->Notifications(coordinator_, false, 0, 50)->items.size(), 0u);
  domain::IntakeInput in;
  const std::string first17 = "23010320120101002";
  in.child = {.name = "测试女孩乙",
              .id_number = first17 + domain::IdCheckDigit(first17),
              .district_code = "230103"};
  in.incident = {.occurred_on = "2026-02-01"};
  in.harm_types = {"maltreatment"};
  in.intake_channel = "community_visit";
  in.discovered_at = "2026-02-02T08:00:00+08:00";
  in.reported_at = "2026-02-05T08:00:00+08:00";
  auto late = cases_->Intake(coordinator_, in, domain::IntakeKind::kCase, std::nullopt);
  ASSERT_TRUE(late.ok()) << late.status().message() << " "
                         << (late.status().fields().empty()
                                 ? ""
                                 : late.status().fields().begin()->first);
  auto notes = workflow_->Notifications(coordinator_, false, 0, 50);
  ASSERT_EQ(notes->items.size(), 1u);
  EXPECT_EQ(notes->items[0].record.kind, "report_late");
}

TEST_F(WorkflowServiceTest, KeyRotationReencryptsEveryWorkflowCiphertext) {
  // A ring with the old key kept and a new current one, as `shouhu keys rotate` writes it.
  std::string text = security::GenerateKeyFile(random_);
  auto next = security::LoadKeyRing(*security::RotateKeyFile(text, random_));
  ASSERT_TRUE(next.ok());
  keys_.emplace(security::LoadKeyRing(text).value());
  cases_ = std::make_unique<CaseService>(t_.db(), clock_, random_, *keys_,
                                         domain::Enumerations::Defaults(), CaseOptions{});
  Rebuild(WorkflowOptions{});
  const int64_t id2 = OpenCase();
  ASSERT_TRUE(workflow_->Assess(coordinator_, id2, {.risk_level = "high"}).ok());
  ASSERT_TRUE(
      workflow_->Assess(coordinator_, id2, {.risk_level = "low", .reason = "降级理由(测试)"}).ok());
  Refer(id2, {{.unit_id = units_["NG-GA"], .task_type = "police_register", .note = "备注(测试)"}});
  ASSERT_TRUE(workflow_
                  ->PutWebhook(admin_, units_["NG-GA"],
                               {.url = "http://127.0.0.1:9/hook", .format = "generic"})
                  .ok());
  // Rows sealed under the ring `text` (one reason, one note, the webhook URL) move to the new key.
  auto count = workflow_->RotateKeys(*next);
  ASSERT_TRUE(count.ok()) << count.status().message();
  EXPECT_GE(*count, 3);
  EXPECT_EQ(*workflow_->RotateKeys(*next), 0);  // nothing left under an old key
  keys_.emplace(std::move(*next));
  cases_ = std::make_unique<CaseService>(t_.db(), clock_, random_, *keys_,
                                         domain::Enumerations::Defaults(), CaseOptions{});
  Rebuild(WorkflowOptions{});
  auto tasks = workflow_->CaseTasks(coordinator_, id2);
  ASSERT_TRUE(tasks.ok()) << tasks.status().message();
  EXPECT_EQ(tasks->back().note, "备注(测试)");
  EXPECT_EQ(workflow_->Assessments(coordinator_, id2)->back().reason, "降级理由(测试)");
}

}  // namespace
}  // namespace shouhu::service

namespace shouhu::service {
namespace {

// The 办结 path on the settable clock: signed for in time, not done by its deadline.
TEST_F(WorkflowServiceTest, SignedInTimeButNotDoneBecomesDoneOverdueAndEscalatesOnce) {
  const int64_t id = OpenCase();
  Assess(id, "high");
  auto tasks = Refer(id, {{.unit_id = units_["NG-GA"], .task_type = "police_register"}});
  ASSERT_EQ(tasks.size(), 1u);
  const int64_t task_id = tasks[0].record.id;
  clock_.Advance(1h);  // inside the 2 h to sign for a high-risk task
  auto accepted = workflow_->Accept(police_, task_id);
  ASSERT_TRUE(accepted.ok()) << accepted.status().message();
  const int64_t done_due = accepted->record.done_due;
  ASSERT_GT(done_due, clock_.NowMillis());
  EXPECT_EQ(workflow_->Sweep()->done_overdue, 0);
  EXPECT_EQ(workflow_->Sweep()->accept_overdue, 0) << "signed for in time";

  // One millisecond before the deadline: not overdue; one after: overdue, once.
  clock_.Set(done_due - 1);
  EXPECT_EQ(workflow_->Sweep()->done_overdue, 0);
  EXPECT_TRUE(workflow_->Escalations(leader_, "open")->empty());
  clock_.Set(done_due + 1);
  auto inbox = workflow_->Inbox(police_, {.state = "overdue"});
  ASSERT_TRUE(inbox.ok());
  ASSERT_EQ(inbox->items.size(), 1u);
  EXPECT_EQ(inbox->items[0].overdue_kind, "done");
  auto swept = workflow_->Sweep();
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(swept->done_overdue, 1);
  EXPECT_EQ(swept->accept_overdue, 0);
  clock_.Advance(24h);
  EXPECT_EQ(workflow_->Sweep()->done_overdue, 0) << "escalates once only";
  auto escalations = workflow_->Escalations(leader_, "open");
  ASSERT_TRUE(escalations.ok());
  ASSERT_EQ(escalations->size(), 1u);
  EXPECT_EQ((*escalations)[0].record.kind, "done_overdue");

  ASSERT_TRUE(workflow_->Complete(police_, task_id, "已受案").ok());
  EXPECT_TRUE(workflow_->Escalations(leader_, "open")->empty()) << "closed by the completion";
  EXPECT_EQ(workflow_->Escalations(leader_, "closed")->size(), 1u);
}

// A sweep racing the completion of the task it finds overdue: either the task is done first and
// nothing escalates, or the escalation is raised once and then closed by the completion.
TEST_F(WorkflowServiceTest, SweepRacingACompletionEscalatesAtMostOnceAndLeavesNoneOpen) {
  for (int round = 0; round < 8; ++round) {
    const int64_t id = OpenCase();
    Assess(id, "high");
    auto tasks = Refer(id, {{.unit_id = units_["NG-GA"], .task_type = "police_register"}});
    ASSERT_EQ(tasks.size(), 1u);
    auto accepted = workflow_->Accept(police_, tasks[0].record.id);
    ASSERT_TRUE(accepted.ok()) << accepted.status().message();
    clock_.Set(accepted->record.done_due + 1);
    std::latch go(2);
    Result<SweepResult> swept = Status::Internal("not_run");
    Result<TaskView> completed = Status::Internal("not_run");
    std::thread sweeper([&] {
      go.arrive_and_wait();
      swept = workflow_->Sweep();
    });
    std::thread completer([&] {
      go.arrive_and_wait();
      completed = workflow_->Complete(police_, tasks[0].record.id, "已受案");
    });
    sweeper.join();
    completer.join();
    ASSERT_TRUE(swept.ok()) << swept.status().message();
    ASSERT_TRUE(completed.ok()) << completed.status().message();
    EXPECT_LE(swept->done_overdue, 1) << round;
    EXPECT_TRUE(workflow_->Escalations(leader_, "open")->empty()) << round;
    EXPECT_EQ(workflow_->Sweep()->done_overdue, 0) << round;
    const size_t closed = workflow_->Escalations(leader_, "closed")->size();
    EXPECT_LE(closed, static_cast<size_t>(round + 1)) << round;
  }
}

}  // namespace
}  // namespace shouhu::service

namespace shouhu::service {
namespace {

// A failing receiver: the n-th retry comes 2^(n-1) s after the previous attempt, not a
// millisecond earlier, and after webhook_max_attempts the delivery is failed and never retried.
TEST_F(WorkflowServiceTest, WebhookRetriesDoubleTheirDelayUpToTheConfiguredAttempts) {
  WorkflowOptions options;
  options.webhook_max_attempts = 5;
  Rebuild(options);
  ASSERT_TRUE(workflow_
                  ->PutWebhook(admin_, units_["NG-GA"],
                               {.url = "http://127.0.0.1:9/hook", .format = "generic"})
                  .ok());
  const int64_t id = OpenCase();
  Assess(id, "medium");
  Refer(id, {{.unit_id = units_["NG-GA"], .task_type = "police_register"}});
  int attempts = 0;
  auto post = [&](const std::string&, const std::string&) -> Result<int> {
    ++attempts;
    return 500;
  };
  ASSERT_TRUE(workflow_->DeliverWebhooks(post).ok());
  ASSERT_EQ(attempts, 1);
  std::vector<int64_t> delays_ms;
  for (int64_t expected = 1000; attempts < 5; expected *= 2) {
    clock_.Advance(std::chrono::milliseconds(expected - 1));
    ASSERT_TRUE(workflow_->DeliverWebhooks(post).ok());
    ASSERT_EQ(attempts, static_cast<int>(delays_ms.size()) + 1) << "retried before " << expected;
    clock_.Advance(1ms);
    ASSERT_TRUE(workflow_->DeliverWebhooks(post).ok());
    ASSERT_EQ(attempts, static_cast<int>(delays_ms.size()) + 2) << "not retried at " << expected;
    delays_ms.push_back(expected);
  }
  EXPECT_EQ(delays_ms, (std::vector<int64_t>{1000, 2000, 4000, 8000}));
  for (int i = 0; i < 10; ++i) {
    clock_.Advance(1h);
    ASSERT_TRUE(workflow_->DeliverWebhooks(post).ok());
  }
  EXPECT_EQ(attempts, 5) << "the configured limit is 5 attempts";
  EXPECT_EQ(workflow_->GetWebhook(admin_, units_["NG-GA"])->deliveries["failed"], 1);
}

}  // namespace
}  // namespace shouhu::service
