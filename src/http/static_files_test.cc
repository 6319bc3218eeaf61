#include "http/static_files.h"

#include <gtest/gtest.h>

#include "http/test_support.h"

namespace shouhu::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  test_support::TempWebRoot web_;
  StaticFiles files_{web_.root()};
};

TEST_F(StaticFilesTest, ServesFilesWithContentTypeAndCaching) {
  auto js = files_.Serve(Method::kGet, "/app.js");
  ASSERT_TRUE(js.ok());
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->body, "console.log(1);");
  EXPECT_EQ(js->Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js->Header("Cache-Control"), "no-cache");

  auto css = files_.Serve(Method::kGet, "/assets/app-1a2b.css");
  ASSERT_TRUE(css.ok());
  EXPECT_EQ(css->Header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css->Header("Cache-Control"), "public, max-age=31536000, immutable");

  auto head = files_.Serve(Method::kHead, "/sub/page.txt");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->body, "page");  // the server drops it after setting Content-Length
}

TEST_F(StaticFilesTest, DirectoryServesIndex) {
  EXPECT_EQ(files_.Serve(Method::kGet, "/")->body, "<html>index</html>");
  EXPECT_EQ(files_.Serve(Method::kGet, "/sub")->body, "<html>sub</html>");
  EXPECT_EQ(files_.Serve(Method::kGet, "/sub/")->body, "<html>sub</html>");
  EXPECT_EQ(files_.Serve(Method::kGet, "/sub/")->Header("Content-Type"),
            "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, SpaFallbackOnlyForExtensionlessMisses) {
  auto route = files_.Serve(Method::kGet, "/plans/42");
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route->body, "<html>index</html>");
  EXPECT_EQ(route->Header("Cache-Control"), "no-cache");
  EXPECT_TRUE(files_.Serve(Method::kHead, "/settings/").ok());
  EXPECT_EQ(files_.Serve(Method::kGet, "/missing.js").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(files_.Serve(Method::kGet, "/sub/missing.png").status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(files_.Serve(Method::kPost, "/plans/42").ok());
}

// Paths as they arrive after the server's single percent-decode.
TEST_F(StaticFilesTest, NoWayOutOfTheRoot) {
  const std::string nul_path = std::string("/index.html") + '\0' + ".png";
  for (const std::string& path : {
           std::string("/../secret.txt"),  // "../" and "%2e%2e/" and "..%2f" decoded
           std::string("/sub/../../secret.txt"),
           std::string("/sub/.."),  // ".." as the last segment
           std::string("/./app.js"),
           std::string("/%2e%2e/secret.txt"),  // "%252e%252e" decoded once
           std::string("/%2e%2e%2fsecret.txt"),
           std::string("/..\\secret.txt"),  // "%2e%2e%5c" decoded
           std::string("/sub\\page.txt"),
           nul_path,
           std::string("//etc/passwd"),  // absolute path smuggled after the leading '/'
           std::string("etc/passwd"),
           std::string(""),
           std::string("/.env"),
           std::string("/link-out.txt"),  // symlink inside the root pointing outside
           std::string("/link-in.js"),    // symlink pointing inside: still refused
           std::string("/link-dir/page.txt"),
           std::string("/link-dir"),
           std::string("/../root/app.js"),
       }) {
    auto res = files_.Serve(Method::kGet, path);
    EXPECT_FALSE(res.ok()) << path;
    EXPECT_EQ(res.status().code(), StatusCode::kNotFound) << path;
  }
}

TEST_F(StaticFilesTest, UnusableRootServesNothing) {
  StaticFiles none("");
  EXPECT_FALSE(none.enabled());
  EXPECT_FALSE(none.Serve(Method::kGet, "/").ok());
  StaticFiles missing(web_.root() + "/does-not-exist");
  EXPECT_FALSE(missing.enabled());
  StaticFiles file_root(web_.root() + "/app.js");
  EXPECT_FALSE(file_root.enabled());
}

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(StaticFiles::ContentType("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(StaticFiles::ContentType("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(StaticFiles::ContentType("a.json"), "application/json");
  EXPECT_EQ(StaticFiles::ContentType("logo.SVG"), "image/svg+xml");
  EXPECT_EQ(StaticFiles::ContentType("a.png"), "image/png");
  EXPECT_EQ(StaticFiles::ContentType("favicon.ico"), "image/x-icon");
  EXPECT_EQ(StaticFiles::ContentType("f.woff2"), "font/woff2");
  EXPECT_EQ(StaticFiles::ContentType("robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(StaticFiles::ContentType("app.js.map"), "application/json");
  EXPECT_EQ(StaticFiles::ContentType("archive.tar"), "application/octet-stream");
  EXPECT_EQ(StaticFiles::ContentType("README"), "application/octet-stream");
}

}  // namespace
}  // namespace shouhu::http
