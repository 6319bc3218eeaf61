// Records of the case aggregate: the girl (child), the case, its incident, its timeline, the
// case-access grants that decide which units see it, and idempotency keys of creates. Values only.
// Identity fields arrive here already encrypted (security/field_cipher) and searchable only through
// keyed blind indexes (security/blind_index): storage never sees them in clear.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace shouhu::storage {

struct ChildRecord {
  int64_t id = 0;
  // Ciphertexts (empty = not given). Associated data binds each to "child.<field>:<id>", so the
  // row id is reserved first (Insert) and the ciphertexts written with UpdateIdentity.
  Blob name;
  Blob id_number;
  Blob birth_date;  // "YYYY-MM-DD"
  Blob address;
  Blob school;
  Blob guardian;                // guardian's name and relationship
  Blob phone;                   // guardian's contact number
  std::string id_number_index;  // blind index of the normalised ID number; "" when none
  std::string
      name_birth_index;  // blind index of normalised name + birth date; "" when either missing
  std::vector<std::string> name_tokens;  // blind indexes of the name's bigrams (partial search)
  std::string ethnicity;                 // code or free short text; not identifying on its own
  std::string grade;                     // school grade, e.g. "初二"
  std::string district_code;             // 6 digits
  std::string
      vulnerability_classes;  // comma-separated vulnerability_class codes (domain/enumerations.cc)
  int64_t created_at = 0;
  int64_t version = 1;
};

struct CaseRecord {
  int64_t id = 0;
  std::string case_number;  // "NG-2026-000123": district prefix, year, sequence
  int64_t child_id = 0;
  std::string status = "registered";
  std::string harm_types;         // comma-separated codes
  std::string aggravating_flags;  // comma-separated codes
  std::string risk_level;         // "" until assessed
  std::string intake_channel;
  std::string reporter_category;  // "" when not a mandatory report
  std::string situation_code;     // "R1".."R9" or ""
  int64_t discovered_at = 0;      // epoch millis
  int64_t reported_at = 0;
  bool late = false;  // reported more than the configured hours after discovery
  int64_t lead_unit_id = 0;
  std::string district_code;
  std::string legal_basis;   // e.g. "statutory_duty", "guardian_consent"
  int age_at_incident = -1;  // whole years; -1 when the birth date is unknown
  int64_t created_by_user = 0;
  int64_t created_by_unit = 0;
  bool via_mandatory_report = false;  // filed by a reporter through /reports/mandatory
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t version = 1;
};

struct IncidentRecord {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string occurred_on;  // "YYYY-MM-DD"
  std::string place_type;
  std::string district_code;
  bool online = false;
  std::string perpetrator_relationship;
  int perpetrator_count = 1;
  Blob narrative;  // ciphertext, associated data "incident.narrative:<id>"
};

struct CaseEventRecord {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t at = 0;
  std::optional<int64_t> user_id;
  std::optional<int64_t> unit_id;
  std::string kind;    // "created", "updated", "child_linked", "unmasked", "grant_added", ...
  std::string detail;  // JSON text with codes and ids only, never identity data
};

struct CaseGrantRecord {
  int64_t case_id = 0;
  int64_t unit_id = 0;
  std::string reason;  // "task", "coordination", ...
  int64_t granted_at = 0;
  int64_t granted_by = 0;
  int64_t revoked_at = 0;   // 0 while active
  int64_t expires_at = 0;   // 0: while the unit's task is open (reason "task"); else the end
  std::string legal_basis;  // "statutory_duty" | "guardian_consent" (docs/ACCESS.md)
};

// A possible match of the same girl found at intake (ID number or name and birth date): the new
// case and a case already on record. The coordinating unit of the district holding the older
// record decides it; nobody gains the other's identity fields by it.
struct ChildMatchRecord {
  int64_t id = 0;
  int64_t case_id = 0;        // the new case
  int64_t other_case_id = 0;  // the case already on record
  std::string reason;         // "id_number" | "name_and_birth_date"
  std::string state;          // "pending" | "confirmed" | "rejected"
  int64_t created_at = 0;
  int64_t decided_at = 0;
};

struct IdempotencyRecord {
  std::string key;           // SHA-256 hex of (user id, endpoint, client key)
  std::string request_hash;  // SHA-256 hex of the request body
  int status = 0;
  std::string response;  // the first answer's body, replayed verbatim
  int64_t created_at = 0;
};

struct HotlineCallRecord {
  int64_t id = 0;
  int64_t received_at = 0;
  int64_t operator_user = 0;
  int64_t operator_unit = 0;
  std::string caller_category;  // reporter_category code, or "" when the caller did not say
  std::string district_code;
  Blob summary;                    // ciphertext, associated data "hotline.summary:<id>"
  std::optional<int64_t> case_id;  // the case the call opened, if any
  int64_t created_at = 0;
};

// Filters of the case list. Empty string / 0 / nullopt = no filter.
struct CaseFilter {
  std::string status;
  std::string risk_level;
  std::string harm_type;  // cases whose harm_types contain this code
  std::string intake_channel;
  int64_t unit_id = 0;  // lead unit
  std::string district_code;
  int64_t reported_from = 0;  // reported_at >= (millis)
  int64_t reported_to = 0;    // reported_at < (millis)
  std::string case_number;    // exact match
  int64_t overdue_at = 0;     // cases with an open task whose running deadline passed by then
  std::vector<std::string> name_tokens;  // all bigram tokens must match the child's
  // Visibility, applied by the service: at most one of these is set.
  std::optional<int64_t> visible_to_unit;       // lead unit or an active, unexpired grant
  int64_t grants_valid_at = 0;                  // with visible_to_unit: "now" for grant expiry
  std::optional<int64_t> created_by_user;       // reporters: their own reports only
  std::optional<std::string> visible_district;  // coordinators: their district
  int64_t before_id = 0;  // keyset: ids < before_id (newest first); 0 = from the newest
  int limit = 50;
};

}  // namespace shouhu::storage
