#include "storage/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "storage/sql/dialect.h"
#include "storage/sql/statements.h"

namespace shouhu::storage::sqlite {
namespace {

// Turns a failed SQLite call into the Status the storage contract promises (see connection.h).
Status MapError(sqlite3* db, int rc, std::string_view what) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Status::Conflict("duplicate");
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Status::InvalidArgument("foreign_key");
    case SQLITE_CONSTRAINT_TRIGGER:
      return Status::PermissionDenied("append_only");
    default:
      break;
  }
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return Status::InvalidArgument("constraint");
    case SQLITE_READONLY:
      return Status::Internal("write_in_read_transaction");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      spdlog::warn("sqlite: {} busy: {}", what, message);
      return Status::Unavailable("database_busy");
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      spdlog::error("sqlite: {} failed: {}", what, message);
      return Status::Unavailable("database_io_error");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      spdlog::error("sqlite: {} found a damaged file: {}", what, message);
      return Status::Corruption("database_corrupt");
    default:
      spdlog::error("sqlite: {} failed ({}): {}", what, rc, message);
      return Status::Internal("database_error");
  }
}

// Most generated queries (storage/sql/ text built from filters) kept prepared per connection;
// when full, the cache is emptied and refilled by use.
constexpr size_t kMaxGeneratedStatements = 32;

// Errors after which the handle is not trusted again.
bool IsFatal(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_IOERR || primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ||
         primary == SQLITE_CANTOPEN;
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [name, stmt] : statements_) sqlite3_finalize(stmt);
    for (auto& [text, stmt] : control_) sqlite3_finalize(stmt);
    sqlite3_finalize(data_version_);
    ClearGenerated();
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Result<std::vector<Row>> Query(std::string_view statement, const Params& params) override {
    SHOUHU_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(statement));
    std::vector<Row> rows;
    SHOUHU_RETURN_IF_ERROR(Run(stmt, statement, params, &rows));
    return rows;
  }

  Result<int64_t> Exec(std::string_view statement, const Params& params) override {
    SHOUHU_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(statement));
    SHOUHU_RETURN_IF_ERROR(Run(stmt, statement, params, nullptr));
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Result<std::vector<Row>> QueryGenerated(const sql::GeneratedQuery& query) override {
    SHOUHU_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, PrepareGenerated(query.text));
    std::vector<Row> rows;
    SHOUHU_RETURN_IF_ERROR(Run(stmt, "generated query", query.params, &rows));
    return rows;
  }

  Status ExecScript(std::string_view script) override {
    const std::string text(script);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
    return Check(rc, "script");
  }

  // The Dialect's few transaction-control texts, each prepared once; a text of more than one
  // statement runs as a script.
  Status Control(std::string_view statement) override {
    sqlite3_stmt* stmt = nullptr;
    if (const auto it = control_.find(statement); it != control_.end()) {
      stmt = it->second;
    } else {
      const char* tail = nullptr;
      const int rc = sqlite3_prepare_v3(db_, statement.data(), static_cast<int>(statement.size()),
                                        SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
      if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return Check(rc, "transaction control");
      }
      const bool single = stmt != nullptr && tail != nullptr &&
                          std::string_view(tail, statement.data() + statement.size() - tail)
                                  .find_first_not_of(" \t\r\n;") == std::string_view::npos;
      if (!single) {
        sqlite3_finalize(stmt);
        return ExecScript(statement);
      }
      control_.emplace(std::string(statement), stmt);
    }
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return Check(rc, "transaction control");
  }

  Result<std::optional<int64_t>> ForeignChangeMark() override {
    if (data_version_ == nullptr) {
      constexpr std::string_view kText = "PRAGMA data_version";
      const int rc = sqlite3_prepare_v3(db_, kText.data(), static_cast<int>(kText.size()),
                                        SQLITE_PREPARE_PERSISTENT, &data_version_, nullptr);
      if (rc != SQLITE_OK) {
        sqlite3_finalize(data_version_);
        data_version_ = nullptr;
        return Check(rc, "data_version");
      }
    }
    int rc = sqlite3_step(data_version_);
    std::optional<int64_t> mark;
    if (rc == SQLITE_ROW) {
      mark = sqlite3_column_int64(data_version_, 0);
      rc = SQLITE_DONE;
    }
    sqlite3_reset(data_version_);
    if (rc != SQLITE_DONE || !mark)
      return Check(rc == SQLITE_DONE ? SQLITE_ERROR : rc, "data_version");
    return mark;
  }

  bool broken() const override { return broken_; }

  // The first column of the first row of `sql` as text ("" when there is none).
  Result<std::string> QueryScalar(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return Check(rc, "setting check");
    std::string out;
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      if (text != nullptr) out.assign(text, static_cast<size_t>(sqlite3_column_bytes(stmt, 0)));
      rc = SQLITE_DONE;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return Check(rc, "setting check");
    return out;
  }

 private:
  Status Check(int rc, std::string_view what) {
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
    if (IsFatal(rc)) broken_ = true;
    return MapError(db_, rc, what);
  }

  // The cached prepared statement for `name`, preparing it on first use.
  Result<sqlite3_stmt*> Prepare(std::string_view name) {
    if (const auto it = statements_.find(name); it != statements_.end()) return it->second;
    const std::string* text = sql::FindStatement(Backend::kSqlite, name);
    if (text == nullptr) {
      spdlog::error("sqlite: unknown statement {}", name);
      return Status::Internal("unknown_statement");
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, text->c_str(), static_cast<int>(text->size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return Check(rc, name);
    }
    statements_.emplace(std::string(name), stmt);
    return stmt;
  }

  // The cached prepared statement for generated `text`; only read-only text is accepted.
  Result<sqlite3_stmt*> PrepareGenerated(const std::string& text) {
    if (const auto it = generated_.find(text); it != generated_.end()) return it->second;
    const std::string rendered = sql::RenderStatement(text, sql::DialectFor(Backend::kSqlite));
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, rendered.c_str(), static_cast<int>(rendered.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return Check(rc, "generated query");
    }
    if (stmt == nullptr || !sqlite3_stmt_readonly(stmt)) {
      sqlite3_finalize(stmt);
      spdlog::error("sqlite: a generated query must be one read-only statement");
      return Status::Internal("generated_query_not_read_only");
    }
    if (generated_.size() >= kMaxGeneratedStatements) ClearGenerated();
    generated_.emplace(text, stmt);
    return stmt;
  }

  void ClearGenerated() {
    for (auto& [text, stmt] : generated_) sqlite3_finalize(stmt);
    generated_.clear();
  }

  Status Bind(sqlite3_stmt* stmt, const Params& params) {
    if (sqlite3_bind_parameter_count(stmt) != static_cast<int>(params.size())) {
      return Status::Internal("parameter_count_mismatch");
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<Null>(v)) {
        rc = sqlite3_bind_null(stmt, index);
      } else if (const auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, index, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, index, *d);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        // An empty blob must not bind as NULL, which a null data pointer would do.
        rc = b->empty() ? sqlite3_bind_zeroblob(stmt, index, 0)
                        : sqlite3_bind_blob64(stmt, index, b->data(), b->size(), SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) return Check(rc, "bind");
    }
    return Status::Ok();
  }

  static Value ColumnValue(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, i);
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
      }
      case SQLITE_BLOB: {
        const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, i));
        const int size = sqlite3_column_bytes(stmt, i);
        return size > 0 ? Blob(data, data + size) : Blob();
      }
      default:
        return Null{};
    }
  }

  // Runs a prepared statement to completion, collecting rows into `rows` when given; `name`
  // labels errors in the log.
  Status Run(sqlite3_stmt* stmt, std::string_view name, const Params& params,
             std::vector<Row>* rows) {
    Status st = Bind(stmt, params);
    if (st.ok()) {
      const int columns = sqlite3_column_count(stmt);
      int rc;
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (rows == nullptr) continue;
        std::vector<Value> values;
        values.reserve(static_cast<size_t>(columns));
        for (int i = 0; i < columns; ++i) values.push_back(ColumnValue(stmt, i));
        rows->emplace_back(std::move(values));
      }
      st = Check(rc, name);
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return st;
  }

  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;  // by statement name
  std::map<std::string, sqlite3_stmt*, std::less<>> generated_;   // by generated text
  std::map<std::string, sqlite3_stmt*, std::less<>> control_;     // by transaction-control text
  sqlite3_stmt* data_version_ = nullptr;                          // PRAGMA data_version
  bool broken_ = false;
};

