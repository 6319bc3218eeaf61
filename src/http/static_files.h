// StaticFiles: serves the built web app from one folder, with no way out of it (no "..", no
// encoded tricks, no symlinks) and a history-mode SPA fallback to index.html. Immutable after
// construction; safe to share across threads. Files are read from disk on every request.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "http/message.h"

namespace shouhu::http {

class StaticFiles {
 public:
  // `root` is canonicalised once; when it is empty or not a directory every lookup is NotFound.
  explicit StaticFiles(const std::string& root);

  bool enabled() const { return !root_.empty(); }
  const std::string& root() const { return root_; }

  // `path` is the request path, percent-decoded exactly once. Only GET and HEAD are served; for
  // HEAD the body is filled too and the server drops it after setting Content-Length. Misses,
  // rejected paths and any symlink give NotFound. A GET/HEAD miss whose last segment has no '.'
  // (a client-side route such as "/plans/42") serves index.html.
  Result<Response> Serve(Method method, std::string_view path) const;

  // Content-Type for a file name by extension; "application/octet-stream" when unknown.
  static std::string_view ContentType(std::string_view file_name);

 private:
  enum class Lookup { kFound, kMissing, kRejected };
  Lookup Resolve(std::string_view path, std::string* file) const;

  std::string root_;  // canonical, no trailing '/'
};

}  // namespace shouhu::http
