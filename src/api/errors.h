// The one JSON error shape, {"error":{"code","message","fields"}}, with messages in Chinese by
// default and in English for "Accept-Language: en". Pure functions over a static catalogue;
// thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "http/message.h"

namespace shouhu::api {

enum class Language { kZh, kEn };

// "en", "en-US,en;q=0.9" -> kEn; anything else (including absent) -> kZh.
Language LanguageOf(const http::Request& request);
int HttpStatusFor(StatusCode code);
// Whether the catalogue has a Chinese and an English text for this message key or field reason
// code. Every code a user can receive must have one (errors_test.cc scans the sources for them).
bool HasMessage(std::string_view code);
// Localised text for a message key or a field reason code; for an unknown one a generic text
// ("请检查此项" / "Please check this item"), never the code itself.
std::string_view Localise(std::string_view key, Language lang);

// The answer for `status`: the code and its localised message, and each field with its localised
// reason. A message key the catalogue does not know is answered with the generic code and
// message of its status code (e.g. "not_found" for kNotFound), and an internal failure with
// "internal_error" and no fields, so no unlisted or internal text reaches the client.

http::Response ErrorResponse(const http::Request& request, const Status& status);

}  // namespace shouhu::api
