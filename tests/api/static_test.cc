// The web folder is served with no way out of it, and every response carries the security headers.
#include <gtest/gtest.h>

#include "harness.h"

namespace shouhu::apitest {
namespace {

using http::Method;

class StaticApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess();
    server_->Seed();
    server_->Start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
};
ServerProcess* StaticApiTest::server_ = nullptr;

TEST_F(StaticApiTest, ServesTheWebFolder) {
  http::Client c("127.0.0.1", server_->port());
  auto index = c.Send(Method::kGet, "/");
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("守护"), std::string::npos);
  EXPECT_NE(index->Header("content-type").find("text/html"), std::string::npos);
  auto js = c.Send(Method::kGet, "/assets/app.js");
  ASSERT_TRUE(js.ok());
  EXPECT_EQ(js->status, 200);
  EXPECT_NE(js->Header("content-type").find("javascript"), std::string::npos);
}

TEST_F(StaticApiTest, NoPathLeadsOutOfTheWebFolder) {
  const std::vector<std::string> attacks = {
      "/../secret.txt",
      "/assets/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2E%2E/secret.txt",
      "/..%2fsecret.txt",
      "/%2e%2e%2fsecret.txt",
      "/%252e%252e/secret.txt",
      "/%252e%252e%252fsecret.txt",
      "/..%5csecret.txt",
      "/%2e%2e%5csecret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/link.txt",
      "/%00/secret.txt",
      "/index.html%00.txt",
      "//etc/passwd",
      "/..;/secret.txt",
      "/....//secret.txt",
  };
  for (const auto& target : attacks) {
    http::Client c("127.0.0.1", server_->port());
    auto r = c.Send(Method::kGet, target);
    ASSERT_TRUE(r.ok()) << target << ": no answer (" << r.status().message() << ")";
    // A refusal, or at most the application's own index page (history-mode fallback).
    const bool index_page =
        r->status == 200 && r->body.find("<title>守护</title>") != std::string::npos;
    EXPECT_TRUE(r->status == 404 || r->status == 400 || index_page)
        << target << " -> " << r->status;
    EXPECT_EQ(r->body.find("outside the web root"), std::string::npos) << target;
    // The server is still up and answering after each attempt.
    http::Client probe("127.0.0.1", server_->port());
    auto health = probe.Send(Method::kGet, "/healthz");
    ASSERT_TRUE(health.ok()) << "after " << target;
    EXPECT_EQ(health->status, 200) << "after " << target;
  }
}

TEST_F(StaticApiTest, SecurityHeadersOnEveryKindOfResponse) {
  for (const std::string target : {"/", "/healthz", "/api/v1/auth/me", "/api/v1/nope", "/../x"}) {
    http::Client c("127.0.0.1", server_->port());
    auto r = c.Send(Method::kGet, target);
    ASSERT_TRUE(r.ok()) << target;
    EXPECT_NE(r->Header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos)
        << target;
    EXPECT_EQ(r->Header("x-content-type-options"), "nosniff") << target;
    EXPECT_TRUE(r->Header("strict-transport-security").empty())
        << "no HSTS without TLS: " << target;
  }
  http::Client c("127.0.0.1", server_->port());
  auto api = c.Send(Method::kGet, "/api/v1/auth/me");
  ASSERT_TRUE(api.ok());
  EXPECT_EQ(api->Header("cache-control"), "no-store");
}

}  // namespace
}  // namespace shouhu::apitest
