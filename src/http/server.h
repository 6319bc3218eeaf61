// Server: the Beast/Asio listener and connections, with limits, timeouts, security headers,
// static files and metrics. Construct, then Run() blocks until Stop() (safe from any thread, e.g.
// an asio::signal_set handler; or use StopOnSignals()) has drained in-flight requests.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/random.h"
#include "core/status.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"

namespace shouhu::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port; see Server::port()
  int io_threads = 2;
  int worker_threads = 16;          // for blocking handlers (database waits)
  size_t max_body_bytes = 1 << 20;  // 413 beyond
  size_t max_header_bytes = 16 << 10;
  std::chrono::milliseconds header_timeout{10'000};  // whole header must arrive within
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive connection idle limit
  std::chrono::milliseconds body_timeout{30'000};    // reading a body; also writing a response
  int max_connections = 1024;                        // beyond: accept, answer 503, close
  std::string static_root;    // built web folder; empty disables static files
  bool tls = false;           // behind a TLS terminator or with cert: adds HSTS, Secure cookies
  std::string tls_cert_file;  // PEM; when set with key, the server speaks HTTPS itself
  std::string tls_key_file;
  std::chrono::milliseconds shutdown_grace{10'000};
  // For routes marked Route::inline_when_ready: true when such a handler may run on the I/O
  // thread now (its database reads would not wait). Null: they always run on the worker pool.
  std::function<bool()> inline_ready;
};

// Turns a failure detected by the HTTP layer (404, 405, 413, 400 unparsable) into the API's
// JSON error shape, in the request's language. The server then forces the HTTP status it means
// (404, 405 with Allow, 413, 400, 431, 500, 503), so the renderer's own mapping cannot change it.
// For 503 (too many connections) and 400/431 the Request may hold only client_address.
using ErrorRenderer = std::function<Response(const Request&, const Status&)>;

// Each I/O thread runs its own event loop; accepted connections are handed to them in turn, and
// a connection stays on its thread. Per request: limits and timeouts -> Router::Find -> handler
// (on the worker pool when Route::blocking, unless Route::inline_when_ready and
// ServerOptions::inline_ready allow the connection's I/O thread; else on the I/O thread) or
// static file or error -> waiting, without holding a thread, for Response::settle_first ->
// security headers and X-Request-Id -> metrics. A handler that throws becomes a 500.
class Server {
 public:
  // `router`, `metrics` and `random` (X-Request-Id source; null: an internal CryptoRandom) must
  // outlive the server.
  Server(ServerOptions options, const Router& router, Metrics& metrics, ErrorRenderer errors,
         Random* random = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket; after this, port() is the real port.
  Status Bind();
  uint16_t port() const;
  // Serves until Stop() on `io_threads` threads (binding first if Bind() was not called; a bind
  // failure is logged and Run returns). On Stop it stops accepting, closes connections that are
  // waiting for a request, lets in-flight requests finish (up to shutdown_grace; each answer then
  // carries "Connection: close") and returns. A blocking handler still running past the grace is
  // waited for, since a thread cannot be cancelled. Call Run at most once.
  void Run();
  // Non-blocking; idempotent; callable before or during Run, from any thread.
  void Stop();
  // Makes SIGINT and SIGTERM call Stop(). Call before Run().
  void StopOnSignals();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shouhu::http
