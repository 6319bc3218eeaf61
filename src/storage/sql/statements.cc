// Each statement is written once with `?` placeholders; `postgres` overrides the text where the
// dialects truly differ. The column order of every SELECT is part of its contract with
// storage/stores.cc, which reads columns by position.
#include "storage/sql/statements.h"

#include <map>

#include "storage/sql/dialect.h"

namespace shouhu::storage::sql {
namespace {

struct Statement {
  std::string_view name;
  std::string_view text;
  std::string_view postgres = {};  // "" = same as text
};

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
     "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"},
    {"user.find_by_id",
     "SELECT id, username, display_name, unit_id, role, password_hash, disabled, failed_logins, "
     "locked_until, must_change_password, created_at, password_changed_at, version FROM users "
     "WHERE id = ?"},
    {"user.find_by_username",
     "SELECT id, username, display_name, unit_id, role, password_hash, disabled, failed_logins, "
     "locked_until, must_change_password, created_at, password_changed_at, version FROM users "
     "WHERE username = ?"},
    {"user.list_after",
     "SELECT id, username, display_name, unit_id, role, password_hash, disabled, failed_logins, "
     "locked_until, must_change_password, created_at, password_changed_at, version FROM users "
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
  for (const Statement& s : kStatements) {
    const std::string_view text =
        backend == Backend::kPostgres && !s.postgres.empty() ? s.postgres : s.text;
    out.emplace(std::string(s.name), RenderStatement(text, dialect));
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
