// Dispatcher: everything between a parsed Request and the Response to send, without a socket:
// routing, static files, error rendering, handler exceptions -> 500, security headers and
// X-Request-Id. Read-only after construction; safe to use from many threads at once.
#pragma once

#include <optional>
#include <string>

#include "core/random.h"
#include "core/status.h"
#include "http/message.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"

namespace shouhu::http {

class Dispatcher {
 public:
  // All references must outlive the dispatcher. `tls`: responses get HSTS.
  Dispatcher(const Router& router, const StaticFiles& static_files, ErrorRenderer errors,
             Random& random, bool tls);

  // The outcome of routing: a handler to call (the caller picks the thread by
  // route->blocking), or a finished response (static file, 404, 405).
  struct Plan {
    const Route* route = nullptr;
    std::optional<Response> response;
    std::string metrics_label;  // the pattern, "static" or "unmatched"
  };
  // Fills req.path_params and req.route_pattern on a match.
  Plan Route(Request& req) const;

  // Calls the handler; an exception becomes a logged 500.
  Response Invoke(const shouhu::http::Route& route, Request& req) const;

  // Renders `status` through the ErrorRenderer and forces `http_status`.
  Response Error(const Request& req, const Status& status, int http_status) const;

  // Last step for every response: security headers and an X-Request-Id when the handler set none.
  void Finish(const Request& req, Response* res) const;

  bool tls() const { return tls_; }
  // The body limit of the route the request's header names (0: the server's).
  size_t BodyLimit(const Request& req) const { return router_.BodyLimit(req.method, req.path); }
  size_t MaxBodyLimit() const { return router_.MaxBodyLimit(); }

 private:
  const Router& router_;
  const StaticFiles& static_files_;
  ErrorRenderer errors_;
  Random& random_;
  bool tls_;
};

}  // namespace shouhu::http
