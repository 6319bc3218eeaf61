// Column positions below follow the SELECT lists in storage/sql/statements.cc and
// SHOUHU_SQL_CASE_COLUMNS in storage/sql/case_query.h.
#include "storage/case_stores.h"

#include <algorithm>
#include <string>
#include <utility>

#include "storage/sql/case_query.h"
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
using rows::ToRecords;

ChildRecord ChildFromRow(const Row& r) {
  ChildRecord c;
  c.id = r.Int(0);
  c.name = r.Bytes(1);
  c.id_number = r.Bytes(2);
  c.birth_date = r.Bytes(3);
  c.address = r.Bytes(4);
  c.school = r.Bytes(5);
  c.guardian = r.Bytes(6);
  c.phone = r.Bytes(7);
  c.id_number_index = r.Text(8);
  c.name_birth_index = r.Text(9);
  c.ethnicity = r.Text(10);
  c.grade = r.Text(11);
  c.district_code = r.Text(12);
  c.vulnerability_classes = r.Text(13);
  c.created_at = r.Int(14);
  c.version = r.Int(15);
  return c;
}

CaseRecord CaseFromRow(const Row& r) {
  CaseRecord c;
  c.id = r.Int(0);
  c.case_number = r.Text(1);
  c.child_id = r.Int(2);
  c.status = r.Text(3);
  c.harm_types = r.Text(4);
  c.aggravating_flags = r.Text(5);
  c.risk_level = r.Text(6);
  c.intake_channel = r.Text(7);
  c.reporter_category = r.Text(8);
  c.situation_code = r.Text(9);
  c.discovered_at = r.Int(10);
  c.reported_at = r.Int(11);
  c.late = r.Int(12) != 0;
  c.lead_unit_id = r.Int(13);
  c.district_code = r.Text(14);
  c.legal_basis = r.Text(15);
  c.age_at_incident = static_cast<int>(r.Int(16));
  c.created_by_user = r.Int(17);
  c.created_by_unit = r.Int(18);
  c.via_mandatory_report = r.Int(19) != 0;
  c.created_at = r.Int(20);
  c.updated_at = r.Int(21);
  c.version = r.Int(22);
  return c;
}

IncidentRecord IncidentFromRow(const Row& r) {
  IncidentRecord i;
  i.id = r.Int(0);
  i.case_id = r.Int(1);
  i.occurred_on = r.Text(2);
  i.place_type = r.Text(3);
  i.district_code = r.Text(4);
  i.online = r.Int(5) != 0;
  i.perpetrator_relationship = r.Text(6);
  i.perpetrator_count = static_cast<int>(r.Int(7));
  i.narrative = r.Bytes(8);
  return i;
}

HotlineCallRecord HotlineCallFromRow(const Row& r) {
  HotlineCallRecord h;
  h.id = r.Int(0);
  h.received_at = r.Int(1);
  h.operator_user = r.Int(2);
  h.operator_unit = r.Int(3);
  h.caller_category = r.Text(4);
  h.district_code = r.Text(5);
  h.summary = r.Bytes(6);
  h.case_id = r.OptInt(7);
  h.created_at = r.Int(8);
  return h;
}

CaseEventRecord CaseEventFromRow(const Row& r) {
  CaseEventRecord e;
  e.id = r.Int(0);
  e.case_id = r.Int(1);
  e.at = r.Int(2);
  e.user_id = r.OptInt(3);
  e.unit_id = r.OptInt(4);
  e.kind = r.Text(5);
  e.detail = r.Text(6);
  return e;
}

CaseGrantRecord CaseGrantFromRow(const Row& r) {
  CaseGrantRecord g;
  g.case_id = r.Int(0);
  g.unit_id = r.Int(1);
  g.reason = r.Text(2);
  g.granted_at = r.Int(3);
  g.granted_by = r.Int(4);
  g.revoked_at = r.Int(5);
  g.expires_at = r.Int(6);
  g.legal_basis = r.Text(7);
  return g;
}

ChildMatchRecord ChildMatchFromRow(const Row& r) {
  return {.id = r.Int(0),
          .case_id = r.Int(1),
          .other_case_id = r.Int(2),
          .reason = r.Text(3),
          .state = r.Text(4),
          .created_at = r.Int(5),
          .decided_at = r.Int(6)};
}

IdempotencyRecord IdempotencyFromRow(const Row& r) {
  IdempotencyRecord k;
  k.key = r.Text(0);
  k.request_hash = r.Text(1);
  k.status = static_cast<int>(r.Int(2));
  k.response = r.Text(3);
  k.created_at = r.Int(4);
  return k;
}

