#include "http/response_headers.h"

#include <array>
#include <string>

namespace shouhu::http {

namespace {

constexpr std::string_view kApiPrefix = "/api/";
constexpr std::array<std::string_view, 4> kNoStoreExactPaths{"/api", "/metrics", "/healthz",
                                                             "/readyz"};

}  // namespace

bool IsNoStorePath(std::string_view path) {
  if (path.substr(0, kApiPrefix.size()) == kApiPrefix) return true;
  for (std::string_view exact : kNoStoreExactPaths) {
    if (path == exact) return true;
  }
  return false;
}

void ApplySecurityHeaders(std::string_view path, bool tls, Response* res) {
  res->SetHeader("Content-Security-Policy", std::string(kContentSecurityPolicy));
  res->SetHeader("X-Content-Type-Options", "nosniff");
  res->SetHeader("X-Frame-Options", "DENY");
  res->SetHeader("Referrer-Policy", "no-referrer");
  res->SetHeader("Cross-Origin-Opener-Policy", "same-origin");
  res->SetHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (IsNoStorePath(path)) res->SetHeader("Cache-Control", "no-store");
  if (tls) res->SetHeader("Strict-Transport-Security", std::string(kStrictTransportSecurity));
}

}  // namespace shouhu::http
