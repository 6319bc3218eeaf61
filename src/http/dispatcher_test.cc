#include "http/dispatcher.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "http/response_headers.h"
#include "http/test_support.h"

namespace shouhu::http {
namespace {

// Fills with 0xab, so request ids are predictable.
class FixedRandom final : public Random {
 public:
  void Fill(unsigned char* out, size_t n) override {
    for (size_t i = 0; i < n; ++i) out[i] = 0xab;
  }
};

// Deliberately maps everything to 418: the dispatcher must force the status it means.
Response TeapotErrors(const Request&, const Status& status) {
  return Response::Json(418, "{\"error\":\"" + status.message() + "\"}");
}

Request Make(Method method, std::string path) {
  Request req;
  req.method = method;
  req.path = std::move(path);
  return req;
}

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest() {
    router_.Add(Method::kGet, "/api/v1/items/{id}", [](Request& req) {
      return Response::Text(200, std::string(req.PathParam("id")), "text/plain");
    });
    router_.Add(Method::kPost, "/api/v1/boom",
                [](Request&) -> Response { throw std::runtime_error("bug"); });
    router_.Add(Method::kGet, "/api/v1/traced", [](Request&) {
      Response res = Response::Json(200, "{}");
      res.SetHeader("X-Request-Id", "mine");
      return res;
    });
  }

  Response RouteAndRun(Request& req, std::string* label = nullptr) {
    Dispatcher::Plan plan = dispatcher_.Route(req);
    if (label != nullptr) *label = plan.metrics_label;
    Response res = plan.response ? *plan.response : dispatcher_.Invoke(*plan.route, req);
    dispatcher_.Finish(req, &res);
    return res;
  }

  test_support::TempWebRoot web_;
  StaticFiles static_files_{web_.root()};
  Router router_;
  FixedRandom random_;
  Dispatcher dispatcher_{router_, static_files_, TeapotErrors, random_, false};
};

TEST_F(DispatcherTest, RoutesToHandlerWithParams) {
  Request req = Make(Method::kGet, "/api/v1/items/42");
  std::string label;
  const Response res = RouteAndRun(req, &label);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "42");
  EXPECT_EQ(req.route_pattern, "/api/v1/items/{id}");
  EXPECT_EQ(label, "/api/v1/items/{id}");
  const std::string first(res.Header("X-Request-Id"));
  EXPECT_EQ(first.size(), 16u);
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos) << first;
  // Unique per response.
  const Response again = RouteAndRun(req);
  EXPECT_NE(again.Header("X-Request-Id"), first);
}

TEST_F(DispatcherTest, HandlerRequestIdIsKept) {
  Request req = Make(Method::kGet, "/api/v1/traced");
  EXPECT_EQ(RouteAndRun(req).Header("X-Request-Id"), "mine");
}

TEST_F(DispatcherTest, MethodNotAllowedIs405WithAllow) {
  Request req = Make(Method::kDelete, "/api/v1/items/42");
  std::string label;
  const Response res = RouteAndRun(req, &label);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.Header("Allow"), "GET, HEAD");
  EXPECT_EQ(res.body, "{\"error\":\"method_not_allowed\"}");
  EXPECT_EQ(label, "unmatched");
}

TEST_F(DispatcherTest, ThrowingHandlerIs500) {
  Request req = Make(Method::kPost, "/api/v1/boom");
  const Response res = RouteAndRun(req);
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body, "{\"error\":\"internal\"}");
}

TEST_F(DispatcherTest, StaticFilesOutsideApiAndNeverForApi) {
  std::string label;
  Request page = Make(Method::kGet, "/plans/7");
  EXPECT_EQ(RouteAndRun(page, &label).body, "<html>index</html>");
  EXPECT_EQ(label, "static");
  Request missing = Make(Method::kGet, "/nope.js");
  EXPECT_EQ(RouteAndRun(missing, &label).status, 404);
  EXPECT_EQ(label, "static");
  Request api = Make(Method::kGet, "/api/v1/unknown");
  const Response api_res = RouteAndRun(api, &label);
  EXPECT_EQ(api_res.status, 404);
  EXPECT_EQ(api_res.body, "{\"error\":\"not_found\"}");
  EXPECT_EQ(label, "unmatched");
  Request post = Make(Method::kPost, "/plans/7");
  EXPECT_EQ(RouteAndRun(post, &label).status, 404);
  EXPECT_EQ(label, "unmatched");
}

TEST_F(DispatcherTest, FallbackErrorShapeWithoutRenderer) {
  Dispatcher bare(router_, static_files_, nullptr, random_, false);
  const Response res = bare.Error(Make(Method::kGet, "/x"), Status::NotFound("not_found"), 404);
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.Header("Content-Type"), "application/json");
  EXPECT_NE(res.body.find("not_found"), std::string::npos);
}

TEST(ResponseHeadersTest, SecurityHeadersEverywhereNoStoreOnApiAndProbes) {
  for (const char* path : {"/api/v1/x", "/metrics", "/healthz", "/readyz", "/app.js", "/", ""}) {
    Response res = Response::Text(200, "x", "text/plain");
    res.SetHeader("X-Frame-Options", "SAMEORIGIN");  // a handler cannot weaken the policy
    ApplySecurityHeaders(path, false, &res);
    EXPECT_EQ(res.Header("Content-Security-Policy"),
              "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
              "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
    EXPECT_EQ(res.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(res.Header("X-Frame-Options"), "DENY");
    EXPECT_EQ(res.Header("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(res.Header("Cross-Origin-Opener-Policy"), "same-origin");
    EXPECT_EQ(res.Header("Permissions-Policy"), "camera=(), microphone=(), geolocation=()");
    EXPECT_EQ(res.Header("Strict-Transport-Security"), "");
    const bool no_store =
        std::string_view(path).starts_with("/api/") || std::string_view(path) == "/metrics" ||
        std::string_view(path) == "/healthz" || std::string_view(path) == "/readyz";
    EXPECT_EQ(res.Header("Cache-Control"), no_store ? "no-store" : "") << path;
  }
  EXPECT_FALSE(IsNoStorePath("/apix"));
  EXPECT_FALSE(IsNoStorePath("/metrics/x"));
}

TEST(ResponseHeadersTest, HstsOnlyUnderTls) {
  Response res;
  ApplySecurityHeaders("/", true, &res);
  EXPECT_EQ(res.Header("Strict-Transport-Security"), "max-age=31536000; includeSubDomains");
}

}  // namespace
}  // namespace shouhu::http
