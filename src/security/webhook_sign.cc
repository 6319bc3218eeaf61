#include "security/webhook_sign.h"

#include <sodium.h>

#include <array>
#include <cctype>

namespace shouhu::security {
namespace {

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string DingTalkSignedUrl(std::string_view url, std::string_view secret, int64_t timestamp_ms) {
  const std::string ts = std::to_string(timestamp_ms);
  const std::string message = ts + "\n" + std::string(secret);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  std::array<char, sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES,
                                             sodium_base64_VARIANT_ORIGINAL)>
      b64{};
  sodium_bin2base64(b64.data(), b64.size(), mac.data(), mac.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string out(url);
  out += url.find('?') == std::string_view::npos ? '?' : '&';
  out += "timestamp=" + ts + "&sign=" + PercentEncode(b64.data());
  return out;
}

}  // namespace shouhu::security
