#include "security/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace shouhu::security {

RateLimiter::RateLimiter(const Clock& clock, int per_minute, int burst, size_t max_keys)
    : clock_(clock),
      per_ms_(static_cast<double>(std::max(per_minute, 1)) / 60'000.0),
      burst_(static_cast<double>(std::max(burst, 1))),
      max_keys_(max_keys) {}

bool RateLimiter::Allow(const std::string& key, int64_t* retry_after_s) {
  const int64_t now = clock_.NowMillis();
  std::lock_guard lock(mu_);
  if (buckets_.size() >= max_keys_) PruneLocked(now);
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  b.tokens = std::min(burst_, b.tokens + static_cast<double>(now - b.updated_ms) * per_ms_);
  b.updated_ms = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  if (retry_after_s != nullptr) {
    *retry_after_s = static_cast<int64_t>(std::ceil((1.0 - b.tokens) / per_ms_ / 1000.0));
  }
  return false;
}

void RateLimiter::PruneLocked(int64_t now_ms) {
  // A bucket that has refilled completely carries no information; drop it.
  std::erase_if(buckets_, [&](const auto& kv) {
    return kv.second.tokens + static_cast<double>(now_ms - kv.second.updated_ms) * per_ms_ >=
           burst_;
  });
  if (buckets_.size() >= max_keys_) buckets_.clear();  // under attack: fail open per key, not all
}

}  // namespace shouhu::security
