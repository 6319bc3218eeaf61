// One of the two translation units that include Beast (with client.cc): listener and connections.
// Everything that does not need a socket lives in Dispatcher.
#include "http/server.h"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <array>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <csignal>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <type_traits>
#include <vector>

#include "http/dispatcher.h"
#include "http/static_files.h"

namespace shouhu::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using std::chrono::steady_clock;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
// After answering early (413, 503, 400) the client may still be sending; reading and dropping
// that for a moment lets it see the answer instead of a reset.
constexpr std::chrono::milliseconds kLingerTimeout{1'000};
constexpr size_t kLingerMaxBytes = 256 << 10;
constexpr size_t kReadChunkBytes = 4096;
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

using TcpStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

Method FromVerb(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::patch:
      return Method::kPatch;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

std::string LowerCase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Copies method, target, path (decoded once) and headers. False when the path's percent-encoding
// is malformed.
bool FillFromHeader(const BeastRequest& in, Request* out) {
  out->method = FromVerb(in.method());
  out->target = std::string(in.target());
  const size_t question = out->target.find('?');
  const std::string_view raw_path = std::string_view(out->target).substr(0, question);
  out->query = question == std::string::npos ? std::string() : out->target.substr(question + 1);
  for (const auto& field : in) {
    out->headers.emplace_back(LowerCase(field.name_string()), std::string(field.value()));
  }
  std::optional<std::string> path = PercentDecode(raw_path, false);
  if (!path) return false;
  out->path = std::move(*path);
  return true;
}

bool IsHttpProtocolError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

// HSTS is due when a terminator in front speaks TLS, or when we do.
bool ServesTls(const ServerOptions& options) {
  return options.tls || (!options.tls_cert_file.empty() && !options.tls_key_file.empty());
}

// A live connection as Stop() sees it. `awaiting_request` and `cancel` are touched only on the
// connection's I/O thread (`executor`).
struct ConnectionHandle {
  asio::any_io_executor executor;
  bool awaiting_request = true;
  std::function<void()> cancel;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions opts, const Router& router, Metrics& metrics, ErrorRenderer errors,
       Random* random)
      : options(std::move(opts)),
        metrics(metrics),
        static_files(options.static_root),
        owned_random(random == nullptr ? std::make_unique<CryptoRandom>() : nullptr),
        dispatcher(router, static_files, std::move(errors),
                   random == nullptr ? *owned_random : *random, ServesTls(options)),
        iocs(MakeContexts(options.io_threads)),
        acceptor(*iocs.front()),
        workers(static_cast<size_t>(std::max(1, options.worker_threads))) {}

  // One event loop per I/O thread (concurrency hint 1: one thread runs it).
  static std::vector<std::unique_ptr<asio::io_context>> MakeContexts(int threads) {
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (int i = 0; i < std::max(1, threads); ++i)
      out.push_back(std::make_unique<asio::io_context>(1));
    return out;
  }

  Status Bind();
  Status LoadTls();
  void Run();
  void Stop();

  asio::awaitable<void> AcceptLoop();
  asio::awaitable<void> ServeConnection(tcp::socket socket, bool admitted);
  template <class Stream>
  asio::awaitable<void> Session(Stream& stream, ConnectionHandle& handle, const std::string& peer,
                                bool admitted);
  asio::awaitable<Response> Handle(Request& req, std::string* label);
  // Waits, without holding the thread, until `settlement` is settled; resumes on the
  // connection's thread.
  asio::awaitable<Status> Settled(std::shared_ptr<Settlement> settlement);
  template <class Stream>
  asio::awaitable<bool> Write(Stream& stream, const Request& req, Response res, bool keep_alive,
                              const std::string& label, steady_clock::time_point start);
  template <class Stream>
  asio::awaitable<void> Close(Stream& stream, bool linger);

  // Order matters for destruction: state used by coroutine frames is declared before `iocs`,
  // and `workers` (whose queued work may own such frames) after it, so it is joined first.
  ServerOptions options;
  Metrics& metrics;
  StaticFiles static_files;
  std::unique_ptr<Random> owned_random;
  Dispatcher dispatcher;
  std::optional<asio::ssl::context> tls_context;  // set when serving HTTPS ourselves

  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;                              // guarded by mu
  int admitted_connections = 0;                             // guarded by mu
  std::set<std::shared_ptr<ConnectionHandle>> connections;  // guarded by mu
  std::atomic<bool> stopping{false};

  std::vector<std::unique_ptr<asio::io_context>> iocs;  // one per I/O thread
  size_t next_context = 0;                              // the accept loop's round robin
  tcp::acceptor acceptor;                               // on the first I/O thread
  asio::thread_pool workers;
  std::optional<asio::signal_set> signals;
};

Status Server::Impl::LoadTls() {
  if (options.tls_cert_file.empty() || options.tls_key_file.empty()) return Status::Ok();
  asio::ssl::context ctx(asio::ssl::context::tls_server);
  beast::error_code ec;
  ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                  ec);
  if (!ec) ctx.use_certificate_chain_file(options.tls_cert_file, ec);
  if (!ec) ctx.use_private_key_file(options.tls_key_file, asio::ssl::context::pem, ec);
  if (ec) {
    spdlog::error("cannot load TLS certificate or key: {}", ec.message());
    return Status::InvalidArgument("tls_certificate_invalid");
  }
  tls_context.emplace(std::move(ctx));
  return Status::Ok();
}

