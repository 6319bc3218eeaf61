// Typed access to a case's proceedings and assistance (assist_records.h), written once over Tx and
// named statements (storage/sql/). Stateless; thread-safety is the Tx's. Errors as in stores.h: a
// taken unique key is kConflict naming the field, a missing referenced row (case, unit, user) is
// kInvalidArgument, an UPDATE that matched nothing kNotFound.
#pragma once

#include <optional>
#include <vector>

#include "core/status.h"
#include "storage/assist_records.h"
#include "storage/database.h"

namespace shouhu::storage {

namespace proceeding_store {
// Inserts and returns the id; kConflict naming "stage" when the case already has this stage.
Result<int64_t> Insert(Tx& tx, const ProceedingRecord& record);
// Writes the reason and note ciphertexts of `id`; kNotFound for an unknown id.
Status UpdateSecrets(Tx& tx, int64_t id, const Blob& reason, const Blob& note);
// The case's proceedings by date, then id.
Result<std::vector<ProceedingRecord>> ListByCase(Tx& tx, int64_t case_id);
// Every proceeding, ascending id, for key rotation; kInvalidArgument ("limit") when limit < 1.
Result<std::vector<ProceedingRecord>> Scan(Tx& tx, int64_t after_id, int limit);
}  // namespace proceeding_store

namespace protection_order_store {
Result<int64_t> Insert(Tx& tx, const ProtectionOrderRecord& record);
Status UpdateNote(Tx& tx, int64_t id, const Blob& note);
// Records the decision (decided_at, outcome, valid_until, decided_by_*) of record.id of
// record.case_id if still pending; false, changing nothing, when it is decided already or unknown.
Result<bool> Decide(Tx& tx, const ProtectionOrderRecord& record);
Result<std::optional<ProtectionOrderRecord>> FindById(Tx& tx, int64_t id);
// By application time, then id.
Result<std::vector<ProtectionOrderRecord>> ListByCase(Tx& tx, int64_t case_id);
Result<std::vector<ProtectionOrderRecord>> Scan(Tx& tx, int64_t after_id, int limit);
}  // namespace protection_order_store

namespace service_store {
Result<int64_t> Insert(Tx& tx, const ServiceRecord& record);
Status UpdateNotes(Tx& tx, int64_t id, const Blob& notes);
// By delivery date, then id.
Result<std::vector<ServiceRecord>> ListByCase(Tx& tx, int64_t case_id);
Result<std::vector<ServiceRecord>> Scan(Tx& tx, int64_t after_id, int limit);
}  // namespace service_store

namespace interview_store {
// Inserts the interview and its viewer units; kInvalidArgument for an unknown unit.
Result<int64_t> Insert(Tx& tx, const InterviewRecord& record);
Status UpdateSecrets(Tx& tx, int64_t id, const Blob& reason, const Blob& note);
// By time, then id, each with its viewer units.
Result<std::vector<InterviewRecord>> ListByCase(Tx& tx, int64_t case_id);
// Interviews of every case of this child (the girl, across her cases).
Result<int64_t> CountByChild(Tx& tx, int64_t child_id);
// Without viewer units.
Result<std::vector<InterviewRecord>> Scan(Tx& tx, int64_t after_id, int limit);
}  // namespace interview_store

}  // namespace shouhu::storage
