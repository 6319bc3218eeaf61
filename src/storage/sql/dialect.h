// Dialect: the small table of SQL that differs between SQLite and PostgreSQL (generated ids,
// binary type, placeholders, transaction and session set-up), and the renderer that turns the
// shared statement text into one backend's text. Immutable data; safe to share across threads.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "storage/database.h"

namespace shouhu::storage::sql {

// A session setting the backend reads back after set-up; opening fails unless it matches.
struct SettingCheck {
  std::string_view setting;   // reported in the error, e.g. "journal_mode"
  std::string_view query;     // returns one row, one column
  std::string_view expected;  // compared case-insensitively with the column as text
};

struct Dialect {
  Backend backend;
  std::string_view name;  // "sqlite" or "postgresql", for logs

  // Replaces the {{ID}} token in migrations: a generated BIGINT primary key. SQLite uses
  // AUTOINCREMENT so that an id is never reused (audit entries keep referring to it).
  std::string_view generated_id;
  std::string_view blob_type;          // replaces {{BLOB}}
  bool numbered_placeholders = false;  // `?` becomes `$1`, `$2`, ...

  // Transaction control, run as scripts by the generic layer.
  std::string_view begin_read;   // a read-only snapshot
  std::string_view begin_write;  // the one writer; on PostgreSQL also serialises instances
  std::string_view commit;
  std::string_view rollback;
  std::string_view savepoint;  // one per unit of work inside a group commit
  std::string_view rollback_to_savepoint;
  std::string_view release_savepoint;

  // Refreshes the query planner's statistics ("" = the server keeps them itself, as PostgreSQL's
  // autovacuum does). Run by the writer after migrations and every few thousand committed units
  // of work: without statistics SQLite cannot tell a selective filter (a name token) from one
  // every row matches (the district) and may walk the wrong index.
  std::string_view refresh_statistics;

  // Session set-up run once per connection, then read back and verified by the backend.
  std::string_view session_setup;
  std::string_view read_session_setup;   // extra set-up for read connections ("" = none)
  std::span<const SettingCheck> checks;  // durability and encoding guarantees
};

const Dialect& DialectFor(Backend backend);

// Shared statement text -> backend text: replaces {{ID}} and {{BLOB}}, and numbers `?`
// placeholders for PostgreSQL. Question marks inside quotes and comments are left alone.
std::string RenderStatement(std::string_view text, const Dialect& dialect);
// Shared script text (migrations) -> backend text: replaces {{ID}} and {{BLOB}} only.
std::string RenderScript(std::string_view text, const Dialect& dialect);

// Ok when `actual` is what `check` expects; otherwise kInvalidArgument naming "database" with the
// setting as the reason: the server refuses to run on weaker durability than it promises.
Status VerifySetting(const SettingCheck& check, std::string_view actual);

// Key of the PostgreSQL advisory lock every write transaction takes, so that several server
// instances on one database append to the audit hash chain one batch at a time.
inline constexpr long long kWriterLockKey = 0x53484F554855;  // "SHOUHU"

}  // namespace shouhu::storage::sql
