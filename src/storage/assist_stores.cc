// Column positions below follow the SELECT lists of the proceeding, protection_order, service and
// interview sections of storage/sql/statements.cc.
#include "storage/assist_stores.h"

#include <map>
#include <utility>

#include "storage/store_rows.h"

namespace shouhu::storage {
namespace {

using rows::CheckLimit;
using rows::ExpectChanged;
using rows::FindAll;
using rows::FindOne;
using rows::Flag;
using rows::InsertReturningId;
using rows::NameConflict;
using rows::OptionalInt;

ProceedingRecord ProceedingFromRow(const Row& r) {
  ProceedingRecord p;
  p.id = r.Int(0);
  p.case_id = r.Int(1);
  p.kind = r.Text(2);
  p.stage = r.Text(3);
  p.at = r.Int(4);
  p.complex = r.Int(5) != 0;
  p.priority = r.Int(6) != 0;
  p.reason = r.Bytes(7);
  p.note = r.Bytes(8);
  p.recorded_by_user = r.OptInt(9);
  p.recorded_by_unit = r.Int(10);
  p.created_at = r.Int(11);
  return p;
}

ProtectionOrderRecord ProtectionOrderFromRow(const Row& r) {
  ProtectionOrderRecord o;
  o.id = r.Int(0);
  o.case_id = r.Int(1);
  o.applied_at = r.Int(2);
  o.urgent = r.Int(3) != 0;
  o.decided_at = r.Int(4);
  o.outcome = r.Text(5);
  o.valid_until = r.Text(6);
  o.note = r.Bytes(7);
  o.applied_by_user = r.OptInt(8);
  o.applied_by_unit = r.Int(9);
  o.decided_by_user = r.OptInt(10);
  o.decided_by_unit = r.OptInt(11);
  o.created_at = r.Int(12);
  return o;
}

ServiceRecord ServiceFromRow(const Row& r) {
  ServiceRecord s;
  s.id = r.Int(0);
  s.case_id = r.Int(1);
  s.service_type = r.Text(2);
  s.unit_id = r.Int(3);
  s.delivered_on = r.Text(4);
  s.minutes = r.Int(5);
  s.sessions = r.Int(6);
  s.amount_fen = r.Int(7);
  s.notes = r.Bytes(8);
  s.recorded_by_user = r.OptInt(9);
  s.recorded_by_unit = r.Int(10);
  s.created_at = r.Int(11);
  return s;
}

InterviewRecord InterviewFromRow(const Row& r) {
  InterviewRecord i;
  i.id = r.Int(0);
  i.case_id = r.Int(1);
  i.at = r.Int(2);
  i.conducted_by_unit = r.Int(3);
  i.reason = r.Bytes(4);
  i.note = r.Bytes(5);
  i.recorded_by_user = r.OptInt(6);
  i.created_at = r.Int(7);
  return i;
}

}  // namespace

namespace proceeding_store {

Result<int64_t> Insert(Tx& tx, const ProceedingRecord& p) {
  return NameConflict(
      InsertReturningId(
          tx, "proceeding.insert",
          {p.case_id, p.kind, p.stage, p.at, Flag(p.complex), Flag(p.priority), p.reason, p.note,
           OptionalInt(p.recorded_by_user), p.recorded_by_unit, p.created_at}),
      "stage");
}

Status UpdateSecrets(Tx& tx, int64_t id, const Blob& reason, const Blob& note) {
  return ExpectChanged(tx.Exec("proceeding.update_secrets", {reason, note, id}),
                       "proceeding_not_found");
}

Result<std::vector<ProceedingRecord>> ListByCase(Tx& tx, int64_t case_id) {
  return FindAll(tx, "proceeding.list_by_case", {case_id}, &ProceedingFromRow);
}

Result<std::vector<ProceedingRecord>> Scan(Tx& tx, int64_t after_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "proceeding.scan", {after_id, int64_t{limit}}, &ProceedingFromRow);
}

}  // namespace proceeding_store

