#include "domain/account_rules.h"

#include <algorithm>
#include <cctype>

namespace shouhu::domain {
namespace {

constexpr int kMaxNameChars = 64;

bool AllOf(std::string_view s, bool (*ok)(char)) {
  return std::all_of(s.begin(), s.end(), ok);
}

}  // namespace

int Utf8Length(std::string_view s) {
  int count = 0;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80           ? 1
                       : (c >> 5) == 0x6  ? 2
                       : (c >> 4) == 0xE  ? 3
                       : (c >> 3) == 0x1E ? 4
                                          : 0;
    if (len == 0 || i + len > s.size()) return -1;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return -1;
    }
    i += len;
    ++count;
  }
  return count;
}

Status CheckUnitCode(std::string_view code) {
  if (code.empty()) return Status::InvalidField("code", "required");
  if (code.size() < 2 || code.size() > 32) return Status::InvalidField("code", "bad_length");
  if (!AllOf(code, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      })) {
    return Status::InvalidField("code", "bad_format");
  }
  return Status::Ok();
}

Status CheckUsername(std::string_view username) {
  if (username.empty()) return Status::InvalidField("username", "required");
  if (username.size() < 3 || username.size() > 32)
    return Status::InvalidField("username", "bad_length");
  if (!AllOf(username, [](char c) {
        return std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      })) {
    return Status::InvalidField("username", "bad_format");
  }
  return Status::Ok();
}

Status CheckDisplayName(std::string_view field, std::string_view name) {
  const std::string f(field);
  if (name.empty()) return Status::InvalidField(f, "required");
  const int len = Utf8Length(name);
  if (len < 0) return Status::InvalidField(f, "invalid_utf8");
  if (len > kMaxNameChars) return Status::InvalidField(f, "too_long");
  if (std::any_of(name.begin(), name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return Status::InvalidField(f, "bad_format");
  }
  return Status::Ok();
}

Status CheckDistrictCode(std::string_view code) {
  if (code.empty()) return Status::InvalidField("district_code", "required");
  if (code.size() != 6 ||
      !AllOf(code, [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) ||
      code == "000000") {
    return Status::InvalidField("district_code", "bad_format");
  }
  return Status::Ok();
}

}  // namespace shouhu::domain
