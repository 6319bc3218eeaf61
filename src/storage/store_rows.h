// What every store does with parameters and rows, written once: optional and boolean parameters,
// "one row" / "all rows" results, the kNotFound of an UPDATE that matched nothing, limits, and
// naming the field of a unique-key conflict. Internal to storage/; stateless, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/database.h"

namespace shouhu::storage::rows {

inline Value OptionalInt(const std::optional<int64_t>& v) {
  return v ? Value(*v) : Value(Null{});
}

// Booleans are INTEGER 0/1 on both backends.
inline Value Flag(bool v) {
  return int64_t{v ? 1 : 0};
}

// kNotFound(what) when an UPDATE or DELETE matched no row.
inline Status ExpectChanged(const Result<int64_t>& changed, const char* what) {
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return Status::NotFound(what);
  return Status::Ok();
}

inline Status CheckLimit(int limit) {
  return limit > 0 ? Status::Ok() : Status::InvalidField("limit", "out_of_range");
}

// Runs an `INSERT ... RETURNING id` statement.
inline Result<int64_t> InsertReturningId(Tx& tx, std::string_view statement, const Params& params) {
  SHOUHU_ASSIGN_OR_RETURN(std::optional<Row> row, tx.QueryOne(statement, params));
  if (!row) return Status::Internal("insert_returned_no_id");
  return row->Int(0);
}

template <typename Record>
Result<std::optional<Record>> FindOne(Tx& tx, std::string_view statement, const Params& params,
                                      Record (*from_row)(const Row&)) {
  SHOUHU_ASSIGN_OR_RETURN(std::optional<Row> row, tx.QueryOne(statement, params));
  if (!row) return std::optional<Record>();
  return std::optional<Record>(from_row(*row));
}

template <typename Record>
std::vector<Record> ToRecords(const std::vector<Row>& rows, Record (*from_row)(const Row&)) {
  std::vector<Record> out;
  out.reserve(rows.size());
  for (const Row& row : rows) out.push_back(from_row(row));
  return out;
}

template <typename Record>
Result<std::vector<Record>> FindAll(Tx& tx, std::string_view statement, const Params& params,
                                    Record (*from_row)(const Row&)) {
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> rows, tx.Query(statement, params));
  return ToRecords(rows, from_row);
}

// Adds the conflicting field to a kConflict from a unique constraint.
template <typename T>
Result<T> NameConflict(Result<T> result, const char* field) {
  if (result.ok() || result.status().code() != StatusCode::kConflict) return result;
  return Status::Conflict(result.status().message(), FieldErrors{{field, "taken"}});
}

inline Status NameConflict(Status status, const char* field) {
  if (status.code() != StatusCode::kConflict) return status;
  return Status::Conflict(status.message(), FieldErrors{{field, "taken"}});
}

}  // namespace shouhu::storage::rows
