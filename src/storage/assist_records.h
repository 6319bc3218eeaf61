// Records of a case's proceedings and assistance: dated legal stages and warning letters
// (proceedings), protection orders, services delivered, and recorded interviews with the units
// that may view them. Values only. Notes and reasons arrive here already encrypted
// (security/field_cipher, associated data "<table>.<column>:<id>"), so the row id is reserved first
// (Insert) and the ciphertexts written afterwards (UpdateSecrets / UpdateNotes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace shouhu::storage {

struct ProceedingRecord {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string kind;       // "stage" or "warning_letter"
  std::string stage;      // domain::Stage code for kind "stage"; "" for a warning letter
  int64_t at = 0;         // when it happened (epoch millis)
  bool complex = false;   // the case was complex / major (longer statutory limit)
  bool priority = false;  // handled with 优先 (procuratorate and court)
  Blob reason;            // ciphertext, "proceedings.reason:<id>" (不立案, 不批捕)
  Blob note;              // ciphertext, "proceedings.note:<id>"
  std::optional<int64_t> recorded_by_user;
  int64_t recorded_by_unit = 0;
  int64_t created_at = 0;
};

struct ProtectionOrderRecord {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t applied_at = 0;
  bool urgent = false;
  int64_t decided_at = 0;   // 0 while pending
  std::string outcome;      // "" pending, "granted", "refused"
  std::string valid_until;  // "YYYY-MM-DD" for a granted order, else ""
  Blob note;                // ciphertext, "protection_orders.note:<id>"
  std::optional<int64_t> applied_by_user;
  int64_t applied_by_unit = 0;
  std::optional<int64_t> decided_by_user;
  std::optional<int64_t> decided_by_unit;
  int64_t created_at = 0;
};

struct ServiceRecord {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string service_type;  // domain::ServiceType code
  int64_t unit_id = 0;       // the unit that delivered it
  std::string delivered_on;  // "YYYY-MM-DD"
  int64_t minutes = 0;
  int64_t sessions = 0;
  int64_t amount_fen = 0;  // money disbursed, integer fen (分)
  Blob notes;              // ciphertext, "services.notes:<id>"
  std::optional<int64_t> recorded_by_user;
  int64_t recorded_by_unit = 0;
  int64_t created_at = 0;
};

struct InterviewRecord {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t at = 0;
  int64_t conducted_by_unit = 0;
  Blob reason;  // ciphertext, "interviews.reason:<id>": why a girl is interviewed again
  Blob note;    // ciphertext, "interviews.note:<id>"
  std::optional<int64_t> recorded_by_user;
  int64_t created_at = 0;
  std::vector<int64_t> viewer_unit_ids;  // ascending; the units that may view the recording
};

}  // namespace shouhu::storage
