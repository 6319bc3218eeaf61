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
Status SetApprovalPending(Tx& tx, int64_t id, bool pending);
}  // namespace user_store

namespace approval_store {
Result<int64_t> Insert(Tx& tx, const ApprovalRecord& approval);
Result<std::optional<ApprovalRecord>> FindById(Tx& tx, int64_t id);
// Pending and unexpired at `now`, of `district_code`, whose kind starts with `kind_prefix`
// ("user." or "case."); oldest first, at most 500.
Result<std::vector<ApprovalRecord>> ListPending(Tx& tx, const std::string& district_code,
                                                const std::string& kind_prefix, int64_t now);
// Moves a pending approval to `state`; kConflict "approval_not_pending" when it is not pending.
Status Decide(Tx& tx, int64_t id, const std::string& state, int64_t decided_by, int64_t at,
              int64_t expires_at);
// Every pending approval of the account becomes "superseded" (a newer request replaces it).
Status SupersedeForUser(Tx& tx, int64_t user_id);
// Spends an approved, unused approval; kConflict "export_approval_used" when it was spent.
Status MarkUsed(Tx& tx, int64_t id, int64_t at);
}  // namespace approval_store

namespace clear_export_store {
Status Insert(Tx& tx, int64_t user_id, int64_t at, int64_t cases,
              std::optional<int64_t> approval_id);
// The cases `user_id` exported in clear since `since` (epoch millis).
Result<int64_t> SumSince(Tx& tx, int64_t user_id, int64_t since);
}  // namespace clear_export_store

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
