// Typed access to the workflow records (storage/workflow_records.h) over Tx and named statements.
// Stateless; thread-safety is the Tx's. Errors as in stores.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/database.h"
#include "storage/workflow_records.h"

namespace shouhu::storage {

namespace assessment_store {
// Returns the new id; the reason ciphertext follows with SetReason (it is bound to the id).
Result<int64_t> Insert(Tx& tx, const AssessmentRecord& assessment);
Status SetReason(Tx& tx, int64_t id, const Blob& reason);
// The girl's vulnerability classes as the latest assessment found them (comma-separated codes).
Status SetChildVulnerability(Tx& tx, int64_t child_id, const std::string& classes);
// Oldest first.
Result<std::vector<AssessmentRecord>> ListByCase(Tx& tx, int64_t case_id);
}  // namespace assessment_store

namespace task_store {
Result<int64_t> Insert(Tx& tx, const TaskRecord& task);
Status SetNote(Tx& tx, int64_t id, const Blob& note);
Result<std::optional<TaskRecord>> FindById(Tx& tx, int64_t id);
// Writes state, accepted_at, finished_at/by, outcome, next_due and the overdue marks when
// `expected_version` matches, incrementing the version; false (nothing changed) when stale.
Result<bool> Update(Tx& tx, const TaskRecord& task, int64_t expected_version);
// Ascending id.
Result<std::vector<TaskRecord>> ListByCase(Tx& tx, int64_t case_id);
// A unit's open tasks (pending and accepted), earliest running deadline first — overdue ones
// lead — after the keyset (next_due, id); `state` narrows to "pending" or "accepted" when set.
Result<std::vector<TaskRecord>> ListOpenByUnit(Tx& tx, int64_t unit_id, const std::string& state,
                                               int64_t after_due, int64_t after_id, int limit);
// A unit's open tasks whose running deadline has passed at `now`.
Result<std::vector<TaskRecord>> ListOverdueByUnit(Tx& tx, int64_t unit_id, int64_t now,
                                                  int64_t after_due, int64_t after_id, int limit);
// A unit's finished tasks (completed and returned), newest first, before id `before_id`.
Result<std::vector<TaskRecord>> ListFinishedByUnit(Tx& tx, int64_t unit_id, int64_t before_id,
                                                   int limit);
// Pending tasks not signed for by `now` and not yet marked; open tasks past their done deadline
// and not yet marked. Oldest deadline first.
Result<std::vector<TaskRecord>> DueForAcceptOverdue(Tx& tx, int64_t now, int limit);
Result<std::vector<TaskRecord>> DueForDoneOverdue(Tx& tx, int64_t now, int limit);
// Open tasks of the unit on the case (to keep its access grant while any is open).
Result<int64_t> CountOpen(Tx& tx, int64_t case_id, int64_t unit_id);
Result<int64_t> CountOpenByCase(Tx& tx, int64_t case_id);
// Open tasks of the case whose running deadline has passed at `now`.
Result<int64_t> CountOverdueByCase(Tx& tx, int64_t case_id, int64_t now);
}  // namespace task_store

namespace escalation_store {
// kConflict when the task already has an escalation of this kind.
Result<int64_t> Insert(Tx& tx, const EscalationRecord& escalation);
Result<std::optional<EscalationRecord>> FindById(Tx& tx, int64_t id);
// Marks it closed; kNotFound when it is not open.
Status Close(Tx& tx, int64_t id, int64_t at, std::optional<int64_t> by, const Blob& reason);
Result<std::vector<EscalationRecord>> ListOpenByTask(Tx& tx, int64_t task_id);
// By district ("" = every district) and state ("" = both), newest first, before `before_id`.
Result<std::vector<EscalationRecord>> List(Tx& tx, const std::string& district_code,
                                           const std::string& state, int64_t before_id, int limit);
Result<int64_t> AddComment(Tx& tx, const EscalationCommentRecord& comment);
Status SetCommentText(Tx& tx, int64_t id, const Blob& text);
// Oldest first.
Result<std::vector<EscalationCommentRecord>> Comments(Tx& tx, int64_t escalation_id);
}  // namespace escalation_store

namespace followup_store {
Result<int64_t> Insert(Tx& tx, const FollowupRecord& followup);
Result<std::optional<FollowupRecord>> FindById(Tx& tx, int64_t id);
// Records the visit as done or missed; kNotFound unless it is still due.
Status Record(Tx& tx, int64_t id, const std::string& state, int64_t at, int64_t by,
              const Blob& note);
// By due date.
Result<std::vector<FollowupRecord>> ListByCase(Tx& tx, int64_t case_id);
}  // namespace followup_store

namespace sharing_store {
Result<int64_t> Insert(Tx& tx, const SharingRecord& sharing);
Result<std::vector<SharingRecord>> ListByCase(Tx& tx, int64_t case_id);
}  // namespace sharing_store

namespace notification_store {
Result<int64_t> Insert(Tx& tx, const NotificationRecord& notification);
// Newest first, before `before_id`; unread only when `unread_only`.
Result<std::vector<NotificationRecord>> ListByUser(Tx& tx, int64_t user_id, bool unread_only,
                                                   int64_t before_id, int limit);
Result<int64_t> CountUnread(Tx& tx, int64_t user_id);
// Marks one (kNotFound unless it is the user's) or all of the user's notifications read.
Status MarkRead(Tx& tx, int64_t user_id, int64_t id, int64_t at);
Result<int64_t> MarkAllRead(Tx& tx, int64_t user_id, int64_t at);
// Who hears of a unit's work: its active coordinators and caseworkers.
Result<std::vector<int64_t>> UsersOfUnit(Tx& tx, int64_t unit_id);
// Active users with `role` in units of `district_code`.
Result<std::vector<int64_t>> UsersWithRoleInDistrict(Tx& tx, const std::string& role,
                                                     const std::string& district_code);
}  // namespace notification_store

namespace webhook_store {
// Inserts or replaces the unit's webhook.
Status Put(Tx& tx, const WebhookRecord& webhook);
Result<std::optional<WebhookRecord>> Find(Tx& tx, int64_t unit_id);
// kNotFound when the unit has none.
Status Remove(Tx& tx, int64_t unit_id);
Result<std::vector<WebhookRecord>> ListAll(Tx& tx);
Result<int64_t> Enqueue(Tx& tx, const WebhookDeliveryRecord& delivery);
// Pending deliveries whose next attempt is due at `now`, oldest first.
Result<std::vector<WebhookDeliveryRecord>> DueDeliveries(Tx& tx, int64_t now, int limit);
// Writes attempts, next attempt, state, last error and delivery time.
Status UpdateDelivery(Tx& tx, const WebhookDeliveryRecord& delivery);
// Counts by state for the unit: pending, delivered, failed.
Result<std::vector<std::pair<std::string, int64_t>>> DeliveryCounts(Tx& tx, int64_t unit_id);
}  // namespace webhook_store

// Every encrypted column of the workflow ("tasks.note", "webhooks.url", ...), named as in the
// ciphertexts' associated data, for key rotation.
namespace sealed_column_store {
const std::vector<std::string>& WorkflowColumns();
struct SealedValue {
  int64_t id = 0;  // the row id (the unit id for webhooks)
  Blob blob;
};
// Non-null values of `column` with row id > after_id, ascending; kInvalidArgument ("limit").
Result<std::vector<SealedValue>> Scan(Tx& tx, const std::string& column, int64_t after_id,
                                      int limit);
Status Set(Tx& tx, const std::string& column, int64_t id, const Blob& blob);
}  // namespace sealed_column_store

}  // namespace shouhu::storage
