#include "storage/workflow_stores.h"

#include "storage/store_rows.h"

namespace shouhu::storage {
namespace {

using rows::CheckLimit;
using rows::ExpectChanged;
using rows::FindAll;
using rows::FindOne;
using rows::Flag;
using rows::InsertReturningId;
using rows::OptionalInt;

AssessmentRecord AssessmentFromRow(const Row& r) {
  return {.id = r.Int(0),
          .case_id = r.Int(1),
          .at = r.Int(2),
          .user_id = r.Int(3),
          .unit_id = r.Int(4),
          .harm_types = r.Text(5),
          .aggravating_flags = r.Text(6),
          .vulnerability_classes = r.Text(7),
          .risk_level = r.Text(8),
          .previous_risk_level = r.Text(9),
          .reason = r.Bytes(10)};
}

TaskRecord TaskFromRow(const Row& r) {
  return {.id = r.Int(0),
          .case_id = r.Int(1),
          .unit_id = r.Int(2),
          .task_type = r.Text(3),
          .state = r.Text(4),
          .priority = r.Int(5) != 0,
          .risk_level = r.Text(6),
          .legal_basis = r.Text(7),
          .note = r.Bytes(8),
          .created_at = r.Int(9),
          .created_by = r.Int(10),
          .accept_due = r.Int(11),
          .done_due = r.Int(12),
          .next_due = r.Int(13),
          .accepted_at = r.Int(14),
          .finished_at = r.Int(15),
          .finished_by = r.OptInt(16),
          .outcome = r.Bytes(17),
          .accept_overdue_at = r.Int(18),
          .done_overdue_at = r.Int(19),
          .version = r.Int(20)};
}

EscalationRecord EscalationFromRow(const Row& r) {
  return {.id = r.Int(0),
          .task_id = r.Int(1),
          .case_id = r.Int(2),
          .unit_id = r.Int(3),
          .district_code = r.Text(4),
          .kind = r.Text(5),
          .state = r.Text(6),
          .raised_at = r.Int(7),
          .closed_at = r.Int(8),
          .closed_by = r.OptInt(9),
          .close_reason = r.Bytes(10)};
}

EscalationCommentRecord CommentFromRow(const Row& r) {
  return {.id = r.Int(0),
          .escalation_id = r.Int(1),
          .at = r.Int(2),
          .user_id = r.Int(3),
          .text = r.Bytes(4)};
}

FollowupRecord FollowupFromRow(const Row& r) {
  return {.id = r.Int(0),
          .case_id = r.Int(1),
          .due_on = r.Text(2),
          .state = r.Text(3),
          .done_at = r.Int(4),
          .done_by = r.OptInt(5),
          .note = r.Bytes(6),
          .created_at = r.Int(7)};
}

SharingRecord SharingFromRow(const Row& r) {
  return {.id = r.Int(0),
          .case_id = r.Int(1),
          .unit_id = r.Int(2),
          .task_id = r.OptInt(3),
          .legal_basis = r.Text(4),
          .recorded_at = r.Int(5),
          .recorded_by = r.Int(6)};
}

NotificationRecord NotificationFromRow(const Row& r) {
  return {.id = r.Int(0),
          .user_id = r.Int(1),
          .kind = r.Text(2),
          .case_id = r.Int(3),
          .task_id = r.OptInt(4),
          .escalation_id = r.OptInt(5),
          .created_at = r.Int(6),
          .read_at = r.Int(7)};
}

WebhookRecord WebhookFromRow(const Row& r) {
  return {.unit_id = r.Int(0),
          .url = r.Bytes(1),
          .format = r.Text(2),
          .secret = r.Bytes(3),
          .updated_at = r.Int(4)};
}

WebhookDeliveryRecord DeliveryFromRow(const Row& r) {
  return {.id = r.Int(0),
          .unit_id = r.Int(1),
          .event = r.Text(2),
          .body = r.Text(3),
          .attempts = static_cast<int>(r.Int(4)),
          .next_attempt_at = r.Int(5),
          .state = r.Text(6),
          .last_error = r.Text(7),
          .created_at = r.Int(8),
          .delivered_at = r.Int(9)};
}

Value BlobOrNull(const Blob& b) {
  return b.empty() ? Value(Null{}) : Value(b);
}

Result<int64_t> Count(Tx& tx, std::string_view statement, const Params& params) {
  SHOUHU_ASSIGN_OR_RETURN(std::optional<Row> row, tx.QueryOne(statement, params));
  return row ? row->Int(0) : 0;
}

}  // namespace

namespace assessment_store {
Result<int64_t> Insert(Tx& tx, const AssessmentRecord& a) {
  return InsertReturningId(
      tx, "assessment.insert",
      {a.case_id, a.at, a.user_id, a.unit_id, a.harm_types, a.aggravating_flags,
       a.vulnerability_classes, a.risk_level, a.previous_risk_level});
}
Status SetReason(Tx& tx, int64_t id, const Blob& reason) {
  return ExpectChanged(tx.Exec("assessment.set_reason", {BlobOrNull(reason), id}),
                       "assessment_not_found");
}
Status SetChildVulnerability(Tx& tx, int64_t child_id, const std::string& classes) {
  return ExpectChanged(tx.Exec("assessment.set_child_vulnerability", {classes, child_id}),
                       "child_not_found");
}
Result<std::vector<AssessmentRecord>> ListByCase(Tx& tx, int64_t case_id) {
  return FindAll(tx, "assessment.list_by_case", {case_id}, &AssessmentFromRow);
}
}  // namespace assessment_store

namespace task_store {
Result<int64_t> Insert(Tx& tx, const TaskRecord& t) {
  return InsertReturningId(
      tx, "task.insert",
      {t.case_id, t.unit_id, t.task_type, t.state, Flag(t.priority), t.risk_level, t.legal_basis,
       t.created_at, t.created_by, t.accept_due, t.done_due, t.next_due});
}
Status SetNote(Tx& tx, int64_t id, const Blob& note) {
  return ExpectChanged(tx.Exec("task.set_note", {BlobOrNull(note), id}), "task_not_found");
}
Result<std::optional<TaskRecord>> FindById(Tx& tx, int64_t id) {
  return FindOne(tx, "task.find_by_id", {id}, &TaskFromRow);
}
Result<bool> Update(Tx& tx, const TaskRecord& t, int64_t expected_version) {
  SHOUHU_ASSIGN_OR_RETURN(
      const int64_t changed,
      tx.Exec("task.update", {t.state, t.accepted_at, t.finished_at, OptionalInt(t.finished_by),
                              BlobOrNull(t.outcome), t.next_due, t.accept_overdue_at,
                              t.done_overdue_at, t.id, expected_version}));
  return changed == 1;
}
Result<std::vector<TaskRecord>> ListByCase(Tx& tx, int64_t case_id) {
  return FindAll(tx, "task.list_by_case", {case_id}, &TaskFromRow);
}
Result<std::vector<TaskRecord>> ListOpenByUnit(Tx& tx, int64_t unit_id, const std::string& state,
                                               int64_t after_due, int64_t after_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "task.list_open_by_unit",
                 {unit_id, state, state, after_due, after_due, after_id, int64_t{limit}},
                 &TaskFromRow);
}
Result<std::vector<TaskRecord>> ListOverdueByUnit(Tx& tx, int64_t unit_id, int64_t now,
                                                  int64_t after_due, int64_t after_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "task.list_overdue_by_unit",
                 {unit_id, now, after_due, after_due, after_id, int64_t{limit}}, &TaskFromRow);
}
Result<std::vector<TaskRecord>> ListFinishedByUnit(Tx& tx, int64_t unit_id, int64_t before_id,
                                                   int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "task.list_finished_by_unit", {unit_id, before_id, int64_t{limit}},
                 &TaskFromRow);
}
Result<std::vector<TaskRecord>> DueForAcceptOverdue(Tx& tx, int64_t now, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "task.due_accept_overdue", {now, int64_t{limit}}, &TaskFromRow);
}
Result<std::vector<TaskRecord>> DueForDoneOverdue(Tx& tx, int64_t now, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "task.due_done_overdue", {now, int64_t{limit}}, &TaskFromRow);
}
Result<int64_t> CountOpen(Tx& tx, int64_t case_id, int64_t unit_id) {
  return Count(tx, "task.count_open", {case_id, unit_id});
}
Result<int64_t> CountOverdueByCase(Tx& tx, int64_t case_id, int64_t now) {
  return Count(tx, "task.count_overdue_by_case", {case_id, now});
}
Result<int64_t> CountOpenByCase(Tx& tx, int64_t case_id) {
  return Count(tx, "task.count_open_by_case", {case_id});
}
}  // namespace task_store

