#include "api/json_body.h"

#include <gtest/gtest.h>

namespace shouhu::api {
namespace {

struct BadBody {
  const char* name;
  std::string body;
  const char* field;
  const char* reason;
};

class JsonBodyBadInputTest : public ::testing::TestWithParam<BadBody> {};

TEST_P(JsonBodyBadInputTest, RefusesNamingTheField) {
  const BadBody& c = GetParam();
  auto parsed = JsonBody::Parse(c.body, {"username", "password", "profile"});
  ASSERT_FALSE(parsed.ok()) << c.name;
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  ASSERT_EQ(parsed.status().fields().count(c.field), 1u)
      << c.name << ": " << parsed.status().fields().begin()->first;
  EXPECT_EQ(parsed.status().fields().at(c.field), c.reason) << c.name;
}

std::string Nested(int depth) {
  std::string s = R"({"profile":)";
  for (int i = 0; i < depth; ++i) s += R"({"a":)";
  s += "1";
  for (int i = 0; i < depth; ++i) s += "}";
  return s + "}";
}

INSTANTIATE_TEST_SUITE_P(
    Classes, JsonBodyBadInputTest,
    ::testing::Values(
        BadBody{"empty", "", "body", "required"},
        BadBody{"malformed", R"({"username": "a",)", "body", "bad_format"},
        BadBody{"truncated_string", R"({"username": "a)", "username", "bad_format"},
        BadBody{"not_object", R"(["username"])", "body", "wrong_type"},
        BadBody{"invalid_utf8", std::string("{\"username\": \"\xff\xfe\"}"), "username",
                "invalid_utf8"},
        BadBody{"duplicate_key", R"({"username": "a", "username": "b"})", "username",
                "duplicate_key"},
        BadBody{"nested_duplicate", R"({"profile": {"x": 1, "x": 2}})", "profile.x",
                "duplicate_key"},
        BadBody{"unknown_field", R"({"username": "a", "role": "admin"})", "role", "unknown_field"},
        BadBody{"too_deep", Nested(40), "profile.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a", "too_deep"},
        BadBody{"trailing_garbage", R"({"username": "a"} x)", "body", "bad_format"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(JsonBodyTest, ReadsStringsStrictly) {
  auto parsed = JsonBody::Parse(R"({"username": "coordinator", "password": 12, "profile": null})",
                                {"username", "password", "profile"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed->RequiredString("username"), "coordinator");
  auto wrong = parsed->RequiredString("password");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().fields().at("password"), "wrong_type");
  EXPECT_EQ(parsed->RequiredString("profile").status().fields().at("profile"), "required");
  auto optional = parsed->OptionalString("profile");
  ASSERT_TRUE(optional.ok());
  EXPECT_FALSE(optional->has_value());
}

TEST(JsonBodyTest, AcceptsChineseText) {
  auto parsed = JsonBody::Parse(R"({"username": "妇联协调员"})", {"username"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed->RequiredString("username"), "妇联协调员");
}

}  // namespace
}  // namespace shouhu::api
