// PostWebhook, the real HTTP delivery path, against loopback receivers: one that answers 500 and
// one that never answers.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

#include "app/workflow_clock.h"

namespace shouhu {
namespace {

// A one-connection HTTP receiver on 127.0.0.1 and a port of its choosing. It reads one request
// (headers and the Content-Length body) and then answers `reply`, or, when `reply` is empty,
// holds the connection open without a word until destroyed.
class Receiver {
 public:
  explicit Receiver(std::string reply) : reply_(std::move(reply)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listener_, 1), 0);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~Receiver() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }
  uint16_t port() const { return port_; }
  // What arrived, once the request is complete (read after PostWebhook returned).
  std::string request() {
    std::lock_guard lock(mu_);
    return request_;
  }

 private:
  void Serve() {
    pollfd p{listener_, POLLIN, 0};
    while (!stop_ && ::poll(&p, 1, 50) == 0) {
    }
    if (stop_) return;
    const int fd = ::accept(listener_, nullptr, nullptr);
    std::string in;
    size_t want = std::string::npos;
    char buf[4096];
    while (!stop_ && (want == std::string::npos || in.size() < want)) {
      pollfd q{fd, POLLIN, 0};
      if (::poll(&q, 1, 50) <= 0) continue;
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<size_t>(n));
      const size_t end = in.find("\r\n\r\n");
      if (want == std::string::npos && end != std::string::npos) {
        const size_t at = in.find("Content-Length: ");
        const size_t length = at == std::string::npos ? 0 : std::stoul(in.substr(at + 16));
        want = end + 4 + length;
      }
    }
    {
      std::lock_guard lock(mu_);
      request_ = in;
    }
    if (!reply_.empty()) {
      ::send(fd, reply_.data(), reply_.size(), MSG_NOSIGNAL);
    } else {
      while (!stop_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::close(fd);
  }

  std::string reply_;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::string request_;
  std::thread thread_;
};

TEST(PostWebhookTest, A500IsTheReceiversStatusAndTheBodyArrived) {
  Receiver receiver(
      "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  const std::string body = R"({"msgtype":"text","text":{"content":"测试"}})";
  auto status = PostWebhook(
      "http://127.0.0.1:" + std::to_string(receiver.port()) + "/robot/send?access_token=t0k", body);
  ASSERT_TRUE(status.ok()) << status.status().message();
  EXPECT_EQ(*status, 500);
  const std::string request = receiver.request();
  EXPECT_EQ(request.rfind("POST /robot/send?access_token=t0k HTTP/1.1\r\n", 0), 0u) << request;
  EXPECT_NE(request.find("Content-Type: application/json"), std::string::npos) << request;
  EXPECT_EQ(request.substr(request.size() - body.size()), body);
}

TEST(PostWebhookTest, AReceiverThatNeverAnswersIsATimeoutNamingNoUrl) {
  Receiver receiver("");
  const auto start = std::chrono::steady_clock::now();
  auto status = PostWebhook(
      "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook?access_token=secret-t0k",
      "{}");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(status.status().message(), "timeout");
  EXPECT_EQ(status.status().message().find("secret-t0k"), std::string::npos);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(9));
}

TEST(PostWebhookTest, AClosedPortIsConnectFailed) {
  uint16_t port = 0;
  {
    Receiver gone("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    port = gone.port();
  }
  auto status = PostWebhook("http://127.0.0.1:" + std::to_string(port) + "/hook", "{}");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.status().message(), "connect_failed");
}

}  // namespace
}  // namespace shouhu
