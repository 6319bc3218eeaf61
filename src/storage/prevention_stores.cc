// Column positions below follow the SELECT lists of storage/sql/prevention_statements.cc.
#include "storage/prevention_stores.h"

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

constexpr int64_t kNoUpperId = INT64_MAX;

RegistryEntryRecord EntryFromRow(const Row& r) {
  RegistryEntryRecord e;
  e.id = r.Int(0);
  e.district_code = r.Text(1);
  e.unit_id = r.Int(2);
  e.responsible_user = r.OptInt(3);
  e.state = r.Text(4);
  e.version = r.Int(5);
  e.name = r.Bytes(6);
  e.id_number = r.Bytes(7);
  e.birth_date = r.Bytes(8);
  e.address = r.Bytes(9);
  e.guardians = r.Bytes(10);
  e.phone = r.Bytes(11);
  e.school = r.Bytes(12);
  e.student_no = r.Bytes(13);
  e.id_number_index = r.Text(14);
  e.student_no_index = r.Text(15);
  e.name_index = r.Text(16);
  e.grade = r.Text(17);
  e.family_situations = r.Text(18);
  e.caregiver = r.Text(19);
  e.disability_type = r.Text(20);
  e.disability_grade = r.Int(21);
  e.vulnerability_classes = r.Text(22);
  e.risk_level = r.Text(23);
  e.interval_days = r.Int(24);
  e.last_visit_on = r.Text(25);
  e.next_visit_due = r.Text(26);
  e.followup_until = r.Text(27);
  e.created_by = r.OptInt(28);
  e.created_at = r.Int(29);
  e.updated_at = r.Int(30);
  return e;
}

RegistryHistoryRecord HistoryFromRow(const Row& r) {
  return {.id = r.Int(0),
          .entry_id = r.Int(1),
          .at = r.Int(2),
          .user_id = r.OptInt(3),
          .unit_id = r.Int(4),
          .change = r.Text(5),
          .reason = r.Bytes(6)};
}

RegistryVisitRecord VisitFromRow(const Row& r) {
  RegistryVisitRecord v;
  v.id = r.Int(0);
  v.entry_id = r.Int(1);
  v.visited_on = r.Text(2);
  v.unit_id = r.Int(3);
  v.user_id = r.OptInt(4);
  v.visitors = r.Text(5);
  v.seen = r.Text(6);
  v.findings = r.Bytes(7);
  v.needs = r.Bytes(8);
  v.follow_up = r.Bytes(9);
  v.concern = r.Int(10) != 0;
  v.on_time = r.Int(11) != 0;
  v.case_id = r.OptInt(12);
  v.created_at = r.Int(13);
  return v;
}

RegistryEscalationRecord EscalationFromRow(const Row& r) {
  return {.id = r.Int(0),
          .entry_id = r.Int(1),
          .unit_id = r.Int(2),
          .district_code = r.Text(3),
          .due_on = r.Text(4),
          .state = r.Text(5),
          .raised_at = r.Int(6),
          .closed_at = r.Int(7)};
}

ActivityRecord ActivityFromRow(const Row& r) {
  ActivityRecord a;
  a.id = r.Int(0);
  a.unit_id = r.Int(1);
  a.district_code = r.Text(2);
  a.kind = r.Text(3);
  a.held_on = r.Text(4);
  a.place = r.Text(5);
  a.co_organisers = r.Text(6);
  a.audiences = r.Text(7);
  a.participants = r.Text(8);
  a.participants_total = r.Int(9);
  a.materials = r.Text(10);
  a.note = r.Text(11);
  a.created_by = r.OptInt(12);
  a.created_at = r.Int(13);
  return a;
}

StaffCheckRecord StaffCheckFromRow(const Row& r) {
  StaffCheckRecord s;
  s.id = r.Int(0);
  s.unit_id = r.Int(1);
  s.district_code = r.Text(2);
  s.name = r.Bytes(3);
  s.id_number = r.Bytes(4);
  s.id_number_index = r.Text(5);
  s.position = r.Text(6);
  s.kind = r.Text(7);
  s.checked_on = r.Text(8);
  s.result = r.Text(9);
  s.next_due_on = r.Text(10);
  s.current = r.Int(11) != 0;
  s.checked_by = r.OptInt(12);
  s.created_at = r.Int(13);
  return s;
}

