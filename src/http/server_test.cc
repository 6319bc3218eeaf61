#include "http/server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <condition_variable>
#include <memory>
#include <mutex>

#include <poll.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "http/client.h"
#include "http/test_support.h"

namespace shouhu::http {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using Clock = std::chrono::steady_clock;

std::chrono::milliseconds Since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// Deliberately answers 500 for everything: the server must force the status it means.
Response RenderError(const Request&, const Status& status) {
  return Response::Json(500, "{\"error\":\"" + status.message() + "\"}");
}

// A Server on an ephemeral loopback port, running on its own thread until destroyed.
class RunningServer {
 public:
  RunningServer(ServerOptions options, Router router) : router_(std::move(router)) {
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<Server>(std::move(options), router_, metrics_, RenderError);
    const Status bound = server_->Bind();
    EXPECT_TRUE(bound.ok()) << bound.message();
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~RunningServer() { StopAndJoin(); }

  void StopAndJoin() {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  uint16_t port() const { return server_->port(); }
  Metrics& metrics() { return metrics_; }
  Client NewClient() const { return Client("127.0.0.1", port()); }

 private:
  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

ServerOptions FastOptions() {
  ServerOptions options;
  options.io_threads = 2;
  options.worker_threads = 4;
  options.header_timeout = 2s;
  options.idle_timeout = 2s;
  options.body_timeout = 2s;
  options.shutdown_grace = 3s;
  return options;
}

Router BasicRouter() {
  Router router;
  router.Add(
      Method::kGet, "/api/v1/ping", [](Request&) { return Response::Json(200, "{\"pong\":1}"); },
      false);
  router.Add(Method::kPost, "/api/v1/echo",
             [](Request& req) { return Response::Text(200, req.body, "text/plain"); });
  router.Add(Method::kGet, "/api/v1/items/{id}", [](Request& req) {
    const std::string text = std::string(req.PathParam("id")) + "|" +
                             req.QueryParam("q").value_or("-") + "|" + req.path + "|" + req.target +
                             "|" + req.client_address + "|" + req.route_pattern;
    return Response::Text(200, text, "text/plain");
  });
  router.Add(
      Method::kGet, "/api/v1/boom", [](Request&) -> Response { throw std::runtime_error("bug"); },
      false);
  router.Add(
      Method::kGet, "/healthz", [](Request&) { return Response::Text(200, "ok", "text/plain"); },
      false);
  return router;
}

void ExpectSecurityHeaders(const ClientResponse& res) {
  EXPECT_EQ(res.Header("content-security-policy"),
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
  EXPECT_EQ(res.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(res.Header("x-frame-options"), "DENY");
  EXPECT_EQ(res.Header("referrer-policy"), "no-referrer");
  EXPECT_EQ(res.Header("cross-origin-opener-policy"), "same-origin");
  EXPECT_EQ(res.Header("permissions-policy"), "camera=(), microphone=(), geolocation=()");
  EXPECT_EQ(res.Header("x-request-id").size(), 16u);
}

TEST(ServerTest, AnswersWithSecurityHeaders) {
  RunningServer server(FastOptions(), BasicRouter());
  Client client = server.NewClient();
  auto res = client.Send(Method::kGet, "/api/v1/ping");
  ASSERT_TRUE(res.ok()) << res.status().message();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "{\"pong\":1}");
  EXPECT_EQ(res->Header("content-type"), "application/json");
  EXPECT_EQ(res->Header("cache-control"), "no-store");
  EXPECT_EQ(res->Header("strict-transport-security"), "");
  ExpectSecurityHeaders(*res);

  auto head = client.Send(Method::kHead, "/api/v1/ping");  // same keep-alive connection
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->body, "");
  EXPECT_EQ(head->Header("content-length"), "10");

  auto health = client.Send(Method::kGet, "/healthz");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->Header("cache-control"), "no-store");
  EXPECT_NE(health->Header("x-request-id"), res->Header("x-request-id"));

  EXPECT_THAT(server.metrics().Render(),
              HasSubstr("shouhu_http_requests_total{route=\"/api/v1/ping\",status=\"200\"} 2\n"));
}

// A response with a settlement is sent once another thread settles it: as is when Ok, 503 with
// the settlement's error otherwise. The handler has returned long before.
TEST(ServerTest, SettlementHoldsTheAnswerUntilSettled) {
  struct Slot {
    std::mutex mu;
    std::condition_variable cv;
    std::shared_ptr<Settlement> pending;
  };
  auto slot = std::make_shared<Slot>();
  Router router;
  router.Add(Method::kGet, "/api/v1/later", [slot](Request& req) {
    EXPECT_TRUE(req.may_settle_later);
    Response res = Response::Json(200, "{\"later\":1}");
    res.settle_first = std::make_shared<Settlement>();
    std::lock_guard lock(slot->mu);
    slot->pending = res.settle_first;
    slot->cv.notify_all();
    return res;
  });
  RunningServer server(FastOptions(), std::move(router));
  for (const bool ok : {true, false}) {
    std::thread settler([slot, ok] {
      std::shared_ptr<Settlement> pending;
      {
        std::unique_lock lock(slot->mu);
        slot->cv.wait(lock, [&] { return slot->pending != nullptr; });
        pending = std::move(slot->pending);
      }
      pending->Settle(ok ? Status::Ok() : Status::Unavailable("unavailable"));
    });
    Client client = server.NewClient();
    auto res = client.Send(Method::kGet, "/api/v1/later");
    settler.join();
    ASSERT_TRUE(res.ok()) << res.status().message();
    EXPECT_EQ(res->status, ok ? 200 : 503);
    if (ok) EXPECT_EQ(res->body, "{\"later\":1}");
    ExpectSecurityHeaders(*res);
  }
}

TEST(ServerTest, HstsOnlyWhenTls) {
  ServerOptions options = FastOptions();
  options.tls = true;
  RunningServer server(options, BasicRouter());
  auto res = server.NewClient().Send(Method::kGet, "/nowhere");
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(res->Header("strict-transport-security"), "max-age=31536000; includeSubDomains");
  ExpectSecurityHeaders(*res);
}

TEST(ServerTest, PathDecodedOnceQueryAndPeer) {
  RunningServer server(FastOptions(), BasicRouter());
  auto res = server.NewClient().Send(Method::kGet, "/api/v1/items/a%20b%2525?q=x+y%26z");
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body,
            "a b%25|x y&z|/api/v1/items/a b%25|/api/v1/items/a%20b%2525?q=x+y%26z|127.0.0.1|"
            "/api/v1/items/{id}");
}

TEST(ServerTest, NotFoundAndMethodNotAllowed) {
  RunningServer server(FastOptions(), BasicRouter());
  Client client = server.NewClient();
  auto missing = client.Send(Method::kGet, "/api/v1/nothing");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, "{\"error\":\"not_found\"}");
  ExpectSecurityHeaders(*missing);