namespace escalation_store {
Result<int64_t> Insert(Tx& tx, const EscalationRecord& e) {
  return rows::NameConflict(
      InsertReturningId(tx, "escalation.insert",
                        {e.task_id, e.case_id, e.unit_id, e.district_code, e.kind, e.raised_at}),
      "kind");
}
Result<std::optional<EscalationRecord>> FindById(Tx& tx, int64_t id) {
  return FindOne(tx, "escalation.find_by_id", {id}, &EscalationFromRow);
}
Status Close(Tx& tx, int64_t id, int64_t at, std::optional<int64_t> by, const Blob& reason) {
  return ExpectChanged(tx.Exec("escalation.close", {at, OptionalInt(by), BlobOrNull(reason), id}),
                       "escalation_not_open");
}
Result<std::vector<EscalationRecord>> ListOpenByTask(Tx& tx, int64_t task_id) {
  return FindAll(tx, "escalation.list_open_by_task", {task_id}, &EscalationFromRow);
}
Result<std::vector<EscalationRecord>> List(Tx& tx, const std::string& district_code,
                                           const std::string& state, int64_t before_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "escalation.list",
                 {district_code, district_code, state, state, before_id, int64_t{limit}},
                 &EscalationFromRow);
}
Result<int64_t> AddComment(Tx& tx, const EscalationCommentRecord& c) {
  return InsertReturningId(tx, "escalation.add_comment", {c.escalation_id, c.at, c.user_id});
}
Status SetCommentText(Tx& tx, int64_t id, const Blob& text) {
  return ExpectChanged(tx.Exec("escalation.set_comment_text", {BlobOrNull(text), id}),
                       "comment_not_found");
}
Result<std::vector<EscalationCommentRecord>> Comments(Tx& tx, int64_t escalation_id) {
  return FindAll(tx, "escalation.comments", {escalation_id}, &CommentFromRow);
}
}  // namespace escalation_store