int64_t Before(int64_t before) {
  return before > 0 ? before : kNoUpperId;
}

Result<std::vector<PreventionCount>> Counts(Tx& tx, std::string_view statement,
                                            const Params& params, int text_columns) {
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> found, tx.Query(statement, params));
  std::vector<PreventionCount> out;
  out.reserve(found.size());
  for (const Row& r : found) {
    PreventionCount c;
    std::string* fields[] = {&c.a, &c.b, &c.c};
    for (int i = 0; i < text_columns; ++i) {
      const Value& v = r.at(i);
      *fields[i] =
          std::holds_alternative<int64_t>(v) ? std::to_string(std::get<int64_t>(v)) : r.Text(i);
    }
    c.n = r.Int(text_columns);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

namespace registry_store {

Result<int64_t> Insert(Tx& tx, const RegistryEntryRecord& e) {
  return NameConflict(
      InsertReturningId(tx, "registry.insert",
                        {e.district_code,   e.unit_id,           OptionalInt(e.responsible_user),
                         e.id_number_index, e.student_no_index,  e.name_index,
                         e.grade,           e.family_situations, e.caregiver,
                         e.disability_type, e.disability_grade,  e.vulnerability_classes,
                         e.risk_level,      e.interval_days,     e.last_visit_on,
                         e.next_visit_due,  e.followup_until,    OptionalInt(e.created_by),
                         e.created_at,      e.updated_at}),
      "student_no");
}

Status UpdateIdentity(Tx& tx, const RegistryEntryRecord& e) {
  return ExpectChanged(
      tx.Exec("registry.update_identity", {e.name, e.id_number, e.birth_date, e.address,
                                           e.guardians, e.phone, e.school, e.student_no, e.id}),
      "registry_entry_not_found");
}

Result<bool> Update(Tx& tx, const RegistryEntryRecord& e, int64_t expected_version) {
  auto changed = NameConflict(
      tx.Exec("registry.update",
              {OptionalInt(e.responsible_user), e.state, e.id_number_index, e.student_no_index,
               e.name_index, e.grade, e.family_situations, e.caregiver, e.disability_type,
               e.disability_grade, e.vulnerability_classes, e.risk_level, e.interval_days,
               e.last_visit_on, e.next_visit_due, e.followup_until, e.updated_at, e.id,
               expected_version}),
      "student_no");
  if (!changed.ok()) return changed.status();
  return *changed > 0;
}

Result<std::optional<RegistryEntryRecord>> FindById(Tx& tx, int64_t id) {
  return FindOne(tx, "registry.find_by_id", {id}, EntryFromRow);
}

Result<std::optional<RegistryEntryRecord>> FindByStudentNo(Tx& tx, int64_t unit_id,
                                                           const std::string& index) {
  return FindOne(tx, "registry.find_by_student_no", {unit_id, index}, EntryFromRow);
}

Result<std::optional<RegistryEntryRecord>> FindByIdNumberInUnit(Tx& tx, int64_t unit_id,
                                                                const std::string& index) {
  return FindOne(tx, "registry.find_by_id_number_in_unit", {unit_id, index}, EntryFromRow);
}

Result<std::vector<RegistryEntryRecord>> FindByIdNumberInDistrict(Tx& tx,
                                                                  const std::string& district,
                                                                  const std::string& index) {
  return FindAll(tx, "registry.find_by_id_number_in_district", {district, index}, EntryFromRow);
}

Result<std::vector<RegistryEntryRecord>> Page(Tx& tx, std::optional<int64_t> unit_id,
                                              const std::string& district, const std::string& state,
                                              int64_t before, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  if (unit_id) {
    return FindAll(tx, "registry.page_unit", {*unit_id, state, Before(before), int64_t{limit}},
                   EntryFromRow);
  }
  return FindAll(tx, "registry.page_district", {district, state, Before(before), int64_t{limit}},
                 EntryFromRow);
}

Result<std::vector<RegistryEntryRecord>> Search(Tx& tx, std::optional<int64_t> unit_id,
                                                const std::string& district,
                                                const std::string& name_index,
                                                const std::string& id_number_index,
                                                const std::string& student_no_index, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  // An empty index must match nothing: "-" is no blind index (those are 64 hex characters).
  auto or_none = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  Params p = {or_none(name_index), or_none(id_number_index), or_none(student_no_index),
              int64_t{limit}};
  if (unit_id) {
    p.insert(p.begin(), *unit_id);
    return FindAll(tx, "registry.search_unit", p, EntryFromRow);
  }
  p.insert(p.begin(), district);
  return FindAll(tx, "registry.search_district", p, EntryFromRow);
}

Result<std::vector<RegistryEntryRecord>> Due(Tx& tx, std::optional<int64_t> unit_id,
                                             const std::string& district, const std::string& day,
                                             int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  if (unit_id) {
    return FindAll(tx, "registry.due_unit", {*unit_id, day, int64_t{limit}}, EntryFromRow);
  }
  return FindAll(tx, "registry.due_district", {district, day, int64_t{limit}}, EntryFromRow);
}

Result<std::vector<RegistryEntryRecord>> OverdueScan(Tx& tx, const std::string& today,
                                                     int64_t after_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "registry.overdue_scan", {today, after_id, int64_t{limit}}, EntryFromRow);
}

Result<int64_t> Count(Tx& tx, std::optional<int64_t> unit_id, const std::string& district,
                      const std::string& state) {
  SHOUHU_ASSIGN_OR_RETURN(auto row,
                          unit_id ? tx.QueryOne("registry.count_unit", {*unit_id, state})
                                  : tx.QueryOne("registry.count_district", {district, state}));
  return row ? row->Int(0) : 0;
}

Result<std::vector<PreventionCount>> StatsGroups(Tx& tx, const std::string& district) {
  return Counts(tx, "registry.stats_groups", {district}, 3);
}

Result<std::vector<PreventionCount>> StatsDue(Tx& tx, const std::string& district,
                                              const std::string& today) {
  return Counts(tx, "registry.stats_due", {district, today}, 1);
}

}  // namespace registry_store

