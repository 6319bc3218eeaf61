// The hash-chained, append-only audit log. Append() runs inside the caller's write transaction, so
// the entry and the change it records commit together (a failed append fails the action).
// Functions are stateless; thread-safety is the Tx's / Database's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "storage/database.h"
#include "storage/records.h"

namespace shouhu::audit {

// What happened; the log adds seq, time and the chain. Never put personal data here: ids,
// action names, result codes and the user's stated reason only.
struct Event {
  std::optional<int64_t> user_id;
  std::optional<int64_t> unit_id;
  std::string action;       // "auth.login", "user.create", "request.denied", ...
  std::string object_type;  // "session", "user", "unit", "route", ...
  std::string object_id;
  std::string result;  // "ok", "denied", "failed", "locked", "rate_limited"
  std::string client_address;
  std::string detail;
};

// SHA-256 (hex) over the previous hash and every field of `entry` except `hash`, each
// length-prefixed so that no two different entries encode alike.
std::string ChainHash(const storage::AuditRecord& entry);

// Appends `event` as the next entry of the chain.
Status Append(storage::Tx& tx, const Clock& clock, const Event& event);

struct VerifyReport {
  int64_t entries = 0;                      // entries checked
  std::optional<int64_t> first_broken_seq;  // the first entry that does not verify
  std::string reason;                       // "hash_mismatch", "prev_hash_mismatch", "seq_gap"
};

// Walks the whole chain from the first entry.
Result<VerifyReport> Verify(storage::Database& db);

}  // namespace shouhu::audit
