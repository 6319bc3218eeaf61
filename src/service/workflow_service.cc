#include "service/workflow_service.h"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

#include "audit/audit_log.h"
#include "domain/account_rules.h"
#include "domain/civil_date.h"
#include "security/field_cipher.h"
#include "security/policy.h"
#include "security/webhook_sign.h"
#include "service/request_audit.h"
#include "storage/case_stores.h"
#include "storage/stores.h"
#include "storage/workflow_stores.h"

namespace shouhu::service {
namespace {

namespace json = boost::json;
using domain::Role;
using storage::Blob;
using storage::Tx;

constexpr int kMaxReasonChars = 500;
constexpr int kMaxNoteChars = 2000;
constexpr int kMaxTasksPerReferral = 40;
constexpr int kSweepBatch = 200;
constexpr int kDeliveryBatch = 50;
constexpr int64_t kMaxBackoffMs = 10 * 60 * 1000;

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

Status CheckText(const std::string& text, const char* field, int max_chars, bool required) {
  if (required && text.empty()) return Status::InvalidField(field, "required");
  const int n = domain::Utf8Length(text);
  if (n < 0) return Status::InvalidField(field, "invalid_utf8");
  if (n > max_chars) return Status::InvalidField(field, "too_long");
  return Status::Ok();
}

audit::Event Event(const Actor& actor, std::string action, std::string object_type,
                   int64_t object_id, std::string result, std::string detail = {}) {
  audit::Event e{.user_id = actor.user_id,
                 .action = std::move(action),
                 .object_type = std::move(object_type),
                 .object_id = object_id > 0 ? std::to_string(object_id) : "",
                 .result = std::move(result),
                 .client_address = actor.client_address,
                 .detail = std::move(detail)};
  if (!actor.is_command_line()) e.unit_id = actor.unit_id;
  return e;
}

Status AddEvent(Tx& tx, const Actor* actor, int64_t case_id, int64_t at, std::string kind,
                const json::object& detail) {
  storage::CaseEventRecord e{
      .case_id = case_id, .at = at, .kind = std::move(kind), .detail = json::serialize(detail)};
  if (actor != nullptr) {
    e.user_id = actor->user_id;
    if (!actor->is_command_line()) e.unit_id = actor->unit_id;
  }
  return storage::case_event_store::Append(tx, e);
}

// Whether the policy table has a row for the caller's role and `action` (actions on no one case:
// an inbox, the escalation list, a unit's webhook). The route's guard asks the same question;
// asking again here keeps direct calls (the command line, tests) under the same table.
bool Permitted(const Actor& actor, std::string_view action) {
  return !actor.is_command_line() && security::RoleMayAttempt(action, actor.role);
}

Result<std::string> UnitDistrict(Tx& tx, int64_t unit_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, unit_id));
  return unit ? unit->district_code : std::string();
}

Result<std::string> UnitName(Tx& tx, int64_t unit_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, unit_id));
  return unit ? unit->name : std::string();
}

Result<std::string> CaseNumber(Tx& tx, int64_t case_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto record, storage::case_store::FindById(tx, case_id));
  return record ? record->case_number : std::string();
}

domain::CivilDate AddMonths(domain::CivilDate d, int months) {
  const int total = d.year * 12 + (d.month - 1) + months;
  d.year = total / 12;
  d.month = total % 12 + 1;
  d.day = std::min(d.day, domain::DaysInMonth(d.year, d.month));
  return d;
}

// The keyset of an inbox page: "<due>:<id>" (open lists) or "<id>" (finished list).
bool ParseKeyset(const std::string& text, int64_t& due, int64_t& id) {
  if (text.empty()) return true;
  const size_t colon = text.find(':');
  auto parse = [](std::string_view s, int64_t& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
  };
  if (colon == std::string::npos) return parse(text, id);
  return parse(std::string_view(text).substr(0, colon), due) &&
         parse(std::string_view(text).substr(colon + 1), id);
}

std::string GenericBody(const std::string& event, const std::string& case_number,
                        const std::string& task_type, int64_t at) {
  json::object o{{"event", event}, {"case_number", case_number}, {"at", FormatUtc(at)}};
  if (!task_type.empty()) o["task_type"] = task_type;
  return json::serialize(o);
}

}  // namespace

Status WorkflowService::Refuse(const Actor& actor, const std::string& action,
                               const std::string& object_type, int64_t id) {
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) {
    return Record(tx, clock_, actor, Event(actor, action, object_type, id, "denied", "role"));
  }));
  return Status::PermissionDenied("forbidden");
}

struct WorkflowService::TaskContext {
  storage::TaskRecord task;
};

WorkflowService::WorkflowService(storage::Database& db, const Clock& clock, Random& random,
                                 const security::KeyRing& keys,
                                 const domain::Enumerations& enumerations, CaseService& cases,
                                 WorkflowOptions options)
    : db_(db),
      clock_(clock),
      random_(random),
      keys_(keys),
      enumerations_(enumerations),
      cases_(cases),
      options_(std::move(options)) {}

Result<Blob> WorkflowService::Seal(const std::string& plain, std::string_view column, int64_t id) {
  if (plain.empty()) return Blob();
  return security::Encrypt(keys_, plain, security::FieldAssociatedData(column, std::to_string(id)),
                           random_);
}

Result<std::string> WorkflowService::Open(const Blob& blob, std::string_view column,
                                          int64_t id) const {
  if (blob.empty()) return std::string();
  return security::Decrypt(keys_, blob, security::FieldAssociatedData(column, std::to_string(id)));
}

// ---- lifecycle ----

namespace {

// The lifecycle actions on `record` for a caller whose case.transition view is `view`.
Status AllowedActionsIn(Tx& tx, const storage::CaseRecord& record, CaseView view,
                        std::vector<std::string>* out) {
  if (view == CaseView::kNone) return Status::Ok();
  const auto status = domain::ParseCaseStatus(record.status);
  if (!status) return Status::Ok();
  SHOUHU_ASSIGN_OR_RETURN(const int64_t open, storage::task_store::CountOpenByCase(tx, record.id));
  for (auto action : domain::AllowedCaseActions(*status)) {
    if (action == domain::CaseAction::kClose && open > 0) continue;
    out->emplace_back(domain::CaseActionCode(action));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> WorkflowService::AllowedActions(const Actor& actor,
                                                                 int64_t case_id) {
  std::vector<std::string> out;
  const int64_t now = clock_.NowMillis();
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto record, storage::case_store::FindById(tx, case_id));
    if (!record) return Status::Ok();
    // Part of reading the case (already audited): the table's case.transition rows decide.
    SHOUHU_ASSIGN_OR_RETURN(auto permit, ResolveCase(tx, actor, *record, "case.transition", now));
    return AllowedActionsIn(tx, *record, permit.view, &out);
  }));
  return out;
}

