// Rows of the prevention module (migration 0010): registry entries with their history, visits and
// escalations, prevention activities, and 入职查询 checks. Identity fields are ciphertexts
// (security/field_cipher.h) bound to "<table>.<column>:<id>"; the *_index fields are blind indexes.
// Plain values; copyable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"

namespace shouhu::storage {

struct RegistryEntryRecord {
  int64_t id = 0;
  std::string district_code;
  int64_t unit_id = 0;  // the responsible unit, which holds the entry
  std::optional<int64_t> responsible_user;
  std::string state = "active";  // "active" | "closed"
  int64_t version = 1;
  Blob name, id_number, birth_date, address, guardians, phone, school, student_no;
  std::string id_number_index, student_no_index, name_index;
  std::string grade;
  std::string family_situations;  // comma-separated codes
  std::string caregiver;
  std::string disability_type;
  int64_t disability_grade = 0;       // 1..4, 0 = none
  std::string vulnerability_classes;  // comma-separated codes
  std::string risk_level;
  int64_t interval_days = 0;
  std::string last_visit_on;   // "YYYY-MM-DD" or ""
  std::string next_visit_due;  // "YYYY-MM-DD"
  std::string followup_until;  // the tightened interval after a closed case applies until then
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct RegistryHistoryRecord {
  int64_t id = 0;
  int64_t entry_id = 0;
  int64_t at = 0;
  std::optional<int64_t> user_id;
  int64_t unit_id = 0;
  std::string change;  // JSON: {"field": [before, after], ...} without identity values
  Blob reason;         // "registry_history.reason:<id>"
};

struct RegistryVisitRecord {
  int64_t id = 0;
  int64_t entry_id = 0;
  std::string visited_on;
  int64_t unit_id = 0;
  std::optional<int64_t> user_id;
  std::string visitors;  // who visited (names of staff, free text, not the girl's)
  std::string seen;      // comma-separated: girl, guardian, caregiver, teacher, other
  Blob findings, needs, follow_up;
  bool concern = false;
  bool on_time = true;
  std::optional<int64_t> case_id;  // the report opened from this visit
  int64_t created_at = 0;
};

struct RegistryEscalationRecord {
  int64_t id = 0;
  int64_t entry_id = 0;
  int64_t unit_id = 0;
  std::string district_code;
  std::string due_on;
  std::string state = "open";
  int64_t raised_at = 0;
  int64_t closed_at = 0;
};

struct ActivityRecord {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string district_code;
  std::string kind;
  std::string held_on;
  std::string place;
  std::string co_organisers;  // comma-separated unit codes
  std::string audiences;      // comma-separated codes
  std::string participants;   // JSON counts by audience (children by sex and age band)
  int64_t participants_total = 0;
  std::string materials;
  std::string note;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
};

struct StaffCheckRecord {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string district_code;
  Blob name, id_number;
  std::string id_number_index;
  std::string position;
  std::string kind;  // "pre_hire" | "yearly"
  std::string checked_on;
  std::string result;       // "no_record" | "record_not_hired" | "record_dismissed"
  std::string next_due_on;  // the yearly re-check, for staff still employed; "" otherwise
  bool current = true;      // the newest check of this person at this unit
  std::optional<int64_t> checked_by;
  int64_t created_at = 0;
};

// One count of the registry statistics: a group and its number.
struct PreventionCount {
  std::string a, b, c;
  int64_t n = 0;
};

}  // namespace shouhu::storage
