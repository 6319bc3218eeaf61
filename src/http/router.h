// Router: maps (method, path) to a handler. Patterns are literal segments and "{name}"
// placeholders, e.g. "/api/v1/users/{id}". Built once at start-up, then read-only and safe to
// share across threads.
#pragma once

#include <functional>
#include <map>
#include <string>
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
};

class Router {
 public:
  void Add(Method method, std::string pattern, Handler handler, bool blocking = true,
           std::string summary = {});

  struct Match {
    const Route* route = nullptr;        // null when nothing matched
    bool method_not_allowed = false;     // path matched under another method
    std::map<std::string, std::string> params;
  };
  Match Find(Method method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace shouhu::http