Status Server::Impl::Bind() {
  SHOUHU_RETURN_IF_ERROR(LoadTls());
  beast::error_code ec;
  tcp::resolver resolver(*iocs.front());
  const auto endpoints =
      resolver.resolve(options.host, std::to_string(options.port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    spdlog::error("cannot resolve listen address {}: {}", options.host, ec.message());
    return Status::InvalidArgument("listen_address_invalid");
  }
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    spdlog::error("cannot listen on {}:{}: {}", options.host, options.port, ec.message());
    beast::error_code ignored;
    acceptor.close(ignored);
    return Status::Unavailable("bind_failed");
  }
  return Status::Ok();
}

asio::awaitable<void> Server::Impl::AcceptLoop() {
  while (!stopping.load()) {
    asio::io_context& target = *iocs[next_context];
    next_context = (next_context + 1) % iocs.size();
    auto [ec, socket] =
        co_await acceptor.async_accept(asio::any_io_executor(target.get_executor()), kUseTuple);
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Typically out of file descriptors; back off instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      asio::steady_timer timer(acceptor.get_executor(), kAcceptRetryDelay);
      co_await timer.async_wait(kUseTuple);
      continue;
    }
    metrics.ConnectionOpened();
    bool admitted = false;
    {
      std::lock_guard lock(mu);
      admitted = admitted_connections < options.max_connections;
      if (admitted) ++admitted_connections;
    }
    const asio::any_io_executor executor = socket.get_executor();
    asio::co_spawn(executor, ServeConnection(std::move(socket), admitted),
                   [](std::exception_ptr e) {
                     if (!e) return;
                     try {
                       std::rethrow_exception(e);
                     } catch (const std::exception& ex) {
                       spdlog::error("connection ended by exception: {}", ex.what());
                     } catch (...) {
                       spdlog::error("connection ended by a non-standard exception");
                     }
                   });
  }
}

