// Connection: what a backend (sqlite/, postgres/) implements — one open connection that runs
// named statements (Tx) and raw scripts from storage/sql/ (transaction control, migrations).
// The generic SqlDatabase builds pooling, group commit and migrations on top. Not thread-safe:
// one connection serves one thread at a time.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "core/status.h"
#include "storage/database.h"

namespace shouhu::storage {

class Connection : public Tx {
 public:
  // Runs one or more `;`-separated statements without parameters, discarding any rows. The text
  // comes from storage/sql/ (Dialect, migrations) only.
  virtual Status ExecScript(std::string_view script) = 0;
  // Runs one of the Dialect's transaction-control texts (begin, commit, rollback, savepoints).
  // A backend may keep them prepared (SQLite does: re-parsing them on every unit of work was a
  // sixth of the server's CPU); the default runs the text as a script.
  virtual Status Control(std::string_view statement) { return ExecScript(statement); }
  // A number that changes whenever another connection has committed to the database since this
  // one last asked (SQLite: PRAGMA data_version, which counts other connections' and processes'
  // commits, never this connection's own). Empty where the backend offers none; the writer then
  // keeps nothing of the database's state between batches.
  virtual Result<std::optional<int64_t>> ForeignChangeMark() { return std::optional<int64_t>(); }
  // True once the connection is unusable (e.g. the server went away); the owner discards it
  // and opens a new one.
  virtual bool broken() const = 0;
};

enum class ConnectionRole {
  kRead,   // read transactions only; SQLite opens it query-only
  kWrite,  // the single writer connection
};

// Opens a connection with durable settings verified (see DatabaseOptions and OpenDatabase()).
using ConnectionFactory = std::function<Result<std::unique_ptr<Connection>>(ConnectionRole role)>;

// Error mapping shared by the backends, by what a failure means to the caller:
//   unique / primary key violation -> kConflict("duplicate")
//   foreign key violation          -> kInvalidArgument("foreign_key")
//   other constraint (NOT NULL)    -> kInvalidArgument("constraint")
//   append-only trigger            -> kPermissionDenied("append_only")
//   write inside a read            -> kInternal("write_in_read_transaction")
//   busy, lost connection, no disk -> kUnavailable(...)
//   anything else                  -> kInternal("database_error")

}  // namespace shouhu::storage