  auto wrong = client.Send(Method::kDelete, "/api/v1/ping");
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->Header("allow"), "GET, HEAD");
  EXPECT_EQ(wrong->body, "{\"error\":\"method_not_allowed\"}");
  ExpectSecurityHeaders(*wrong);
  EXPECT_THAT(server.metrics().Render(),
              HasSubstr("shouhu_http_requests_total{route=\"unmatched\",status=\"405\"} 1\n"));
}

TEST(ServerTest, TooLargeBodyIs413AndServerKeepsServing) {
  ServerOptions options = FastOptions();
  options.max_body_bytes = 1024;
  RunningServer server(options, BasicRouter());
  Client client = server.NewClient();
  auto big = client.Send(Method::kPost, "/api/v1/echo", {}, std::string(4096, 'x'));
  ASSERT_TRUE(big.ok()) << big.status().message();
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(big->Header("connection"), "close");
  EXPECT_EQ(big->body, "{\"error\":\"payload_too_large\"}");
  ExpectSecurityHeaders(*big);

  // Chunked bodies are limited too.
  const int fd = test_support::ConnectRaw(server.port());
  ASSERT_TRUE(test_support::SendRaw(fd,
                                    "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\n"
                                    "Transfer-Encoding: chunked\r\n\r\n800\r\n" +
                                        std::string(2048, 'y') + "\r\n0\r\n\r\n"));
  EXPECT_THAT(test_support::ReadUntilClosed(fd, 2s), StartsWith("HTTP/1.1 413"));
  ::close(fd);

  auto small = client.Send(Method::kPost, "/api/v1/echo", {}, std::string(1024, 's'));
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->status, 200);
  EXPECT_EQ(small->body, std::string(1024, 's'));
}

