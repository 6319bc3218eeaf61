// Status and Result<T>: every expected failure travels as a value with a named code.
// Immutable values; safe to share across threads once built.
#pragma once

#include <cassert>
#include <map>
#include <string>
#include <utility>
#include <variant>

namespace shouhu {

enum class StatusCode {
  kOk,
  kInvalidArgument,       // bad input; `fields` names the offending fields (HTTP 400)
  kUnauthenticated,       // no or expired session, bad credentials (401)
  kPermissionDenied,      // authenticated but not allowed (403)
  kNotFound,              // no such object, or not visible to the caller (404)
  kConflict,              // already exists / illegal state (409)
  kPreconditionFailed,    // stale version in If-Match (412)
  kPreconditionRequired,  // If-Match missing (428)
  kPayloadTooLarge,       // body over the configured limit (413)
  kUnprocessable,         // well-formed but semantically refused, e.g. idempotency mismatch (422)
  kLocked,                // account locked after repeated failures (423)
  kTooManyRequests,       // rate limit (429)
  kUnavailable,           // database unreachable, shutting down (503)
  kCorruption,            // stored data failed an integrity check
  kInternal,              // a bug or an unexpected library failure (500)
};

// Field name -> machine-readable reason code (e.g. "required", "too_short").
using FieldErrors = std::map<std::string, std::string>;

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string msg, FieldErrors fields = {}) {
    return {StatusCode::kInvalidArgument, std::move(msg), std::move(fields)};
  }
  static Status InvalidField(const std::string& field, const std::string& reason) {
    return {StatusCode::kInvalidArgument, "invalid_field", FieldErrors{{field, reason}}};
  }
  static Status Unauthenticated(std::string msg) {
    return {StatusCode::kUnauthenticated, std::move(msg)};
  }
  static Status PermissionDenied(std::string msg) {
    return {StatusCode::kPermissionDenied, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status Conflict(std::string msg, FieldErrors fields = {}) {
    return {StatusCode::kConflict, std::move(msg), std::move(fields)};
  }
  static Status PreconditionFailed(std::string msg) {
    return {StatusCode::kPreconditionFailed, std::move(msg)};
  }
  static Status PreconditionRequired(std::string msg) {
    return {StatusCode::kPreconditionRequired, std::move(msg)};
  }
  static Status PayloadTooLarge(std::string msg) {
    return {StatusCode::kPayloadTooLarge, std::move(msg)};
  }
  static Status Unprocessable(std::string msg) {
    return {StatusCode::kUnprocessable, std::move(msg)};
  }
  static Status Locked(std::string msg) { return {StatusCode::kLocked, std::move(msg)}; }
  static Status TooManyRequests(std::string msg) {
    return {StatusCode::kTooManyRequests, std::move(msg)};
  }
  static Status Unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // A stable machine-readable key (e.g. "login_failed"); never contains personal data.
  const std::string& message() const { return message_; }
  const FieldErrors& fields() const { return fields_; }

 private:
  Status(StatusCode code, std::string msg, FieldErrors fields = {})
      : code_(code), message_(std::move(msg)), fields_(std::move(fields)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  FieldErrors fields_;
};

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

 private:
  std::variant<T, Status> v_;
};

const char* StatusCodeName(StatusCode code);

}  // namespace shouhu

// Early return of a failed Status / Result from a function returning Status or Result.
#define SHOUHU_RETURN_IF_ERROR(expr)         \
  do {                                       \
    ::shouhu::Status shouhu_st_ = (expr);    \
    if (!shouhu_st_.ok()) return shouhu_st_; \
  } while (0)

#define SHOUHU_CONCAT_INNER(a, b) a##b
#define SHOUHU_CONCAT(a, b) SHOUHU_CONCAT_INNER(a, b)
#define SHOUHU_ASSIGN_OR_RETURN(lhs, expr) \
  SHOUHU_ASSIGN_OR_RETURN_IMPL(SHOUHU_CONCAT(shouhu_r_, __LINE__), lhs, expr)
#define SHOUHU_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