Result<CaseReading> WorkflowService::ReadCase(const Actor& actor, int64_t case_id) {
  CaseReading out;
  auto also = [&out](Tx& tx, const storage::CaseRecord& record, const CasePermit& permit,
                     int64_t now) -> Status {
    // The same relations, resolved once for the read: the table's case.transition rows decide.
    SHOUHU_RETURN_IF_ERROR(
        AllowedActionsIn(tx, record, permit.ViewFor("case.transition"), &out.allowed_actions));
    if (permit.view != CaseView::kReceipt && permit.view != CaseView::kPseudonymous) {
      SHOUHU_ASSIGN_OR_RETURN(const int64_t n,
                              storage::task_store::CountOverdueByCase(tx, record.id, now));
      out.overdue = n > 0;
    }
    return Status::Ok();
  };
  SHOUHU_ASSIGN_OR_RETURN(out.detail, cases_.Get(actor, case_id, also));
  return out;
}

Status WorkflowService::Transition(const Actor& actor, int64_t case_id,
                                   const std::string& action_code, const std::string& reason) {
  const auto action = domain::ParseCaseAction(action_code);
  if (!action)
    return Status::InvalidField("action", action_code.empty() ? "required" : "unknown_value");
  SHOUHU_RETURN_IF_ERROR(
      CheckText(reason, "reason", kMaxReasonChars, action == domain::CaseAction::kReopen));
  SHOUHU_ASSIGN_OR_RETURN(auto access, cases_.Authorize(actor, case_id, "case.transition"));
  const int64_t now = clock_.NowMillis();
  return db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto record, storage::case_store::FindById(tx, case_id));
    if (!record) return Status::NotFound("case_not_found");
    const auto from = domain::ParseCaseStatus(record->status);
    if (!from) return Status::Internal("unknown_case_status");
    const auto to = domain::NextCaseStatus(*from, *action);
    if (!to) return Status::Conflict("invalid_transition", {{"action", "not_allowed"}});
    if (*action == domain::CaseAction::kClose) {
      SHOUHU_ASSIGN_OR_RETURN(const int64_t open,
                              storage::task_store::CountOpenByCase(tx, case_id));
      if (open > 0) return Status::Conflict("open_tasks", {{"action", "open_tasks"}});
    }
    const int64_t version = record->version;
    record->status = std::string(domain::CaseStatusCode(*to));
    record->updated_at = now;
    SHOUHU_ASSIGN_OR_RETURN(const bool updated, storage::case_store::Update(tx, *record, version));
    if (!updated) return Status::PreconditionFailed("stale_version");
    SHOUHU_RETURN_IF_ERROR(AddEvent(tx, &actor, case_id, now, "transition",
                                    {{"action", action_code},
                                     {"from", domain::CaseStatusCode(*from)},
                                     {"to", record->status},
                                     {"with_reason", !reason.empty()}}));
    if (*action == domain::CaseAction::kClose) {
      const domain::CivilDate closed_on = domain::CivilDateShanghai(now);
      for (int months : options_.clocks.followup_months) {
        storage::FollowupRecord f{.case_id = case_id,
                                  .due_on = AddMonths(closed_on, months).ToString(),
                                  .created_at = now};
        SHOUHU_ASSIGN_OR_RETURN(const int64_t id, storage::followup_store::Insert(tx, f));
        SHOUHU_RETURN_IF_ERROR(AddEvent(tx, &actor, case_id, now, "followup_scheduled",
                                        {{"followup_id", id}, {"due_on", f.due_on}}));
      }
    }
    return Record(
        tx, clock_, actor,
        Event(actor, "case.transition", "case", case_id, "ok",
              json::serialize(json::object{{"action", action_code}, {"reason", reason}})));
  });
}

// ---- triage ----

Result<AssessmentOutcome> WorkflowService::Assess(const Actor& actor, int64_t case_id,
                                                  AssessmentInput in) {
  SHOUHU_RETURN_IF_ERROR(enumerations_.CheckAll("harm_types", domain::kHarmType, in.harm_types));
  SHOUHU_RETURN_IF_ERROR(
      enumerations_.CheckAll("aggravating_flags", domain::kAggravatingFlag, in.aggravating_flags));
  SHOUHU_RETURN_IF_ERROR(enumerations_.CheckAll(
      "vulnerability_classes", domain::kVulnerabilityClass, in.vulnerability_classes));
  if (in.risk_level.empty()) return Status::InvalidField("risk_level", "required");
  SHOUHU_RETURN_IF_ERROR(enumerations_.Check("risk_level", domain::kRiskLevel, in.risk_level));
  SHOUHU_RETURN_IF_ERROR(CheckText(in.reason, "reason", kMaxReasonChars, false));
  SHOUHU_ASSIGN_OR_RETURN(auto access, cases_.Authorize(actor, case_id, "case.assess"));
  const int64_t now = clock_.NowMillis();
  AssessmentOutcome out;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto record, storage::case_store::FindById(tx, case_id));
    if (!record) return Status::NotFound("case_not_found");
    if (record->status == "closed") return Status::Conflict("case_closed");
    const bool downgrade = domain::IsRiskDowngrade(record->risk_level, in.risk_level);
    if (downgrade && in.reason.empty())
      return Status::InvalidField("reason", "required_for_downgrade");
    storage::AssessmentRecord a{.case_id = case_id,
                                .at = now,
                                .user_id = actor.user_id.value_or(0),
                                .unit_id = actor.unit_id,
                                .harm_types = Join(in.harm_types),
                                .aggravating_flags = Join(in.aggravating_flags),
                                .vulnerability_classes = Join(in.vulnerability_classes),
                                .risk_level = in.risk_level,
                                .previous_risk_level = record->risk_level};
    SHOUHU_ASSIGN_OR_RETURN(a.id, storage::assessment_store::Insert(tx, a));
    if (!in.reason.empty()) {
      SHOUHU_ASSIGN_OR_RETURN(a.reason, Seal(in.reason, "assessments.reason", a.id));
      SHOUHU_RETURN_IF_ERROR(storage::assessment_store::SetReason(tx, a.id, a.reason));
    }
    const int64_t version = record->version;
    if (!in.harm_types.empty()) record->harm_types = a.harm_types;
    record->aggravating_flags = a.aggravating_flags;
    record->risk_level = in.risk_level;
    const std::string from_status = record->status;
    if (record->status == "registered") record->status = "assessing";
    record->updated_at = now;
    SHOUHU_ASSIGN_OR_RETURN(const bool updated, storage::case_store::Update(tx, *record, version));
    if (!updated) return Status::PreconditionFailed("stale_version");
    SHOUHU_RETURN_IF_ERROR(storage::assessment_store::SetChildVulnerability(
        tx, record->child_id, a.vulnerability_classes));
    SHOUHU_RETURN_IF_ERROR(AddEvent(tx, &actor, case_id, now, "assessment_recorded",
                                    {{"assessment_id", a.id},
                                     {"risk_level", a.risk_level},
                                     {"previous_risk_level", a.previous_risk_level}}));
    if (downgrade) {
      SHOUHU_RETURN_IF_ERROR(AddEvent(
          tx, &actor, case_id, now, "risk_downgraded",
          {{"from", a.previous_risk_level}, {"to", a.risk_level}, {"assessment_id", a.id}}));
    }
    if (from_status != record->status) {
      SHOUHU_RETURN_IF_ERROR(AddEvent(tx, &actor, case_id, now, "transition",
                                      {{"action", "start_assessment"},
                                       {"from", from_status},
                                       {"to", record->status},
                                       {"with_reason", false}}));
    }
    SHOUHU_RETURN_IF_ERROR(Record(
        tx, clock_, actor,
        Event(actor, downgrade ? "case.risk_downgrade" : "case.assess", "case", case_id, "ok",
              json::serialize(json::object{
                  {"from", a.previous_risk_level}, {"to", a.risk_level}, {"reason", in.reason}}))));
    out.assessment = {.record = a, .reason = in.reason};

    const auto plan =
        domain::ProposePlan(options_.plan_rules, {.age = record->age_at_incident,
                                                  .situation = record->situation_code,
                                                  .harm_types = Split(record->harm_types),
                                                  .vulnerability_classes = in.vulnerability_classes,
                                                  .risk_level = in.risk_level});
    SHOUHU_ASSIGN_OR_RETURN(auto units, storage::unit_store::List(tx));
    for (const auto& item : plan) {
      ProposedTask p{.task_type = item.task_type,
                     .unit_kind = item.unit_kind,
                     .priority = item.priority,
                     .rule = item.rule};
      for (const auto& u : units) {
        if (u.kind == item.unit_kind && u.district_code == record->district_code) {
          p.unit_id = u.id;
          p.unit_name = u.name;
          break;
        }
      }
      out.plan.push_back(std::move(p));
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<AssessmentView>> WorkflowService::Assessments(const Actor& actor,
                                                                 int64_t case_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto access, cases_.Authorize(actor, case_id, "case.assessments"));
  std::vector<AssessmentView> out;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto records, storage::assessment_store::ListByCase(tx, case_id));
    for (auto& r : records) {
      AssessmentView v{.record = std::move(r)};
      if (access.view == CaseView::kMasked) {
        SHOUHU_ASSIGN_OR_RETURN(v.reason, Open(v.record.reason, "assessments.reason", v.record.id));
      }
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return out;
}

