#include "http/dispatcher.h"

#include <spdlog/spdlog.h>

#include <random>

#include <exception>
#include <utility>

#include "http/response_headers.h"

namespace shouhu::http {

namespace {

constexpr size_t kRequestIdBytes = 8;
constexpr std::string_view kApiRoot = "/api";

bool IsApiPath(std::string_view path) {
  return path.substr(0, kApiRoot.size()) == kApiRoot &&
         (path.size() == kApiRoot.size() || path[kApiRoot.size()] == '/');
}

// Used only when the application passed no ErrorRenderer; Status messages are stable keys
// without quotes or personal data, so they are inserted as is.
Response DefaultError(const Status& status, int http_status) {
  return Response::Json(http_status, "{\"error\":{\"code\":\"" +
                                         std::string(StatusCodeName(status.code())) +
                                         "\",\"message\":\"" + status.message() + "\"}}");
}

}  // namespace

Dispatcher::Dispatcher(const Router& router, const StaticFiles& static_files, ErrorRenderer errors,
                       Random& random, bool tls)
    : router_(router),
      static_files_(static_files),
      errors_(std::move(errors)),
      random_(random),
      tls_(tls) {}

Dispatcher::Plan Dispatcher::Route(Request& req) const {
  Plan plan;
  Router::Match match = router_.Find(req.method, req.path);
  if (match.route != nullptr) {
    req.path_params = std::move(match.params);
    req.route_pattern = match.route->pattern;
    plan.route = match.route;
    plan.metrics_label = match.route->pattern;
    return plan;
  }
  if (match.method_not_allowed) {
    plan.metrics_label = "unmatched";
    Response res = Error(req, Status::Conflict("method_not_allowed"), 405);
    res.SetHeader("Allow", Router::AllowHeader(match.allowed));
    plan.response = std::move(res);
    return plan;
  }
  const bool read_only = req.method == Method::kGet || req.method == Method::kHead;
  if (static_files_.enabled() && read_only && !IsApiPath(req.path)) {
    plan.metrics_label = "static";
    Result<Response> file = static_files_.Serve(req.method, req.path);
    plan.response = file.ok() ? std::move(file).value() : Error(req, file.status(), 404);
    return plan;
  }
  plan.metrics_label = "unmatched";
  plan.response = Error(req, Status::NotFound("not_found"), 404);
  return plan;
}

Response Dispatcher::Invoke(const shouhu::http::Route& route, Request& req) const {
  try {
    return route.handler(req);
  } catch (const std::exception& e) {
    spdlog::error("handler for {} {} threw: {}", MethodName(route.method), route.pattern, e.what());
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-standard exception", MethodName(route.method),
                  route.pattern);
  }
  return Error(req, Status::Internal("internal"), 500);
}

Response Dispatcher::Error(const Request& req, const Status& status, int http_status) const {
  Response res;
  bool rendered = false;
  if (errors_) {
    try {
      res = errors_(req, status);
      rendered = true;
    } catch (const std::exception& e) {
      spdlog::error("error renderer threw: {}", e.what());
    }
  }
  if (!rendered) res = DefaultError(status, http_status);
  res.status = http_status;
  return res;
}

void Dispatcher::Finish(const Request& req, Response* res) const {
  ApplySecurityHeaders(req.path, tls_, res);
  if (res->Header("X-Request-Id").empty()) {
    // Request ids need to be unique, not secret: a per-thread generator seeded once from the
    // injected random source saves a getrandom() system call per response.
    thread_local std::mt19937_64 ids = [this] {
      uint64_t seed = 0;
      random_.Fill(reinterpret_cast<unsigned char*>(&seed), sizeof seed);
      return std::mt19937_64(seed);
    }();
    static_assert(sizeof(uint64_t) == kRequestIdBytes);
    const uint64_t id = ids();
    res->SetHeader("X-Request-Id", ToHex(reinterpret_cast<const unsigned char*>(&id), sizeof id));
  }
}

}  // namespace shouhu::http
