// JsonBody: strict reading of a JSON request body. Malformed JSON, invalid UTF-8, duplicate keys,
// unknown fields, wrong types and nesting deeper than kMaxDepth are each refused with a
// kInvalidArgument that names the field. A value; not thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace shouhu::api {

class JsonBody {
 public:
  static constexpr int kMaxDepth = 16;

  // `body` must be one JSON object whose top-level keys are all in `allowed`.
  static Result<JsonBody> Parse(std::string_view body,
                                std::initializer_list<std::string_view> allowed);

  // A string field that must be present and non-empty.
  Result<std::string> RequiredString(std::string_view key) const;
  // Absent or null -> nullopt; present but not a string -> wrong_type.
  Result<std::optional<std::string>> OptionalString(std::string_view key) const;

  const boost::json::object& object() const { return object_; }

 private:
  explicit JsonBody(boost::json::object object) : object_(std::move(object)) {}
  boost::json::object object_;
};

}  // namespace shouhu::api
