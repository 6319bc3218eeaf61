// Test-only helpers shared by the http tests: a temporary web root with traps (files outside the
// root, symlinks) and raw loopback sockets for clients that misbehave. Not thread-safe.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace shouhu::http::test_support {

// base/secret.txt lies outside the root; base/root/ is the web root:
//   index.html, app.js, assets/app-1a2b.css, sub/index.html, sub/page.txt, .env,
//   link-out.txt -> base/secret.txt, link-in.js -> app.js, link-dir -> sub
class TempWebRoot {
 public:
  TempWebRoot() {
    std::string pattern = (std::filesystem::temp_directory_path() / "shouhu-web-XXXXXX").string();
    base_ = ::mkdtemp(pattern.data());
    root_ = base_ / "root";
    std::filesystem::create_directories(root_ / "sub");
    std::filesystem::create_directories(root_ / "assets");
    Write(base_ / "secret.txt", "TOP SECRET");
    Write(root_ / "index.html", "<html>index</html>");
    Write(root_ / "app.js", "console.log(1);");
    Write(root_ / "assets" / "app-1a2b.css", "body{}");
    Write(root_ / "sub" / "index.html", "<html>sub</html>");
    Write(root_ / "sub" / "page.txt", "page");
    Write(root_ / ".env", "PASSWORD=x");
    std::filesystem::create_symlink(base_ / "secret.txt", root_ / "link-out.txt");
    std::filesystem::create_symlink("app.js", root_ / "link-in.js");
    std::filesystem::create_directory_symlink("sub", root_ / "link-dir");
  }
  ~TempWebRoot() {
    std::error_code ignored;
    std::filesystem::remove_all(base_, ignored);
  }
  std::string root() const { return root_.string(); }

 private:
  static void Write(const std::filesystem::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
  }
  std::filesystem::path base_;
  std::filesystem::path root_;
};

// A blocking loopback TCP socket; -1 on failure.
inline int ConnectRaw(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool SendRaw(int fd, const std::string& data) {
  return ::send(fd, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
}

// Reads until the peer closes or `timeout` passes; returns what arrived.
inline std::string ReadUntilClosed(int fd, std::chrono::milliseconds timeout) {
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// True when the peer has closed (EOF or reset) within `timeout`.
inline bool PeerClosedWithin(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buf[4096];
  return ::recv(fd, buf, sizeof buf, MSG_DONTWAIT) <= 0;
}

}  // namespace shouhu::http::test_support