// ---- referrals and tasks ----

Result<TaskView> WorkflowService::View(Tx& tx, const storage::TaskRecord& task, bool clear) const {
  TaskView v{.record = task};
  SHOUHU_ASSIGN_OR_RETURN(v.case_number, CaseNumber(tx, task.case_id));
  SHOUHU_ASSIGN_OR_RETURN(v.unit_name, UnitName(tx, task.unit_id));
  if (clear) {
    SHOUHU_ASSIGN_OR_RETURN(v.note, Open(task.note, "tasks.note", task.id));
    SHOUHU_ASSIGN_OR_RETURN(v.outcome, Open(task.outcome, "tasks.outcome", task.id));
  }
  const int64_t now = clock_.NowMillis();
  if (task.state == "pending" && now > task.accept_due) {
    v.overdue = true;
    v.overdue_kind = "accept";
  } else if ((task.state == "pending" || task.state == "accepted") && now > task.done_due) {
    v.overdue = true;
    v.overdue_kind = "done";
  }
  return v;
}

Result<std::vector<TaskView>> WorkflowService::Refer(const Actor& actor, int64_t case_id,
                                                     ReferralInput in) {
  if (in.tasks.empty()) return Status::InvalidField("tasks", "required");
  if (in.tasks.size() > kMaxTasksPerReferral) return Status::InvalidField("tasks", "too_many");
  if (in.legal_basis.empty()) in.legal_basis = "statutory_duty";
  if (in.legal_basis != "statutory_duty" && in.legal_basis != "guardian_consent")
    return Status::InvalidField("legal_basis", "unknown_value");
  for (size_t i = 0; i < in.tasks.size(); ++i) {
    const std::string field = "tasks[" + std::to_string(i) + "]";
    if (domain::FindTaskType(in.tasks[i].task_type) == nullptr)
      return Status::InvalidField(field + ".task_type",
                                  in.tasks[i].task_type.empty() ? "required" : "unknown_value");
    if (in.tasks[i].unit_id <= 0) return Status::InvalidField(field + ".unit_id", "required");
    SHOUHU_RETURN_IF_ERROR(
        CheckText(in.tasks[i].note, (field + ".note").c_str(), kMaxNoteChars, false));
  }
  SHOUHU_ASSIGN_OR_RETURN(auto access, cases_.Authorize(actor, case_id, "case.refer"));
  const int64_t now = clock_.NowMillis();
  std::vector<TaskView> out;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto record, storage::case_store::FindById(tx, case_id));
    if (!record) return Status::NotFound("case_not_found");
    if (record->status == "closed") return Status::Conflict("case_closed");
    for (size_t i = 0; i < in.tasks.size(); ++i) {
      const ReferralItem& item = in.tasks[i];
      const std::string field = "tasks[" + std::to_string(i) + "]";
      const domain::TaskType& type = *domain::FindTaskType(item.task_type);
      SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, item.unit_id));
      if (!unit) return Status::InvalidField(field + ".unit_id", "unknown_value");
      if (unit->kind != type.unit_kind)
        return Status::InvalidField(field + ".unit_id", "wrong_unit_kind");
      if (unit->kind == "social_org" && in.legal_basis != "guardian_consent")
        return Status::InvalidField("legal_basis", "guardian_consent_required");
      const auto due =
          domain::ComputeDeadlines(options_.clocks, type, record->risk_level, item.priority, now);
      storage::TaskRecord t{.case_id = case_id,
                            .unit_id = unit->id,
                            .task_type = item.task_type,
                            .priority = item.priority && type.priority_eligible,
                            .risk_level = record->risk_level,
                            .legal_basis = in.legal_basis,
                            .created_at = now,
                            .created_by = actor.user_id.value_or(0),
                            .accept_due = due.accept_due,
                            .done_due = due.done_due,
                            .next_due = due.accept_due};
      SHOUHU_ASSIGN_OR_RETURN(t.id, storage::task_store::Insert(tx, t));
      if (!item.note.empty()) {
        SHOUHU_ASSIGN_OR_RETURN(t.note, Seal(item.note, "tasks.note", t.id));
        SHOUHU_RETURN_IF_ERROR(storage::task_store::SetNote(tx, t.id, t.note));
      }
      SHOUHU_RETURN_IF_ERROR(storage::sharing_store::Insert(tx, {.case_id = case_id,
                                                                 .unit_id = unit->id,
                                                                 .task_id = t.id,
                                                                 .legal_basis = in.legal_basis,
                                                                 .recorded_at = now,
                                                                 .recorded_by = t.created_by})
                                 .status());
      SHOUHU_RETURN_IF_ERROR(storage::case_grant_store::Grant(tx, {.case_id = case_id,
                                                                   .unit_id = unit->id,
                                                                   .reason = "task",
                                                                   .granted_at = now,
                                                                   .granted_by = t.created_by,
                                                                   .legal_basis = in.legal_basis}));
      SHOUHU_RETURN_IF_ERROR(AddEvent(tx, &actor, case_id, now, "referral_sent",
                                      {{"task_id", t.id},
                                       {"unit_id", unit->id},
                                       {"task_type", t.task_type},
                                       {"priority", t.priority},
                                       {"legal_basis", t.legal_basis}}));
      SHOUHU_ASSIGN_OR_RETURN(auto users, storage::notification_store::UsersOfUnit(tx, unit->id));
      SHOUHU_RETURN_IF_ERROR(Notify(tx, users, "task_new", case_id, t.id, std::nullopt));
      SHOUHU_RETURN_IF_ERROR(Enqueue(tx, unit->id, "task_new", record->case_number, t.task_type));
      SHOUHU_ASSIGN_OR_RETURN(auto view, View(tx, t, true));
      out.push_back(std::move(view));
    }
    if (record->status == "registered" || record->status == "assessing") {
      const std::string from = record->status;
      const int64_t version = record->version;
      record->status = "handling";
      record->updated_at = now;
      SHOUHU_ASSIGN_OR_RETURN(const bool updated,
                              storage::case_store::Update(tx, *record, version));
      if (!updated) return Status::PreconditionFailed("stale_version");
      SHOUHU_RETURN_IF_ERROR(AddEvent(tx, &actor, case_id, now, "transition",
                                      {{"action", "start_handling"},
                                       {"from", from},
                                       {"to", "handling"},
                                       {"with_reason", false}}));
    }
    return Record(tx, clock_, actor,
                  Event(actor, "case.refer", "case", case_id, "ok",
                        fmt::format(R"({{"tasks":{}}})", in.tasks.size())));
  }));
  return out;
}

