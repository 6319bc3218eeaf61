// Each statement is written once with `?` placeholders; `postgres` overrides the text where the
// dialects truly differ. The column order of every SELECT is part of its contract with
// storage/stores.cc, which reads columns by position.
#include "storage/sql/statements.h"

#include <map>

#include "storage/sql/case_query.h"
#include "storage/sql/dialect.h"
#include "storage/sql/statement_table.h"

namespace shouhu::storage::sql {
namespace {

// Columns of every child SELECT, in the order storage/case_stores.cc reads them (the case columns
// are SHOUHU_SQL_CASE_COLUMNS in case_query.h, shared with the generated case list).
// Columns of the proceedings and assistance SELECTs, in the order storage/assist_stores.cc reads
// them.
#define SHOUHU_SQL_PROCEEDING_COLUMNS                                                 \
  "id, case_id, kind, stage, at, complex, priority, reason, note, recorded_by_user, " \
  "recorded_by_unit, created_at"
#define SHOUHU_SQL_PROTECTION_ORDER_COLUMNS                                                    \
  "id, case_id, applied_at, urgent, decided_at, outcome, valid_until, note, applied_by_user, " \
  "applied_by_unit, decided_by_user, decided_by_unit, created_at"
#define SHOUHU_SQL_SERVICE_COLUMNS                                                           \
  "id, case_id, service_type, unit_id, delivered_on, minutes, sessions, amount_fen, notes, " \
  "recorded_by_user, recorded_by_unit, created_at"
#define SHOUHU_SQL_INTERVIEW_COLUMNS \
  "id, case_id, at, conducted_by_unit, reason, note, recorded_by_user, created_at"
#define SHOUHU_SQL_INCIDENT_COLUMNS                                                         \
  "id, case_id, occurred_on, place_type, district_code, online, perpetrator_relationship, " \
  "perpetrator_count, narrative"

#define SHOUHU_SQL_APPROVAL_COLUMNS                                                           \
  "id, kind, district_code, requested_by, requested_at, subject_user_id, case_count, scope, " \
  "reason, state, decided_by, decided_at, expires_at, used_at"

constexpr Statement kStatements[] = {
    // ---- schema: migrations bookkeeping and health ----
    {"schema.ping", "SELECT 1"},
    {"schema.migrations_table_exists",
     "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
     "SELECT COUNT(*) FROM pg_catalog.pg_tables "
     "WHERE schemaname = current_schema() AND tablename = 'schema_migrations'"},
    {"schema.current_version", "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"},
    {"schema.migration_applied", "SELECT COUNT(*) FROM schema_migrations WHERE version = ?"},
    {"schema.record_migration",
     "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"},

    // ---- unit ----
    {"unit.insert",
     "INSERT INTO units (code, name, kind, parent_id, district_code, created_at) "
     "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"},
    {"unit.find_by_id",
     "SELECT id, code, name, kind, parent_id, district_code, created_at FROM units WHERE id = ?"},
    {"unit.find_by_code",
     "SELECT id, code, name, kind, parent_id, district_code, created_at FROM units "
     "WHERE code = ?"},
    {"unit.list",
     "SELECT id, code, name, kind, parent_id, district_code, created_at FROM units ORDER BY id"},

    // ---- user ----
    {"user.insert",
     "INSERT INTO users (username, display_name, unit_id, role, password_hash, disabled, "
     "failed_logins, locked_until, must_change_password, created_at, password_changed_at, "
     "version, approval_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"},
    {"user.find_by_id",
     "SELECT id, username, display_name, unit_id, role, password_hash, disabled, failed_logins, "
     "locked_until, must_change_password, created_at, password_changed_at, version, "
     "approval_pending FROM users "
     "WHERE id = ?"},
    {"user.find_by_username",
     "SELECT id, username, display_name, unit_id, role, password_hash, disabled, failed_logins, "
     "locked_until, must_change_password, created_at, password_changed_at, version, "
     "approval_pending FROM users "
     "WHERE username = ?"},
    {"user.list_after",
     "SELECT id, username, display_name, unit_id, role, password_hash, disabled, failed_logins, "
     "locked_until, must_change_password, created_at, password_changed_at, version, "
     "approval_pending FROM users "
     "WHERE id > ? ORDER BY id LIMIT ?"},
    // Login bookkeeping does not bump `version`: it must not invalidate an administrator's edit.
    {"user.record_login_failure",
     "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?"},
    {"user.record_login_success",
     "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?"},
    {"user.set_password",
     "UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ?, "
     "version = version + 1 WHERE id = ?"},
    {"user.set_disabled", "UPDATE users SET disabled = ?, version = version + 1 WHERE id = ?"},
    {"user.set_approval_pending",
     "UPDATE users SET approval_pending = ?, version = version + 1 WHERE id = ?"},

    // ---- approvals: the second person (docs/ACCESS.md, two-person rule) ----
    {"approval.insert",
     "INSERT INTO approvals (kind, district_code, requested_by, requested_at, subject_user_id, "
     "case_count, scope, reason, state, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) "
     "RETURNING id"},
    {"approval.find_by_id", "SELECT " SHOUHU_SQL_APPROVAL_COLUMNS " FROM approvals WHERE id = ?"},
    // Pending and unexpired, of one district and family of kinds ('user.%' or 'case.%').
    {"approval.list_pending",
     "SELECT " SHOUHU_SQL_APPROVAL_COLUMNS " FROM approvals "
     "WHERE district_code = ? AND kind LIKE ? AND state = 'pending' AND expires_at > ? "
     "ORDER BY id LIMIT 500"},
    {"approval.decide",
     "UPDATE approvals SET state = ?, decided_by = ?, decided_at = ?, expires_at = ? "
     "WHERE id = ? AND state = 'pending'"},
    {"approval.supersede_for_user",
     "UPDATE approvals SET state = 'superseded' WHERE subject_user_id = ? AND state = 'pending'"},
    {"approval.mark_used",
     "UPDATE approvals SET used_at = ? WHERE id = ? AND state = 'approved' AND used_at = 0"},
    {"clear_export.insert",
     "INSERT INTO clear_exports (user_id, at, cases, approval_id) VALUES (?, ?, ?, ?)"},
    {"clear_export.sum_since",
     "SELECT COALESCE(SUM(cases), 0) FROM clear_exports WHERE user_id = ? AND at >= ?"},

    // ---- session ----
    {"session.insert",
     "INSERT INTO sessions (token_hash, csrf_hash, user_id, created_at, last_seen_at, "
     "client_address) VALUES (?, ?, ?, ?, ?, ?)"},
    {"session.find",
     "SELECT token_hash, csrf_hash, user_id, created_at, last_seen_at, client_address "
     "FROM sessions WHERE token_hash = ?"},
    {"session.touch", "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"},
    {"session.delete", "DELETE FROM sessions WHERE token_hash = ?"},
    {"session.delete_for_user", "DELETE FROM sessions WHERE user_id = ?"},
    {"session.delete_expired", "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?"},

    // ---- audit (append-only: there is deliberately no update or delete) ----
    {"audit.append",
     "INSERT INTO audit_log (seq, at, user_id, unit_id, action, object_type, object_id, result, "
     "client_address, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
    {"audit.last",
     "SELECT seq, at, user_id, unit_id, action, object_type, object_id, result, client_address, "
     "detail, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT 1"},
    {"audit.scan",
     "SELECT seq, at, user_id, unit_id, action, object_type, object_id, result, client_address, "
     "detail, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?"},
    {"audit.list_desc_newest",
     "SELECT seq, at, user_id, unit_id, action, object_type, object_id, result, client_address, "
     "detail, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT ?"},
    {"audit.list_desc_before",
     "SELECT seq, at, user_id, unit_id, action, object_type, object_id, result, client_address, "
     "detail, prev_hash, hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?"},

    // ---- child (identity columns are ciphertext; lookups go through the blind indexes) ----
    {"child.insert",
     "INSERT INTO children (name, id_number, birth_date, address, school, guardian, phone, "
     "id_number_index, name_birth_index, ethnicity, grade, district_code, vulnerability_classes, "
     "created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"},
    {"child.update_identity",
     "UPDATE children SET name = ?, id_number = ?, birth_date = ?, address = ?, school = ?, "
     "guardian = ?, phone = ?, id_number_index = ?, name_birth_index = ?, version = version + 1 "
     "WHERE id = ?"},
    {"child.find_by_id", "SELECT " SHOUHU_SQL_CHILD_COLUMNS " FROM children WHERE id = ?"},
    {"child.find_by_id_number_index",
     "SELECT " SHOUHU_SQL_CHILD_COLUMNS " FROM children WHERE id_number_index = ? ORDER BY id"},
    {"child.find_by_name_birth_index",
     "SELECT " SHOUHU_SQL_CHILD_COLUMNS
     " FROM children WHERE name_birth_index = ? ORDER BY id LIMIT 20"},
    {"child.scan",
     "SELECT " SHOUHU_SQL_CHILD_COLUMNS " FROM children WHERE id > ? ORDER BY id LIMIT ?"},
    {"child.name_tokens",
     "SELECT child_id, token FROM child_name_tokens WHERE child_id = ? ORDER BY token"},
    // The tokens of a page of children (ids from the first bound to the second).
    {"child.name_tokens_in_range",
     "SELECT child_id, token FROM child_name_tokens WHERE child_id >= ? AND child_id <= ? "
     "ORDER BY child_id, token"},
    {"child.delete_name_tokens", "DELETE FROM child_name_tokens WHERE child_id = ?"},
    {"child.insert_name_token", "INSERT INTO child_name_tokens (child_id, token) VALUES (?, ?)"},

    // ---- case (the list with its optional filters is built in case_query.cc) ----
    // One statement, so two concurrent writers can never draw the same number.
    {"case.next_number",
     "INSERT INTO case_numbers (prefix, year, last_value) VALUES (?, ?, 1) "
     "ON CONFLICT (prefix, year) DO UPDATE SET last_value = case_numbers.last_value + 1 "
     "RETURNING last_value"},
    {"case.insert",
     "INSERT INTO cases (case_number, child_id, status, harm_types, aggravating_flags, "
     "risk_level, intake_channel, reporter_category, situation_code, discovered_at, reported_at, "
     "late, lead_unit_id, district_code, legal_basis, age_at_incident, created_by_user, "
     "created_by_unit, via_mandatory_report, created_at, updated_at, version) "
     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"},
    {"case.find_by_id", "SELECT " SHOUHU_SQL_CASE_COLUMNS " FROM cases WHERE id = ?"},
    {"case.find_by_number", "SELECT " SHOUHU_SQL_CASE_COLUMNS " FROM cases WHERE case_number = ?"},
    {"case.list_by_child",
     "SELECT " SHOUHU_SQL_CASE_COLUMNS " FROM cases WHERE child_id = ? ORDER BY id DESC"},
    // Optimistic concurrency: changes nothing unless the caller saw the current version.
    {"case.update",
     "UPDATE cases SET harm_types = ?, aggravating_flags = ?, risk_level = ?, "
     "intake_channel = ?, reporter_category = ?, situation_code = ?, discovered_at = ?, "
     "reported_at = ?, late = ?, lead_unit_id = ?, district_code = ?, legal_basis = ?, "
     "age_at_incident = ?, status = ?, updated_at = ?, version = version + 1 "
     "WHERE id = ? AND version = ?"},
    {"case.set_child",
     "UPDATE cases SET child_id = ?, updated_at = ?, version = version + 1 WHERE id = ?"},

    // ---- incident ----
    {"incident.insert",
     "INSERT INTO incidents (case_id, occurred_on, place_type, district_code, online, "
     "perpetrator_relationship, perpetrator_count, narrative) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
     "RETURNING id"},
    {"incident.update_narrative", "UPDATE incidents SET narrative = ? WHERE id = ?"},
    {"incident.list_by_case",
     "SELECT " SHOUHU_SQL_INCIDENT_COLUMNS " FROM incidents WHERE case_id = ? ORDER BY id"},
    {"incident.scan",
     "SELECT " SHOUHU_SQL_INCIDENT_COLUMNS " FROM incidents WHERE id > ? ORDER BY id LIMIT ?"},

    // ---- case_event (the timeline; appended, never changed) ----
    {"case_event.append",
     "INSERT INTO case_events (case_id, at, user_id, unit_id, kind, detail) "
     "VALUES (?, ?, ?, ?, ?, ?)"},
    {"case_event.list_by_case",
     "SELECT id, case_id, at, user_id, unit_id, kind, detail FROM case_events WHERE case_id = ? "
     "ORDER BY id"},

    // ---- case_grant (which units other than the lead unit may see a case) ----
    // Re-granting a revoked grant re-activates it; a task's grant (expires_at 0, while the task is
    // open) replaces a grant that would end; otherwise an active grant is only ever lengthened.
    {"case_grant.grant",
     "INSERT INTO case_grants (case_id, unit_id, reason, granted_at, granted_by, revoked_at, "
     "expires_at, legal_basis) VALUES (?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (case_id, unit_id) "
     "DO UPDATE SET reason = excluded.reason, granted_at = excluded.granted_at, "
     "granted_by = excluded.granted_by, revoked_at = 0, expires_at = excluded.expires_at, "
     "legal_basis = excluded.legal_basis WHERE case_grants.revoked_at <> 0 OR "
     "(case_grants.expires_at <> 0 AND (excluded.expires_at = 0 OR "
     "excluded.expires_at > case_grants.expires_at))"},
    {"case_grant.revoke",
     "UPDATE case_grants SET revoked_at = ? WHERE case_id = ? AND unit_id = ? AND revoked_at = 0"},
    {"case_grant.has_active",
     "SELECT COUNT(*) FROM case_grants WHERE case_id = ? AND unit_id = ? AND revoked_at = 0 "
     "AND (expires_at = 0 OR expires_at > ?)"},
    {"case_grant.active",
     "SELECT reason, expires_at FROM case_grants WHERE case_id = ? AND unit_id = ? AND revoked_at "
     "= 0 "
     "AND (expires_at = 0 OR expires_at > ?)"},
    {"case_grant.list_by_case",
     "SELECT case_id, unit_id, reason, granted_at, granted_by, revoked_at, expires_at, "
     "legal_basis FROM case_grants WHERE case_id = ? ORDER BY granted_at, unit_id"},

    // ---- child_match (possible matches of the same girl, for the holding district to decide) ----
    {"child_match.insert",
     "INSERT INTO child_matches (case_id, other_case_id, reason, state, created_at) "
     "VALUES (?, ?, ?, 'pending', ?) ON CONFLICT (case_id, other_case_id) DO NOTHING"},
    {"child_match.list_by_case",
     "SELECT id, case_id, other_case_id, reason, state, created_at, decided_at FROM child_matches "
     "WHERE case_id = ? OR other_case_id = ? ORDER BY id"},
    {"child_match.decide",
     "UPDATE child_matches SET state = ?, decided_at = ?, decided_by = ? "
     "WHERE id = ? AND state = 'pending'"},

    // ---- idempotency (the first answer of a create, replayed for the same key) ----
    {"idempotency.find",
     "SELECT key, request_hash, status, response, created_at FROM idempotency_keys "
     "WHERE key = ?"},
    {"idempotency.insert",
     "INSERT INTO idempotency_keys (key, request_hash, status, response, created_at) "
     "VALUES (?, ?, ?, ?, ?)"},
    {"idempotency.delete_expired", "DELETE FROM idempotency_keys WHERE created_at < ?"},

    // ---- hotline ----
    {"hotline.insert",
     "INSERT INTO hotline_calls (received_at, operator_user, operator_unit, caller_category, "
     "district_code, summary, case_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"},
    {"hotline.update_summary", "UPDATE hotline_calls SET summary = ? WHERE id = ?"},
    {"hotline.find_by_id",
     "SELECT id, received_at, operator_user, operator_unit, caller_category, district_code, "
     "summary, case_id, created_at FROM hotline_calls WHERE id = ?"},

    // ---- proceeding (legal stages and warning letters of a case) ----
    {"proceeding.insert",
     "INSERT INTO proceedings (case_id, kind, stage, at, complex, priority, reason, note, "
     "recorded_by_user, recorded_by_unit, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
     "RETURNING id"},
    {"proceeding.update_secrets", "UPDATE proceedings SET reason = ?, note = ? WHERE id = ?"},
    {"proceeding.list_by_case",
     "SELECT " SHOUHU_SQL_PROCEEDING_COLUMNS " FROM proceedings WHERE case_id = ? ORDER BY at, id"},
    {"proceeding.scan",
     "SELECT " SHOUHU_SQL_PROCEEDING_COLUMNS " FROM proceedings WHERE id > ? ORDER BY id LIMIT ?"},

    // ---- protection_order (人身安全保护令) ----
    {"protection_order.insert",
     "INSERT INTO protection_orders (case_id, applied_at, urgent, decided_at, outcome, "
     "valid_until, note, applied_by_user, applied_by_unit, decided_by_user, decided_by_unit, "
     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"},
    {"protection_order.update_note", "UPDATE protection_orders SET note = ? WHERE id = ?"},
    // Decided once: changes nothing when a decision is recorded already.
    {"protection_order.decide",
     "UPDATE protection_orders SET decided_at = ?, outcome = ?, valid_until = ?, "
     "decided_by_user = ?, decided_by_unit = ? WHERE id = ? AND case_id = ? AND outcome = ''"},
    {"protection_order.find_by_id",
     "SELECT " SHOUHU_SQL_PROTECTION_ORDER_COLUMNS " FROM protection_orders WHERE id = ?"},
    {"protection_order.list_by_case",
     "SELECT " SHOUHU_SQL_PROTECTION_ORDER_COLUMNS
     " FROM protection_orders WHERE case_id = ? ORDER BY applied_at, id"},
    {"protection_order.scan", "SELECT " SHOUHU_SQL_PROTECTION_ORDER_COLUMNS
                              " FROM protection_orders WHERE id > ? ORDER BY id LIMIT ?"},

    // ---- service (assistance delivered) ----
    {"service.insert",
     "INSERT INTO services (case_id, service_type, unit_id, delivered_on, minutes, sessions, "
     "amount_fen, notes, recorded_by_user, recorded_by_unit, created_at) "
     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"},
    {"service.update_notes", "UPDATE services SET notes = ? WHERE id = ?"},
    {"service.list_by_case", "SELECT " SHOUHU_SQL_SERVICE_COLUMNS
                             " FROM services WHERE case_id = ? ORDER BY delivered_on, id"},
    {"service.scan",
     "SELECT " SHOUHU_SQL_SERVICE_COLUMNS " FROM services WHERE id > ? ORDER BY id LIMIT ?"},

    // ---- interview (一站式询问) and the units that may view it ----
    {"interview.insert",
     "INSERT INTO interviews (case_id, at, conducted_by_unit, reason, note, recorded_by_user, "
     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"},
    {"interview.add_viewer", "INSERT INTO interview_viewers (interview_id, unit_id) VALUES (?, ?)"},
    {"interview.update_secrets", "UPDATE interviews SET reason = ?, note = ? WHERE id = ?"},
    {"interview.list_by_case",
     "SELECT " SHOUHU_SQL_INTERVIEW_COLUMNS " FROM interviews WHERE case_id = ? ORDER BY at, id"},
    {"interview.viewers_by_case",
     "SELECT v.interview_id, v.unit_id FROM interview_viewers v "
     "JOIN interviews i ON i.id = v.interview_id WHERE i.case_id = ? "
     "ORDER BY v.interview_id, v.unit_id"},
    {"interview.count_by_child",
     "SELECT COUNT(*) FROM interviews i JOIN cases c ON c.id = i.case_id WHERE c.child_id = ?"},
    {"interview.scan",
     "SELECT " SHOUHU_SQL_INTERVIEW_COLUMNS " FROM interviews WHERE id > ? ORDER BY id LIMIT ?"},
    // ---- stats_history (counts from before the system; the statistics are in stats_query.cc) ----
    {"stats_history.upsert",
     "INSERT INTO stats_history (district_code, year, category, count, source, recorded_by, "
     "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (district_code, year, category) "
     "DO UPDATE SET count = excluded.count, source = excluded.source, "
     "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at RETURNING id"},
    {"stats_history.list",
     "SELECT id, district_code, year, category, count, source, recorded_by, recorded_at "
     "FROM stats_history WHERE district_code = ? AND year >= ? AND year <= ? "
     "ORDER BY year, category"},
    {"stats_history.list_all_districts",
     "SELECT id, district_code, year, category, count, source, recorded_by, recorded_at "
     "FROM stats_history WHERE year >= ? AND year <= ? ORDER BY year, category, district_code"},

    // ---- probe: used only by the storage contract suite to check database-level guarantees ----
    // Echoes one value of each type: integer, text, blob, real, and a NULL text.
    {"probe.echo",
     "SELECT CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS {{BLOB}}), CAST(? AS DOUBLE PRECISION), "
     "CAST(? AS TEXT)"},
    // Both must be refused by the append-only triggers.
    {"probe.audit_update", "UPDATE audit_log SET detail = ? WHERE seq = ?"},
    {"probe.audit_delete", "DELETE FROM audit_log WHERE seq = ?"},
};

using Rendered = std::map<std::string, std::string, std::less<>>;

Rendered RenderAll(Backend backend) {
  const Dialect& dialect = DialectFor(backend);
  Rendered out;
  for (std::span<const Statement> table :
       {std::span<const Statement>(kStatements), WorkflowStatements(), PreventionStatements()}) {
    for (const Statement& s : table) {
      const std::string_view text =
          backend == Backend::kPostgres && !s.postgres.empty() ? s.postgres : s.text;
      out.emplace(std::string(s.name), RenderStatement(text, dialect));
    }
  }
  return out;
}

}  // namespace

const std::string* FindStatement(Backend backend, std::string_view name) {
  static const Rendered sqlite = RenderAll(Backend::kSqlite);
  static const Rendered postgres = RenderAll(Backend::kPostgres);
  const Rendered& table = backend == Backend::kPostgres ? postgres : sqlite;
  const auto it = table.find(name);
  return it == table.end() ? nullptr : &it->second;
}

}  // namespace shouhu::storage::sql
