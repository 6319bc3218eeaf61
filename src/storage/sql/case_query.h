// The case list's SQL, built from the filters a caller sets (CaseFilter): the one query whose
// text varies at run time, so it is built here beside the named statements and run with
// Tx::QueryGenerated. Pure functions; safe to call from any thread.
#pragma once

#include "storage/case_records.h"
#include "storage/sql/statements.h"

// The columns of every case SELECT, in the order storage/case_stores.cc reads them. A macro so
// that statements.cc can splice it into constant statement text.
#define SHOUHU_SQL_CASE_COLUMNS                                                           \
  "id, case_number, child_id, status, harm_types, aggravating_flags, risk_level, "        \
  "intake_channel, reporter_category, situation_code, discovered_at, reported_at, late, " \
  "lead_unit_id, district_code, legal_basis, age_at_incident, created_by_user, "          \
  "created_by_unit, via_mandatory_report, created_at, updated_at, version"
// Columns of the child SELECTs, in the order storage/case_stores.cc reads them.
#define SHOUHU_SQL_CHILD_COLUMNS                                                         \
  "id, name, id_number, birth_date, address, school, guardian, phone, id_number_index, " \
  "name_birth_index, ethnicity, grade, district_code, vulnerability_classes, created_at, version"

namespace shouhu::storage::sql {

// Cases matching every filter that is set (visibility filters included: when several are set,
// a case must satisfy all of them), newest first: `id < before_id` when before_id > 0,
// `ORDER BY id DESC LIMIT limit`. The caller checks limit >= 1.
//
// visible_to_unit becomes a UNION of two newest-first branches, each limited: cases the unit
// leads (walks cases_lead_unit_id) and cases it holds an active grant on (walks the unit's
// grants). A single `lead_unit_id = ? OR EXISTS (grant)` condition cannot use either index and
// would scan every case for a unit that sees few of them.
GeneratedQuery CaseListQuery(const CaseFilter& filter);

// The children with these ids (one placeholder each), ascending id: a page of the case list reads
// its children in one query. The caller passes at least one id.
GeneratedQuery ChildrenByIdsQuery(const std::vector<int64_t>& ids);

}  // namespace shouhu::storage::sql