Result<std::vector<TaskView>> WorkflowService::CaseTasks(const Actor& actor, int64_t case_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto access, cases_.Authorize(actor, case_id, "case.tasks"));
  std::vector<TaskView> out;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto tasks, storage::task_store::ListByCase(tx, case_id));
    for (const auto& t : tasks) {
      // A task's free text is for its own unit and the case's coordinators.
      const bool clear = t.unit_id == actor.unit_id || access.permit.Allows("case.notes");
      SHOUHU_ASSIGN_OR_RETURN(auto v, View(tx, t, clear));
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<SharingView>> WorkflowService::Sharings(const Actor& actor, int64_t case_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto access, cases_.Authorize(actor, case_id, "case.sharings"));
  std::vector<SharingView> out;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto records, storage::sharing_store::ListByCase(tx, case_id));
    for (auto& r : records) {
      SharingView v{.record = std::move(r)};
      SHOUHU_ASSIGN_OR_RETURN(v.unit_name, UnitName(tx, v.record.unit_id));
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return out;
}

Result<InboxPage> WorkflowService::Inbox(const Actor& actor, InboxQuery q) {
  if (q.state.empty()) q.state = "open";
  if (q.state != "open" && q.state != "pending" && q.state != "accepted" && q.state != "overdue" &&
      q.state != "done")
    return Status::InvalidField("state", "unknown_value");
  if (q.limit < 1 || q.limit > 200) return Status::InvalidField("limit", "out_of_range");
  int64_t after_due = INT64_MIN, after_id = 0;
  if (q.state == "done") after_id = INT64_MAX;
  if (!ParseKeyset(q.after, after_due, after_id))
    return Status::InvalidField("after", "bad_format");
  if (!Permitted(actor, "task.inbox")) {
    return Refuse(actor, "task.inbox", "unit", actor.unit_id);
  }
  const int64_t now = clock_.NowMillis();
  InboxPage page;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    std::vector<storage::TaskRecord> tasks;
    if (q.state == "done") {
      SHOUHU_ASSIGN_OR_RETURN(
          tasks, storage::task_store::ListFinishedByUnit(tx, actor.unit_id, after_id, q.limit));
    } else if (q.state == "overdue") {
      SHOUHU_ASSIGN_OR_RETURN(tasks, storage::task_store::ListOverdueByUnit(
                                         tx, actor.unit_id, now, after_due, after_id, q.limit));
    } else {
      SHOUHU_ASSIGN_OR_RETURN(tasks, storage::task_store::ListOpenByUnit(
                                         tx, actor.unit_id, q.state == "open" ? "" : q.state,
                                         after_due, after_id, q.limit));
    }
    for (const auto& t : tasks) {
      // A finished task's free text leaves the unit's sight with the task.
      SHOUHU_ASSIGN_OR_RETURN(auto v, View(tx, t, q.state != "done"));
      page.items.push_back(std::move(v));
    }
    if (static_cast<int>(tasks.size()) == q.limit) {
      const auto& last = tasks.back();
      page.next = q.state == "done" ? std::to_string(last.id)
                                    : fmt::format("{}:{}", last.next_due, last.id);
    }
    return Record(tx, clock_, actor,
                  Event(actor, "task.inbox", "unit", actor.unit_id, "ok", q.state));
  }));
  return page;
}

Result<std::set<int64_t>> WorkflowService::OverdueAmong(const std::vector<int64_t>& case_ids) {
  std::set<int64_t> out;
  if (case_ids.empty()) return out;
  const int64_t now = clock_.NowMillis();
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    for (int64_t id : case_ids) {
      SHOUHU_ASSIGN_OR_RETURN(const int64_t n,
                              storage::task_store::CountOverdueByCase(tx, id, now));
      if (n > 0) out.insert(id);
    }
    return Status::Ok();
  }));
  return out;
}

Result<WorkflowService::TaskContext> WorkflowService::LoadTask(const Actor& actor, int64_t task_id,
                                                               const std::string& action) {
  TaskContext ctx;
  bool visible = false;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto task, storage::task_store::FindById(tx, task_id));
    visible = task && Permitted(actor, "task.answer") && task->unit_id == actor.unit_id;
    if (!visible) {
      return Record(
          tx, clock_, actor,
          Event(actor, action, "task", task_id, task ? "denied" : "not_found", "need_to_know"));
    }
    ctx.task = *task;
    return Status::Ok();
  }));
  if (!visible) return Status::NotFound("task_not_found");
  return ctx;
}