namespace followup_store {
Result<int64_t> Insert(Tx& tx, const FollowupRecord& f) {
  return InsertReturningId(tx, "followup.insert", {f.case_id, f.due_on, f.state, f.created_at});
}
Result<std::optional<FollowupRecord>> FindById(Tx& tx, int64_t id) {
  return FindOne(tx, "followup.find_by_id", {id}, &FollowupFromRow);
}
Status Record(Tx& tx, int64_t id, const std::string& state, int64_t at, int64_t by,
              const Blob& note) {
  return ExpectChanged(tx.Exec("followup.record", {state, at, by, BlobOrNull(note), id}),
                       "followup_not_due");
}
Result<std::vector<FollowupRecord>> ListByCase(Tx& tx, int64_t case_id) {
  return FindAll(tx, "followup.list_by_case", {case_id}, &FollowupFromRow);
}
}  // namespace followup_store

namespace sharing_store {
Result<int64_t> Insert(Tx& tx, const SharingRecord& s) {
  return InsertReturningId(
      tx, "sharing.insert",
      {s.case_id, s.unit_id, OptionalInt(s.task_id), s.legal_basis, s.recorded_at, s.recorded_by});
}
Result<std::vector<SharingRecord>> ListByCase(Tx& tx, int64_t case_id) {
  return FindAll(tx, "sharing.list_by_case", {case_id}, &SharingFromRow);
}
}  // namespace sharing_store

