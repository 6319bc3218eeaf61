// Typed access to the prevention module's rows (prevention_records.h) over Tx and the named
// statements of storage/sql/prevention_statements.cc. Stateless; errors as in stores.h (a taken
// unique key is kConflict naming the field; an UPDATE that matched nothing kNotFound).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/database.h"
#include "storage/prevention_records.h"

namespace shouhu::storage {

namespace registry_store {
// Inserts the entry (without identity) and returns its id; kConflict naming "student_no" or
// "id_number" when the unit already holds that pupil.
Result<int64_t> Insert(Tx& tx, const RegistryEntryRecord& record);
Status UpdateIdentity(Tx& tx, const RegistryEntryRecord& record);
// Writes every non-identity field of record.id if its version is still `expected_version`
// (the version goes up by one); false, changing nothing, when it is not.
Result<bool> Update(Tx& tx, const RegistryEntryRecord& record, int64_t expected_version);
Result<std::optional<RegistryEntryRecord>> FindById(Tx& tx, int64_t id);
Result<std::optional<RegistryEntryRecord>> FindByStudentNo(Tx& tx, int64_t unit_id,
                                                           const std::string& index);
Result<std::optional<RegistryEntryRecord>> FindByIdNumberInUnit(Tx& tx, int64_t unit_id,
                                                                const std::string& index);
Result<std::vector<RegistryEntryRecord>> FindByIdNumberInDistrict(Tx& tx,
                                                                  const std::string& district,
                                                                  const std::string& index);
// Newest first, ids below `before` (0 = from the newest). Exactly one of unit_id / district.
Result<std::vector<RegistryEntryRecord>> Page(Tx& tx, std::optional<int64_t> unit_id,
                                              const std::string& district, const std::string& state,
                                              int64_t before, int limit);
Result<std::vector<RegistryEntryRecord>> Search(Tx& tx, std::optional<int64_t> unit_id,
                                                const std::string& district,
                                                const std::string& name_index,
                                                const std::string& id_number_index,
                                                const std::string& student_no_index, int limit);
// Active entries whose next visit is due on or before `day`, soonest first.
Result<std::vector<RegistryEntryRecord>> Due(Tx& tx, std::optional<int64_t> unit_id,
                                             const std::string& district, const std::string& day,
                                             int limit);
Result<std::vector<RegistryEntryRecord>> OverdueScan(Tx& tx, const std::string& today,
                                                     int64_t after_id, int limit);
Result<int64_t> Count(Tx& tx, std::optional<int64_t> unit_id, const std::string& district,
                      const std::string& state);
// (classes, unit id, risk level, count) of the district's active entries.
Result<std::vector<PreventionCount>> StatsGroups(Tx& tx, const std::string& district);
// (unit id, count) of the district's active entries overdue on `today`.
Result<std::vector<PreventionCount>> StatsDue(Tx& tx, const std::string& district,
                                              const std::string& today);
}  // namespace registry_store

namespace registry_history_store {
Result<int64_t> Insert(Tx& tx, const RegistryHistoryRecord& record);
Status SetReason(Tx& tx, int64_t id, const Blob& reason);
Result<std::vector<RegistryHistoryRecord>> List(Tx& tx, int64_t entry_id);
}  // namespace registry_history_store

namespace registry_visit_store {
Result<int64_t> Insert(Tx& tx, const RegistryVisitRecord& record);
Status SetSecrets(Tx& tx, int64_t id, const Blob& findings, const Blob& needs,
                  const Blob& follow_up);
Status SetCase(Tx& tx, int64_t id, int64_t case_id);
// Newest first.
Result<std::vector<RegistryVisitRecord>> List(Tx& tx, int64_t entry_id);
// (unit id, on_time 0/1, count) of visits by the district's units in [from, to).
Result<std::vector<PreventionCount>> Stats(Tx& tx, const std::string& district,
                                           const std::string& from, const std::string& to);
}  // namespace registry_visit_store

namespace registry_escalation_store {
// Raises an escalation for the entry's missed due date; false when one was raised already.
Result<bool> Raise(Tx& tx, const RegistryEscalationRecord& record);
Status CloseForEntry(Tx& tx, int64_t entry_id, int64_t at);
Result<std::vector<RegistryEscalationRecord>> List(Tx& tx, std::optional<int64_t> unit_id,
                                                   const std::string& district,
                                                   const std::string& state, int limit);
}  // namespace registry_escalation_store

namespace activity_store {
Result<int64_t> Insert(Tx& tx, const ActivityRecord& record);
Result<std::vector<ActivityRecord>> Page(Tx& tx, std::optional<int64_t> unit_id,
                                         const std::string& district, int64_t before, int limit);
// (kind, unit id, "", activities) with the participants' sum in `c`.
Result<std::vector<PreventionCount>> Stats(Tx& tx, const std::string& district,
                                           const std::string& from, const std::string& to);
}  // namespace activity_store

namespace staff_check_store {
// Marks the person's earlier checks at the unit not current, then inserts this one.
Result<int64_t> Insert(Tx& tx, const StaffCheckRecord& record);
Status SetIdentity(Tx& tx, int64_t id, const Blob& name, const Blob& id_number);
Result<std::optional<StaffCheckRecord>> CurrentOf(Tx& tx, int64_t unit_id,
                                                  const std::string& index);
Result<std::vector<StaffCheckRecord>> Page(Tx& tx, std::optional<int64_t> unit_id,
                                           const std::string& district, int64_t before, int limit);
Result<std::vector<StaffCheckRecord>> Overdue(Tx& tx, std::optional<int64_t> unit_id,
                                              const std::string& district, const std::string& today,
                                              int limit);
// (unit id, result, count) of checks made in [from, to).
Result<std::vector<PreventionCount>> Stats(Tx& tx, const std::string& district,
                                           const std::string& from, const std::string& to);
// (unit id, count) of re-checks overdue on `today`.
Result<std::vector<PreventionCount>> StatsOverdue(Tx& tx, const std::string& district,
                                                  const std::string& today);
}  // namespace staff_check_store

}  // namespace shouhu::storage