asio::awaitable<void> Server::Impl::ServeConnection(tcp::socket socket, bool admitted) {
  auto handle = std::make_shared<ConnectionHandle>();
  handle->executor = socket.get_executor();
  {
    std::lock_guard lock(mu);
    connections.insert(handle);
  }
  // Runs when the coroutine ends or its frame is destroyed with a stopped io_context.
  struct Unregister {
    Impl* impl;
    std::shared_ptr<ConnectionHandle> handle;
    bool admitted;
    ~Unregister() {
      handle->cancel = nullptr;
      impl->metrics.ConnectionClosed();
      std::lock_guard lock(impl->mu);
      impl->connections.erase(handle);
      if (admitted) --impl->admitted_connections;
      impl->cv.notify_all();
    }
  } unregister{this, handle, admitted};

  beast::error_code ec;
  const tcp::endpoint peer_endpoint = socket.remote_endpoint(ec);
  const std::string peer = ec ? std::string() : peer_endpoint.address().to_string();

  if (!tls_context) {
    TcpStream stream(std::move(socket));
    handle->cancel = [&stream] { stream.cancel(); };
    co_await Session(stream, *handle, peer, admitted);
    co_return;
  }
  TlsStream stream(TcpStream(std::move(socket)), *tls_context);
  handle->cancel = [&stream] { beast::get_lowest_layer(stream).cancel(); };
  beast::get_lowest_layer(stream).expires_after(options.header_timeout);
  auto [handshake_ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kUseTuple);
  if (handshake_ec) co_return;
  co_await Session(stream, *handle, peer, admitted);
}

template <class Stream>
asio::awaitable<void> Server::Impl::Session(Stream& stream, ConnectionHandle& handle,
                                            const std::string& peer, bool admitted) {
  auto& tcp_layer = beast::get_lowest_layer(stream);
  Request bare;  // for answers given before a request could be read
  bare.client_address = peer;
  bare.tls = dispatcher.tls();
  bare.may_settle_later = true;

  if (!admitted) {
    Response res = dispatcher.Error(bare, Status::Unavailable("too_many_connections"), 503);
    res.SetHeader("Retry-After", "1");
    co_await Write(stream, bare, std::move(res), false, "unmatched", steady_clock::now());
    co_await Close(stream, true);
    co_return;
  }

  beast::flat_buffer buffer;
  bool first_request = true;
  while (!stopping.load()) {
    handle.awaiting_request = true;
    if (!first_request && buffer.size() == 0) {
      // Keep-alive: wait for the next request's first byte under the idle limit.
      tcp_layer.expires_after(options.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunkBytes), kUseTuple);
      if (ec) co_return;
      buffer.commit(n);
    }
    first_request = false;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    // Until the header names the route, the largest limit any route has: a body limit below a
    // Content-Length fails the header itself.
    parser.body_limit(std::max<std::uint64_t>(options.max_body_bytes, dispatcher.MaxBodyLimit()));
    // One deadline for the whole header, so a client trickling bytes is cut off.
    tcp_layer.expires_after(options.header_timeout);
    auto [header_ec, header_n] =
        co_await bhttp::async_read_header(stream, buffer, parser, kUseTuple);
    handle.awaiting_request = false;
    const auto start = steady_clock::now();

    Request req = bare;
    bool decoded = true;
    if (parser.is_header_done()) decoded = FillFromHeader(parser.get(), &req);
    beast::error_code ec = header_ec;
    // The route's own limit (an upload may take more than the default), now that it is known.
    if (decoded && !ec && parser.is_header_done()) {
      const std::uint64_t limit =
          std::max<std::uint64_t>(options.max_body_bytes, dispatcher.BodyLimit(req));
      parser.body_limit(limit);
      if (parser.content_length() && *parser.content_length() > limit)
        ec = bhttp::error::body_limit;
    }

    std::optional<Response> early;  // an answer that ends the connection
    if (!ec && !parser.is_done()) {
      if (EqualsIgnoreCase(req.Header("expect"), "100-continue")) {
        tcp_layer.expires_after(options.body_timeout);
        auto [continue_ec, continue_n] =
            co_await asio::async_write(stream, asio::buffer(kContinue), kUseTuple);
        if (continue_ec) co_return;
      }
      tcp_layer.expires_after(options.body_timeout);
      auto [body_ec, body_n] = co_await bhttp::async_read(stream, buffer, parser, kUseTuple);
      ec = body_ec;
    }
    if (ec == bhttp::error::body_limit) {
      early = dispatcher.Error(req, Status::PayloadTooLarge("payload_too_large"), 413);
    } else if (ec == bhttp::error::header_limit) {
      early = dispatcher.Error(req, Status::InvalidArgument("header_too_large"), 431);
    } else if (IsHttpProtocolError(ec) || (!ec && !decoded)) {
      early = dispatcher.Error(req, Status::InvalidArgument("bad_request"), 400);
    } else if (ec) {
      co_return;  // timeout, reset, end of stream, cancelled by Stop: nobody to answer
    }
    if (early) {
      co_await Write(stream, req, std::move(*early), false, "unmatched", start);
      co_await Close(stream, true);
      co_return;
    }

    BeastRequest message = parser.release();
    req.body = std::move(message.body());
    std::string label;
    Response res = co_await Handle(req, &label);
    if (res.settle_first) {
      const Status settled = co_await Settled(std::move(res.settle_first));
      if (!settled.ok()) res = dispatcher.Error(req, settled, 503);
    }
    const bool keep_alive = message.keep_alive() && !stopping.load();
    const bool written = co_await Write(stream, req, std::move(res), keep_alive, label, start);
    if (!written) co_return;
    if (!keep_alive) {
      co_await Close(stream, true);
      co_return;
    }
  }
}

