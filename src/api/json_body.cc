#include "api/json_body.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <set>
#include <vector>

#include "domain/account_rules.h"

namespace shouhu::api {
namespace {

namespace json = boost::json;
using boost::system::error_code;

// A validating pass over the text: duplicate keys and depth, with the path of the offending field.
class StrictHandler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  std::string failed_field;
  std::string failed_reason;

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code& ec) { return Open(ec, true); }
  bool on_object_end(std::size_t, error_code&) { return Close(); }
  bool on_array_begin(error_code& ec) { return Open(ec, false); }
  bool on_array_end(std::size_t, error_code&) { return Close(); }
  bool on_key_part(json::string_view s, std::size_t, error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, error_code& ec) {
    key_.append(s.data(), s.size());
    Level& level = levels_.back();
    level.current = key_;
    key_.clear();
    if (!level.keys.insert(level.current).second) return Fail(ec, Path(), "duplicate_key");
    return true;
  }
  bool on_string_part(json::string_view, std::size_t, error_code&) { return true; }
  bool on_string(json::string_view, std::size_t, error_code&) { return ValueDone(); }
  bool on_number_part(json::string_view, error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, error_code&) { return ValueDone(); }
  bool on_uint64(std::uint64_t, json::string_view, error_code&) { return ValueDone(); }
  bool on_double(double, json::string_view, error_code&) { return ValueDone(); }
  bool on_bool(bool, error_code&) { return ValueDone(); }
  bool on_null(error_code&) { return ValueDone(); }
  bool on_comment_part(json::string_view, error_code&) { return true; }
  bool on_comment(json::string_view, error_code&) { return true; }

  // Path of the value being parsed, e.g. "user.name" or "items"; "body" at the top.
  std::string Path() const {
    std::string path;
    for (const auto& level : levels_) {
      if (!level.is_object || level.current.empty()) continue;
      if (!path.empty()) path += '.';
      path += level.current;
    }
    return path.empty() ? "body" : path;
  }

 private:
  struct Level {
    bool is_object;
    std::set<std::string> keys;
    std::string current;
  };
  bool Open(error_code& ec, bool is_object) {
    if (static_cast<int>(levels_.size()) >= JsonBody::kMaxDepth)
      return Fail(ec, Path(), "too_deep");
    levels_.push_back({is_object, {}, {}});
    return true;
  }
  bool Close() {
    levels_.pop_back();
    return ValueDone();
  }
  // A member's value is complete: errors from here on are not about that member.
  bool ValueDone() {
    if (!levels_.empty()) levels_.back().current.clear();
    return true;
  }
  bool Fail(error_code& ec, std::string field, std::string reason) {
    failed_field = std::move(field);
    failed_reason = std::move(reason);
    ec = json::error::extra_data;  // any error stops the parser; the reason is kept above
    return false;
  }

  std::vector<Level> levels_;
  std::string key_;
};

}  // namespace

Result<JsonBody> JsonBody::Parse(std::string_view body,
                                 std::initializer_list<std::string_view> allowed) {
  if (body.empty()) return Status::InvalidArgument("body_required", {{"body", "required"}});
  json::parse_options options;
  options.max_depth = kMaxDepth + 1;
  json::basic_parser<StrictHandler> checker(options);
  error_code ec;
  checker.write_some(false, body.data(), body.size(), ec);
  if (ec) {
    StrictHandler& h = checker.handler();
    if (!h.failed_reason.empty()) {
      return Status::InvalidArgument("invalid_json", {{h.failed_field, h.failed_reason}});
    }
    std::string reason = "bad_format";
    if (ec == json::error::too_deep) {
      reason = "too_deep";
    } else if (domain::Utf8Length(body) < 0) {
      reason = "invalid_utf8";
    }
    return Status::InvalidArgument("invalid_json", {{h.Path(), reason}});
  }
  json::value value = json::parse(json::string_view(body.data(), body.size()), ec, {}, options);
  if (ec) return Status::InvalidArgument("invalid_json", {{"body", "bad_format"}});
  if (!value.is_object())
    return Status::InvalidArgument("expected_object", {{"body", "wrong_type"}});
  json::object object = std::move(value.as_object());
  for (const auto& kv : object) {
    const std::string_view key(kv.key().data(), kv.key().size());
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Status::InvalidArgument("invalid_field", {{std::string(key), "unknown_field"}});
    }
  }
  return JsonBody(std::move(object));
}

Result<std::string> JsonBody::RequiredString(std::string_view key) const {
  const std::string k(key);
  const json::value* v = object_.if_contains(key);
  if (v == nullptr || v->is_null()) return Status::InvalidField(k, "required");
  if (!v->is_string()) return Status::InvalidField(k, "wrong_type");
  if (v->as_string().empty()) return Status::InvalidField(k, "required");
  return std::string(v->as_string());
}

Result<std::optional<std::string>> JsonBody::OptionalString(std::string_view key) const {
  const json::value* v = object_.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return Status::InvalidField(std::string(key), "wrong_type");
  return std::optional<std::string>(std::string(v->as_string()));
}

}  // namespace shouhu::api

namespace shouhu::api {
namespace {

std::string FieldPath(std::string_view path, std::string_view key) {
  std::string out(path);
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

}  // namespace

Status CheckMembers(const json::object& object, std::string_view path,
                    std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : object) {
    const std::string_view key(kv.key().data(), kv.key().size());
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Status::InvalidArgument("invalid_field", {{FieldPath(path, key), "unknown_field"}});
    }
  }
  return Status::Ok();
}

Result<const json::object*> OptObject(const json::object& object, std::string_view key,
                                      std::string_view path) {
  const json::value* v = object.if_contains(key);
  if (v == nullptr || v->is_null()) return static_cast<const json::object*>(nullptr);
  if (!v->is_object()) return Status::InvalidField(FieldPath(path, key), "wrong_type");
  return &v->as_object();
}

Result<std::string> OptText(const json::object& object, std::string_view key,
                            std::string_view path) {
  const json::value* v = object.if_contains(key);
  if (v == nullptr || v->is_null()) return std::string();
  if (!v->is_string()) return Status::InvalidField(FieldPath(path, key), "wrong_type");
  return std::string(v->as_string());
}

Result<std::vector<std::string>> OptTextList(const json::object& object, std::string_view key,
                                             std::string_view path) {
  std::vector<std::string> out;
  const json::value* v = object.if_contains(key);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return Status::InvalidField(FieldPath(path, key), "wrong_type");
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) return Status::InvalidField(FieldPath(path, key), "wrong_type");
    out.emplace_back(item.as_string());
  }
  return out;
}

Result<bool> OptFlag(const json::object& object, std::string_view key, std::string_view path) {
  const json::value* v = object.if_contains(key);
  if (v == nullptr || v->is_null()) return false;
  if (!v->is_bool()) return Status::InvalidField(FieldPath(path, key), "wrong_type");
  return v->as_bool();
}

Result<int64_t> OptInteger(const json::object& object, std::string_view key, std::string_view path,
                           int64_t fallback) {
  const json::value* v = object.if_contains(key);
  if (v == nullptr || v->is_null()) return fallback;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(v->as_uint64());
  }
  return Status::InvalidField(FieldPath(path, key), "wrong_type");
}

}  // namespace shouhu::api
