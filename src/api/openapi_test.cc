#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "api/endpoint.h"
#include "api/errors.h"
#include "service/test_support.h"

namespace shouhu::api {
namespace {

namespace json = boost::json;

std::string LowerMethod(http::Method m) {
  std::string s = http::MethodName(m);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

class RoutesTest : public ::testing::Test {
 protected:
  RoutesTest()
      : auth_(t_.db(), clock_, random_, {}),
        accounts_(t_.db(), clock_, random_, {}),
        audit_(t_.db(), clock_),
        keys_(security::LoadKeyRing(security::GenerateKeyFile(random_)).value()),
        cases_(t_.db(), clock_, random_, keys_, domain::Enumerations::Defaults(), {}),
        workflow_(t_.db(), clock_, random_, keys_, domain::Enumerations::Defaults(), cases_, {}),
        assistance_(t_.db(), clock_, random_, keys_, cases_, {}),
        stats_(t_.db(), clock_, domain::Enumerations::Defaults(), {}, &cases_),
        prevention_(t_.db(), clock_, random_, keys_, domain::Enumerations::Defaults(), {}),
        services_{.auth = auth_,
                  .accounts = accounts_,
                  .audit = audit_,
                  .cases = &cases_,
                  .workflow = &workflow_,
                  .assistance = &assistance_,
                  .ready = [] { return Status::Ok(); },
                  .metrics = metrics_,
                  .stats = &stats_,
                  .prevention = &prevention_} {
    RegisterAllRoutes(router_, services_);
  }
  testing::TempDatabase t_;
  SettableClock clock_;
  CryptoRandom random_;
  service::AuthService auth_;
  service::AccountService accounts_;
  service::AuditService audit_;
  security::KeyRing keys_;
  service::CaseService cases_;
  service::WorkflowService workflow_;
  service::AssistanceService assistance_;
  service::StatsService stats_;
  service::PreventionService prevention_;
  http::Metrics metrics_;
  ApiServices services_;
  http::Router router_;
};

TEST_F(RoutesTest, EveryRouteIsInTheOpenApiDocument) {
  const json::value doc = json::parse(OpenApiDocument());
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  const json::object& paths = doc.at("paths").as_object();
  ASSERT_GE(router_.routes().size(), 25u);
  for (const auto& route : router_.routes()) {
    const json::value* path = paths.if_contains(route.pattern);
    ASSERT_NE(path, nullptr) << route.pattern << " is missing from the OpenAPI document";
    EXPECT_NE(path->as_object().if_contains(LowerMethod(route.method)), nullptr)
        << LowerMethod(route.method) << " " << route.pattern
        << " is missing from the OpenAPI document";
  }
}

TEST_F(RoutesTest, EveryDocumentedOperationHasARoute) {
  const json::value doc = json::parse(OpenApiDocument());
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      if (method == "parameters" || method == "summary" || method == "description") continue;
      const bool found =
          std::any_of(router_.routes().begin(), router_.routes().end(), [&](const auto& r) {
            return r.pattern == std::string_view(path) &&
                   LowerMethod(r.method) == std::string_view(method);
          });
      EXPECT_TRUE(found) << method << " " << path << " is documented but not routed";
    }
  }
}

TEST(ErrorsTest, OneShapeInBothLanguages) {
  http::Request zh;
  http::Request en;
  en.headers.emplace_back("accept-language", "en-US,en;q=0.9");
  const Status s = Status::InvalidArgument("invalid_json", {{"username", "duplicate_key"}});
  const json::value zh_body = json::parse(ErrorResponse(zh, s).body);
  const json::value en_body = json::parse(ErrorResponse(en, s).body);
  EXPECT_EQ(ErrorResponse(zh, s).status, 400);
  EXPECT_EQ(zh_body.at("error").at("code").as_string(), "invalid_json");
  EXPECT_EQ(zh_body.at("error").at("message").as_string(), "请求内容不是有效的 JSON");
  EXPECT_EQ(en_body.at("error").at("message").as_string(), "The request body is not valid JSON");
  EXPECT_EQ(zh_body.at("error").at("fields").at("username").as_string(), "字段重复");
  EXPECT_EQ(en_body.at("error").at("fields").at("username").as_string(), "Duplicate field");
}

TEST(ErrorsTest, InternalDetailsNeverReachTheClient) {
  http::Request req;
  const json::value body =
      json::parse(ErrorResponse(req, Status::Internal("sqlite: no such table x")).body);
  EXPECT_EQ(body.at("error").at("code").as_string(), "internal_error");
  EXPECT_EQ(body.at("error").at("message").as_string().find("sqlite"), json::string::npos);
}

TEST(ErrorsTest, StatusCodesMapToHttp) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kLocked), 423);
  EXPECT_EQ(HttpStatusFor(StatusCode::kTooManyRequests), 429);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPreconditionRequired), 428);
}

}  // namespace
}  // namespace shouhu::api
