// Statements of the case workflow. Column lists of each SELECT are read by position in
// storage/workflow_stores.cc.
#include "storage/sql/statement_table.h"

namespace shouhu::storage::sql {
namespace {

#define SHOUHU_SQL_ASSESSMENT_COLUMNS                                                         \
  "id, case_id, at, user_id, unit_id, harm_types, aggravating_flags, vulnerability_classes, " \
  "risk_level, previous_risk_level, reason"
#define SHOUHU_SQL_TASK_COLUMNS                                                        \
  "id, case_id, unit_id, task_type, state, priority, risk_level, legal_basis, note, "  \
  "created_at, created_by, accept_due, done_due, next_due, accepted_at, finished_at, " \
  "finished_by, outcome, accept_overdue_at, done_overdue_at, version"
#define SHOUHU_SQL_ESCALATION_COLUMNS                                                 \
  "id, task_id, case_id, unit_id, district_code, kind, state, raised_at, closed_at, " \
  "closed_by, close_reason"
#define SHOUHU_SQL_FOLLOWUP_COLUMNS "id, case_id, due_on, state, done_at, done_by, note, created_at"
#define SHOUHU_SQL_NOTIFICATION_COLUMNS \
  "id, user_id, kind, case_id, task_id, escalation_id, created_at, read_at"
#define SHOUHU_SQL_DELIVERY_COLUMNS                                                      \
  "id, unit_id, event, body, attempts, next_attempt_at, state, last_error, created_at, " \
  "delivered_at"

constexpr Statement kWorkflowStatements[] = {
    // ---- assessment ----
    {"assessment.insert",
     "INSERT INTO assessments (case_id, at, user_id, unit_id, harm_types, aggravating_flags, "
     "vulnerability_classes, risk_level, previous_risk_level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
     "RETURNING id"},
    {"assessment.set_reason", "UPDATE assessments SET reason = ? WHERE id = ?"},
    {"assessment.set_child_vulnerability",
     "UPDATE children SET vulnerability_classes = ?, version = version + 1 WHERE id = ?"},
    {"assessment.list_by_case",
     "SELECT " SHOUHU_SQL_ASSESSMENT_COLUMNS " FROM assessments WHERE case_id = ? ORDER BY id"},

    // ---- task ----
    {"task.insert",
     "INSERT INTO tasks (case_id, unit_id, task_type, state, priority, risk_level, legal_basis, "
     "created_at, created_by, accept_due, done_due, next_due) "
     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"},
    {"task.set_note", "UPDATE tasks SET note = ? WHERE id = ?"},
    {"task.find_by_id", "SELECT " SHOUHU_SQL_TASK_COLUMNS " FROM tasks WHERE id = ?"},
    {"task.update",
     "UPDATE tasks SET state = ?, accepted_at = ?, finished_at = ?, finished_by = ?, outcome = ?, "
     "next_due = ?, accept_overdue_at = ?, done_overdue_at = ?, version = version + 1 "
     "WHERE id = ? AND version = ?"},
    {"task.list_by_case",
     "SELECT " SHOUHU_SQL_TASK_COLUMNS " FROM tasks WHERE case_id = ? ORDER BY id"},
    {"task.list_open_by_unit",
     "SELECT " SHOUHU_SQL_TASK_COLUMNS " FROM tasks WHERE unit_id = ? "
     "AND state IN ('pending', 'accepted') AND (? = '' OR state = ?) "
     "AND (next_due > ? OR (next_due = ? AND id > ?)) ORDER BY next_due, id LIMIT ?"},
    {"task.list_overdue_by_unit",
     "SELECT " SHOUHU_SQL_TASK_COLUMNS " FROM tasks WHERE unit_id = ? "
     "AND state IN ('pending', 'accepted') AND next_due <= ? "
     "AND (next_due > ? OR (next_due = ? AND id > ?)) ORDER BY next_due, id LIMIT ?"},
    {"task.list_finished_by_unit",
     "SELECT " SHOUHU_SQL_TASK_COLUMNS " FROM tasks WHERE unit_id = ? "
     "AND state IN ('completed', 'returned') AND id < ? ORDER BY id DESC LIMIT ?"},
    // The two sweeps read partial indexes (0005_workflow) that hold only unmarked open tasks.
    {"task.due_accept_overdue",
     "SELECT " SHOUHU_SQL_TASK_COLUMNS " FROM tasks WHERE state = 'pending' "
     "AND accept_overdue_at = 0 AND accept_due <= ? ORDER BY accept_due LIMIT ?"},
    {"task.due_done_overdue",
     "SELECT " SHOUHU_SQL_TASK_COLUMNS " FROM tasks WHERE state IN ('pending', 'accepted') "
     "AND done_overdue_at = 0 AND done_due <= ? ORDER BY done_due LIMIT ?"},
    {"task.count_open",
     "SELECT COUNT(*) FROM tasks WHERE case_id = ? AND unit_id = ? "
     "AND state IN ('pending', 'accepted')"},
    {"task.count_overdue_by_case",
     "SELECT COUNT(*) FROM tasks WHERE case_id = ? AND state IN ('pending', 'accepted') "
     "AND next_due <= ?"},
    {"task.count_open_by_case",
     "SELECT COUNT(*) FROM tasks WHERE case_id = ? AND state IN ('pending', 'accepted')"},

    // ---- escalation ----
    {"escalation.insert",
     "INSERT INTO escalations (task_id, case_id, unit_id, district_code, kind, state, raised_at) "
     "VALUES (?, ?, ?, ?, ?, 'open', ?) RETURNING id"},
    {"escalation.find_by_id",
     "SELECT " SHOUHU_SQL_ESCALATION_COLUMNS " FROM escalations WHERE id = ?"},
    {"escalation.close",
     "UPDATE escalations SET state = 'closed', closed_at = ?, closed_by = ?, close_reason = ? "
     "WHERE id = ? AND state = 'open'"},
    {"escalation.list_open_by_task",
     "SELECT " SHOUHU_SQL_ESCALATION_COLUMNS
     " FROM escalations WHERE task_id = ? AND state = 'open' ORDER BY id"},
    {"escalation.list", "SELECT " SHOUHU_SQL_ESCALATION_COLUMNS " FROM escalations "
                        "WHERE (? = '' OR district_code = ?) AND (? = '' OR state = ?) AND id < ? "
                        "ORDER BY id DESC LIMIT ?"},
    {"escalation.add_comment",
     "INSERT INTO escalation_comments (escalation_id, at, user_id) VALUES (?, ?, ?) RETURNING id"},
    {"escalation.set_comment_text", "UPDATE escalation_comments SET text = ? WHERE id = ?"},
    {"escalation.comments",
     "SELECT id, escalation_id, at, user_id, text FROM escalation_comments "
     "WHERE escalation_id = ? ORDER BY id"},

    // ---- follow-up ----
    {"followup.insert",
     "INSERT INTO followups (case_id, due_on, state, created_at) VALUES (?, ?, ?, ?) "
     "RETURNING id"},
    {"followup.find_by_id", "SELECT " SHOUHU_SQL_FOLLOWUP_COLUMNS " FROM followups WHERE id = ?"},
    {"followup.record",
     "UPDATE followups SET state = ?, done_at = ?, done_by = ?, note = ? "
     "WHERE id = ? AND state = 'due'"},
    {"followup.list_by_case",
     "SELECT " SHOUHU_SQL_FOLLOWUP_COLUMNS " FROM followups WHERE case_id = ? "
     "ORDER BY due_on, id"},

    // ---- sharing (legal basis of each referral) ----
    {"sharing.insert",
     "INSERT INTO case_sharings (case_id, unit_id, task_id, legal_basis, recorded_at, "
     "recorded_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"},
    {"sharing.list_by_case",
     "SELECT id, case_id, unit_id, task_id, legal_basis, recorded_at, recorded_by "
     "FROM case_sharings WHERE case_id = ? ORDER BY id"},

    // ---- notification ----
    {"notification.insert",
     "INSERT INTO notifications (user_id, kind, case_id, task_id, escalation_id, created_at) "
     "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"},
    {"notification.list_by_user",
     "SELECT " SHOUHU_SQL_NOTIFICATION_COLUMNS " FROM notifications WHERE user_id = ? "
     "AND (? = 0 OR read_at = 0) AND id < ? ORDER BY id DESC LIMIT ?"},
    {"notification.count_unread",
     "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at = 0"},
    {"notification.mark_read",
     "UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at = 0"},
    {"notification.exists_for_user",
     "SELECT COUNT(*) FROM notifications WHERE id = ? AND user_id = ?"},
    {"notification.mark_all_read",
     "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at = 0"},
    {"notification.users_of_unit",
     "SELECT id FROM users WHERE unit_id = ? AND disabled = 0 "
     "AND role IN ('coordinator', 'caseworker') ORDER BY id"},
    {"notification.users_with_role_in_district",
     "SELECT u.id FROM users u JOIN units n ON n.id = u.unit_id "
     "WHERE u.role = ? AND n.district_code = ? AND u.disabled = 0 ORDER BY u.id"},

    // ---- webhook ----
    {"webhook.put",
     "INSERT INTO webhooks (unit_id, url, format, secret, updated_at) VALUES (?, ?, ?, ?, ?) "
     "ON CONFLICT (unit_id) DO UPDATE SET url = excluded.url, format = excluded.format, "
     "secret = excluded.secret, updated_at = excluded.updated_at"},
    {"webhook.find",
     "SELECT unit_id, url, format, secret, updated_at FROM webhooks WHERE unit_id = ?"},
    {"webhook.remove", "DELETE FROM webhooks WHERE unit_id = ?"},
    {"webhook.list_all",
     "SELECT unit_id, url, format, secret, updated_at FROM webhooks ORDER BY unit_id"},
    {"webhook.enqueue",
     "INSERT INTO webhook_deliveries (unit_id, event, body, attempts, next_attempt_at, state, "
     "last_error, created_at) VALUES (?, ?, ?, 0, ?, 'pending', '', ?) RETURNING id"},
    {"webhook.due",
     "SELECT " SHOUHU_SQL_DELIVERY_COLUMNS " FROM webhook_deliveries WHERE state = 'pending' "
     "AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"},
    {"webhook.update_delivery",
     "UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?, state = ?, "
     "last_error = ?, delivered_at = ? WHERE id = ?"},
    {"webhook.delivery_counts",
     "SELECT state, COUNT(*) FROM webhook_deliveries WHERE unit_id = ? GROUP BY state "
     "ORDER BY state"},

    // ---- sealed columns: every ciphertext of the workflow, for key rotation ----
    {"sealed.assessments.reason.scan",
     "SELECT id, reason FROM assessments WHERE id > ? AND reason IS NOT NULL ORDER BY id LIMIT ?"},
    {"sealed.assessments.reason.set", "UPDATE assessments SET reason = ? WHERE id = ?"},
    {"sealed.tasks.note.scan",
     "SELECT id, note FROM tasks WHERE id > ? AND note IS NOT NULL ORDER BY id LIMIT ?"},
    {"sealed.tasks.note.set", "UPDATE tasks SET note = ? WHERE id = ?"},
    {"sealed.tasks.outcome.scan",
     "SELECT id, outcome FROM tasks WHERE id > ? AND outcome IS NOT NULL ORDER BY id LIMIT ?"},
    {"sealed.tasks.outcome.set", "UPDATE tasks SET outcome = ? WHERE id = ?"},
    {"sealed.escalations.close_reason.scan",
     "SELECT id, close_reason FROM escalations WHERE id > ? AND close_reason IS NOT NULL ORDER BY "
     "id LIMIT ?"},
    {"sealed.escalations.close_reason.set", "UPDATE escalations SET close_reason = ? WHERE id = ?"},
    {"sealed.escalation_comments.text.scan",
     "SELECT id, text FROM escalation_comments WHERE id > ? AND text IS NOT NULL ORDER BY id LIMIT "
     "?"},
    {"sealed.escalation_comments.text.set", "UPDATE escalation_comments SET text = ? WHERE id = ?"},
    {"sealed.followups.note.scan",
     "SELECT id, note FROM followups WHERE id > ? AND note IS NOT NULL ORDER BY id LIMIT ?"},
    {"sealed.followups.note.set", "UPDATE followups SET note = ? WHERE id = ?"},
    {"sealed.webhooks.url.scan",
     "SELECT unit_id, url FROM webhooks WHERE unit_id > ? AND url IS NOT NULL ORDER BY unit_id "
     "LIMIT ?"},
    {"sealed.webhooks.url.set", "UPDATE webhooks SET url = ? WHERE unit_id = ?"},
    {"sealed.webhooks.secret.scan",
     "SELECT unit_id, secret FROM webhooks WHERE unit_id > ? AND secret IS NOT NULL ORDER BY "
     "unit_id LIMIT ?"},
    {"sealed.webhooks.secret.set", "UPDATE webhooks SET secret = ? WHERE unit_id = ?"},
};

}  // namespace

std::span<const Statement> WorkflowStatements() {
  return kWorkflowStatements;
}

}  // namespace shouhu::storage::sql
