// SQLite backend: one Connection over one sqlite3 handle, with statements prepared once and
// cached. The only code that includes sqlite3.h. Not thread-safe: one thread at a time.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "storage/connection.h"
#include "storage/database.h"

namespace shouhu::storage::sqlite {

// Opens `path` (creating the file and its parent directory when missing), applies WAL,
// synchronous=FULL and foreign keys, and verifies them: kInvalidArgument naming "database" when
// the file cannot have them (e.g. ":memory:" has no WAL). Read connections are query-only.
Result<std::unique_ptr<Connection>> OpenConnection(const std::string& path,
                                                   const DatabaseOptions& options,
                                                   ConnectionRole role);

// A factory for SqlDatabase::Open.
ConnectionFactory MakeFactory(std::string path, DatabaseOptions options);

}  // namespace shouhu::storage::sqlite
