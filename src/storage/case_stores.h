// Typed access to the case aggregate, written once over Tx and named statements (storage/sql/).
// Stateless; thread-safety is the Tx's. Errors as in stores.h: a taken unique key is kConflict
// naming the field, a missing referenced row (child, unit, user, case) is kInvalidArgument.
#pragma once

#include <optional>
#include <vector>

#include "core/status.h"
#include "storage/case_records.h"
#include "storage/database.h"

namespace shouhu::storage {

namespace child_store {
// Inserts the row with its blind indexes and name tokens and returns the id. The identity
// ciphertexts are bound to the id, so they are usually empty here and follow with UpdateIdentity.
Result<int64_t> Insert(Tx& tx, const ChildRecord& child);
// Writes the ciphertexts, the blind indexes and the name tokens (replacing old tokens) of
// child.id and increments its version; kNotFound for an unknown id.
Status UpdateIdentity(Tx& tx, const ChildRecord& child);
// Reads fill name_tokens too (sorted, each once), so a record read and written back with
// UpdateIdentity (key rotation) keeps its tokens.
Result<std::optional<ChildRecord>> FindById(Tx& tx, int64_t id);
// The child without her name tokens (they serve search only): what a case read shows.
Result<std::optional<ChildRecord>> FindForReading(Tx& tx, int64_t id);
// The children with these ids (duplicates allowed), ascending id, in one query, without their
// name tokens: what a page of the case list shows.
Result<std::vector<ChildRecord>> FindByIds(Tx& tx, std::vector<int64_t> ids);
// Every child with this index, ascending id; none for an empty index.
Result<std::vector<ChildRecord>> FindByIdNumberIndex(Tx& tx, const std::string& index);
// The first 20 children (ascending id) with this name-and-birth-date index: the duplicate
// candidates a coordinator is offered. Capped so that a common name cannot make an intake read
// hundreds of records.
Result<std::vector<ChildRecord>> FindByNameBirthIndex(Tx& tx, const std::string& index);
// Every child, ascending id, for key rotation (after_id keyset); kInvalidArgument ("limit") when
// limit < 1.
Result<std::vector<ChildRecord>> Scan(Tx& tx, int64_t after_id, int limit);
}  // namespace child_store

namespace case_store {
// Allocates the next number of `prefix` and `year` (e.g. "NG", 2026 -> 123): 1 for the first,
// then one more each call. Numbers drawn in a unit of work that rolls back are drawn again.
Result<int64_t> NextNumber(Tx& tx, const std::string& prefix, int year);
// Inserts and returns the new id; kConflict naming "case_number" when the number exists.
Result<int64_t> Insert(Tx& tx, const CaseRecord& record);
Result<std::optional<CaseRecord>> FindById(Tx& tx, int64_t id);
Result<std::optional<CaseRecord>> FindByNumber(Tx& tx, const std::string& case_number);
// Updates the editable columns (harm types, aggravating flags, risk level, intake channel,
// reporter category, situation code, discovered/reported times, late, lead unit, district, legal
// basis, age at incident, status, updated_at) of record.id and increments the version when
// `expected_version` matches; returns false, changing nothing, on a stale version or unknown id.
Result<bool> Update(Tx& tx, const CaseRecord& record, int64_t expected_version);
// Re-points the case at another child record (duplicate linking), bumping the version;
// kNotFound for an unknown case.
Status SetChild(Tx& tx, int64_t case_id, int64_t child_id, int64_t updated_at);
// Cases matching every filter set, newest first (see sql/case_query.h); kInvalidArgument
// ("limit") when filter.limit < 1.
Result<std::vector<CaseRecord>> List(Tx& tx, const CaseFilter& filter);
// Every case of the child, newest first.
Result<std::vector<CaseRecord>> ListByChild(Tx& tx, int64_t child_id);
}  // namespace case_store

namespace incident_store {
Result<int64_t> Insert(Tx& tx, const IncidentRecord& incident);
// kNotFound for an unknown id.
Status UpdateNarrative(Tx& tx, int64_t id, const Blob& narrative);
// Ascending id.
Result<std::vector<IncidentRecord>> ListByCase(Tx& tx, int64_t case_id);
// Every incident, ascending id, for key rotation; kInvalidArgument ("limit") when limit < 1.
Result<std::vector<IncidentRecord>> Scan(Tx& tx, int64_t after_id, int limit);
}  // namespace incident_store

namespace case_event_store {
// Appends to the case's timeline (the id is generated).
Status Append(Tx& tx, const CaseEventRecord& event);
// Oldest first.
Result<std::vector<CaseEventRecord>> ListByCase(Tx& tx, int64_t case_id);
}  // namespace case_event_store

namespace case_grant_store {
// Grants, or re-activates a revoked grant with the new reason and time; granting an active grant
// changes nothing.
Status Grant(Tx& tx, const CaseGrantRecord& grant);
// Marks the active grant revoked at `at` (> 0); kNotFound when there is no active grant.
Status Revoke(Tx& tx, int64_t case_id, int64_t unit_id, int64_t at);
Result<bool> HasActive(Tx& tx, int64_t case_id, int64_t unit_id, int64_t now);
// The unit's active, unexpired grant at `now` (reason and expires_at filled), or nullopt.
Result<std::optional<CaseGrantRecord>> Active(Tx& tx, int64_t case_id, int64_t unit_id,
                                              int64_t now);
// Active and revoked, by grant time.
Result<std::vector<CaseGrantRecord>> ListByCase(Tx& tx, int64_t case_id);
}  // namespace case_grant_store

namespace child_match_store {
// Records a possible match once (a second insert of the same pair changes nothing).
Status Insert(Tx& tx, const ChildMatchRecord& match);
// The matches in which the case is the new or the older one, oldest first.
Result<std::vector<ChildMatchRecord>> ListByCase(Tx& tx, int64_t case_id);
// Decides a pending match; kNotFound when it is not pending.
Status Decide(Tx& tx, int64_t id, const std::string& state, int64_t at, int64_t user_id);
}  // namespace child_match_store

namespace idempotency_store {
Result<std::optional<IdempotencyRecord>> Find(Tx& tx, const std::string& key);
// kConflict (naming "idempotency_key") when the key exists (a concurrent first request won).
Status Insert(Tx& tx, const IdempotencyRecord& record);
// Removes keys created before `created_before` and returns how many.
Result<int64_t> DeleteExpired(Tx& tx, int64_t created_before);
}  // namespace idempotency_store

namespace hotline_store {
Result<int64_t> Insert(Tx& tx, const HotlineCallRecord& call);
Status UpdateSummary(Tx& tx, int64_t id, const Blob& summary);
Result<std::optional<HotlineCallRecord>> FindById(Tx& tx, int64_t id);
}  // namespace hotline_store

}  // namespace shouhu::storage
