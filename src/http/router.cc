#include "http/router.h"

#include <algorithm>
#include <cassert>

namespace shouhu::http {

namespace {

// "/a/{id}/" -> {"a", "{id}", ""}. The leading '/' is dropped; every other '/' separates.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsPlaceholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Matches `path` against a compiled pattern; on success fills `params` and `literal_mask`
// (one flag per segment, true where the pattern has a literal) for ranking.
bool MatchSegments(const std::vector<std::string>& pattern,
                   const std::vector<std::string_view>& path,
                   std::map<std::string, std::string>* params, std::vector<bool>* literal_mask) {
  if (pattern.size() != path.size()) return false;
  params->clear();
  literal_mask->clear();
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& want = pattern[i];
    if (IsPlaceholder(want)) {
      if (path[i].empty()) return false;
      (*params)[want.substr(1, want.size() - 2)] = std::string(path[i]);
      literal_mask->push_back(false);
    } else {
      if (want != path[i]) return false;
      literal_mask->push_back(true);
    }
  }
  return true;
}

bool MethodMatches(Method route_method, Method request_method) {
  return route_method == request_method ||
         (request_method == Method::kHead && route_method == Method::kGet);
}

}  // namespace

void Router::Add(Method method, std::string pattern, Handler handler, bool blocking,
                 std::string summary) {
  assert(!pattern.empty() && pattern.front() == '/');
  std::vector<std::string> segments;
  for (std::string_view s : SplitPath(pattern)) segments.emplace_back(s);
  segments_.push_back(std::move(segments));
  routes_.push_back(
      Route{method, std::move(pattern), std::move(handler), blocking, std::move(summary)});
}

bool Router::SetBodyLimit(Method method, std::string_view pattern, size_t bytes) {
  for (Route& r : routes_) {
    if (r.method == method && r.pattern == pattern) {
      r.max_body_bytes = bytes;
      return true;
    }
  }
  return false;
}

bool Router::RunInlineWhenReady(Method method, std::string_view pattern) {
  for (Route& route : routes_) {
    if (route.method == method && route.pattern == pattern) {
      route.inline_when_ready = true;
      return true;
    }
  }
  return false;
}

size_t Router::BodyLimit(Method method, std::string_view path) const {
  const Match m = Find(method, path);
  return m.route != nullptr ? m.route->max_body_bytes : 0;
}

size_t Router::MaxBodyLimit() const {
  size_t most = 0;
  for (const Route& r : routes_) most = std::max(most, r.max_body_bytes);
  return most;
}

Router::Match Router::Find(Method method, std::string_view path) const {
  Match best;
  std::vector<bool> best_mask;
  bool best_exact_method = false;
  const std::vector<std::string_view> parts = SplitPath(path);
  if (parts.empty()) return best;

  std::map<std::string, std::string> params;
  std::vector<bool> mask;
  for (size_t i = 0; i < routes_.size(); ++i) {
    if (!MatchSegments(segments_[i], parts, &params, &mask)) continue;
    const Route& route = routes_[i];
    if (!MethodMatches(route.method, method)) {
      best.allowed.push_back(route.method);
      if (route.method == Method::kGet) best.allowed.push_back(Method::kHead);
      continue;
    }
    // Rank: more specific pattern first; then an explicit HEAD route over a GET one.
    const bool exact_method = route.method == method;
    const bool better = best.route == nullptr || mask > best_mask ||
                        (mask == best_mask && exact_method && !best_exact_method);
    if (!better) continue;
    best.route = &route;
    best.params = params;
    best_mask = mask;
    best_exact_method = exact_method;
  }
  if (best.route != nullptr) {
    best.allowed.clear();
    return best;
  }
  std::sort(best.allowed.begin(), best.allowed.end());
  best.allowed.erase(std::unique(best.allowed.begin(), best.allowed.end()), best.allowed.end());
  best.method_not_allowed = !best.allowed.empty();
  return best;
}

std::string Router::AllowHeader(const std::vector<Method>& methods) {
  std::string out;
  for (Method m : methods) {
    if (!out.empty()) out += ", ";
    out += MethodName(m);
  }
  return out;
}

}  // namespace shouhu::http