asio::awaitable<Response> Server::Impl::Handle(Request& req, std::string* label) {
  Dispatcher::Plan plan = dispatcher.Route(req);
  *label = std::move(plan.metrics_label);
  if (plan.response) co_return std::move(*plan.response);
  const Route& route = *plan.route;
  if (!route.blocking ||
      (route.inline_when_ready && options.inline_ready && options.inline_ready())) {
    co_return dispatcher.Invoke(route, req);
  }
  // Run on the worker pool; the connection's coroutine resumes on its own thread afterwards.
  co_return co_await asio::co_spawn(
      workers.get_executor(),
      [this, &route, &req]() -> asio::awaitable<Response> {
        co_return dispatcher.Invoke(route, req);
      },
      asio::use_awaitable);
}

asio::awaitable<Status> Server::Impl::Settled(std::shared_ptr<Settlement> settlement) {
  std::optional<Status> outcome = settlement->Peek();
  if (outcome) co_return std::move(*outcome);
  // A timer that never expires, cancelled on this thread once the settlement is known.
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  auto signal = std::make_shared<asio::steady_timer>(executor, steady_clock::time_point::max());
  outcome = settlement->Then(
      [signal, executor](const Status&) { asio::post(executor, [signal] { signal->cancel(); }); });
  while (!outcome) {
    auto [ec] = co_await signal->async_wait(kUseTuple);
    outcome = settlement->Peek();
  }
  co_return std::move(*outcome);
}

template <class Stream>
asio::awaitable<bool> Server::Impl::Write(Stream& stream, const Request& req, Response res,
                                          bool keep_alive, const std::string& label,
                                          steady_clock::time_point start) {
  dispatcher.Finish(req, &res);
  BeastResponse out;
  out.version(11);
  out.result(static_cast<unsigned>(res.status));
  for (auto& [name, value] : res.headers) {
    // Framing is the server's business, whatever a handler set.
    if (EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "transfer-encoding") ||
        EqualsIgnoreCase(name, "connection")) {
      continue;
    }
    out.insert(name, value);
  }
  const bool bodiless_status = res.status == 204 || res.status == 304 || res.status < 200;
  if (!bodiless_status) out.content_length(res.body.size());
  // HEAD: same headers as GET, including Content-Length, but no body.
  if (req.method != Method::kHead && !bodiless_status) out.body() = std::move(res.body);
  out.keep_alive(keep_alive);

  // Recorded before sending, so a client that has its answer also finds it in /metrics.
  const std::chrono::duration<double> elapsed = steady_clock::now() - start;
  metrics.RecordRequest(label, res.status, elapsed.count());
  // The access log names the route pattern, never the raw path or query: those may carry ids or
  // search terms.
  spdlog::info(
      R"({{"event":"request","method":"{}","route":"{}","status":{},"us":{},"request_id":"{}"}})",
      MethodName(req.method), label, res.status,
      std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count(),
      res.Header("x-request-id"));
  beast::get_lowest_layer(stream).expires_after(options.body_timeout);
  auto [ec, n] = co_await bhttp::async_write(stream, out, kUseTuple);
  co_return !ec;
}