TEST(ServerTest, ExpectContinue) {
  RunningServer server(FastOptions(), BasicRouter());
  const int fd = test_support::ConnectRaw(server.port());
  ASSERT_TRUE(test_support::SendRaw(fd,
                                    "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                    "Expect: 100-continue\r\nConnection: close\r\n\r\n"));
  char buf[64] = {};
  ASSERT_GT(::recv(fd, buf, sizeof buf - 1, 0), 0);
  EXPECT_THAT(std::string(buf), StartsWith("HTTP/1.1 100 Continue\r\n\r\n"));
  ASSERT_TRUE(test_support::SendRaw(fd, "hello"));
  const std::string answer = test_support::ReadUntilClosed(fd, 2s);
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(answer, ::testing::EndsWith("\r\n\r\nhello"));
  ::close(fd);
}

TEST(ServerTest, UnparsableRequestsAre400And431) {
  ServerOptions options = FastOptions();
  options.max_header_bytes = 1024;
  RunningServer server(options, BasicRouter());
  for (const std::string& raw :
       {std::string("GARBAGE\r\n\r\n"), std::string("GET /api/%zz HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n")}) {
    const int fd = test_support::ConnectRaw(server.port());
    ASSERT_TRUE(test_support::SendRaw(fd, raw));
    const std::string answer = test_support::ReadUntilClosed(fd, 2s);
    EXPECT_THAT(answer, StartsWith("HTTP/1.1 400")) << raw;
    EXPECT_THAT(answer, HasSubstr("X-Frame-Options: DENY")) << raw;
    ::close(fd);
  }
  const int fd = test_support::ConnectRaw(server.port());
  ASSERT_TRUE(test_support::SendRaw(
      fd, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'b') + "\r\n\r\n"));
  EXPECT_THAT(test_support::ReadUntilClosed(fd, 2s), StartsWith("HTTP/1.1 431"));
  ::close(fd);
}

TEST(ServerTest, SlowHeaderClientIsCutOffOthersAreServed) {
  ServerOptions options = FastOptions();
  options.io_threads = 1;
  options.header_timeout = 600ms;
  RunningServer server(options, BasicRouter());

  std::atomic<int64_t> closed_after_ms{-1};
  std::atomic<bool> cut_off{false};
  std::promise<void> sending;
  std::thread slow([&] {
    const int fd = test_support::ConnectRaw(server.port());
    const std::string header = "GET /api/v1/ping HTTP/1.1\r\nHost: x\r\nX-Slow: " +
                               std::string(100, 'a');  // 10 s at one byte per 100 ms
    const auto start = Clock::now();
    bool first = true;
    for (char c : header) {
      if (!test_support::SendRaw(fd, std::string(1, c))) break;
      if (first) sending.set_value();
      first = false;
      if (test_support::PeerClosedWithin(fd, 100ms)) {
        cut_off = true;
        break;
      }
    }
    closed_after_ms = Since(start).count();
    ::close(fd);
  });

  // While the slow client holds the only I/O thread's attention, another is served.
  sending.get_future().wait();
  Client client = server.NewClient();
  auto res = client.Send(Method::kGet, "/api/v1/ping");
  const bool slow_still_connected = closed_after_ms.load() < 0;
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(slow_still_connected) << "served only after the slow client was gone";

  slow.join();
  // Cut off by the server before its header was complete, and not before the header timeout.
  EXPECT_TRUE(cut_off.load()) << "the slow client sent its whole header";
  EXPECT_GE(closed_after_ms.load(), 500);
}

// Reads from `fd` until `want` has arrived (the connection stays open); false on close or after
// `timeout`.
bool ReadUntilSeen(int fd, const std::string& want, std::chrono::milliseconds timeout) {
  std::string seen;
  const auto deadline = Clock::now() + timeout;
  while (seen.find(want) == std::string::npos) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    seen.append(buf, static_cast<size_t>(n));
  }
  return true;
}

