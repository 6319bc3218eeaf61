// Plain records stored by the account and audit stores. Values only; no behaviour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace shouhu::storage {

struct UnitRecord {
  int64_t id = 0;
  std::string code;  // unique, e.g. "NG-FL" (stable, used in scripts and CLI)
  std::string name;  // display name, e.g. "南岗区妇联"
  std::string kind;  // unit kind code (domain/role.cc), e.g. "womens_federation"
  std::optional<int64_t> parent_id;
  std::string district_code;  // 6-digit administrative code, e.g. "230103"
  int64_t created_at = 0;     // epoch millis UTC
};

struct UserRecord {
  int64_t id = 0;
  std::string username;  // unique, lower-case
  std::string display_name;
  int64_t unit_id = 0;
  std::string role;           // role code (domain/role.h; docs/ACCESS.md)
  std::string password_hash;  // Argon2id encoded string (libsodium crypto_pwhash_str)
  bool disabled = false;
  int failed_logins = 0;              // consecutive failures since the last success
  int64_t locked_until = 0;           // epoch millis; 0 when not locked
  bool must_change_password = false;  // set for one-time passwords
  int64_t created_at = 0;
  int64_t password_changed_at = 0;
  int64_t version = 1;
  // Created or reset by the administrator with a role that reads identity: no sign-in until a
  // coordinator or leader of the unit's district approves (docs/ACCESS.md, two-person rule).
  bool approval_pending = false;
};

// A change that takes effect only when a second person approves it. Kinds: "user.create" and
// "user.password_reset" (subject_user_id is the account), "case.export_clear" (a clear export of
// case_count cases under `reason`, `scope` fingerprinting the filter and format).
struct ApprovalRecord {
  int64_t id = 0;
  std::string kind;
  std::string district_code;  // whose coordinators and leaders may decide
  std::optional<int64_t> requested_by;
  int64_t requested_at = 0;
  std::optional<int64_t> subject_user_id;
  int64_t case_count = 0;
  std::string scope;
  std::string reason;
  std::string state = "pending";  // pending, approved, rejected, superseded
  std::optional<int64_t> decided_by;
  int64_t decided_at = 0;
  int64_t expires_at = 0;  // epoch millis: a pending one can no longer be decided, an approved
                           // one no longer used
  int64_t used_at = 0;     // exports: when the approval was spent (single use)
};

struct SessionRecord {
  std::string token_hash;  // SHA-256 hex of the cookie token; the token itself is never stored
  std::string csrf_hash;   // SHA-256 hex of the CSRF token
  int64_t user_id = 0;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  std::string client_address;
};

struct AuditRecord {
  int64_t seq = 0;  // 1, 2, 3 ... without gaps
  int64_t at = 0;   // epoch millis UTC
  std::optional<int64_t> user_id;
  std::optional<int64_t> unit_id;
  std::string action;       // e.g. "auth.login", "user.create", "request.denied"
  std::string object_type;  // e.g. "user", "unit", "session", "case"
  std::string object_id;    // never personal data: ids only
  std::string result;       // "ok", "denied", "failed", "locked"
  std::string client_address;
  std::string detail;     // reason given by the user (unmask) or a status code; no identity data
  std::string prev_hash;  // hex; "" for the first entry
  std::string hash;       // hex SHA-256 over prev_hash and the fields above
};

}  // namespace shouhu::storage
