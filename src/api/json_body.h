// JsonBody: strict reading of a JSON request body. Malformed JSON, invalid UTF-8, duplicate keys,
// unknown fields, wrong types and nesting deeper than kMaxDepth are each refused with a
// kInvalidArgument that names the field. A value; not thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

namespace shouhu::api {

// Readers for members of a nested object; `path` is the field name reported in errors (e.g.
// "child" for the object under "child", giving "child.name"). Absent or null members read as
// empty / false / `fallback`; a member of the wrong type is "wrong_type".
Status CheckMembers(const boost::json::object& object, std::string_view path,
                    std::initializer_list<std::string_view> allowed);
Result<const boost::json::object*> OptObject(const boost::json::object& object,
                                             std::string_view key, std::string_view path);
Result<std::string> OptText(const boost::json::object& object, std::string_view key,
                            std::string_view path);
Result<std::vector<std::string>> OptTextList(const boost::json::object& object,
                                             std::string_view key, std::string_view path);
Result<bool> OptFlag(const boost::json::object& object, std::string_view key,
                     std::string_view path);
Result<int64_t> OptInteger(const boost::json::object& object, std::string_view key,
                           std::string_view path, int64_t fallback);

}  // namespace shouhu::api
