// One of the two translation units that include Beast (with server.cc).
#include "http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cctype>
#include <chrono>
#include <optional>

namespace shouhu::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// Generous limits: the client talks to our own server in tests and the CLI.
constexpr std::chrono::seconds kOperationTimeout{30};
constexpr size_t kMaxResponseBody = 64 << 20;
constexpr std::uint32_t kMaxResponseHeader = 64 << 10;

std::optional<bhttp::verb> ToVerb(Method method) {
  switch (method) {
    case Method::kGet:
      return bhttp::verb::get;
    case Method::kHead:
      return bhttp::verb::head;
    case Method::kPost:
      return bhttp::verb::post;
    case Method::kPut:
      return bhttp::verb::put;
    case Method::kPatch:
      return bhttp::verb::patch;
    case Method::kDelete:
      return bhttp::verb::delete_;
    case Method::kOptions:
      return bhttp::verb::options;
    case Method::kOther:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string LowerCase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Errors that mean "the server had already closed this kept-alive connection".
bool IsStaleConnection(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::connection_aborted;
}

}  // namespace

std::string_view ClientResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

struct Client::Impl {
  std::string host;
  uint16_t port;
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool connected = false;

  // Runs the io_context until the started asynchronous operation has finished; the stream's
  // deadline bounds it.
  void RunUntilDone() {
    ioc.restart();
    ioc.run();
  }

  beast::error_code Connect() {
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (ec) return ec;
    stream.expires_after(kOperationTimeout);
    stream.async_connect(endpoints,
                         [&ec](const beast::error_code& e, const tcp::endpoint&) { ec = e; });
    RunUntilDone();
    if (!ec) {
      stream.socket().set_option(tcp::no_delay(true), ec);
      connected = true;
      buffer.clear();
    }
    return ec;
  }

  void Disconnect() {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    connected = false;
    buffer.clear();
  }

  // One request/response exchange on the current connection.
  beast::error_code Exchange(const bhttp::request<bhttp::string_body>& request, bool head,
                             ClientResponse* out) {
    beast::error_code ec;
    stream.expires_after(kOperationTimeout);
    bhttp::async_write(stream, request, [&ec](const beast::error_code& e, size_t) { ec = e; });
    RunUntilDone();
    if (ec) return ec;

    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(kMaxResponseBody);
    parser.header_limit(kMaxResponseHeader);
    parser.skip(head);  // a HEAD answer has Content-Length but no body
    stream.expires_after(kOperationTimeout);
    bhttp::async_read(stream, buffer, parser,
                      [&ec](const beast::error_code& e, size_t) { ec = e; });
    RunUntilDone();
    if (ec) return ec;

    auto& message = parser.get();
    out->status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      out->headers.emplace_back(LowerCase(field.name_string()), std::string(field.value()));
    }
    out->body = std::move(message.body());
    if (!message.keep_alive()) Disconnect();
    return ec;
  }
};

Client::Client(std::string host, uint16_t port) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

Client::~Client() = default;

Result<ClientResponse> Client::Send(Method method, const std::string& target,
                                    const HeaderList& headers, const std::string& body) {
  const std::optional<bhttp::verb> verb = ToVerb(method);
  if (!verb) return Status::InvalidArgument("unsupported_method");

  bhttp::request<bhttp::string_body> request{*verb, target, 11};
  bool has_host = false;
  for (const auto& [name, value] : headers) {
    has_host = has_host || EqualsIgnoreCase(name, "host");
    request.insert(name, value);
  }
  if (!has_host) request.set(bhttp::field::host, impl_->host + ":" + std::to_string(impl_->port));
  request.keep_alive(true);
  if (!body.empty() || IsStateChanging(method)) {
    request.body() = body;
    request.content_length(body.size());
  }

  // A kept-alive connection may have been closed by the server meanwhile (idle timeout,
  // shutdown): then reconnect once and send again.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = impl_->connected;
    if (!impl_->connected) {
      if (beast::error_code ec = impl_->Connect()) return Status::Unavailable("connect_failed");
    }
    ClientResponse response;
    const beast::error_code ec = impl_->Exchange(request, method == Method::kHead, &response);
    if (!ec) return response;
    impl_->Disconnect();
    if (!reused || !IsStaleConnection(ec)) {
      return Status::Unavailable(ec == beast::error::timeout ? "timeout" : "exchange_failed");
    }
  }
  return Status::Unavailable("exchange_failed");
}

}  // namespace shouhu::http
