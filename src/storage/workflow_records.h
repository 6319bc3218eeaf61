// Records of the case workflow: assessments (研判), tasks (转介任务) with their deadlines,
// escalations (督办) and their comments, follow-up visits, the legal basis recorded for each
// sharing of a case with a unit, in-app notifications, and each unit's outbound webhook with its
// delivery queue. Values only. Free text (reasons, notes, outcomes, comments) and webhook
// addresses arrive here already encrypted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"

namespace shouhu::storage {

struct AssessmentRecord {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t at = 0;
  int64_t user_id = 0;
  int64_t unit_id = 0;
  std::string harm_types;  // comma-separated codes
  std::string aggravating_flags;
  std::string vulnerability_classes;
  std::string risk_level;
  std::string previous_risk_level;  // the case's level before this assessment ("" = none)
  Blob reason;                      // ciphertext, associated data "assessments.reason:<id>"
};

// A task's `next_due` is the deadline running now: the sign-for deadline while pending, the
// done deadline while accepted, kNoDeadline once finished; inboxes sort on it.
inline constexpr int64_t kNoDeadline = INT64_MAX / 2;

struct TaskRecord {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t unit_id = 0;
  std::string task_type;
  std::string state = "pending";
  bool priority = false;   // 优先: the procuratorate's and court's half-time target
  std::string risk_level;  // the case's level when the task was created (picks the clock)
  std::string legal_basis;
  Blob note;  // ciphertext, associated data "tasks.note:<id>"
  int64_t created_at = 0;
  int64_t created_by = 0;
  int64_t accept_due = 0;
  int64_t done_due = 0;
  int64_t next_due = 0;
  int64_t accepted_at = 0;
  int64_t finished_at = 0;  // completed or returned
  std::optional<int64_t> finished_by;
  Blob outcome;                   // completion outcome or return reason: "tasks.outcome:<id>"
  int64_t accept_overdue_at = 0;  // when the sweep found it not signed for in time; 0 = never
  int64_t done_overdue_at = 0;
  int64_t version = 1;
};

struct EscalationRecord {
  int64_t id = 0;
  int64_t task_id = 0;
  int64_t case_id = 0;
  int64_t unit_id = 0;
  std::string district_code;  // the case's district: who in the leadership group sees it
  std::string kind;           // "accept_overdue" | "done_overdue"
  std::string state = "open";
  int64_t raised_at = 0;
  int64_t closed_at = 0;
  std::optional<int64_t> closed_by;  // nullopt with closed_at set: closed by the task finishing
  Blob close_reason;                 // "escalations.close_reason:<id>"
};

struct EscalationCommentRecord {
  int64_t id = 0;
  int64_t escalation_id = 0;
  int64_t at = 0;
  int64_t user_id = 0;
  Blob text;  // "escalation_comments.text:<id>"
};

struct FollowupRecord {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string due_on;  // "YYYY-MM-DD"
  std::string state = "due";
  int64_t done_at = 0;
  std::optional<int64_t> done_by;
  Blob note;  // "followups.note:<id>"
  int64_t created_at = 0;
};

// Each sharing of a case with a unit (a referral) and its legal basis (docs/ACCESS.md).
struct SharingRecord {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t unit_id = 0;
  std::optional<int64_t> task_id;
  std::string legal_basis;  // "statutory_duty" | "guardian_consent" | ...
  int64_t recorded_at = 0;
  int64_t recorded_by = 0;
};

struct NotificationRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string kind;  // "task_new" | "task_overdue" | "escalation_raised" | "report_late"
  int64_t case_id = 0;
  std::optional<int64_t> task_id;
  std::optional<int64_t> escalation_id;
  int64_t created_at = 0;
  int64_t read_at = 0;
};

struct WebhookRecord {
  int64_t unit_id = 0;
  Blob url;            // "webhooks.url:<unit_id>" (robot URLs carry an access token)
  std::string format;  // "generic" | "dingtalk" | "wecom"
  Blob secret;         // DingTalk signing secret, "webhooks.secret:<unit_id>"; empty = none
  int64_t updated_at = 0;
};

struct WebhookDeliveryRecord {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string event;
  std::string body;  // the generic JSON event: case number and task only, never identity
  int attempts = 0;
  int64_t next_attempt_at = 0;
  std::string state = "pending";  // "pending" | "delivered" | "failed" (gave up; kept, visible)
  std::string last_error;
  int64_t created_at = 0;
  int64_t delivered_at = 0;
};

}  // namespace shouhu::storage