constexpr const char* kPing = "GET /api/v1/ping HTTP/1.1\r\nHost: x\r\n\r\n";

TEST(ServerTest, SlowBodyIsCutOffOnlyThatConnection) {
  ServerOptions options = FastOptions();
  options.io_threads = 1;
  options.body_timeout = 600ms;
  options.idle_timeout = 60s;
  RunningServer server(options, BasicRouter());
  // A kept-alive connection, idle between requests, and a client that sends half its body.
  const int kept = test_support::ConnectRaw(server.port());
  ASSERT_TRUE(test_support::SendRaw(kept, kPing));
  ASSERT_TRUE(ReadUntilSeen(kept, "{\"pong\":1}", 10s));
  const int slow = test_support::ConnectRaw(server.port());
  const auto start = Clock::now();
  ASSERT_TRUE(test_support::SendRaw(
      slow, "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"));
  // Cut off: the server closes the slow connection, not before the body timeout.
  test_support::ReadUntilClosed(slow, 20s);
  EXPECT_TRUE(test_support::PeerClosedWithin(slow, 100ms));
  EXPECT_GE(Since(start), 500ms);
  EXPECT_LT(Since(start), 20s) << "the slow body was never cut off";
  ::close(slow);
  // The kept-alive connection is still open and served; so is a new one.
  EXPECT_FALSE(test_support::PeerClosedWithin(kept, 0ms));
  ASSERT_TRUE(test_support::SendRaw(kept, kPing));
  EXPECT_TRUE(ReadUntilSeen(kept, "{\"pong\":1}", 10s)) << "the idle connection was closed too";
  ::close(kept);
  auto fresh = server.NewClient().Send(Method::kGet, "/api/v1/ping");
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->status, 200);
}

TEST(ServerTest, IdleKeepAliveIsClosedBusyOnesStayOpen) {
  ServerOptions options = FastOptions();
  options.io_threads = 1;
  options.idle_timeout = 1500ms;
  RunningServer server(options, BasicRouter());
  const int idle = test_support::ConnectRaw(server.port());
  const int busy = test_support::ConnectRaw(server.port());
  ASSERT_TRUE(test_support::SendRaw(idle, kPing));
  ASSERT_TRUE(ReadUntilSeen(idle, "{\"pong\":1}", 10s));
  const auto start = Clock::now();
  // The busy connection sends a request every 200 ms, never idle for 1.5 s, until the idle one
  // is closed; then a few more.
  int answered = 0;
  bool idle_closed = false;
  int64_t idle_closed_after_ms = -1;
  for (int i = 0; i < 200 && answered < 100; ++i) {
    ASSERT_TRUE(test_support::SendRaw(busy, kPing)) << "request " << i;
    ASSERT_TRUE(ReadUntilSeen(busy, "{\"pong\":1}", 10s))
        << "the busy connection was closed after " << Since(start).count() << " ms";
    ++answered;
    if (!idle_closed && test_support::PeerClosedWithin(idle, 200ms)) {
      idle_closed = true;
      idle_closed_after_ms = Since(start).count();
    } else if (idle_closed && answered >= 5) {
      break;
    }
  }
  EXPECT_TRUE(idle_closed) << "the idle connection stayed open";
  EXPECT_GE(idle_closed_after_ms, 1400);
  ::close(idle);
  ::close(busy);
}

TEST(ServerTest, BeyondMaxConnectionsIs503) {
  ServerOptions options = FastOptions();
  options.max_connections = 2;
  RunningServer server(options, BasicRouter());
  const int first = test_support::ConnectRaw(server.port());
  const int second = test_support::ConnectRaw(server.port());
  ASSERT_GE(first, 0);
  ASSERT_GE(second, 0);

  Client third = server.NewClient();
  auto refused = third.Send(Method::kGet, "/api/v1/ping");
  ASSERT_TRUE(refused.ok()) << refused.status().message();
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->body, "{\"error\":\"too_many_connections\"}");
  EXPECT_EQ(refused->Header("retry-after"), "1");
  ExpectSecurityHeaders(*refused);

  ::close(first);  // frees a slot once the server sees the close
  bool served = false;
  for (int attempt = 0; attempt < 40 && !served; ++attempt) {
    auto res = server.NewClient().Send(Method::kGet, "/api/v1/ping");
    served = res.ok() && res->status == 200;
    if (!served) std::this_thread::sleep_for(25ms);
  }
  EXPECT_TRUE(served);
  ::close(second);
}

