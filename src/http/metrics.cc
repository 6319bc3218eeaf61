#include "http/metrics.h"

#include <fmt/format.h>

namespace shouhu::http {

namespace {

// Escapes a label value per the Prometheus text format: backslash, double quote, newline.
std::string EscapeLabel(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

void Metrics::RecordRequest(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, status}];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++bucket_counts_[i];
      break;
    }
  }
  ++latency_count_;
  latency_sum_ += seconds;
}

void Metrics::SetExtra(std::function<std::string()> extra) {
  std::lock_guard lock(mu_);
  extra_ = std::move(extra);
}

std::string Metrics::Render() const {
  std::string out;
  std::function<std::string()> extra;
  {
    std::lock_guard lock(mu_);
    out += "# HELP shouhu_http_requests_total HTTP responses by route pattern and status.\n";
    out += "# TYPE shouhu_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
      out += fmt::format("shouhu_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         EscapeLabel(key.first), key.second, count);
    }
    out +=
        "# HELP shouhu_http_request_duration_seconds Time from reading a request to its response "
        "being ready.\n";
    out += "# TYPE shouhu_http_request_duration_seconds histogram\n";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += bucket_counts_[i];
      out += fmt::format("shouhu_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                         kBuckets[i], cumulative);
    }
    out += fmt::format("shouhu_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n",
                       latency_count_);
    out += fmt::format("shouhu_http_request_duration_seconds_sum {}\n", latency_sum_);
    out += fmt::format("shouhu_http_request_duration_seconds_count {}\n", latency_count_);
    extra = extra_;
  }
  out += "# HELP shouhu_http_open_connections Open client connections.\n";
  out += "# TYPE shouhu_http_open_connections gauge\n";
  out += fmt::format("shouhu_http_open_connections {}\n", open_connections_.load());
  // Called outside the lock: the callback may take its own locks (e.g. a database pool's).
  if (extra) {
    std::string text = extra();
    if (!text.empty() && text.back() != '\n') text.push_back('\n');
    out += text;
  }
  return out;
}

}  // namespace shouhu::http
