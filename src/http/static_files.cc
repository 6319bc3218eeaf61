#include "http/static_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <optional>
#include <utility>

namespace shouhu::http {

namespace {

struct ContentTypeEntry {
  std::string_view extension;
  std::string_view content_type;
};

constexpr std::array<ContentTypeEntry, 11> kContentTypes{{
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
    {"txt", "text/plain; charset=utf-8"},
    {"map", "application/json"},
}};

// Build output under /assets/ carries a content hash in its name, so it may be cached for good;
// everything else (index.html above all) must be revalidated so a deploy takes effect.
constexpr std::string_view kHashedAssetsPrefix = "/assets/";
constexpr std::string_view kImmutableCache = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidateCache = "no-cache";

std::string_view LastSegment(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::optional<std::string> RealPath(const std::string& path) {
  char buf[PATH_MAX];
  if (::realpath(path.c_str(), buf) == nullptr) return std::nullopt;
  return std::string(buf);
}

// Reads a regular file without following a symlink in its last component.
std::optional<std::string> ReadRegularFile(const std::string& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::optional<std::string> out;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    std::string data(static_cast<size_t>(st.st_size), '\0');
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::read(fd, data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    data.resize(done);
    out = std::move(data);
  }
  ::close(fd);
  return out;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  if (root.empty()) return;
  std::optional<std::string> canonical = RealPath(root);
  struct stat st {};
  if (!canonical || ::stat(canonical->c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return;
  root_ = std::move(*canonical);
  if (root_ == "/") root_.clear();  // serving the whole file system is never intended
}

std::string_view StaticFiles::ContentType(std::string_view file_name) {
  const size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const std::string_view extension = file_name.substr(dot + 1);
  for (const auto& entry : kContentTypes) {
    if (EqualsIgnoreCase(entry.extension, extension)) return entry.content_type;
  }
  return "application/octet-stream";
}

StaticFiles::Lookup StaticFiles::Resolve(std::string_view path, std::string* file) const {
  if (path.empty() || path.front() != '/') return Lookup::kRejected;
  // A '%' left after the one decode means double encoding ("%252e"); never legitimate here.
  if (path.find_first_of(std::string_view("\\%\0", 3)) != std::string_view::npos) {
    return Lookup::kRejected;
  }
  std::string current = root_;
  std::string_view rest = path.substr(1);
  struct stat st {};
  bool is_dir = true;  // the root itself
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    const bool last = slash == std::string_view::npos || slash + 1 == rest.size();
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    // Empty segments ("//etc") and dot segments (".", "..", dotfiles) are never served.
    if (segment.empty() || segment.front() == '.') return Lookup::kRejected;
    current += '/';
    current += segment;
    if (::lstat(current.c_str(), &st) != 0) {
      return errno == ENOENT || errno == ENOTDIR ? Lookup::kMissing : Lookup::kRejected;
    }
    if (S_ISLNK(st.st_mode)) return Lookup::kRejected;
    is_dir = S_ISDIR(st.st_mode);
    if (!last && !is_dir) return Lookup::kMissing;
  }
  if (is_dir) {
    current += "/index.html";
    if (::lstat(current.c_str(), &st) != 0) return Lookup::kMissing;
    if (S_ISLNK(st.st_mode)) return Lookup::kRejected;
  }
  if (!S_ISREG(st.st_mode)) return Lookup::kRejected;
  // Belt and braces: the canonical location must still be inside the root.
  const std::optional<std::string> canonical = RealPath(current);
  if (!canonical || canonical->compare(0, root_.size() + 1, root_ + "/") != 0) {
    return Lookup::kRejected;
  }
  *file = std::move(current);
  return Lookup::kFound;
}

Result<Response> StaticFiles::Serve(Method method, std::string_view path) const {
  const Status not_found = Status::NotFound("not_found");
  if (!enabled() || (method != Method::kGet && method != Method::kHead)) return not_found;
  std::string file;
  Lookup lookup = Resolve(path, &file);
  bool fallback = false;
  if (lookup == Lookup::kMissing && LastSegment(path).find('.') == std::string_view::npos) {
    lookup = Resolve("/", &file);
    fallback = true;
  }
  if (lookup != Lookup::kFound) return not_found;
  std::optional<std::string> body = ReadRegularFile(file);
  if (!body) return not_found;

  Response res = Response::Text(200, std::move(*body), std::string(ContentType(file)));
  const bool hashed =
      !fallback && path.substr(0, kHashedAssetsPrefix.size()) == kHashedAssetsPrefix;
  res.SetHeader("Cache-Control", std::string(hashed ? kImmutableCache : kRevalidateCache));
  return res;
}

}  // namespace shouhu::http