Result<TaskView> WorkflowService::FinishTaskAction(const Actor& actor, int64_t task_id,
                                                   domain::TaskAction action,
                                                   const std::string& text) {
  const char* name = action == domain::TaskAction::kAccept   ? "task.accept"
                     : action == domain::TaskAction::kReject ? "task.reject"
                                                             : "task.complete";
  SHOUHU_ASSIGN_OR_RETURN(auto ctx, LoadTask(actor, task_id, name));
  const int64_t now = clock_.NowMillis();
  TaskView out;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto found, storage::task_store::FindById(tx, task_id));
    if (!found) return Status::NotFound("task_not_found");
    storage::TaskRecord t = *found;
    const auto state = domain::ParseTaskState(t.state);
    if (!state) return Status::Internal("unknown_task_state");
    const auto next = domain::NextTaskState(*state, action);
    if (!next) return Status::Conflict("invalid_task_transition", {{"state", t.state}});
    const int64_t version = t.version;
    t.state = std::string(domain::TaskStateCode(*next));
    std::string kind;
    if (action == domain::TaskAction::kAccept) {
      t.accepted_at = now;
      t.next_due = t.done_due;
      kind = "task_accepted";
    } else {
      t.finished_at = now;
      t.finished_by = actor.user_id;
      t.next_due = storage::kNoDeadline;
      SHOUHU_ASSIGN_OR_RETURN(t.outcome, Seal(text, "tasks.outcome", t.id));
      kind = action == domain::TaskAction::kReject ? "task_returned" : "task_completed";
    }
    SHOUHU_ASSIGN_OR_RETURN(const bool updated, storage::task_store::Update(tx, t, version));
    if (!updated) return Status::PreconditionFailed("stale_version");
    t.version = version + 1;
    SHOUHU_RETURN_IF_ERROR(
        AddEvent(tx, &actor, t.case_id, now, kind,
                 {{"task_id", t.id}, {"unit_id", t.unit_id}, {"task_type", t.task_type}}));
    if (!domain::IsOpenTask(*next)) {
      // The escalations of a finished task close themselves.
      SHOUHU_ASSIGN_OR_RETURN(auto open, storage::escalation_store::ListOpenByTask(tx, t.id));
      for (const auto& e : open) {
        SHOUHU_RETURN_IF_ERROR(storage::escalation_store::Close(tx, e.id, now, std::nullopt, {}));
        SHOUHU_RETURN_IF_ERROR(AddEvent(tx, nullptr, t.case_id, now, "escalation_closed",
                                        {{"escalation_id", e.id}, {"by", "task_finished"}}));
      }
      // The unit keeps sight of the case only while it holds an open task on it.
      SHOUHU_ASSIGN_OR_RETURN(const int64_t still_open,
                              storage::task_store::CountOpen(tx, t.case_id, t.unit_id));
      if (still_open == 0) {
        SHOUHU_ASSIGN_OR_RETURN(const bool granted, storage::case_grant_store::HasActive(
                                                        tx, t.case_id, t.unit_id, now));
        if (granted)
          SHOUHU_RETURN_IF_ERROR(storage::case_grant_store::Revoke(tx, t.case_id, t.unit_id, now));
      }
      if (action == domain::TaskAction::kReject) {
        SHOUHU_ASSIGN_OR_RETURN(auto record, storage::case_store::FindById(tx, t.case_id));
        if (record) {
          SHOUHU_ASSIGN_OR_RETURN(
              auto users, storage::notification_store::UsersOfUnit(tx, record->lead_unit_id));
          SHOUHU_RETURN_IF_ERROR(Notify(tx, users, "task_returned", t.case_id, t.id, std::nullopt));
        }
      }
    }
    SHOUHU_ASSIGN_OR_RETURN(out, View(tx, t, true));
    return Record(
        tx, clock_, actor,
        Event(actor, name, "task", t.id, "ok", fmt::format(R"({{"case_id":{}}})", t.case_id)));
  }));
  return out;
}

Result<TaskView> WorkflowService::Accept(const Actor& actor, int64_t task_id) {
  return FinishTaskAction(actor, task_id, domain::TaskAction::kAccept, "");
}

Result<TaskView> WorkflowService::Reject(const Actor& actor, int64_t task_id,
                                         const std::string& reason) {
  SHOUHU_RETURN_IF_ERROR(CheckText(reason, "reason", kMaxReasonChars, true));
  return FinishTaskAction(actor, task_id, domain::TaskAction::kReject, reason);
}

Result<TaskView> WorkflowService::Complete(const Actor& actor, int64_t task_id,
                                           const std::string& outcome) {
  SHOUHU_RETURN_IF_ERROR(CheckText(outcome, "outcome", kMaxNoteChars, true));
  return FinishTaskAction(actor, task_id, domain::TaskAction::kComplete, outcome);
}

// ---- escalations ----

Result<EscalationView> WorkflowService::EscalationDetail(Tx& tx, const storage::EscalationRecord& e,
                                                         bool clear) const {
  EscalationView v{.record = e};
  SHOUHU_ASSIGN_OR_RETURN(v.case_number, CaseNumber(tx, e.case_id));
  SHOUHU_ASSIGN_OR_RETURN(v.unit_name, UnitName(tx, e.unit_id));
  SHOUHU_ASSIGN_OR_RETURN(auto task, storage::task_store::FindById(tx, e.task_id));
  if (task) v.task_type = task->task_type;
  if (clear) {
    SHOUHU_ASSIGN_OR_RETURN(v.close_reason, Open(e.close_reason, "escalations.close_reason", e.id));
  }
  SHOUHU_ASSIGN_OR_RETURN(auto comments, storage::escalation_store::Comments(tx, e.id));
  for (const auto& c : comments) {
    CommentView cv{.id = c.id, .at = c.at, .user_id = c.user_id};
    SHOUHU_ASSIGN_OR_RETURN(auto user, storage::user_store::FindById(tx, c.user_id));
    if (user) cv.username = user->username;
    if (clear) {
      SHOUHU_ASSIGN_OR_RETURN(cv.text, Open(c.text, "escalation_comments.text", c.id));
    }
    v.comments.push_back(std::move(cv));
  }
  return v;
}

Result<std::vector<EscalationView>> WorkflowService::Escalations(const Actor& actor,
                                                                 const std::string& state) {
  if (!state.empty() && state != "open" && state != "closed")
    return Status::InvalidField("state", "unknown_value");
  const bool allowed = Permitted(actor, "escalation.list");
  std::vector<EscalationView> out;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    if (!allowed) {
      return Record(tx, clock_, actor,
                    Event(actor, "escalation.list", "escalation", 0, "denied", "role"));
    }
    SHOUHU_ASSIGN_OR_RETURN(const std::string district, UnitDistrict(tx, actor.unit_id));
    if (district.empty()) return Status::Ok();
    SHOUHU_ASSIGN_OR_RETURN(auto records,
                            storage::escalation_store::List(tx, district, state, INT64_MAX, 200));
    for (const auto& e : records) {
      SHOUHU_ASSIGN_OR_RETURN(auto v, EscalationDetail(tx, e, true));
      out.push_back(std::move(v));
    }
    return Record(tx, clock_, actor, Event(actor, "escalation.list", "escalation", 0, "ok", state));
  }));
  if (!allowed) return Status::PermissionDenied("forbidden");
  return out;
}