// Fills name_tokens of `children` (ascending id). `one_page` says the ids are a page of Scan, read
// with one range query; otherwise each child's tokens are read on their own.
Status ReadNameTokens(Tx& tx, std::vector<ChildRecord>& children, bool one_page) {
  if (children.empty()) return Status::Ok();
  if (!one_page) {
    for (ChildRecord& child : children) {
      SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query("child.name_tokens", {child.id}));
      for (const Row& row : rows) child.name_tokens.push_back(row.Text(1));
    }
    return Status::Ok();
  }
  SHOUHU_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      tx.Query("child.name_tokens_in_range", {children.front().id, children.back().id}));
  auto child = children.begin();
  for (const Row& row : rows) {
    while (child != children.end() && child->id < row.Int(0)) ++child;
    if (child == children.end()) break;
    if (child->id == row.Int(0)) child->name_tokens.push_back(row.Text(1));
  }
  return Status::Ok();
}

// Replaces the child's name tokens; a token repeated in the name is stored once.
Status WriteNameTokens(Tx& tx, int64_t child_id, std::vector<std::string> tokens) {
  SHOUHU_RETURN_IF_ERROR(tx.Exec("child.delete_name_tokens", {child_id}).status());
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  for (const std::string& token : tokens) {
    SHOUHU_RETURN_IF_ERROR(tx.Exec("child.insert_name_token", {child_id, token}).status());
  }
  return Status::Ok();
}

}  // namespace

namespace child_store {

Result<int64_t> Insert(Tx& tx, const ChildRecord& c) {
  SHOUHU_ASSIGN_OR_RETURN(
      const int64_t id,
      InsertReturningId(tx, "child.insert",
                        {c.name, c.id_number, c.birth_date, c.address, c.school, c.guardian,
                         c.phone, c.id_number_index, c.name_birth_index, c.ethnicity, c.grade,
                         c.district_code, c.vulnerability_classes, c.created_at, c.version}));
  SHOUHU_RETURN_IF_ERROR(WriteNameTokens(tx, id, c.name_tokens));
  return id;
}

Status UpdateIdentity(Tx& tx, const ChildRecord& c) {
  SHOUHU_RETURN_IF_ERROR(
      ExpectChanged(tx.Exec("child.update_identity",
                            {c.name, c.id_number, c.birth_date, c.address, c.school, c.guardian,
                             c.phone, c.id_number_index, c.name_birth_index, c.id}),
                    "child_not_found"));
  return WriteNameTokens(tx, c.id, c.name_tokens);
}

Result<std::optional<ChildRecord>> FindById(Tx& tx, int64_t id) {
  SHOUHU_ASSIGN_OR_RETURN(std::vector<ChildRecord> found,
                          FindAll(tx, "child.find_by_id", {id}, &ChildFromRow));
  SHOUHU_RETURN_IF_ERROR(ReadNameTokens(tx, found, /*one_page=*/false));
  if (found.empty()) return std::optional<ChildRecord>();
  return std::optional<ChildRecord>(std::move(found.front()));
}

Result<std::optional<ChildRecord>> FindForReading(Tx& tx, int64_t id) {
  return FindOne(tx, "child.find_by_id", {id}, &ChildFromRow);
}

Result<std::vector<ChildRecord>> FindByIds(Tx& tx, std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return std::vector<ChildRecord>();
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> rows, tx.QueryGenerated(sql::ChildrenByIdsQuery(ids)));
  std::vector<ChildRecord> children;
  children.reserve(rows.size());
  for (const Row& row : rows) children.push_back(ChildFromRow(row));
  return children;
}

Result<std::vector<ChildRecord>> FindByIdNumberIndex(Tx& tx, const std::string& index) {
  if (index.empty()) return std::vector<ChildRecord>();
  SHOUHU_ASSIGN_OR_RETURN(std::vector<ChildRecord> found,
                          FindAll(tx, "child.find_by_id_number_index", {index}, &ChildFromRow));
  SHOUHU_RETURN_IF_ERROR(ReadNameTokens(tx, found, /*one_page=*/false));
  return found;
}

Result<std::vector<ChildRecord>> FindByNameBirthIndex(Tx& tx, const std::string& index) {
  if (index.empty()) return std::vector<ChildRecord>();
  SHOUHU_ASSIGN_OR_RETURN(std::vector<ChildRecord> found,
                          FindAll(tx, "child.find_by_name_birth_index", {index}, &ChildFromRow));
  SHOUHU_RETURN_IF_ERROR(ReadNameTokens(tx, found, /*one_page=*/false));
  return found;
}

