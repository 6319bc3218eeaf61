// RateLimiter: a token bucket per key (client IP) on an injected clock. Thread-safe (one mutex);
// idle buckets are pruned so memory stays bounded under a spray of addresses, and when that is
// not enough the fullest buckets go first: a key at its limit keeps its empty bucket.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace shouhu::security {

class RateLimiter {
 public:
  // `per_minute` tokens refill per minute, up to `burst`.
  RateLimiter(const Clock& clock, int per_minute, int burst, size_t max_keys = 100'000);
  // Takes one token; false (and `retry_after_s` set) when the bucket is empty.
  bool Allow(const std::string& key, int64_t* retry_after_s = nullptr);
  // How many keys have a bucket; never more than `max_keys`.
  size_t TrackedKeys();

 private:
  struct Bucket {
    double tokens;
    int64_t updated_ms;
  };
  void PruneLocked(int64_t now_ms);

  const Clock& clock_;
  const double per_ms_;
  const double burst_;
  const size_t max_keys_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace shouhu::security
