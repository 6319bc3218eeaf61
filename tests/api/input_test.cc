// Bad input of every class is refused with a field-level error, changes nothing, and leaves the
// server serving. Also: body size limit, unknown routes and methods, error language.
#include <gtest/gtest.h>

#include "harness.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;
using http::Method;

class InputApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(
        {.config_toml = "[server]\nmax_body_bytes = 4096\n[auth]\nlogin_rate_burst = 100000\n"});
    server_->Seed();
    server_->Start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  size_t UnitCount(ApiClient& c) {
    auto r = c.Get("/api/v1/units");
    EXPECT_EQ(r.status, 200);
    return r.status == 200 ? r.json.at("items").as_array().size() : 0;
  }
  static ServerProcess* server_;
};
ServerProcess* InputApiTest::server_ = nullptr;

struct BadInput {
  const char* name;
  std::string body;
  const char* field;
};

std::string Deep(int depth) {
  std::string s = R"({"code":"D-1","name":)";
  for (int i = 0; i < depth; ++i) s += "[";
  for (int i = 0; i < depth; ++i) s += "]";
  return s + "}";
}

TEST_F(InputApiTest, EveryBadInputClassIsRefusedNamingTheField) {
  const std::vector<BadInput> cases = {
      {"malformed", R"({"code": "B-1", "name": )", "name"},
      {"invalid_utf8",
       std::string("{\"code\":\"B-1\",\"name\":\"\xc3\x28\",\"kind\":\"police\",\"district_code\":"
                   "\"230103\"}"),
       "name"},
      {"duplicate_key",
       R"({"code":"B-1","code":"B-2","name":"n","kind":"police","district_code":"230103"})",
       "code"},
      {"unknown_field",
       R"({"code":"B-1","name":"n","kind":"police","district_code":"230103","admin":true})",
       "admin"},
      {"wrong_type", R"({"code":17,"name":"n","kind":"police","district_code":"230103"})", "code"},
      {"wrong_type_null_required",
       R"({"code":"B-1","name":null,"kind":"police","district_code":"230103"})", "name"},
      {"missing", R"({"code":"B-1","kind":"police","district_code":"230103"})", "name"},
      {"deep_nesting", Deep(64), "name"},
      {"not_an_object", R"("just a string")", "body"},
      {"empty", "", "body"},
  };
  ApiClient c(server_->port());
  ASSERT_EQ(c.Login("admin", kAdminPassword).status, 200);
  const size_t before = UnitCount(c);
  for (const auto& bad : cases) {
    auto r = c.Post("/api/v1/units", bad.body);
    EXPECT_EQ(r.status, 400) << bad.name << ": " << r.raw.body;
    EXPECT_FALSE(FieldError(r, bad.field).empty())
        << bad.name << " should name " << bad.field << ": " << r.raw.body;
    ASSERT_TRUE(r.json.is_object()) << bad.name;
    EXPECT_TRUE(r.json.at("error").as_object().contains("message")) << bad.name;
  }
  EXPECT_EQ(UnitCount(c), before) << "bad input must change nothing";
  EXPECT_EQ(c.Get("/healthz").status, 200) << "the server keeps serving";
}

TEST_F(InputApiTest, OversizedBodyIs413AndServingContinues) {
  ApiClient c(server_->port());
  ASSERT_EQ(c.Login("admin", kAdminPassword).status, 200);
  const std::string huge = R"({"code":"BIG","name":")" + std::string(10'000, 'x') + R"("})";
  auto r = c.Post("/api/v1/units", huge);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(ErrorCode(r), "payload_too_large");
  ApiClient again(server_->port());
  EXPECT_EQ(again.Get("/healthz").status, 200);
}

TEST_F(InputApiTest, UnknownRoutesAndMethodsUseTheErrorShape) {
  ApiClient c(server_->port(), "en");
  auto missing = c.Get("/api/v1/nothing-here");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorCode(missing), "not_found");
  EXPECT_EQ(missing.json.at("error").at("message").as_string(),
            "The requested resource was not found");
  auto wrong_method = c.Send(Method::kDelete, "/api/v1/units");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_FALSE(wrong_method.raw.Header("allow").empty());
}

TEST_F(InputApiTest, MessagesAreChineseByDefaultAndEnglishOnRequest) {
  ApiClient zh(server_->port());
  ApiClient en(server_->port(), "en-US,en;q=0.9");
  auto a = zh.Login("admin", "wrong-passphrase-00");
  auto b = en.Login("admin", "wrong-passphrase-00");
  EXPECT_EQ(a.json.at("error").at("message").as_string(), "用户名或密码错误");
  EXPECT_EQ(b.json.at("error").at("message").as_string(), "Wrong username or password");
  EXPECT_EQ(ErrorCode(a), ErrorCode(b));
}

}  // namespace
}  // namespace shouhu::apitest
