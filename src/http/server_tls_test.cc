// HTTPS served by the Server itself (tls_cert_file / tls_key_file), spoken to with OpenSSL.
#include <openssl/ssl.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "http/client.h"
#include "http/server.h"
#include "http/test_support.h"

namespace shouhu::http {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A throwaway self-signed certificate made with the openssl command-line tool.
class SelfSignedCertificate {
 public:
  SelfSignedCertificate() {
    std::string pattern = (std::filesystem::temp_directory_path() / "shouhu-tls-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
        "-subj /CN=localhost -keyout " +
        key() + " -out " + cert() + " >/dev/null 2>&1";
    made_ = std::system(command.c_str()) == 0;
  }
  ~SelfSignedCertificate() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  bool made() const { return made_; }
  std::string cert() const { return (dir_ / "cert.pem").string(); }
  std::string key() const { return (dir_ / "key.pem").string(); }

 private:
  std::filesystem::path dir_;
  bool made_ = false;
};

// Sends `request` over TLS (no certificate verification) and returns everything read back.
std::string HttpsExchange(uint16_t port, const std::string& request) {
  const int fd = test_support::ConnectRaw(port);
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  std::string out;
  if (SSL_connect(ssl) == 1 &&
      SSL_write(ssl, request.data(), static_cast<int>(request.size())) > 0) {
    char buf[4096];
    int n = 0;
    while ((n = SSL_read(ssl, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    SSL_shutdown(ssl);
  }
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  ::close(fd);
  return out;
}

Response RenderError(const Request&, const Status& status) {
  return Response::Json(500, "{\"error\":\"" + status.message() + "\"}");
}

TEST(ServerTlsTest, ServesHttpsWithHsts) {
  SelfSignedCertificate certificate;
  if (!certificate.made()) GTEST_SKIP() << "openssl command-line tool not available";
  Router router;
  router.Add(
      Method::kGet, "/api/v1/ping",
      [](Request& req) { return Response::Json(200, req.tls ? "{\"tls\":1}" : "{\"tls\":0}"); },
      false);
  Metrics metrics;
  ServerOptions options;
  options.port = 0;
  options.tls_cert_file = certificate.cert();
  options.tls_key_file = certificate.key();
  Server server(options, router, metrics, RenderError);
  ASSERT_TRUE(server.Bind().ok());
  std::thread run([&] { server.Run(); });

  const std::string answer = HttpsExchange(
      server.port(), "GET /api/v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(answer, HasSubstr("Strict-Transport-Security: max-age=31536000; includeSubDomains"));
  EXPECT_THAT(answer, HasSubstr("{\"tls\":1}"));

  // A plain-text client gets no answer, and the server carries on.
  EXPECT_FALSE(Client("127.0.0.1", server.port()).Send(Method::kGet, "/api/v1/ping").ok());
  EXPECT_THAT(
      HttpsExchange(server.port(), "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
      StartsWith("HTTP/1.1 404"));

  server.Stop();
  run.join();
}

TEST(ServerTlsTest, UnreadableCertificateFailsBind) {
  Router router;
  Metrics metrics;
  ServerOptions options;
  options.port = 0;
  options.tls_cert_file = "/nonexistent/cert.pem";
  options.tls_key_file = "/nonexistent/key.pem";
  Server server(options, router, metrics, RenderError);
  const Status bound = server.Bind();
  EXPECT_EQ(bound.code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace shouhu::http
