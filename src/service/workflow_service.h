// WorkflowService: the case lifecycle, triage (研判) with its proposed protection plan, referrals
// (tasks with deadlines that grant their unit access while open), each unit's inbox, the overdue
// sweep that raises 督办 escalations, follow-up visits after closure, in-app notifications and the
// outbound webhook queue. Need-to-know goes through CaseService::Authorize; every read and write
// is audited in the same transaction; free text is encrypted at rest; notifications and webhooks
// carry case numbers and task types only. Thread-safe (stateless over thread-safe collaborators).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/status.h"
#include "domain/enumerations.h"
#include "domain/workflow.h"
#include "security/key_ring.h"
#include "service/actor.h"
#include "service/case_service.h"
#include "storage/database.h"
#include "storage/workflow_records.h"

namespace shouhu::service {

struct WorkflowOptions {
  domain::ClockRules clocks = domain::DefaultClockRules();
  std::vector<domain::PlanRule> plan_rules = domain::DefaultPlanRules();
  int webhook_max_attempts = 8;  // then the delivery is marked failed (kept and counted)
};

struct TaskView {
  storage::TaskRecord record;  // ciphertexts are never serialised
  std::string case_number;
  std::string unit_name;
  std::string note;     // clear for the task's unit and the case's coordinators; else ""
  std::string outcome;  // completion outcome or return reason, same rule
  bool overdue = false;
  std::string overdue_kind;  // "accept" | "done" | "" (computed at read time)
};

struct AssessmentInput {
  std::vector<std::string> harm_types;
  std::vector<std::string> aggravating_flags;
  std::vector<std::string> vulnerability_classes;
  std::string risk_level;
  std::string reason;  // required for a downgrade
};

struct AssessmentView {
  storage::AssessmentRecord record;
  std::string reason;
};

struct ProposedTask {
  std::string task_type;
  std::string unit_kind;
  std::optional<int64_t> unit_id;  // the district's unit of that kind, when there is one
  std::string unit_name;
  bool priority = false;
  std::string rule;
};

struct AssessmentOutcome {
  AssessmentView assessment;
  std::vector<ProposedTask> plan;
};

struct ReferralItem {
  int64_t unit_id = 0;
  std::string task_type;
  bool priority = false;
  std::string note;
};

struct ReferralInput {
  std::vector<ReferralItem> tasks;
  std::string legal_basis;  // "statutory_duty" | "guardian_consent"; social organisations need
                            // guardian consent (docs/ACCESS.md)
};

struct SharingView {
  storage::SharingRecord record;
  std::string unit_name;
};

struct InboxQuery {
  std::string state;  // "open" (default) | "pending" | "accepted" | "overdue" | "done"
  int limit = 50;
  std::string after;  // the previous page's `next`
};

struct InboxPage {
  std::vector<TaskView> items;
  std::string next;  // "" on the last page
};

struct CommentView {
  int64_t id = 0;
  int64_t at = 0;
  int64_t user_id = 0;
  std::string username;
  std::string text;
};

struct EscalationView {
  storage::EscalationRecord record;
  std::string case_number;
  std::string unit_name;
  std::string task_type;
  std::string close_reason;
  std::vector<CommentView> comments;
};

struct FollowupView {
  storage::FollowupRecord record;
  std::string note;
};

struct NotificationView {
  storage::NotificationRecord record;
  std::string case_number;
  std::string task_type;
};

struct NotificationPage {
  std::vector<NotificationView> items;
  int64_t unread = 0;
};

struct WebhookInput {
  std::string url;     // http:// or https://
  std::string format;  // "generic" | "dingtalk" | "wecom"
  std::string secret;  // DingTalk signing secret, optional
};

struct WebhookStatus {
  bool configured = false;
  std::string format;
  std::string url_host;                       // the host only: the full address carries a token
  std::map<std::string, int64_t> deliveries;  // pending / delivered / failed
};

struct SweepResult {
  int accept_overdue = 0;
  int done_overdue = 0;
};

// Posts one webhook message; returns the HTTP status or an error (connection refused, timeout).
using WebhookPoster = std::function<Result<int>(const std::string& url, const std::string& body)>;

// One case as GET /cases/{id} answers it: the caller's view, the lifecycle actions the caller
// may take and, outside the receipt and pseudonymous views, whether an open task is overdue.
struct CaseReading {
  CaseDetail detail;
  std::vector<std::string> allowed_actions;
  std::optional<bool> overdue;
};

class WorkflowService {
 public:
  WorkflowService(storage::Database& db, const Clock& clock, Random& random,
                  const security::KeyRing& keys, const domain::Enumerations& enumerations,
                  CaseService& cases, WorkflowOptions options);

  // The lifecycle actions the caller may take on the case now (coordinators of the case only;
  // "close" only while no task is open).
  Result<std::vector<std::string>> AllowedActions(const Actor& actor, int64_t case_id);
  // CaseService::Get (the audited read) with AllowedActions and the overdue flag, all read in
  // Get's one read transaction and decided by the same permit.
  Result<CaseReading> ReadCase(const Actor& actor, int64_t case_id);
  // Errors: kConflict "invalid_transition" (field "action": "not_allowed") naming nothing else;
  // kConflict "open_tasks" when closing with a task still open; "reason" required to reopen.
  Status Transition(const Actor& actor, int64_t case_id, const std::string& action,
                    const std::string& reason);

