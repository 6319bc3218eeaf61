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
// Localised text for a message key or a field reason code; the key itself when unknown.
std::string_view Localise(std::string_view key, Language lang);

http::Response ErrorResponse(const http::Request& request, const Status& status);

}  // namespace shouhu::api