Result<std::vector<ChildRecord>> Scan(Tx& tx, int64_t after_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  SHOUHU_ASSIGN_OR_RETURN(std::vector<ChildRecord> page,
                          FindAll(tx, "child.scan", {after_id, int64_t{limit}}, &ChildFromRow));
  SHOUHU_RETURN_IF_ERROR(ReadNameTokens(tx, page, /*one_page=*/true));
  return page;
}

}  // namespace child_store

namespace case_store {

Result<int64_t> NextNumber(Tx& tx, const std::string& prefix, int year) {
  SHOUHU_ASSIGN_OR_RETURN(std::optional<Row> row,
                          tx.QueryOne("case.next_number", {prefix, int64_t{year}}));
  if (!row) return Status::Internal("case_number_not_allocated");
  return row->Int(0);
}

Result<int64_t> Insert(Tx& tx, const CaseRecord& c) {
  return NameConflict(InsertReturningId(tx, "case.insert",
                                        {c.case_number,
                                         c.child_id,
                                         c.status,
                                         c.harm_types,
                                         c.aggravating_flags,
                                         c.risk_level,
                                         c.intake_channel,
                                         c.reporter_category,
                                         c.situation_code,
                                         c.discovered_at,
                                         c.reported_at,
                                         Flag(c.late),
                                         c.lead_unit_id,
                                         c.district_code,
                                         c.legal_basis,
                                         int64_t{c.age_at_incident},
                                         c.created_by_user,
                                         c.created_by_unit,
                                         Flag(c.via_mandatory_report),
                                         c.created_at,
                                         c.updated_at,
                                         c.version}),
                      "case_number");
}

Result<std::optional<CaseRecord>> FindById(Tx& tx, int64_t id) {
  return FindOne(tx, "case.find_by_id", {id}, &CaseFromRow);
}

Result<std::optional<CaseRecord>> FindByNumber(Tx& tx, const std::string& case_number) {
  return FindOne(tx, "case.find_by_number", {case_number}, &CaseFromRow);
}

Result<bool> Update(Tx& tx, const CaseRecord& c, int64_t expected_version) {
  SHOUHU_ASSIGN_OR_RETURN(
      const int64_t changed,
      tx.Exec("case.update",
              {c.harm_types, c.aggravating_flags, c.risk_level, c.intake_channel,
               c.reporter_category, c.situation_code, c.discovered_at, c.reported_at, Flag(c.late),
               c.lead_unit_id, c.district_code, c.legal_basis, int64_t{c.age_at_incident}, c.status,
               c.updated_at, c.id, expected_version}));
  return changed > 0;
}

Status SetChild(Tx& tx, int64_t case_id, int64_t child_id, int64_t updated_at) {
  return ExpectChanged(tx.Exec("case.set_child", {child_id, updated_at, case_id}),
                       "case_not_found");
}

Result<std::vector<CaseRecord>> List(Tx& tx, const CaseFilter& filter) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(filter.limit));
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> found, tx.QueryGenerated(sql::CaseListQuery(filter)));
  return ToRecords(found, &CaseFromRow);
}

Result<std::vector<CaseRecord>> ListByChild(Tx& tx, int64_t child_id) {
  return FindAll(tx, "case.list_by_child", {child_id}, &CaseFromRow);
}

}  // namespace case_store

namespace incident_store {

Result<int64_t> Insert(Tx& tx, const IncidentRecord& i) {
  return InsertReturningId(tx, "incident.insert",
                           {i.case_id, i.occurred_on, i.place_type, i.district_code, Flag(i.online),
                            i.perpetrator_relationship, int64_t{i.perpetrator_count}, i.narrative});
}

Status UpdateNarrative(Tx& tx, int64_t id, const Blob& narrative) {
  return ExpectChanged(tx.Exec("incident.update_narrative", {narrative, id}), "incident_not_found");
}

Result<std::vector<IncidentRecord>> ListByCase(Tx& tx, int64_t case_id) {
  return FindAll(tx, "incident.list_by_case", {case_id}, &IncidentFromRow);
}

Result<std::vector<IncidentRecord>> Scan(Tx& tx, int64_t after_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "incident.scan", {after_id, int64_t{limit}}, &IncidentFromRow);
}

}  // namespace incident_store

