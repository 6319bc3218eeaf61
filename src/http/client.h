// Client: a small synchronous HTTP/1.1 client over loopback, for API tests, benchmarks and the
// CLI's health checks. One Client holds one keep-alive connection; not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/message.h"

namespace shouhu::http {

struct ClientResponse {
  int status = 0;
  HeaderList headers;  // names lower-case
  std::string body;
  std::string_view Header(std::string_view name) const;
};

class Client {
 public:
  Client(std::string host, uint16_t port);
  ~Client();
  // Sends one request (reconnecting if the server closed the connection) and reads the answer.
  // `target` is sent as is, so tests can send raw encoded paths.
  Result<ClientResponse> Send(Method method, const std::string& target,
                              const HeaderList& headers = {}, const std::string& body = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shouhu::http
