#include "storage/sql/dialect.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace shouhu::storage::sql {
namespace {

constexpr std::array kSqliteChecks = {
    SettingCheck{"journal_mode", "PRAGMA journal_mode", "wal"},
    SettingCheck{"synchronous", "PRAGMA synchronous", "2"},  // FULL
    SettingCheck{"foreign_keys", "PRAGMA foreign_keys", "1"},
    SettingCheck{"encoding", "PRAGMA encoding", "UTF-8"},
};

constexpr std::array kPostgresChecks = {
    SettingCheck{"synchronous_commit", "SHOW synchronous_commit", "on"},
    SettingCheck{"fsync", "SHOW fsync", "on"},
    SettingCheck{"client_encoding", "SHOW client_encoding", "UTF8"},
    SettingCheck{"TimeZone", "SHOW TimeZone", "UTC"},
};

constexpr Dialect kSqlite{
    .backend = Backend::kSqlite,
    .name = "sqlite",
    .generated_id = "INTEGER PRIMARY KEY AUTOINCREMENT",
    .blob_type = "BLOB",
    .numbered_placeholders = false,
    .begin_read = "BEGIN DEFERRED",
    .begin_write = "BEGIN IMMEDIATE",
    .commit = "COMMIT",
    .rollback = "ROLLBACK",
    .savepoint = "SAVEPOINT unit_of_work",
    .rollback_to_savepoint = "ROLLBACK TO SAVEPOINT unit_of_work",
    .release_savepoint = "RELEASE SAVEPOINT unit_of_work",
    // analysis_limit samples each index instead of reading it whole: milliseconds at 1M rows.
    .refresh_statistics = "PRAGMA analysis_limit = 1000; ANALYZE",
    .session_setup =
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
        "PRAGMA foreign_keys = ON;",
    .read_session_setup = "PRAGMA query_only = ON;",
    .checks = kSqliteChecks,
};

// Read transactions are REPEATABLE READ so that every statement of one Read sees one snapshot.
constexpr Dialect kPostgres{
    .backend = Backend::kPostgres,
    .name = "postgresql",
    .generated_id = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    .blob_type = "BYTEA",
    .numbered_placeholders = true,
    .begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    .begin_write = "BEGIN; SELECT pg_advisory_xact_lock(91570033739861)",
    .commit = "COMMIT",
    .rollback = "ROLLBACK",
    .savepoint = "SAVEPOINT unit_of_work",
    .rollback_to_savepoint = "ROLLBACK TO SAVEPOINT unit_of_work",
    .release_savepoint = "RELEASE SAVEPOINT unit_of_work",
    .refresh_statistics = "",
    .session_setup =
        "SET synchronous_commit = on; SET application_name = 'shouhu'; "
        "SET TimeZone = 'UTC'; SET client_encoding = 'UTF8'; "
        "SET bytea_output = 'hex'",
    .read_session_setup = "",
    .checks = kPostgresChecks,
};

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Copies `text`, numbering each `?` outside quotes and comments as $1, $2, ...
std::string NumberPlaceholders(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  int next = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'' || c == '"') {
      const size_t end = text.find(c, i + 1);
      const size_t stop = end == std::string_view::npos ? text.size() : end + 1;
      out.append(text.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      const size_t end = text.find('\n', i);
      const size_t stop = end == std::string_view::npos ? text.size() : end;
      out.append(text.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

static_assert(kWriterLockKey == 91570033739861, "keep begin_write's literal in step with the key");

const Dialect& DialectFor(Backend backend) {
  return backend == Backend::kPostgres ? kPostgres : kSqlite;
}

std::string RenderScript(std::string_view text, const Dialect& dialect) {
  std::string out = ReplaceAll(std::string(text), "{{ID}}", dialect.generated_id);
  return ReplaceAll(std::move(out), "{{BLOB}}", dialect.blob_type);
}

std::string RenderStatement(std::string_view text, const Dialect& dialect) {
  std::string out = RenderScript(text, dialect);
  return dialect.numbered_placeholders ? NumberPlaceholders(out) : out;
}

Status VerifySetting(const SettingCheck& check, std::string_view actual) {
  if (EqualsIgnoreCase(actual, check.expected)) return Status::Ok();
  return Status::InvalidArgument("weak_database_settings",
                                 FieldErrors{{"database", std::string(check.setting)}});
}

}  // namespace shouhu::storage::sql
