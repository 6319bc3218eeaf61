// Signing of outbound robot webhooks. DingTalk's "加签": the query parameters timestamp and sign,
// where sign = URL-encoded Base64(HMAC-SHA256(secret, "<timestamp>\n<secret>")). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace shouhu::security {

// "&timestamp=<ms>&sign=<...>" (or with '?' when the URL has no query yet) appended to `url`.
std::string DingTalkSignedUrl(std::string_view url, std::string_view secret, int64_t timestamp_ms);

}  // namespace shouhu::security
