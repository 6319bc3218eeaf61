// The headers every response carries, whatever produced it (handler, static file, error): the
// browser security policy, no-store on API and probe paths, HSTS under TLS. Stateless functions;
// thread-safe.
#pragma once

#include <string_view>

#include "http/message.h"

namespace shouhu::http {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
inline constexpr std::string_view kStrictTransportSecurity = "max-age=31536000; includeSubDomains";

// True for paths whose answers must never be stored by a cache: /api/..., /metrics, /healthz,
// /readyz.
bool IsNoStorePath(std::string_view path);

// Sets the security headers on `res` (replacing any the handler set), Cache-Control: no-store
// for IsNoStorePath(path), and Strict-Transport-Security when `tls`.
void ApplySecurityHeaders(std::string_view path, bool tls, Response* res);

}  // namespace shouhu::http