namespace protection_order_store {

Result<int64_t> Insert(Tx& tx, const ProtectionOrderRecord& o) {
  return InsertReturningId(
      tx, "protection_order.insert",
      {o.case_id, o.applied_at, Flag(o.urgent), o.decided_at, o.outcome, o.valid_until, o.note,
       OptionalInt(o.applied_by_user), o.applied_by_unit, OptionalInt(o.decided_by_user),
       OptionalInt(o.decided_by_unit), o.created_at});
}

Status UpdateNote(Tx& tx, int64_t id, const Blob& note) {
  return ExpectChanged(tx.Exec("protection_order.update_note", {note, id}),
                       "protection_order_not_found");
}

Result<bool> Decide(Tx& tx, const ProtectionOrderRecord& o) {
  SHOUHU_ASSIGN_OR_RETURN(
      const int64_t changed,
      tx.Exec("protection_order.decide",
              {o.decided_at, o.outcome, o.valid_until, OptionalInt(o.decided_by_user),
               OptionalInt(o.decided_by_unit), o.id, o.case_id}));
  return changed > 0;
}

Result<std::optional<ProtectionOrderRecord>> FindById(Tx& tx, int64_t id) {
  return FindOne(tx, "protection_order.find_by_id", {id}, &ProtectionOrderFromRow);
}

Result<std::vector<ProtectionOrderRecord>> ListByCase(Tx& tx, int64_t case_id) {
  return FindAll(tx, "protection_order.list_by_case", {case_id}, &ProtectionOrderFromRow);
}

Result<std::vector<ProtectionOrderRecord>> Scan(Tx& tx, int64_t after_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "protection_order.scan", {after_id, int64_t{limit}}, &ProtectionOrderFromRow);
}

}  // namespace protection_order_store

namespace service_store {

Result<int64_t> Insert(Tx& tx, const ServiceRecord& s) {
  return InsertReturningId(
      tx, "service.insert",
      {s.case_id, s.service_type, s.unit_id, s.delivered_on, s.minutes, s.sessions, s.amount_fen,
       s.notes, OptionalInt(s.recorded_by_user), s.recorded_by_unit, s.created_at});
}

Status UpdateNotes(Tx& tx, int64_t id, const Blob& notes) {
  return ExpectChanged(tx.Exec("service.update_notes", {notes, id}), "service_not_found");
}

Result<std::vector<ServiceRecord>> ListByCase(Tx& tx, int64_t case_id) {
  return FindAll(tx, "service.list_by_case", {case_id}, &ServiceFromRow);
}

Result<std::vector<ServiceRecord>> Scan(Tx& tx, int64_t after_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "service.scan", {after_id, int64_t{limit}}, &ServiceFromRow);
}

}  // namespace service_store

namespace interview_store {

Result<int64_t> Insert(Tx& tx, const InterviewRecord& i) {
  SHOUHU_ASSIGN_OR_RETURN(const int64_t id,
                          InsertReturningId(tx, "interview.insert",
                                            {i.case_id, i.at, i.conducted_by_unit, i.reason, i.note,
                                             OptionalInt(i.recorded_by_user), i.created_at}));
  for (const int64_t unit : i.viewer_unit_ids) {
    SHOUHU_RETURN_IF_ERROR(tx.Exec("interview.add_viewer", {id, unit}).status());
  }
  return id;
}

Status UpdateSecrets(Tx& tx, int64_t id, const Blob& reason, const Blob& note) {
  return ExpectChanged(tx.Exec("interview.update_secrets", {reason, note, id}),
                       "interview_not_found");
}

Result<std::vector<InterviewRecord>> ListByCase(Tx& tx, int64_t case_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto interviews,
                          FindAll(tx, "interview.list_by_case", {case_id}, &InterviewFromRow));
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> viewers,
                          tx.Query("interview.viewers_by_case", {case_id}));
  std::map<int64_t, std::vector<int64_t>> by_interview;
  for (const Row& row : viewers) by_interview[row.Int(0)].push_back(row.Int(1));
  for (InterviewRecord& i : interviews) i.viewer_unit_ids = std::move(by_interview[i.id]);
  return interviews;
}

Result<int64_t> CountByChild(Tx& tx, int64_t child_id) {
  SHOUHU_ASSIGN_OR_RETURN(std::optional<Row> row,
                          tx.QueryOne("interview.count_by_child", {child_id}));
  return row ? row->Int(0) : int64_t{0};
}

Result<std::vector<InterviewRecord>> Scan(Tx& tx, int64_t after_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "interview.scan", {after_id, int64_t{limit}}, &InterviewFromRow);
}

}  // namespace interview_store

}  // namespace shouhu::storage