TEST(ServerTest, BlockingHandlerRunsOffTheIoThread) {
  std::atomic<std::thread::id> io_thread;
  std::atomic<std::thread::id> worker_thread;
  Router router;
  router.Add(
      Method::kGet, "/api/v1/fast",
      [&](Request&) {
        io_thread = std::this_thread::get_id();
        return Response::Json(200, "{}");
      },
      false);
  // The slow handler waits until the fast request has been answered: if it ran on the only I/O
  // thread, the fast one could not be served until it gave up.
  std::promise<void> entered;
  std::promise<void> fast_answered;
  std::shared_future<void> fast_answered_f = fast_answered.get_future().share();
  std::atomic<bool> slow_saw_fast{false};
  router.Add(Method::kGet, "/api/v1/slow", [&](Request&) {
    worker_thread = std::this_thread::get_id();
    entered.set_value();
    slow_saw_fast = fast_answered_f.wait_for(10s) == std::future_status::ready;
    return Response::Json(200, "{}");
  });
  ServerOptions options = FastOptions();
  options.io_threads = 1;
  RunningServer server(options, std::move(router));

  Result<ClientResponse> slow_result = Status::Internal("not run");
  std::thread slow([&] { slow_result = server.NewClient().Send(Method::kGet, "/api/v1/slow"); });
  entered.get_future().wait();
  auto fast = server.NewClient().Send(Method::kGet, "/api/v1/fast");
  fast_answered.set_value();
  slow.join();
  EXPECT_TRUE(slow_saw_fast.load()) << "the fast request waited for the slow handler";
  ASSERT_TRUE(fast.ok());
  ASSERT_TRUE(slow_result.ok());
  EXPECT_EQ(fast->status, 200);
  EXPECT_EQ(slow_result->status, 200);
  EXPECT_NE(io_thread.load(), worker_thread.load());
}

TEST(ServerTest, ThrowingHandlerIs500ThenServingGoesOn) {
  RunningServer server(FastOptions(), BasicRouter());
  Client client = server.NewClient();
  auto boom = client.Send(Method::kGet, "/api/v1/boom");
  ASSERT_TRUE(boom.ok());
  EXPECT_EQ(boom->status, 500);
  EXPECT_EQ(boom->body, "{\"error\":\"internal\"}");
  ExpectSecurityHeaders(*boom);
  auto next = client.Send(Method::kGet, "/api/v1/ping");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->status, 200);
  EXPECT_THAT(server.metrics().Render(),
              HasSubstr("shouhu_http_requests_total{route=\"/api/v1/boom\",status=\"500\"} 1\n"));
}

TEST(ServerTest, GracefulStopFinishesInFlightAndClosesIdle) {
  std::atomic<bool> entered{false};
  Router router = BasicRouter();
  router.Add(Method::kGet, "/api/v1/slow", [&](Request&) {
    entered = true;
    std::this_thread::sleep_for(500ms);
    return Response::Text(200, "done", "text/plain");
  });
  ServerOptions options = FastOptions();
  options.idle_timeout = 10s;
  options.shutdown_grace = 60s;
  RunningServer server(options, std::move(router));

  Client idle = server.NewClient();  // a kept-alive connection waiting for its next request
  ASSERT_TRUE(idle.Send(Method::kGet, "/api/v1/ping").ok());
  const int silent = test_support::ConnectRaw(server.port());  // connected, never sends

  Result<ClientResponse> slow_result = Status::Internal("not run");
  std::thread slow([&] { slow_result = server.NewClient().Send(Method::kGet, "/api/v1/slow"); });
  while (!entered) std::this_thread::sleep_for(5ms);

  const auto start = Clock::now();
  server.StopAndJoin();  // Run() has returned
  const auto took = Since(start);
  EXPECT_GE(took, 300ms);  // waited for the in-flight handler
  EXPECT_LT(took, 30s);    // but not for idle connections (grace is 60 s)
  slow.join();
  ASSERT_TRUE(slow_result.ok()) << slow_result.status().message();
  EXPECT_EQ(slow_result->status, 200);
  EXPECT_EQ(slow_result->body, "done");
  EXPECT_EQ(slow_result->Header("connection"), "close");
  EXPECT_TRUE(test_support::PeerClosedWithin(silent, 100ms));
  ::close(silent);
  EXPECT_FALSE(server.NewClient().Send(Method::kGet, "/api/v1/ping").ok());
}

