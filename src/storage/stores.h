// Stores: typed access to one aggregate each, written once over Tx and named statements, so both
// backends share them. Stateless; thread-safety is the Tx's.
#pragma once

#include <optional>
#include <vector>

#include "core/status.h"
#include "storage/database.h"
#include "storage/records.h"

namespace shouhu::storage {

namespace unit_store {
// Inserts and returns the new id; kConflict when the code exists.
Result<int64_t> Insert(Tx& tx, const UnitRecord& unit);
Result<std::optional<UnitRecord>> FindById(Tx& tx, int64_t id);
Result<std::optional<UnitRecord>> FindByCode(Tx& tx, const std::string& code);
Result<std::vector<UnitRecord>> List(Tx& tx);  // ordered by id
}  // namespace unit_store

namespace user_store {
// Inserts and returns the new id; kConflict when the username exists.
Result<int64_t> Insert(Tx& tx, const UserRecord& user);
Result<std::optional<UserRecord>> FindById(Tx& tx, int64_t id);
Result<std::optional<UserRecord>> FindByUsername(Tx& tx, const std::string& username);
// Ordered by id; after_id for keyset paging; kInvalidArgument ("limit") when limit < 1.
Result<std::vector<UserRecord>> List(Tx& tx, int64_t after_id, int limit);
// The updates below return kNotFound for an unknown id. Login bookkeeping leaves `version`
// alone; SetPassword and SetDisabled increment it (it guards administrators' edits).
Status RecordLoginFailure(Tx& tx, int64_t id, int failed_logins, int64_t locked_until);
Status RecordLoginSuccess(Tx& tx, int64_t id);  // resets failures and lock
Status SetPassword(Tx& tx, int64_t id, const std::string& hash, bool must_change, int64_t at);
Status SetDisabled(Tx& tx, int64_t id, bool disabled);
}  // namespace user_store

namespace session_store {
// kConflict for a taken token hash; kInvalidArgument for an unknown user.
Status Insert(Tx& tx, const SessionRecord& session);
Result<std::optional<SessionRecord>> Find(Tx& tx, const std::string& token_hash);
// kNotFound when the session is gone.
Status Touch(Tx& tx, const std::string& token_hash, int64_t last_seen_at);
// Ok also when there was no such session.
Status Delete(Tx& tx, const std::string& token_hash);
Status DeleteForUser(Tx& tx, int64_t user_id);
// Removes sessions idle since before idle_cutoff or created before absolute_cutoff.
Result<int64_t> DeleteExpired(Tx& tx, int64_t idle_cutoff, int64_t absolute_cutoff);
}  // namespace session_store

namespace audit_store {
// The newest entry, or nullopt for an empty log.
Result<std::optional<AuditRecord>> Last(Tx& tx);
// Appends; the caller has filled seq and hash (see audit/). kConflict if seq is taken.
Status Append(Tx& tx, const AuditRecord& entry);
// Entries with seq > after_seq, ascending, at most `limit` (kInvalidArgument when < 1).
Result<std::vector<AuditRecord>> Scan(Tx& tx, int64_t after_seq, int limit);
// Newest first, for the auditor's view; before_seq = 0 means from the newest.
Result<std::vector<AuditRecord>> ListDesc(Tx& tx, int64_t before_seq, int limit);
}  // namespace audit_store

}  // namespace shouhu::storage