namespace case_event_store {

Status Append(Tx& tx, const CaseEventRecord& e) {
  return tx
      .Exec("case_event.append",
            {e.case_id, e.at, OptionalInt(e.user_id), OptionalInt(e.unit_id), e.kind, e.detail})
      .status();
}

Result<std::vector<CaseEventRecord>> ListByCase(Tx& tx, int64_t case_id) {
  return FindAll(tx, "case_event.list_by_case", {case_id}, &CaseEventFromRow);
}

}  // namespace case_event_store

namespace case_grant_store {

Status Grant(Tx& tx, const CaseGrantRecord& g) {
  return tx
      .Exec("case_grant.grant", {g.case_id, g.unit_id, g.reason, g.granted_at, g.granted_by,
                                 g.expires_at, g.legal_basis})
      .status();
}

Status Revoke(Tx& tx, int64_t case_id, int64_t unit_id, int64_t at) {
  // revoked_at = 0 means active: a zero time would silently keep the grant.
  if (at <= 0) return Status::InvalidField("revoked_at", "out_of_range");
  return ExpectChanged(tx.Exec("case_grant.revoke", {at, case_id, unit_id}), "grant_not_found");
}

Result<bool> HasActive(Tx& tx, int64_t case_id, int64_t unit_id, int64_t now) {
  SHOUHU_ASSIGN_OR_RETURN(std::optional<Row> row,
                          tx.QueryOne("case_grant.has_active", {case_id, unit_id, now}));
  return row && row->Int(0) > 0;
}

Result<std::optional<CaseGrantRecord>> Active(Tx& tx, int64_t case_id, int64_t unit_id,
                                              int64_t now) {
  SHOUHU_ASSIGN_OR_RETURN(std::optional<Row> row,
                          tx.QueryOne("case_grant.active", {case_id, unit_id, now}));
  if (!row) return std::optional<CaseGrantRecord>();
  return std::optional<CaseGrantRecord>(CaseGrantRecord{
      .case_id = case_id, .unit_id = unit_id, .reason = row->Text(0), .expires_at = row->Int(1)});
}

Result<std::vector<CaseGrantRecord>> ListByCase(Tx& tx, int64_t case_id) {
  return FindAll(tx, "case_grant.list_by_case", {case_id}, &CaseGrantFromRow);
}

}  // namespace case_grant_store

namespace child_match_store {

Status Insert(Tx& tx, const ChildMatchRecord& m) {
  return tx.Exec("child_match.insert", {m.case_id, m.other_case_id, m.reason, m.created_at})
      .status();
}

Result<std::vector<ChildMatchRecord>> ListByCase(Tx& tx, int64_t case_id) {
  return FindAll(tx, "child_match.list_by_case", {case_id, case_id}, &ChildMatchFromRow);
}

Status Decide(Tx& tx, int64_t id, const std::string& state, int64_t at, int64_t user_id) {
  return ExpectChanged(tx.Exec("child_match.decide", {state, at, user_id, id}), "match_not_found");
}

}  // namespace child_match_store

namespace idempotency_store {

Result<std::optional<IdempotencyRecord>> Find(Tx& tx, const std::string& key) {
  return FindOne(tx, "idempotency.find", {key}, &IdempotencyFromRow);
}

Status Insert(Tx& tx, const IdempotencyRecord& k) {
  return NameConflict(tx.Exec("idempotency.insert",
                              {k.key, k.request_hash, int64_t{k.status}, k.response, k.created_at})
                          .status(),
                      "idempotency_key");
}

Result<int64_t> DeleteExpired(Tx& tx, int64_t created_before) {
  return tx.Exec("idempotency.delete_expired", {created_before});
}

}  // namespace idempotency_store

namespace hotline_store {

Result<int64_t> Insert(Tx& tx, const HotlineCallRecord& h) {
  return InsertReturningId(tx, "hotline.insert",
                           {h.received_at, h.operator_user, h.operator_unit, h.caller_category,
                            h.district_code, h.summary, OptionalInt(h.case_id), h.created_at});
}

Status UpdateSummary(Tx& tx, int64_t id, const Blob& summary) {
  return ExpectChanged(tx.Exec("hotline.update_summary", {summary, id}), "hotline_call_not_found");
}

Result<std::optional<HotlineCallRecord>> FindById(Tx& tx, int64_t id) {
  return FindOne(tx, "hotline.find_by_id", {id}, &HotlineCallFromRow);
}

}  // namespace hotline_store

}  // namespace shouhu::storage
