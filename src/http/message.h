// Request and Response: the project's own HTTP message types. Handlers see only these, never a
// socket or a Beast type. A Request is owned by one connection at a time; not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace shouhu::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

const char* MethodName(Method m);
// True for methods that change state (POST, PUT, PATCH, DELETE): these need the CSRF token.
bool IsStateChanging(Method m);

using HeaderList = std::vector<std::pair<std::string, std::string>>;  // names lower-case

// A Status that becomes known later, set once from any thread: what a response waits for before
// it may be sent (e.g. its audit row's commit). Thread-safe.
class Settlement {
 public:
  // Sets the outcome (the first call wins) and runs the waiter, if one is registered, on this
  // thread.
  void Settle(Status outcome);
  // The outcome when already settled; otherwise nullopt, and `waiter` runs once it is (on the
  // settling thread). At most one waiter.
  std::optional<Status> Then(std::function<void(const Status&)> waiter);
  // The outcome when already settled.
  std::optional<Status> Peek();

 private:
  std::mutex mu_;
  std::optional<Status> outcome_;
  std::function<void(const Status&)> waiter_;
};

struct Request {
  Method method = Method::kGet;
  std::string target;  // as received: path plus optional "?query"
  std::string path;    // percent-decoded path, no query
  std::string query;   // raw query string without '?'
  HeaderList headers;
  std::string body;
  std::string client_address;  // peer IP, no port
  bool tls = false;
  // Set by the server, which honours Response::settle_first: a handler may then answer before
  // what its answer depends on is durable, without holding a thread for the wait.
  bool may_settle_later = false;

  // Filled by the router: "{id}" -> value, and the matched pattern (for metrics and audit).
  std::map<std::string, std::string> path_params;
  std::string route_pattern;

  // Case-insensitive header lookup; empty when absent.
  std::string_view Header(std::string_view name) const;
  std::optional<std::string> CookieValue(std::string_view name) const;
  // Percent-decoded query parameter ('+' is a space); the first occurrence wins. Nullopt when
  // absent or when its encoding is malformed.
  std::optional<std::string> QueryParam(std::string_view name) const;
  std::string_view PathParam(const std::string& name) const;
};

struct Response {
  int status = 200;
  HeaderList headers;
  std::string body;
  // When set (only if the request allowed it), the server sends this response only once the
  // settlement is Ok; otherwise it answers 503 with the settlement's error.
  std::shared_ptr<Settlement> settle_first;

  void SetHeader(std::string name, std::string value);
  void AddHeader(std::string name, std::string value);  // repeated headers, e.g. Set-Cookie
  std::string_view Header(std::string_view name) const;

  static Response Json(int status, std::string body);
  static Response Text(int status, std::string body, std::string content_type);
};

// Decodes "%XX" escapes (and '+' as a space when `plus_is_space`, as in query strings).
// Returns nullopt for a malformed escape ("%", "%4", "%zz").
std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space);

// ASCII case-insensitive equality, for header names.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace shouhu::http