  Result<AssessmentOutcome> Assess(const Actor& actor, int64_t case_id, AssessmentInput input);
  Result<std::vector<AssessmentView>> Assessments(const Actor& actor, int64_t case_id);

  Result<std::vector<TaskView>> Refer(const Actor& actor, int64_t case_id, ReferralInput input);
  Result<std::vector<TaskView>> CaseTasks(const Actor& actor, int64_t case_id);
  // The legal-basis record of every sharing of the case with a unit (docs/ACCESS.md), oldest first.
  Result<std::vector<SharingView>> Sharings(const Actor& actor, int64_t case_id);
  Result<InboxPage> Inbox(const Actor& actor, InboxQuery query);
  // Which of these cases (already authorised by the caller's list or read) have an overdue open
  // task now: the case list's overdue badge.
  Result<std::set<int64_t>> OverdueAmong(const std::vector<int64_t>& case_ids);
  Result<TaskView> Accept(const Actor& actor, int64_t task_id);
  Result<TaskView> Reject(const Actor& actor, int64_t task_id, const std::string& reason);
  Result<TaskView> Complete(const Actor& actor, int64_t task_id, const std::string& outcome);

  // Leaders and coordinators of the case's district; state "" | "open" | "closed".
  Result<std::vector<EscalationView>> Escalations(const Actor& actor, const std::string& state);
  Result<EscalationView> Comment(const Actor& actor, int64_t escalation_id,
                                 const std::string& text);
  Result<EscalationView> CloseEscalation(const Actor& actor, int64_t escalation_id,
                                         const std::string& reason);

  Result<std::vector<FollowupView>> Followups(const Actor& actor, int64_t case_id);
  Result<FollowupView> RecordFollowup(const Actor& actor, int64_t case_id, int64_t followup_id,
                                      const std::string& result, const std::string& note);

  Result<NotificationPage> Notifications(const Actor& actor, bool unread_only, int64_t before_id,
                                         int limit);
  Status MarkRead(const Actor& actor, int64_t notification_id);
  Status MarkAllRead(const Actor& actor);

  // Administrators only.
  Status PutWebhook(const Actor& actor, int64_t unit_id, const WebhookInput& input);
  Result<WebhookStatus> GetWebhook(const Actor& actor, int64_t unit_id);
  Status RemoveWebhook(const Actor& actor, int64_t unit_id);

  // Marks open tasks whose deadline has passed, raises an escalation for each, and notifies the
  // unit, the case's coordinators and the district's leaders. Idempotent; the server runs it
  // every clocks.sweep_interval_ms.
  Result<SweepResult> Sweep();
  // Attempts every due webhook delivery once; failures back off exponentially (1 s, 2 s, 4 s …
  // capped at 10 min) and are marked failed after `webhook_max_attempts`. Returns how many were
  // delivered.
  Result<int> DeliverWebhooks(const WebhookPoster& post);

  // Called by CaseService inside an intake's transaction: tells the lead unit's coordinators of
  // a new mandatory report and of a late report.
  Status OnIntake(storage::Tx& tx, const storage::CaseRecord& record);

  // Re-encrypts every workflow ciphertext (reasons, notes, outcomes, comments, webhook addresses)
  // under `new_keys`' current key (`shouhu keys rotate`); returns how many were re-encrypted.
  Result<int64_t> RotateKeys(const security::KeyRing& new_keys);

  const WorkflowOptions& options() const { return options_; }

 private:
  struct TaskContext;
  // Audits the refusal of `action` and returns PermissionDenied("forbidden").
  Status Refuse(const Actor& actor, const std::string& action, const std::string& object_type,
                int64_t id);
  Result<TaskContext> LoadTask(const Actor& actor, int64_t task_id, const std::string& action);
  Result<TaskView> FinishTaskAction(const Actor& actor, int64_t task_id, domain::TaskAction action,
                                    const std::string& text);
  Result<TaskView> View(storage::Tx& tx, const storage::TaskRecord& task, bool clear) const;
  Result<EscalationView> EscalationDetail(storage::Tx& tx, const storage::EscalationRecord& e,
                                          bool clear) const;
  Status Notify(storage::Tx& tx, const std::vector<int64_t>& users, const std::string& kind,
                int64_t case_id, std::optional<int64_t> task_id,
                std::optional<int64_t> escalation_id);
  Status Enqueue(storage::Tx& tx, int64_t unit_id, const std::string& event,
                 const std::string& case_number, const std::string& task_type);
  Status MarkOverdue(storage::Tx& tx, storage::TaskRecord task, bool accept, int64_t now);
  Result<storage::Blob> Seal(const std::string& plain, std::string_view column, int64_t id);
  Result<std::string> Open(const storage::Blob& blob, std::string_view column, int64_t id) const;

  storage::Database& db_;
  const Clock& clock_;
  Random& random_;
  const security::KeyRing& keys_;
  const domain::Enumerations& enumerations_;
  CaseService& cases_;
  const WorkflowOptions options_;
};

// The message a unit's robot receives, in its format: "generic" {"event","case_number",
// "task_type","at"}; "dingtalk" and "wecom" markdown robot messages. Case number and task only.
std::string WebhookMessage(const std::string& format, const std::string& generic_body);

}  // namespace shouhu::service
