#include "http/message.h"

#include <gtest/gtest.h>

namespace shouhu::http {
namespace {

Request WithHeaders(HeaderList headers) {
  Request req;
  req.headers = std::move(headers);
  return req;
}

TEST(RequestTest, HeaderLookupIgnoresCase) {
  const Request req = WithHeaders({{"content-type", "application/json"}, {"x-a", "1"}});
  EXPECT_EQ(req.Header("Content-Type"), "application/json");
  EXPECT_EQ(req.Header("X-A"), "1");
  EXPECT_EQ(req.Header("missing"), "");
}

TEST(RequestTest, CookieValueParsesPairs) {
  const Request req =
      WithHeaders({{"cookie", "theme=dark;  sid=abc123 ; csrf=\"q=1\"; flag"}, {"cookie", "x=2"}});
  EXPECT_EQ(req.CookieValue("sid"), "abc123");
  EXPECT_EQ(req.CookieValue("theme"), "dark");
  EXPECT_EQ(req.CookieValue("csrf"), "q=1");
  EXPECT_EQ(req.CookieValue("x"), "2");
  EXPECT_EQ(req.CookieValue("flag"), std::nullopt);
  EXPECT_EQ(req.CookieValue("si"), std::nullopt);
  EXPECT_EQ(WithHeaders({}).CookieValue("sid"), std::nullopt);
}

TEST(RequestTest, QueryParamDecodes) {
  Request req;
  req.query = "q=zhang+san%21&page=2&empty=&bare&name%20x=v&page=3&bad=%zz&utf=%E5%AE%88";
  EXPECT_EQ(req.QueryParam("q"), "zhang san!");
  EXPECT_EQ(req.QueryParam("page"), "2");  // first occurrence wins
  EXPECT_EQ(req.QueryParam("empty"), "");
  EXPECT_EQ(req.QueryParam("bare"), "");
  EXPECT_EQ(req.QueryParam("name x"), "v");
  EXPECT_EQ(req.QueryParam("bad"), std::nullopt);
  EXPECT_EQ(req.QueryParam("utf"), "\xE5\xAE\x88");
  EXPECT_EQ(req.QueryParam("absent"), std::nullopt);
}

TEST(RequestTest, PathParam) {
  Request req;
  req.path_params["id"] = "42";
  EXPECT_EQ(req.PathParam("id"), "42");
  EXPECT_EQ(req.PathParam("other"), "");
}

TEST(PercentDecodeTest, StrictOnMalformedEscapes) {
  EXPECT_EQ(PercentDecode("/a%2Fb%2e", false), "/a/b.");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("%252e", false), "%2e");  // decoded exactly once
  EXPECT_EQ(PercentDecode("%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%4", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%g0", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%00", false), std::string(1, '\0'));
}

TEST(ResponseTest, SetHeaderReplacesIgnoringCaseAddHeaderRepeats) {
  Response res = Response::Json(201, "{}");
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(res.Header("content-type"), "application/json");
  res.SetHeader("content-type", "text/plain");
  EXPECT_EQ(res.headers.size(), 1u);
  EXPECT_EQ(res.Header("Content-Type"), "text/plain");
  res.AddHeader("Set-Cookie", "a=1");
  res.AddHeader("Set-Cookie", "b=2");
  EXPECT_EQ(res.headers.size(), 3u);
  const Response text = Response::Text(200, "hi", "text/plain; charset=utf-8");
  EXPECT_EQ(text.body, "hi");
  EXPECT_EQ(text.Header("Content-Type"), "text/plain; charset=utf-8");
}

TEST(MethodTest, NamesAndStateChanging) {
  EXPECT_STREQ(MethodName(Method::kDelete), "DELETE");
  EXPECT_STREQ(MethodName(Method::kHead), "HEAD");
  EXPECT_TRUE(IsStateChanging(Method::kPost));
  EXPECT_TRUE(IsStateChanging(Method::kPatch));
  EXPECT_FALSE(IsStateChanging(Method::kGet));
  EXPECT_FALSE(IsStateChanging(Method::kHead));
  EXPECT_FALSE(IsStateChanging(Method::kOptions));
}

}  // namespace
}  // namespace shouhu::http
