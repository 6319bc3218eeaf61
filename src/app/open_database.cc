// OpenDatabase: the one place that names the concrete storage backends and wires them to the
// generic SqlDatabase.
#include <string_view>

#include "core/clock.h"
#include "storage/database.h"
#include "storage/postgres/pg_connection.h"
#include "storage/sql_database.h"
#include "storage/sqlite/sqlite_connection.h"

namespace shouhu::storage {

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url,
                                               const DatabaseOptions& options) {
  // Stamps applied migrations; lives for the whole process.
  static const SystemClock clock;
  constexpr std::string_view kSqlitePrefix = "sqlite:";
  if (url.starts_with(kSqlitePrefix)) {
    std::string path = url.substr(kSqlitePrefix.size());
    if (path.empty()) return Status::InvalidField("database", "missing_path");
    return SqlDatabase::Open(Backend::kSqlite, sqlite::MakeFactory(std::move(path), options),
                             options, clock);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return SqlDatabase::Open(Backend::kPostgres, postgres::MakeFactory(url), options, clock);
  }
  return Status::InvalidField("database", "unsupported_url");
}

}  // namespace shouhu::storage
