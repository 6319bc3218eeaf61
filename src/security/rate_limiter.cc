#include "security/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <vector>

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
  if (buckets_.size() < max_keys_) return;
  // Under a spray of addresses: drop the fuller half of the buckets. The emptiest ones, the keys
  // closest to their limit, stay, so a spray cannot reset the limit of an address that hit it.
  std::vector<std::pair<double, std::string>> by_tokens;
  by_tokens.reserve(buckets_.size());
  for (const auto& [key, b] : buckets_) {
    by_tokens.emplace_back(b.tokens + static_cast<double>(now_ms - b.updated_ms) * per_ms_, key);
  }
  const size_t keep = max_keys_ / 2;
  std::nth_element(by_tokens.begin(), by_tokens.begin() + static_cast<std::ptrdiff_t>(keep),
                   by_tokens.end());
  for (size_t i = keep; i < by_tokens.size(); ++i) buckets_.erase(by_tokens[i].second);
}

size_t RateLimiter::TrackedKeys() {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace shouhu::security
