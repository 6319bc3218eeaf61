#include "core/status.h"

namespace shouhu {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kConflict:
      return "conflict";
    case StatusCode::kPreconditionFailed:
      return "precondition_failed";
    case StatusCode::kPreconditionRequired:
      return "precondition_required";
    case StatusCode::kPayloadTooLarge:
      return "payload_too_large";
    case StatusCode::kUnprocessable:
      return "unprocessable";
    case StatusCode::kLocked:
      return "locked";
    case StatusCode::kTooManyRequests:
      return "too_many_requests";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kCorruption:
      return "corruption";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace shouhu
