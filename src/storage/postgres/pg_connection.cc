#include "storage/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <set>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "storage/sql/dialect.h"
#include "storage/sql/statements.h"

namespace shouhu::storage::postgres {
namespace {

// Type OIDs (pg_type.dat) whose text form is converted to a typed Value.
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;

// Parameter formats of PQexecPrepared.
constexpr int kTextFormat = 0;
constexpr int kBinaryFormat = 1;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

bool SqlStateIs(const char* state, std::string_view expected) {
  return state != nullptr && expected == state;
}

bool SqlStateClass(const char* state, std::string_view cls) {
  return state != nullptr && std::string_view(state).substr(0, 2) == cls;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// bytea in hex output format: "\x" followed by two hex digits per byte.
Blob DecodeBytea(const char* text, size_t size) {
  Blob out;
  if (size < 2 || text[0] != '\\' || text[1] != 'x') return out;
  out.reserve((size - 2) / 2);
  for (size_t i = 2; i + 1 < size; i += 2) {
    const int hi = HexDigit(text[i]);
    const int lo = HexDigit(text[i + 1]);
    if (hi < 0 || lo < 0) return {};
    out.push_back(static_cast<unsigned char>(hi * 16 + lo));
  }
  return out;
}

Value ColumnValue(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return Null{};
  const char* text = PQgetvalue(res, row, col);
  const size_t size = static_cast<size_t>(PQgetlength(res, row, col));
  switch (PQftype(res, col)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      int64_t n = 0;
      std::from_chars(text, text + size, n);
      return n;
    }
    case kBoolOid:
      return int64_t{text[0] == 't' ? 1 : 0};
    case kFloat4Oid:
    case kFloat8Oid: {
      double d = 0;
      std::from_chars(text, text + size, d);
      return d;
    }
    case kByteaOid:
      return DecodeBytea(text, size);
    default:
      return std::string(text, size);
  }
}

std::vector<Row> RowsOf(const PGresult* res) {
  const int rows = PQntuples(res);
  const int columns = PQnfields(res);
  std::vector<Row> out;
  out.reserve(static_cast<size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    std::vector<Value> values;
    values.reserve(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) values.push_back(ColumnValue(res, r, c));
    out.emplace_back(std::move(values));
  }
  return out;
}

// Parameters in libpq's form: integers and reals as text, strings as text, blobs in binary
// format (carries bytes exactly). The pointers stay valid while this object and `params` live.
class PgParams {
 public:
  explicit PgParams(const Params& params)
      : texts_(params.size()),  // sized once: pointers into it stay valid
        values_(params.size(), nullptr),
        lengths_(params.size(), 0),
        formats_(params.size(), kTextFormat) {
    static constexpr char kEmpty[] = "";
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (const auto* num = std::get_if<int64_t>(&v)) {
        texts_[i] = std::to_string(*num);
        values_[i] = texts_[i].c_str();
      } else if (const auto* d = std::get_if<double>(&v)) {
        char buf[32];
        const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
        texts_[i].assign(buf, ec == std::errc() ? end : buf);
        values_[i] = texts_[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        values_[i] = s->c_str();
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        // A non-null pointer keeps an empty blob non-NULL.
        values_[i] = b->empty() ? kEmpty : reinterpret_cast<const char*>(b->data());
        lengths_[i] = static_cast<int>(b->size());
        formats_[i] = kBinaryFormat;
      }
    }
  }
  int count() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  std::vector<std::string> texts_;
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

void LogNotice(void*, const char* message) {
  spdlog::debug("postgresql: {}", message);
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {
    PQsetNoticeProcessor(conn_, &LogNotice, nullptr);
  }
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Result<std::vector<Row>> Query(std::string_view statement, const Params& params) override {
    SHOUHU_ASSIGN_OR_RETURN(ResultPtr res, Run(statement, params));
    return RowsOf(res.get());
  }

  // Unprepared (PQexecParams), so each call is planned for its actual filter values.
  Result<std::vector<Row>> QueryGenerated(const sql::GeneratedQuery& query) override {
    const std::string text = sql::RenderStatement(query.text, sql::DialectFor(Backend::kPostgres));
    const PgParams params(query.params);
    ResultPtr res(PQexecParams(conn_, text.c_str(), params.count(), nullptr, params.values(),
                               params.lengths(), params.formats(), kTextFormat));
    SHOUHU_RETURN_IF_ERROR(Check(res.get(), "generated query"));
    return RowsOf(res.get());
  }

  Result<int64_t> Exec(std::string_view statement, const Params& params) override {
    SHOUHU_ASSIGN_OR_RETURN(ResultPtr res, Run(statement, params));
    const char* tuples = PQcmdTuples(res.get());
    int64_t changed = 0;
    std::from_chars(tuples, tuples + std::strlen(tuples), changed);
    return changed;
  }

  Status ExecScript(std::string_view script) override {
    const std::string text(script);
    ResultPtr res(PQexec(conn_, text.c_str()));
    return Check(res.get(), "script");
  }

  bool broken() const override { return broken_ || PQstatus(conn_) != CONNECTION_OK; }

  // The first column of the first row of `sql` as text ("" when there is none).
  Result<std::string> QueryScalar(std::string_view sql) {
    const std::string text(sql);
    ResultPtr res(PQexec(conn_, text.c_str()));
    SHOUHU_RETURN_IF_ERROR(Check(res.get(), "setting check"));
    if (PQntuples(res.get()) < 1 || PQnfields(res.get()) < 1) return std::string();
    return std::string(PQgetvalue(res.get(), 0, 0));
  }

 private:
  // Ok for a successful result; otherwise the Status the storage contract promises.
  Status Check(const PGresult* res, std::string_view what) {
    const ExecStatusType status = res != nullptr ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Status::Ok();
    const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    if (SqlStateIs(state, "23505")) return Status::Conflict("duplicate");
    if (SqlStateIs(state, "23503")) return Status::InvalidArgument("foreign_key");
    if (SqlStateIs(state, "42501")) return Status::PermissionDenied("append_only");
    if (SqlStateClass(state, "23")) return Status::InvalidArgument("constraint");
    if (SqlStateIs(state, "25006")) return Status::Internal("write_in_read_transaction");
    const char* primary =
        res != nullptr ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const std::string_view message =
        primary != nullptr ? primary : std::string_view(PQerrorMessage(conn_));
    if (PQstatus(conn_) != CONNECTION_OK || state == nullptr || SqlStateClass(state, "08") ||
        SqlStateClass(state, "57") || SqlStateClass(state, "53")) {
      broken_ = broken_ || PQstatus(conn_) != CONNECTION_OK || state == nullptr;
      spdlog::error("postgresql: {} failed ({}): {}", what, state ? state : "-", message);
      return Status::Unavailable("database_unreachable");
    }
    if (SqlStateIs(state, "40001") || SqlStateIs(state, "40P01") || SqlStateIs(state, "55P03")) {
      spdlog::warn("postgresql: {} failed ({}): {}", what, state, message);
      return Status::Unavailable("database_busy");
    }
    spdlog::error("postgresql: {} failed ({}): {}", what, state, message);
    return Status::Internal("database_error");
  }

  Status Prepare(std::string_view name) {
    if (prepared_.contains(name)) return Status::Ok();
    const std::string* text = sql::FindStatement(Backend::kPostgres, name);
    if (text == nullptr) {
      spdlog::error("postgresql: unknown statement {}", name);
      return Status::Internal("unknown_statement");
    }
    const std::string key(name);
    ResultPtr res(PQprepare(conn_, key.c_str(), text->c_str(), 0, nullptr));
    SHOUHU_RETURN_IF_ERROR(Check(res.get(), name));
    prepared_.insert(key);
    return Status::Ok();
  }

  Result<ResultPtr> Run(std::string_view name, const Params& params) {
    SHOUHU_RETURN_IF_ERROR(Prepare(name));
    const PgParams pg_params(params);
    const std::string key(name);
    ResultPtr res(PQexecPrepared(conn_, key.c_str(), pg_params.count(), pg_params.values(),
                                 pg_params.lengths(), pg_params.formats(), kTextFormat));
    SHOUHU_RETURN_IF_ERROR(Check(res.get(), name));
    return res;
  }

  PGconn* conn_;
  std::set<std::string, std::less<>> prepared_;
  bool broken_ = false;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenConnection(const std::string& url, ConnectionRole role) {
  // Later keywords override what the URL says, so these settings always hold.
  const char* const keywords[] = {"connect_timeout", "dbname", "application_name",
                                  "client_encoding", nullptr};
  const char* const values[] = {"10", url.c_str(), "shouhu", "UTF8", nullptr};
  PGconn* raw = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (raw == nullptr) return Status::Unavailable("database_unreachable");
  if (PQstatus(raw) != CONNECTION_OK) {
    spdlog::error("postgresql: cannot connect: {}", PQerrorMessage(raw));
    PQfinish(raw);
    return Status::Unavailable("database_unreachable");
  }
  auto conn = std::make_unique<PgConnection>(raw);
  const sql::Dialect& dialect = sql::DialectFor(Backend::kPostgres);
  SHOUHU_RETURN_IF_ERROR(conn->ExecScript(dialect.session_setup));
  if (role == ConnectionRole::kRead && !dialect.read_session_setup.empty()) {
    SHOUHU_RETURN_IF_ERROR(conn->ExecScript(dialect.read_session_setup));
  }
  for (const sql::SettingCheck& check : dialect.checks) {
    SHOUHU_ASSIGN_OR_RETURN(const std::string actual, conn->QueryScalar(check.query));
    if (Status st = sql::VerifySetting(check, actual); !st.ok()) {
      spdlog::error("postgresql: {} is '{}', need '{}'; refusing to run", check.setting, actual,
                    check.expected);
      return st;
    }
  }
  return std::unique_ptr<Connection>(std::move(conn));
}

ConnectionFactory MakeFactory(std::string url) {
  return [url = std::move(url)](ConnectionRole role) { return OpenConnection(url, role); };
}

}  // namespace shouhu::storage::postgres
