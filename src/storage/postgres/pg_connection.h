// PostgreSQL backend: one Connection over one libpq connection, with statements prepared once
// per connection (PQprepare) and run with PQexecPrepared. The only code that includes libpq-fe.h.
// Not thread-safe: one thread at a time.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "storage/connection.h"
#include "storage/database.h"

namespace shouhu::storage::postgres {

// Connects to `url` (a libpq URI), sets synchronous_commit=on, TimeZone=UTC, UTF-8 and
// application_name=shouhu, and verifies them: kInvalidArgument naming "database" when the server
// keeps a weaker setting; kUnavailable when the server cannot be reached.
Result<std::unique_ptr<Connection>> OpenConnection(const std::string& url, ConnectionRole role);

// A factory for SqlDatabase::Open.
ConnectionFactory MakeFactory(std::string url);

}  // namespace shouhu::storage::postgres