namespace registry_history_store {

Result<int64_t> Insert(Tx& tx, const RegistryHistoryRecord& h) {
  return InsertReturningId(tx, "registry_history.insert",
                           {h.entry_id, h.at, OptionalInt(h.user_id), h.unit_id, h.change});
}

Status SetReason(Tx& tx, int64_t id, const Blob& reason) {
  return ExpectChanged(tx.Exec("registry_history.set_reason", {reason, id}),
                       "registry_entry_not_found");
}

Result<std::vector<RegistryHistoryRecord>> List(Tx& tx, int64_t entry_id) {
  return FindAll(tx, "registry_history.list", {entry_id}, HistoryFromRow);
}

}  // namespace registry_history_store

namespace registry_visit_store {

Result<int64_t> Insert(Tx& tx, const RegistryVisitRecord& v) {
  return InsertReturningId(
      tx, "registry_visit.insert",
      {v.entry_id, v.visited_on, v.unit_id, OptionalInt(v.user_id), v.visitors, v.seen,
       Flag(v.concern), Flag(v.on_time), OptionalInt(v.case_id), v.created_at});
}

Status SetSecrets(Tx& tx, int64_t id, const Blob& findings, const Blob& needs,
                  const Blob& follow_up) {
  return ExpectChanged(tx.Exec("registry_visit.set_secrets", {findings, needs, follow_up, id}),
                       "registry_entry_not_found");
}

Status SetCase(Tx& tx, int64_t id, int64_t case_id) {
  return ExpectChanged(tx.Exec("registry_visit.set_case", {case_id, id}),
                       "registry_entry_not_found");
}

Result<std::vector<RegistryVisitRecord>> List(Tx& tx, int64_t entry_id) {
  return FindAll(tx, "registry_visit.list", {entry_id}, VisitFromRow);
}

Result<std::vector<PreventionCount>> Stats(Tx& tx, const std::string& district,
                                           const std::string& from, const std::string& to) {
  return Counts(tx, "registry_visit.stats", {district, from, to}, 2);
}

}  // namespace registry_visit_store

