// Validation of account input (unit codes, usernames, names, district codes). Pure; thread-safe.
// Each check returns kInvalidArgument naming the field.
#pragma once

#include <string_view>

#include "core/status.h"

namespace shouhu::domain {

Status CheckUnitCode(std::string_view code);      // field "code": [A-Za-z0-9_-]{2,32}
Status CheckUsername(std::string_view username);  // field "username": [a-z0-9._-]{3,32}
Status CheckDisplayName(std::string_view field, std::string_view name);  // 1..64 chars, no controls
Status CheckDistrictCode(std::string_view code);  // field "district_code": 6 digits, not 000000

// Number of UTF-8 code points, or -1 for invalid UTF-8.
int Utf8Length(std::string_view s);

}  // namespace shouhu::domain
