// Health, readiness, metrics and the OpenAPI document.
#include <boost/json.hpp>

#include "api/endpoint.h"
#include "api/errors.h"

namespace shouhu::api {
namespace json = boost::json;
using http::Method;

void RegisterSystemRoutes(http::Router& router, ApiServices& s) {
  router.Add(
      Method::kGet, "/healthz",
      [](http::Request&) { return http::Response::Json(200, R"({"status":"ok"})"); }, false,
      "Liveness: the process answers");

  router.Add(
      Method::kGet, "/readyz",
      [&s](http::Request& req) {
        const Status ready = s.ready();
        if (!ready.ok()) return ErrorResponse(req, Status::Unavailable("database_unreachable"));
        return http::Response::Json(200, R"({"status":"ready"})");
      },
      true, "Readiness: the database is reachable and its schema current");

  router.Add(
      Method::kGet, "/metrics",
      [&s](http::Request&) {
        return http::Response::Text(200, s.metrics.Render(),
                                    "text/plain; version=0.0.4; charset=utf-8");
      },
      false, "Prometheus metrics");

  router.Add(
      Method::kGet, "/api/v1/openapi.json",
      [](http::Request&) { return http::Response::Json(200, OpenApiDocument()); }, false,
      "This API's OpenAPI 3.1 document");
}

}  // namespace shouhu::api