TEST(ServerTest, StopBeforeRunReturnsAtOnce) {
  Router router;
  Metrics metrics;
  ServerOptions options = FastOptions();
  options.port = 0;
  Server server(options, router, metrics, RenderError);
  ASSERT_TRUE(server.Bind().ok());
  EXPECT_NE(server.port(), 0);
  server.Stop();
  const auto start = Clock::now();
  server.Run();
  EXPECT_LT(Since(start), 10s);  // Run() would otherwise serve until stopped again
}

TEST(ServerTest, BindFailureIsAStatus) {
  Router router;
  Metrics metrics;
  RunningServer first(FastOptions(), Router());
  ServerOptions options = FastOptions();
  options.port = first.port();
  Server second(options, router, metrics, RenderError);
  const Status bound = second.Bind();
  EXPECT_FALSE(bound.ok());
  EXPECT_EQ(bound.code(), StatusCode::kUnavailable);
}

class StaticServerTest : public ::testing::Test {
 protected:
  StaticServerTest() : server_(Options(web_.root()), BasicRouter()) {}
  static ServerOptions Options(const std::string& root) {
    ServerOptions options = FastOptions();
    options.static_root = root;
    return options;
  }
  test_support::TempWebRoot web_;
  RunningServer server_;
};

TEST_F(StaticServerTest, ServesFilesAndSpaFallback) {
  Client client = server_.NewClient();
  auto js = client.Send(Method::kGet, "/app.js");
  ASSERT_TRUE(js.ok());
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->body, "console.log(1);");
  EXPECT_EQ(js->Header("content-type"), "text/javascript; charset=utf-8");
  ExpectSecurityHeaders(*js);

  auto head = client.Send(Method::kHead, "/app.js");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), "15");
  EXPECT_EQ(head->body, "");

  for (const char* target : {"/", "/plans/42", "/plans/42?tab=x"}) {
    auto page = client.Send(Method::kGet, target);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->status, 200) << target;
    EXPECT_EQ(page->body, "<html>index</html>") << target;
  }
  auto api = client.Send(Method::kGet, "/api/v1/unknown");
  ASSERT_TRUE(api.ok());
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(api->Header("cache-control"), "no-store");
  EXPECT_THAT(server_.metrics().Render(), HasSubstr("{route=\"static\",status=\"200\"} 5\n"));
}

// Targets are sent verbatim, so these reach the server with their original encoding.
TEST_F(StaticServerTest, TraversalAttemptsAre404) {
  Client client = server_.NewClient();
  for (const char* target : {
           "/../secret.txt",
           "/sub/../../secret.txt",
           "/%2e%2e/secret.txt",
           "/%2E%2E/%2e%2e/secret.txt",
           "/%252e%252e%252fsecret.txt",
           "/..%2fsecret.txt",
           "/%2e%2e%5csecret.txt",
           "/sub%5cpage.txt",
           "/sub\\page.txt",
           "/index.html%00.png",
           "/%00",
           "//etc/passwd",
           "/%2fetc%2fpasswd",
           "/.env",
           "/link-out.txt",
           "/link-in.js",
           "/link-dir/page.txt",
           "/missing.js",
       }) {
    auto res = client.Send(Method::kGet, target);
    ASSERT_TRUE(res.ok()) << target;
    EXPECT_EQ(res->status, 404) << target;
    EXPECT_EQ(res->body, "{\"error\":\"not_found\"}") << target;
    EXPECT_THAT(res->body, ::testing::Not(HasSubstr("SECRET"))) << target;
    ExpectSecurityHeaders(*res);
  }
}

}  // namespace
}  // namespace shouhu::http
