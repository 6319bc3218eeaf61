// The blocklist of common passwords refused by the password policy. Read-only; thread-safe.
#pragma once

#include <string_view>

namespace shouhu::security {

// True when the lower-cased password is a well-known one or a plain keyboard/digit run.
bool IsBlocklisted(std::string_view lower_password);

}  // namespace shouhu::security
