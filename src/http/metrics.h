// Metrics: Prometheus counters and histograms for requests, latency and connections. All
// methods are thread-safe (atomics and a mutex around the label map).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace shouhu::http {

class Metrics {
 public:
  // route: the matched pattern, or "static" / "unmatched", never a raw path (no ids in labels).
  void RecordRequest(const std::string& route, int status, double seconds);
  void ConnectionOpened() { open_connections_.fetch_add(1); }
  void ConnectionClosed() { open_connections_.fetch_sub(1); }
  int64_t open_connections() const { return open_connections_.load(); }
  // Extra exposition text (e.g. database pool gauges), appended to Render().
  void SetExtra(std::function<std::string()> extra);
  std::string Render() const;

 private:
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::array<uint64_t, kBuckets.size()> bucket_counts_{};
  uint64_t latency_count_ = 0;
  double latency_sum_ = 0;
  std::atomic<int64_t> open_connections_{0};
  std::function<std::string()> extra_;
};

}  // namespace shouhu::http