namespace notification_store {
Result<int64_t> Insert(Tx& tx, const NotificationRecord& n) {
  return InsertReturningId(tx, "notification.insert",
                           {n.user_id, n.kind, n.case_id, OptionalInt(n.task_id),
                            OptionalInt(n.escalation_id), n.created_at});
}
Result<std::vector<NotificationRecord>> ListByUser(Tx& tx, int64_t user_id, bool unread_only,
                                                   int64_t before_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "notification.list_by_user",
                 {user_id, Flag(unread_only), before_id, int64_t{limit}}, &NotificationFromRow);
}
Result<int64_t> CountUnread(Tx& tx, int64_t user_id) {
  return Count(tx, "notification.count_unread", {user_id});
}
Status MarkRead(Tx& tx, int64_t user_id, int64_t id, int64_t at) {
  SHOUHU_ASSIGN_OR_RETURN(const int64_t mine,
                          Count(tx, "notification.exists_for_user", {id, user_id}));
  if (mine == 0) return Status::NotFound("notification_not_found");
  return tx.Exec("notification.mark_read", {at, id, user_id}).status();
}
Result<int64_t> MarkAllRead(Tx& tx, int64_t user_id, int64_t at) {
  return tx.Exec("notification.mark_all_read", {at, user_id});
}
Result<std::vector<int64_t>> UsersOfUnit(Tx& tx, int64_t unit_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto found, tx.Query("notification.users_of_unit", {unit_id}));
  std::vector<int64_t> out;
  for (const Row& r : found) out.push_back(r.Int(0));
  return out;
}
Result<std::vector<int64_t>> UsersWithRoleInDistrict(Tx& tx, const std::string& role,
                                                     const std::string& district_code) {
  SHOUHU_ASSIGN_OR_RETURN(
      auto found, tx.Query("notification.users_with_role_in_district", {role, district_code}));
  std::vector<int64_t> out;
  for (const Row& r : found) out.push_back(r.Int(0));
  return out;
}
}  // namespace notification_store

namespace webhook_store {
Status Put(Tx& tx, const WebhookRecord& w) {
  return tx.Exec("webhook.put", {w.unit_id, w.url, w.format, BlobOrNull(w.secret), w.updated_at})
      .status();
}
Result<std::optional<WebhookRecord>> Find(Tx& tx, int64_t unit_id) {
  return FindOne(tx, "webhook.find", {unit_id}, &WebhookFromRow);
}
Status Remove(Tx& tx, int64_t unit_id) {
  return ExpectChanged(tx.Exec("webhook.remove", {unit_id}), "webhook_not_found");
}
Result<std::vector<WebhookRecord>> ListAll(Tx& tx) {
  return FindAll(tx, "webhook.list_all", {}, &WebhookFromRow);
}
Result<int64_t> Enqueue(Tx& tx, const WebhookDeliveryRecord& d) {
  return InsertReturningId(tx, "webhook.enqueue",
                           {d.unit_id, d.event, d.body, d.next_attempt_at, d.created_at});
}
Result<std::vector<WebhookDeliveryRecord>> DueDeliveries(Tx& tx, int64_t now, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "webhook.due", {now, int64_t{limit}}, &DeliveryFromRow);
}
Status UpdateDelivery(Tx& tx, const WebhookDeliveryRecord& d) {
  return ExpectChanged(
      tx.Exec("webhook.update_delivery", {int64_t{d.attempts}, d.next_attempt_at, d.state,
                                          d.last_error, d.delivered_at, d.id}),
      "delivery_not_found");
}
Result<std::vector<std::pair<std::string, int64_t>>> DeliveryCounts(Tx& tx, int64_t unit_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto found, tx.Query("webhook.delivery_counts", {unit_id}));
  std::vector<std::pair<std::string, int64_t>> out;
  for (const Row& r : found) out.emplace_back(r.Text(0), r.Int(1));
  return out;
}
}  // namespace webhook_store

namespace sealed_column_store {
const std::vector<std::string>& WorkflowColumns() {
  static const std::vector<std::string> columns = {
      "assessments.reason",       "tasks.note",     "tasks.outcome", "escalations.close_reason",
      "escalation_comments.text", "followups.note", "webhooks.url",  "webhooks.secret"};
  return columns;
}
Result<std::vector<SealedValue>> Scan(Tx& tx, const std::string& column, int64_t after_id,
                                      int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  SHOUHU_ASSIGN_OR_RETURN(auto found,
                          tx.Query("sealed." + column + ".scan", {after_id, int64_t{limit}}));
  std::vector<SealedValue> out;
  for (const Row& r : found) out.push_back({r.Int(0), r.Bytes(1)});
  return out;
}
Status Set(Tx& tx, const std::string& column, int64_t id, const Blob& blob) {
  return ExpectChanged(tx.Exec("sealed." + column + ".set", {blob, id}), "row_not_found");
}
}  // namespace sealed_column_store

}  // namespace shouhu::storage