Result<EscalationView> WorkflowService::Comment(const Actor& actor, int64_t escalation_id,
                                                const std::string& text) {
  SHOUHU_RETURN_IF_ERROR(CheckText(text, "text", kMaxReasonChars * 2, true));
  const int64_t now = clock_.NowMillis();
  EscalationView out;
  bool visible = false;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto e, storage::escalation_store::FindById(tx, escalation_id));
    SHOUHU_ASSIGN_OR_RETURN(const std::string district, UnitDistrict(tx, actor.unit_id));
    visible = e && Permitted(actor, "escalation.write") && e->district_code == district;
    if (!visible) {
      return Record(tx, clock_, actor,
                    Event(actor, "escalation.comment", "escalation", escalation_id, "denied",
                          "need_to_know"));
    }
    storage::EscalationCommentRecord c{
        .escalation_id = e->id, .at = now, .user_id = actor.user_id.value_or(0)};
    SHOUHU_ASSIGN_OR_RETURN(c.id, storage::escalation_store::AddComment(tx, c));
    SHOUHU_ASSIGN_OR_RETURN(c.text, Seal(text, "escalation_comments.text", c.id));
    SHOUHU_RETURN_IF_ERROR(storage::escalation_store::SetCommentText(tx, c.id, c.text));
    SHOUHU_RETURN_IF_ERROR(AddEvent(tx, &actor, e->case_id, now, "escalation_comment",
                                    {{"escalation_id", e->id}, {"comment_id", c.id}}));
    SHOUHU_ASSIGN_OR_RETURN(out, EscalationDetail(tx, *e, true));
    return Record(tx, clock_, actor, Event(actor, "escalation.comment", "escalation", e->id, "ok"));
  }));
  if (!visible) return Status::NotFound("escalation_not_found");
  return out;
}

Result<EscalationView> WorkflowService::CloseEscalation(const Actor& actor, int64_t escalation_id,
                                                        const std::string& reason) {
  SHOUHU_RETURN_IF_ERROR(CheckText(reason, "reason", kMaxReasonChars, true));
  const int64_t now = clock_.NowMillis();
  EscalationView out;
  bool visible = false;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto e, storage::escalation_store::FindById(tx, escalation_id));
    SHOUHU_ASSIGN_OR_RETURN(const std::string district, UnitDistrict(tx, actor.unit_id));
    visible = e && Permitted(actor, "escalation.write") && e->district_code == district;
    if (!visible) {
      return Record(
          tx, clock_, actor,
          Event(actor, "escalation.close", "escalation", escalation_id, "denied", "need_to_know"));
    }
    if (e->state != "open") return Status::Conflict("escalation_closed");
    SHOUHU_ASSIGN_OR_RETURN(auto sealed, Seal(reason, "escalations.close_reason", e->id));
    SHOUHU_RETURN_IF_ERROR(storage::escalation_store::Close(tx, e->id, now, actor.user_id, sealed));
    SHOUHU_RETURN_IF_ERROR(AddEvent(tx, &actor, e->case_id, now, "escalation_closed",
                                    {{"escalation_id", e->id}, {"by", "user"}}));
    SHOUHU_ASSIGN_OR_RETURN(auto closed, storage::escalation_store::FindById(tx, e->id));
    SHOUHU_ASSIGN_OR_RETURN(out, EscalationDetail(tx, *closed, true));
    return Record(tx, clock_, actor, Event(actor, "escalation.close", "escalation", e->id, "ok"));
  }));
  if (!visible) return Status::NotFound("escalation_not_found");
  return out;
}

// ---- follow-ups ----

Result<std::vector<FollowupView>> WorkflowService::Followups(const Actor& actor, int64_t case_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto access, cases_.Authorize(actor, case_id, "case.followups"));
  std::vector<FollowupView> out;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto records, storage::followup_store::ListByCase(tx, case_id));
    for (auto& r : records) {
      FollowupView v{.record = std::move(r)};
      if (access.view == CaseView::kMasked) {
        SHOUHU_ASSIGN_OR_RETURN(v.note, Open(v.record.note, "followups.note", v.record.id));
      }
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return out;
}

Result<FollowupView> WorkflowService::RecordFollowup(const Actor& actor, int64_t case_id,
                                                     int64_t followup_id, const std::string& result,
                                                     const std::string& note) {
  if (followup_id <= 0) return Status::InvalidField("followup_id", "required");
  if (result != "done" && result != "missed")
    return Status::InvalidField("result", result.empty() ? "required" : "unknown_value");
  SHOUHU_RETURN_IF_ERROR(CheckText(note, "note", kMaxNoteChars, false));
  SHOUHU_ASSIGN_OR_RETURN(auto access, cases_.Authorize(actor, case_id, "case.followup"));
  const int64_t now = clock_.NowMillis();
  FollowupView out;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto f, storage::followup_store::FindById(tx, followup_id));
    if (!f || f->case_id != case_id) return Status::InvalidField("followup_id", "unknown_value");
    if (f->state != "due") return Status::Conflict("followup_recorded");
    SHOUHU_ASSIGN_OR_RETURN(auto sealed, Seal(note, "followups.note", f->id));
    SHOUHU_RETURN_IF_ERROR(
        storage::followup_store::Record(tx, f->id, result, now, actor.user_id.value_or(0), sealed));
    SHOUHU_RETURN_IF_ERROR(AddEvent(tx, &actor, case_id, now, "followup_recorded",
                                    {{"followup_id", f->id}, {"result", result}}));
    SHOUHU_ASSIGN_OR_RETURN(auto updated, storage::followup_store::FindById(tx, f->id));
    out = {.record = *updated, .note = note};
    return Record(tx, clock_, actor, Event(actor, "case.followup", "case", case_id, "ok", result));
  }));
  return out;
}

// ---- notifications ----

Status WorkflowService::Notify(Tx& tx, const std::vector<int64_t>& users, const std::string& kind,
                               int64_t case_id, std::optional<int64_t> task_id,
                               std::optional<int64_t> escalation_id) {
  const int64_t now = clock_.NowMillis();
  for (int64_t user : users) {
    SHOUHU_RETURN_IF_ERROR(storage::notification_store::Insert(tx, {.user_id = user,
                                                                    .kind = kind,
                                                                    .case_id = case_id,
                                                                    .task_id = task_id,
                                                                    .escalation_id = escalation_id,
                                                                    .created_at = now})
                               .status());
  }
  return Status::Ok();
}

Result<NotificationPage> WorkflowService::Notifications(const Actor& actor, bool unread_only,
                                                        int64_t before_id, int limit) {
  if (limit < 1 || limit > 200) return Status::InvalidField("limit", "out_of_range");
  if (!actor.user_id) return Status::PermissionDenied("forbidden");
  NotificationPage page;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto records, storage::notification_store::ListByUser(
                                              tx, *actor.user_id, unread_only,
                                              before_id > 0 ? before_id : INT64_MAX, limit));
    for (auto& r : records) {
      NotificationView v{.record = std::move(r)};
      SHOUHU_ASSIGN_OR_RETURN(v.case_number, CaseNumber(tx, v.record.case_id));
      if (v.record.task_id) {
        SHOUHU_ASSIGN_OR_RETURN(auto task, storage::task_store::FindById(tx, *v.record.task_id));
        if (task) v.task_type = task->task_type;
      }
      page.items.push_back(std::move(v));
    }
    SHOUHU_ASSIGN_OR_RETURN(page.unread,
                            storage::notification_store::CountUnread(tx, *actor.user_id));
    return Status::Ok();
  }));
  return page;
}

Status WorkflowService::MarkRead(const Actor& actor, int64_t notification_id) {
  if (!actor.user_id) return Status::PermissionDenied("forbidden");
  return db_.Write([&](Tx& tx) {
    return storage::notification_store::MarkRead(tx, *actor.user_id, notification_id,
                                                 clock_.NowMillis());
  });
}

