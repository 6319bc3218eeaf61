// Numbered schema migrations, compiled into the binary and applied in order by
// Database::Migrate(). Immutable data; safe to share across threads.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "storage/sql/dialect.h"

namespace shouhu::storage::sql {

struct Migration {
  int version;                // 1, 2, 3 ... ; never renumbered once released
  std::string_view name;      // e.g. "0001_accounts"
  std::string_view shared;    // for both dialects, with {{ID}} / {{BLOB}} tokens
  std::string_view sqlite;    // appended for SQLite only
  std::string_view postgres;  // appended for PostgreSQL only
};

// All migrations, ascending by version.
std::span<const Migration> Migrations();

// The script of `migration` for `dialect`.
std::string RenderMigration(const Migration& migration, const Dialect& dialect);

// Creates schema_migrations when missing; runs before the first migration.
std::string MigrationsTableScript(const Dialect& dialect);

}  // namespace shouhu::storage::sql
