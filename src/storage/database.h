// Database: the one storage interface the services use. A unit of work is a function over a Tx;
// Read() runs it on a pooled read connection, Write() runs it in a group-committed transaction
// and returns only once the change is durable. Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace shouhu::storage {

namespace sql {
struct GeneratedQuery;  // storage/sql/statements.h
}  // namespace sql

struct Null {};
using Blob = std::vector<unsigned char>;
using Value = std::variant<Null, int64_t, double, std::string, Blob>;

// One result row. Accessors return the column's value converted to the requested type; a NULL
// reads as 0 / "" / empty (use IsNull to tell).
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<Null>(values_.at(i)); }
  int64_t Int(size_t i) const;
  double Real(size_t i) const;
  std::string Text(size_t i) const;
  Blob Bytes(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
  const Value& at(size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

using Params = std::vector<Value>;

// The newest entry of the audit chain (audit/audit_log.h), as the writer last wrote it.
struct AuditChainTip {
  int64_t seq = 0;   // 0: the chain is empty
  std::string hash;  // "" when empty
};

// A connection inside a transaction. Statements are named (see storage/sql/statements.h); the
// backend prepares each once per connection. Not thread-safe: a Tx belongs to one unit of work.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Result<std::vector<Row>> Query(std::string_view statement, const Params& params) = 0;
  // Runs a read query whose text storage/sql/ built at run time from optional filters (e.g.
  // sql::CaseListQuery); no other code makes a GeneratedQuery. SQLite keeps a bounded cache of
  // prepared texts; PostgreSQL plans each call for its actual parameters.
  virtual Result<std::vector<Row>> QueryGenerated(const sql::GeneratedQuery& query) = 0;
  // Returns the number of rows changed.
  virtual Result<int64_t> Exec(std::string_view statement, const Params& params) = 0;
  // First row of Query, or nullopt when there is none.
  Result<std::optional<Row>> QueryOne(std::string_view statement, const Params& params);
  // Where the writer keeps the audit chain's newest entry between units of work, so that an
  // append need not read it back; nullptr when the unit of work must read it (read
  // transactions, PostgreSQL, where other instances append too). Empty optional: not known, read
  // it and store it here. The writer forgets it whenever what it holds may not be the newest
  // committed entry (a unit of work or a batch rolled back, another connection committed).
  virtual std::optional<AuditChainTip>* audit_tip() { return nullptr; }
};

struct PoolStats {
  int read_connections = 0;   // open read connections
  int read_in_use = 0;        // currently lent out
  int64_t read_waits = 0;     // times a caller waited for a free connection
  int64_t write_batches = 0;  // group commits performed
  int64_t write_jobs = 0;     // units of work committed (jobs / batches = group size)
  int64_t write_failures = 0;
};

enum class Backend { kSqlite, kPostgres };

class Database {
 public:
  virtual ~Database() = default;
  using Work = std::function<Status(Tx&)>;
  // Runs `work` on a consistent snapshot; nothing it does is kept (a write statement fails).
  // Returns what `work` returns; kUnavailable when no read connection frees up within
  // pool_wait_timeout_ms.
  virtual Status Read(const Work& work) = 0;
  // Runs `work` in a transaction shared with other concurrent writers (group commit): each job
  // runs inside its own savepoint, so a job that returns an error (or throws) is rolled back
  // alone; the call returns Ok only after the commit is durable on disk.
  // After a statement fails, the rest of that unit of work fails with the same Status and the
  // unit is rolled back even if `work` returns Ok (PostgreSQL semantics, enforced on both
  // backends); to try an alternative, use a new Write. `work` runs on the writer thread: it must
  // not call Write itself (that returns kInternal).
  virtual Status Write(const Work& work) = 0;
  using Done = std::function<void(Status)>;
  // Write without waiting: queues `work` and returns at once; `done` receives what Write would
  // have returned, once that is known (Ok only after the commit is durable). `done` runs on the
  // writer thread after its batch (or at once on the caller's thread when the database is
  // closed or the call is made from inside a unit of work); it must be quick and must not block.
  virtual void WriteAsync(Work work, Done done) = 0;
  // Cheap reachability check for /readyz.
  virtual Status Ping() = 0;
  // Highest applied migration number; 0 for an empty database.
  virtual Result<int> SchemaVersion() = 0;
  // Applies pending migrations in order, each in its own transaction. Refuses (like
  // CheckSchema) a database whose schema is newer than this binary.
  virtual Status Migrate() = 0;
  virtual PoolStats Stats() const = 0;
  // Whether a Read started now would find a read connection without waiting for one.
  virtual bool ReaderFree() const = 0;
  virtual Backend backend() const = 0;
  // Finishes queued writes and closes every connection. Further calls fail with kUnavailable.
  virtual void Close() = 0;
};

struct DatabaseOptions {
  int read_pool_size = 4;
  int busy_timeout_ms = 5000;       // SQLite busy timeout
  int max_batch_jobs = 256;         // most units of work in one group commit
  int pool_wait_timeout_ms = 5000;  // waiting for a read connection
};

// "sqlite:PATH" or "postgresql://..." / "postgres://...". Opening checks durability settings
// (SQLite: WAL + synchronous=FULL + foreign keys; PostgreSQL: synchronous_commit=on) and refuses
// weaker ones. Does not migrate; the caller decides (see app/). Fails with kInvalidArgument naming
// "database" for an unsupported URL or weak settings, kUnavailable when the server or file cannot
// be reached. Implemented in app/open_database.cc, the one place naming the backends.
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url,
                                               const DatabaseOptions& options);

// Number of the newest migration this binary knows.
int KnownSchemaVersion();

// Ok when the database's schema is not newer than KnownSchemaVersion(); otherwise
// kConflict("schema_newer_than_binary"): an older server must not run on a newer schema (it
// would write rows the newer code cannot read). Call after opening, before serving.
Status CheckSchema(Database& db);

}  // namespace shouhu::storage