Status WorkflowService::MarkAllRead(const Actor& actor) {
  if (!actor.user_id) return Status::PermissionDenied("forbidden");
  return db_.Write([&](Tx& tx) {
    return storage::notification_store::MarkAllRead(tx, *actor.user_id, clock_.NowMillis())
        .status();
  });
}

Status WorkflowService::OnIntake(Tx& tx, const storage::CaseRecord& record) {
  if (!record.via_mandatory_report && !record.late) return Status::Ok();
  SHOUHU_ASSIGN_OR_RETURN(auto users,
                          storage::notification_store::UsersOfUnit(tx, record.lead_unit_id));
  if (record.via_mandatory_report)
    SHOUHU_RETURN_IF_ERROR(Notify(tx, users, "report_new", record.id, std::nullopt, std::nullopt));
  if (record.late) {
    SHOUHU_RETURN_IF_ERROR(Notify(tx, users, "report_late", record.id, std::nullopt, std::nullopt));
    SHOUHU_RETURN_IF_ERROR(Enqueue(tx, record.lead_unit_id, "report_late", record.case_number, ""));
  }
  return Status::Ok();
}

// ---- the overdue sweep ----

Status WorkflowService::MarkOverdue(Tx& tx, storage::TaskRecord t, bool accept, int64_t now) {
  const int64_t version = t.version;
  (accept ? t.accept_overdue_at : t.done_overdue_at) = now;
  SHOUHU_ASSIGN_OR_RETURN(const bool updated, storage::task_store::Update(tx, t, version));
  if (!updated) return Status::Ok();  // changed meanwhile; the next sweep looks again
  SHOUHU_ASSIGN_OR_RETURN(auto record, storage::case_store::FindById(tx, t.case_id));
  if (!record) return Status::Internal("task_without_case");
  const std::string kind = accept ? "accept_overdue" : "done_overdue";
  storage::EscalationRecord e{.task_id = t.id,
                              .case_id = t.case_id,
                              .unit_id = t.unit_id,
                              .district_code = record->district_code,
                              .kind = kind,
                              .raised_at = now};
  auto inserted = storage::escalation_store::Insert(tx, e);
  if (!inserted.ok() && inserted.status().code() == StatusCode::kConflict) return Status::Ok();
  SHOUHU_ASSIGN_OR_RETURN(e.id, std::move(inserted));
  SHOUHU_RETURN_IF_ERROR(AddEvent(tx, nullptr, t.case_id, now, "task_overdue",
                                  {{"task_id", t.id}, {"kind", accept ? "accept" : "done"}}));
  SHOUHU_RETURN_IF_ERROR(AddEvent(tx, nullptr, t.case_id, now, "escalation_raised",
                                  {{"escalation_id", e.id}, {"task_id", t.id}, {"kind", kind}}));
  SHOUHU_ASSIGN_OR_RETURN(auto unit_users, storage::notification_store::UsersOfUnit(tx, t.unit_id));
  SHOUHU_RETURN_IF_ERROR(Notify(tx, unit_users, "task_overdue", t.case_id, t.id, e.id));
  if (record->lead_unit_id != t.unit_id) {
    SHOUHU_ASSIGN_OR_RETURN(auto lead_users,
                            storage::notification_store::UsersOfUnit(tx, record->lead_unit_id));
    SHOUHU_RETURN_IF_ERROR(Notify(tx, lead_users, "task_overdue", t.case_id, t.id, e.id));
  }
  SHOUHU_ASSIGN_OR_RETURN(auto leaders, storage::notification_store::UsersWithRoleInDistrict(
                                            tx, "leader", record->district_code));
  SHOUHU_RETURN_IF_ERROR(Notify(tx, leaders, "escalation_raised", t.case_id, t.id, e.id));
  SHOUHU_RETURN_IF_ERROR(Enqueue(tx, t.unit_id, "task_overdue", record->case_number, t.task_type));
  return Enqueue(tx, record->lead_unit_id, "escalation_raised", record->case_number, t.task_type);
}

Result<SweepResult> WorkflowService::Sweep() {
  const int64_t now = clock_.NowMillis();
  SweepResult result;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto late_accept,
                            storage::task_store::DueForAcceptOverdue(tx, now, kSweepBatch));
    for (auto& t : late_accept) {
      SHOUHU_RETURN_IF_ERROR(MarkOverdue(tx, t, true, now));
      ++result.accept_overdue;
    }
    SHOUHU_ASSIGN_OR_RETURN(auto late_done,
                            storage::task_store::DueForDoneOverdue(tx, now, kSweepBatch));
    for (auto& t : late_done) {
      // A task marked accept-overdue above has a new version: read it again.
      SHOUHU_ASSIGN_OR_RETURN(auto fresh, storage::task_store::FindById(tx, t.id));
      if (!fresh) continue;
      SHOUHU_RETURN_IF_ERROR(MarkOverdue(tx, *fresh, false, now));
      ++result.done_overdue;
    }
    if (result.accept_overdue + result.done_overdue == 0) return Status::Ok();
    audit::Event e{.action = "workflow.sweep",
                   .object_type = "task",
                   .result = "ok",
                   .client_address = "server",
                   .detail = fmt::format(R"({{"accept_overdue":{},"done_overdue":{}}})",
                                         result.accept_overdue, result.done_overdue)};
    return audit::Append(tx, clock_, e);
  }));
  return result;
}

// ---- webhooks ----

Status WorkflowService::Enqueue(Tx& tx, int64_t unit_id, const std::string& event,
                                const std::string& case_number, const std::string& task_type) {
  SHOUHU_ASSIGN_OR_RETURN(auto hook, storage::webhook_store::Find(tx, unit_id));
  if (!hook) return Status::Ok();
  const int64_t now = clock_.NowMillis();
  return storage::webhook_store::Enqueue(tx,
                                         {.unit_id = unit_id,
                                          .event = event,
                                          .body = GenericBody(event, case_number, task_type, now),
                                          .next_attempt_at = now,
                                          .created_at = now})
      .status();
}

Status WorkflowService::PutWebhook(const Actor& actor, int64_t unit_id, const WebhookInput& in) {
  if (in.url.empty()) return Status::InvalidField("url", "required");
  if (in.url.size() > 500) return Status::InvalidField("url", "too_long");
  if (in.url.rfind("http://", 0) != 0 && in.url.rfind("https://", 0) != 0)
    return Status::InvalidField("url", "bad_format");
  if (in.format != "generic" && in.format != "dingtalk" && in.format != "wecom")
    return Status::InvalidField("format", in.format.empty() ? "required" : "unknown_value");
  if (in.secret.size() > 200) return Status::InvalidField("secret", "too_long");
  const bool allowed = Permitted(actor, "webhook.write");
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    if (!allowed)
      return Record(tx, clock_, actor, Event(actor, "webhook.put", "unit", unit_id, "denied"));
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, unit_id));
    if (!unit) return Status::NotFound("unit_not_found");
    storage::WebhookRecord w{
        .unit_id = unit_id, .format = in.format, .updated_at = clock_.NowMillis()};
    SHOUHU_ASSIGN_OR_RETURN(w.url, Seal(in.url, "webhooks.url", unit_id));
    SHOUHU_ASSIGN_OR_RETURN(w.secret, Seal(in.secret, "webhooks.secret", unit_id));
    SHOUHU_RETURN_IF_ERROR(storage::webhook_store::Put(tx, w));
    return Record(tx, clock_, actor, Event(actor, "webhook.put", "unit", unit_id, "ok", in.format));
  }));
  if (!allowed) return Status::PermissionDenied("forbidden");
  return Status::Ok();
}

