#include "http/router.h"

#include <gtest/gtest.h>

namespace shouhu::http {
namespace {

Handler Named(std::string name) {
  return [name](Request&) { return Response::Text(200, name, "text/plain"); };
}

std::string Call(const Router::Match& match) {
  Request req;
  return match.route == nullptr ? "<none>" : match.route->handler(req).body;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Method::kGet, "/api/v1/users", Named("list"));
    router_.Add(Method::kPost, "/api/v1/users", Named("create"));
    router_.Add(Method::kGet, "/api/v1/users/{id}", Named("get"));
    router_.Add(Method::kGet, "/api/v1/users/me", Named("me"));
    router_.Add(Method::kDelete, "/api/v1/users/{id}", Named("delete"));
    router_.Add(Method::kGet, "/api/v1/users/{id}/plans/{plan}", Named("plan"));
    router_.Add(Method::kGet, "/healthz", Named("health"), false);
  }
  Router router_;
};

TEST_F(RouterTest, LiteralAndPlaceholderMatch) {
  EXPECT_EQ(Call(router_.Find(Method::kGet, "/api/v1/users")), "list");
  EXPECT_EQ(Call(router_.Find(Method::kPost, "/api/v1/users")), "create");
  const auto match = router_.Find(Method::kGet, "/api/v1/users/7/plans/x9");
  EXPECT_EQ(Call(match), "plan");
  EXPECT_EQ(match.params.at("id"), "7");
  EXPECT_EQ(match.params.at("plan"), "x9");
  EXPECT_EQ(match.route->pattern, "/api/v1/users/{id}/plans/{plan}");
  EXPECT_FALSE(match.route->blocking == false);
  EXPECT_FALSE(router_.Find(Method::kGet, "/healthz").route->blocking);
}

TEST_F(RouterTest, LiteralBeatsPlaceholderWhateverTheOrder) {
  EXPECT_EQ(Call(router_.Find(Method::kGet, "/api/v1/users/me")), "me");
  EXPECT_EQ(Call(router_.Find(Method::kGet, "/api/v1/users/you")), "get");
}

TEST_F(RouterTest, NoMatch) {
  for (const char* path : {"/api/v1/user", "/api/v1/users/", "/api/v1/users//plans/x",
                           "/api/v1/users/1/plans", "/", "", "api/v1/users", "/healthz/x"}) {
    const auto match = router_.Find(Method::kGet, path);
    EXPECT_EQ(match.route, nullptr) << path;
    EXPECT_FALSE(match.method_not_allowed) << path;
  }
}

TEST_F(RouterTest, OtherMethodIsMethodNotAllowedWithAllow) {
  const auto match = router_.Find(Method::kPut, "/api/v1/users/5");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_TRUE(match.method_not_allowed);
  EXPECT_EQ(Router::AllowHeader(match.allowed), "GET, HEAD, DELETE");
  const auto on_list = router_.Find(Method::kDelete, "/api/v1/users");
  EXPECT_TRUE(on_list.method_not_allowed);
  EXPECT_EQ(Router::AllowHeader(on_list.allowed), "GET, HEAD, POST");
}

TEST_F(RouterTest, HeadMatchesGetUnlessHeadRegistered) {
  EXPECT_EQ(Call(router_.Find(Method::kHead, "/api/v1/users/me")), "me");
  EXPECT_TRUE(router_.Find(Method::kHead, "/api/v1/users/me").params.empty());
  router_.Add(Method::kHead, "/api/v1/users", Named("head"));
  EXPECT_EQ(Call(router_.Find(Method::kHead, "/api/v1/users")), "head");
  EXPECT_EQ(Call(router_.Find(Method::kGet, "/api/v1/users")), "list");
}

}  // namespace
}  // namespace shouhu::http

namespace shouhu::http {
namespace {

TEST(RouterBodyLimitTest, AnUploadRouteCarriesItsOwnLimit) {
  Router router;
  router.Add(Method::kPost, "/api/v1/registry/import", [](Request&) { return Response{}; });
  router.Add(Method::kGet, "/api/v1/registry/{id}", [](Request&) { return Response{}; });
  EXPECT_TRUE(router.SetBodyLimit(Method::kPost, "/api/v1/registry/import", 8u << 20));
  EXPECT_FALSE(router.SetBodyLimit(Method::kPost, "/api/v1/nowhere", 1));
  EXPECT_EQ(router.BodyLimit(Method::kPost, "/api/v1/registry/import"), 8u << 20);
  EXPECT_EQ(router.BodyLimit(Method::kGet, "/api/v1/registry/7"), 0u);
  EXPECT_EQ(router.BodyLimit(Method::kGet, "/api/v1/registry/import"), 0u);
}

}  // namespace
}  // namespace shouhu::http