template <class Stream>
asio::awaitable<void> Server::Impl::Close(Stream& stream, bool linger) {
  auto& tcp_layer = beast::get_lowest_layer(stream);
  tcp_layer.expires_after(kLingerTimeout);
  if constexpr (std::is_same_v<Stream, TlsStream>) {
    auto [ec] = co_await stream.async_shutdown(kUseTuple);
  } else {
    beast::error_code ec;
    tcp_layer.socket().shutdown(tcp::socket::shutdown_send, ec);
    size_t drained = 0;
    std::array<char, kReadChunkBytes> scratch;
    while (linger && !ec && drained < kLingerMaxBytes) {
      auto [read_ec, n] = co_await tcp_layer.async_read_some(asio::buffer(scratch), kUseTuple);
      ec = read_ec;
      drained += n;
    }
  }
  tcp_layer.close();
}

void Server::Impl::Run() {
  if (!acceptor.is_open()) {
    const Status bound = Bind();
    if (!bound.ok()) return;
  }
  asio::co_spawn(acceptor.get_executor(), AcceptLoop(), [](std::exception_ptr e) {
    if (e) spdlog::error("accept loop ended by an exception");
  });
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  for (auto& ioc : iocs) {
    work.push_back(asio::make_work_guard(*ioc));
    threads.emplace_back([&ioc] { ioc->run(); });
  }
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [this] { return stop_requested; });
    if (!cv.wait_for(lock, options.shutdown_grace, [this] { return admitted_connections == 0; })) {
      spdlog::warn("shutdown grace over with {} connection(s) still open", admitted_connections);
    }
  }
  for (auto& ioc : iocs) ioc->stop();
  for (auto& thread : threads) thread.join();
  workers.stop();
  workers.join();
}

void Server::Impl::Stop() {
  {
    std::lock_guard lock(mu);
    if (stop_requested) return;
    stop_requested = true;
  }
  stopping.store(true);
  asio::post(acceptor.get_executor(), [this] {
    beast::error_code ignored;
    acceptor.close(ignored);
  });
  std::vector<std::shared_ptr<ConnectionHandle>> open;
  {
    std::lock_guard lock(mu);
    open.assign(connections.begin(), connections.end());
  }
  for (const auto& handle : open) {
    asio::post(handle->executor, [handle] {
      if (handle->awaiting_request && handle->cancel) handle->cancel();
    });
  }
  cv.notify_all();
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics, ErrorRenderer errors,
               Random* random)
    : impl_(
          std::make_unique<Impl>(std::move(options), router, metrics, std::move(errors), random)) {}

Server::~Server() = default;

Status Server::Bind() {
  return impl_->Bind();
}

uint16_t Server::port() const {
  beast::error_code ec;
  const tcp::endpoint endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void Server::Run() {
  impl_->Run();
}

void Server::Stop() {
  impl_->Stop();
}

void Server::StopOnSignals() {
  impl_->signals.emplace(*impl_->iocs.front(), SIGINT, SIGTERM);
  impl_->signals->async_wait([this](const beast::error_code& ec, int signal_number) {
    if (ec) return;
    spdlog::info("signal {} received; shutting down", signal_number);
    impl_->Stop();
  });
}

}  // namespace shouhu::http