Status CreateParentDirectory(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return Status::Ok();
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return Status::Ok();
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    spdlog::error("sqlite: cannot create directory {}: {}", parent.string(), ec.message());
    return Status::InvalidField("database", "cannot_create_directory");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Connection>> OpenConnection(const std::string& path,
                                                   const DatabaseOptions& options,
                                                   ConnectionRole role) {
  if (path.empty()) return Status::InvalidField("database", "missing_path");
  // SQLite's memory statistics (on by default) take a process-wide mutex around every
  // allocation, which the pool's connections then contend for; nothing reads them. Only
  // possible before SQLite initialises; refused (harmlessly) afterwards.
  static std::once_flag no_memory_statistics;
  std::call_once(no_memory_statistics, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  SHOUHU_RETURN_IF_ERROR(CreateParentDirectory(path));
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    spdlog::error("sqlite: cannot open {}: {}", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return Status::Unavailable("cannot_open_database");
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  auto conn = std::make_unique<SqliteConnection>(db);

  const sql::Dialect& dialect = sql::DialectFor(Backend::kSqlite);
  SHOUHU_RETURN_IF_ERROR(conn->ExecScript(dialect.session_setup));
  if (role == ConnectionRole::kRead && !dialect.read_session_setup.empty()) {
    SHOUHU_RETURN_IF_ERROR(conn->ExecScript(dialect.read_session_setup));
  }
  for (const sql::SettingCheck& check : dialect.checks) {
    SHOUHU_ASSIGN_OR_RETURN(const std::string actual, conn->QueryScalar(check.query));
    if (Status st = sql::VerifySetting(check, actual); !st.ok()) {
      spdlog::error("sqlite: {} is '{}', need '{}'; refusing to open {}", check.setting, actual,
                    check.expected, path);
      return st;
    }
  }
  return std::unique_ptr<Connection>(std::move(conn));
}

ConnectionFactory MakeFactory(std::string path, DatabaseOptions options) {
  return [path = std::move(path), options](ConnectionRole role) {
    return OpenConnection(path, options, role);
  };
}

}  // namespace shouhu::storage::sqlite