namespace registry_escalation_store {

Result<bool> Raise(Tx& tx, const RegistryEscalationRecord& e) {
  SHOUHU_ASSIGN_OR_RETURN(int64_t changed,
                          tx.Exec("registry_escalation.insert",
                                  {e.entry_id, e.unit_id, e.district_code, e.due_on, e.raised_at}));
  return changed > 0;
}

Status CloseForEntry(Tx& tx, int64_t entry_id, int64_t at) {
  return tx.Exec("registry_escalation.close_for_entry", {at, entry_id}).status();
}

Result<std::vector<RegistryEscalationRecord>> List(Tx& tx, std::optional<int64_t> unit_id,
                                                   const std::string& district,
                                                   const std::string& state, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  if (unit_id) {
    return FindAll(tx, "registry_escalation.list_unit", {*unit_id, state, int64_t{limit}},
                   EscalationFromRow);
  }
  return FindAll(tx, "registry_escalation.list_district", {district, state, int64_t{limit}},
                 EscalationFromRow);
}

}  // namespace registry_escalation_store

namespace activity_store {

Result<int64_t> Insert(Tx& tx, const ActivityRecord& a) {
  return InsertReturningId(tx, "activity.insert",
                           {a.unit_id, a.district_code, a.kind, a.held_on, a.place, a.co_organisers,
                            a.audiences, a.participants, a.participants_total, a.materials, a.note,
                            OptionalInt(a.created_by), a.created_at});
}

Result<std::vector<ActivityRecord>> Page(Tx& tx, std::optional<int64_t> unit_id,
                                         const std::string& district, int64_t before, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  if (unit_id) {
    return FindAll(tx, "activity.page_unit", {*unit_id, Before(before), int64_t{limit}},
                   ActivityFromRow);
  }
  return FindAll(tx, "activity.page_district", {district, Before(before), int64_t{limit}},
                 ActivityFromRow);
}

Result<std::vector<PreventionCount>> Stats(Tx& tx, const std::string& district,
                                           const std::string& from, const std::string& to) {
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> found, tx.Query("activity.stats", {district, from, to}));
  std::vector<PreventionCount> out;
  for (const Row& r : found) {
    out.push_back({.a = r.Text(0),
                   .b = std::to_string(r.Int(1)),
                   .c = std::to_string(r.Int(3)),
                   .n = r.Int(2)});
  }
  return out;
}

}  // namespace activity_store

namespace staff_check_store {

Result<int64_t> Insert(Tx& tx, const StaffCheckRecord& s) {
  SHOUHU_RETURN_IF_ERROR(tx.Exec("staff_check.supersede", {s.unit_id, s.id_number_index}).status());
  return InsertReturningId(
      tx, "staff_check.insert",
      {s.unit_id, s.district_code, s.id_number_index, s.position, s.kind, s.checked_on, s.result,
       s.next_due_on, OptionalInt(s.checked_by), s.created_at});
}

Status SetIdentity(Tx& tx, int64_t id, const Blob& name, const Blob& id_number) {
  return ExpectChanged(tx.Exec("staff_check.set_identity", {name, id_number, id}),
                       "staff_check_not_found");
}

Result<std::optional<StaffCheckRecord>> CurrentOf(Tx& tx, int64_t unit_id,
                                                  const std::string& index) {
  return FindOne(tx, "staff_check.current_of", {unit_id, index}, StaffCheckFromRow);
}

Result<std::vector<StaffCheckRecord>> Page(Tx& tx, std::optional<int64_t> unit_id,
                                           const std::string& district, int64_t before, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  if (unit_id) {
    return FindAll(tx, "staff_check.page_unit", {*unit_id, Before(before), int64_t{limit}},
                   StaffCheckFromRow);
  }
  return FindAll(tx, "staff_check.page_district", {district, Before(before), int64_t{limit}},
                 StaffCheckFromRow);
}

Result<std::vector<StaffCheckRecord>> Overdue(Tx& tx, std::optional<int64_t> unit_id,
                                              const std::string& district, const std::string& today,
                                              int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  if (unit_id) {
    return FindAll(tx, "staff_check.overdue_unit", {*unit_id, today, int64_t{limit}},
                   StaffCheckFromRow);
  }
  return FindAll(tx, "staff_check.overdue_district", {district, today, int64_t{limit}},
                 StaffCheckFromRow);
}

Result<std::vector<PreventionCount>> Stats(Tx& tx, const std::string& district,
                                           const std::string& from, const std::string& to) {
  return Counts(tx, "staff_check.stats", {district, from, to}, 2);
}

Result<std::vector<PreventionCount>> StatsOverdue(Tx& tx, const std::string& district,
                                                  const std::string& today) {
  return Counts(tx, "staff_check.stats_overdue", {district, today}, 1);
}

}  // namespace staff_check_store

}  // namespace shouhu::storage