Result<WebhookStatus> WorkflowService::GetWebhook(const Actor& actor, int64_t unit_id) {
  if (!Permitted(actor, "webhook.read")) return Status::PermissionDenied("forbidden");
  WebhookStatus out;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, unit_id));
    if (!unit) return Status::NotFound("unit_not_found");
    SHOUHU_ASSIGN_OR_RETURN(auto hook, storage::webhook_store::Find(tx, unit_id));
    if (hook) {
      out.configured = true;
      out.format = hook->format;
      SHOUHU_ASSIGN_OR_RETURN(const std::string url, Open(hook->url, "webhooks.url", unit_id));
      const size_t start = url.find("://");
      const size_t host_start = start == std::string::npos ? 0 : start + 3;
      const size_t end = url.find_first_of("/?#", host_start);
      out.url_host =
          url.substr(host_start, end == std::string::npos ? std::string::npos : end - host_start);
    }
    SHOUHU_ASSIGN_OR_RETURN(auto counts, storage::webhook_store::DeliveryCounts(tx, unit_id));
    for (auto& [state, n] : counts) out.deliveries[state] = n;
    return Status::Ok();
  }));
  return out;
}

Status WorkflowService::RemoveWebhook(const Actor& actor, int64_t unit_id) {
  const bool allowed = Permitted(actor, "webhook.write");
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    if (!allowed)
      return Record(tx, clock_, actor, Event(actor, "webhook.remove", "unit", unit_id, "denied"));
    SHOUHU_RETURN_IF_ERROR(storage::webhook_store::Remove(tx, unit_id));
    return Record(tx, clock_, actor, Event(actor, "webhook.remove", "unit", unit_id, "ok"));
  }));
  if (!allowed) return Status::PermissionDenied("forbidden");
  return Status::Ok();
}

Result<int> WorkflowService::DeliverWebhooks(const WebhookPoster& post) {
  struct Job {
    storage::WebhookDeliveryRecord delivery;
    std::string url;
    std::string body;
    bool configured = false;
  };
  std::vector<Job> jobs;
  const int64_t now = clock_.NowMillis();
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto due,
                            storage::webhook_store::DueDeliveries(tx, now, kDeliveryBatch));
    for (auto& d : due) {
      Job job{.delivery = std::move(d)};
      SHOUHU_ASSIGN_OR_RETURN(auto hook, storage::webhook_store::Find(tx, job.delivery.unit_id));
      if (hook) {
        job.configured = true;
        SHOUHU_ASSIGN_OR_RETURN(job.url, Open(hook->url, "webhooks.url", hook->unit_id));
        SHOUHU_ASSIGN_OR_RETURN(const std::string secret,
                                Open(hook->secret, "webhooks.secret", hook->unit_id));
        if (hook->format == "dingtalk" && !secret.empty())
          job.url = security::DingTalkSignedUrl(job.url, secret, now);
        job.body = WebhookMessage(hook->format, job.delivery.body);
      }
      jobs.push_back(std::move(job));
    }
    return Status::Ok();
  }));
  int delivered = 0;
  for (auto& job : jobs) {
    auto& d = job.delivery;
    d.attempts += 1;
    if (!job.configured) {
      d.state = "failed";
      d.last_error = "no_webhook";
    } else {
      auto status = post(job.url, job.body);
      if (status.ok() && *status >= 200 && *status < 300) {
        d.state = "delivered";
        d.delivered_at = clock_.NowMillis();
        d.last_error.clear();
        ++delivered;
      } else {
        d.last_error = status.ok() ? "http_" + std::to_string(*status) : status.status().message();
        if (d.attempts >= options_.webhook_max_attempts) {
          d.state = "failed";
        } else {
          const int64_t backoff = std::min<int64_t>(kMaxBackoffMs, 1000LL << (d.attempts - 1));
          d.next_attempt_at = clock_.NowMillis() + backoff;
        }
      }
    }
    SHOUHU_RETURN_IF_ERROR(
        db_.Write([&](Tx& tx) { return storage::webhook_store::UpdateDelivery(tx, d); }));
  }
  return delivered;
}

Result<int64_t> WorkflowService::RotateKeys(const security::KeyRing& next) {
  constexpr int kBatch = 200;
  int64_t count = 0;
  for (const std::string& column : storage::sealed_column_store::WorkflowColumns()) {
    for (int64_t after = 0;;) {
      std::vector<storage::sealed_column_store::SealedValue> page;
      SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
        SHOUHU_ASSIGN_OR_RETURN(page,
                                storage::sealed_column_store::Scan(tx, column, after, kBatch));
        for (const auto& v : page) {
          if (v.blob.empty() || !security::NeedsRotation(v.blob, next)) continue;
          SHOUHU_ASSIGN_OR_RETURN(
              auto blob, security::Reencrypt(
                             next, v.blob,
                             security::FieldAssociatedData(column, std::to_string(v.id)), random_));
          SHOUHU_RETURN_IF_ERROR(storage::sealed_column_store::Set(tx, column, v.id, blob));
          ++count;
        }
        return Status::Ok();
      }));
      if (page.empty()) break;
      after = page.back().id;
    }
  }
  return count;
}

std::string WebhookMessage(const std::string& format, const std::string& generic_body) {
  if (format == "generic") return generic_body;
  json::object g = json::parse(generic_body).as_object();
  auto text_of = [&](const char* key) -> std::string {
    auto* v = g.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const std::string event = text_of("event");
  std::string title = "守护 Shouhu";
  if (event == "task_new") title = "新转介任务 New task";
  if (event == "task_overdue") title = "任务超期 Task overdue";
  if (event == "escalation_raised") title = "督办 Escalation raised";
  if (event == "report_late") title = "迟报 Late report";
  std::string text = "### " + title + "\n\n- 案件 Case: " + text_of("case_number");
  const std::string task = text_of("task_type");
  if (!task.empty()) {
    const domain::TaskType* type = domain::FindTaskType(task);
    text += "\n- 任务 Task: " + (type ? std::string(type->zh) + " " : std::string()) + task;
  }
  text += "\n- 时间 Time: " + text_of("at");
  if (format == "dingtalk") {
    return json::serialize(json::object{
        {"msgtype", "markdown"}, {"markdown", json::object{{"title", title}, {"text", text}}}});
  }
  return json::serialize(
      json::object{{"msgtype", "markdown"}, {"markdown", json::object{{"content", text}}}});
}

}  // namespace shouhu::service
