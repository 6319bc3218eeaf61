// Router: maps (method, path) to a handler. Patterns are literal segments and "{name}"
// placeholders, e.g. "/api/v1/users/{id}". Built once at start-up, then read-only and safe to
// share across threads.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace shouhu::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  Method method;
  std::string pattern;
  Handler handler;
  // Handlers that may wait on the database (group commit, pool) run on the worker pool; the
  // rest (health, metrics, static) run on the I/O thread.
  bool blocking = true;
  std::string summary;  // one line for the OpenAPI document
  // A larger request body this route accepts (an upload); 0: the server's max_body_bytes.
  size_t max_body_bytes = 0;
  // A blocking handler that only reads the database and leaves its writes to settle after it
  // returns (Response::settle_first): it runs on the I/O thread when ServerOptions::inline_ready
  // says a read would not wait, else on the worker pool.
  bool inline_when_ready = false;
};

// Matching: a "{name}" placeholder matches one non-empty segment; where several patterns match,
// the one with a literal segment at the first differing position wins ("/users/me" beats
// "/users/{id}"). HEAD requests match GET routes unless a HEAD route is registered.
class Router {
 public:
  // `pattern` must start with '/'.
  void Add(Method method, std::string pattern, Handler handler, bool blocking = true,
           std::string summary = {});

  struct Match {
    const Route* route = nullptr;     // null when nothing matched
    bool method_not_allowed = false;  // path matched under another method
    std::vector<Method> allowed;      // with method_not_allowed: for the Allow header
    std::map<std::string, std::string> params;
  };
  Match Find(Method method, std::string_view path) const;
  // Lets the route (method, exact pattern) accept bodies up to `bytes`; false when no such route.
  bool SetBodyLimit(Method method, std::string_view pattern, size_t bytes);
  // The body limit of the route `path` matches, or 0 (the server's) when none or unset.
  size_t BodyLimit(Method method, std::string_view path) const;
  // The largest body limit any route has (0 when none is set).
  size_t MaxBodyLimit() const;
  // "GET, HEAD, POST" for an Allow header.
  static std::string AllowHeader(const std::vector<Method>& methods);

  // Marks the route added for (method, pattern) Route::inline_when_ready; false when there is
  // none.
  bool RunInlineWhenReady(Method method, std::string_view pattern);

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;  // parallel to routes_
};

}  // namespace shouhu::http
