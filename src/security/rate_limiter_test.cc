#include "security/rate_limiter.h"

#include <gtest/gtest.h>

namespace shouhu::security {
namespace {

TEST(RateLimiterTest, AllowsBurstThenRefusesThenRefills) {
  SettableClock clock;
  RateLimiter limiter(clock, /*per_minute=*/6, /*burst=*/3);
  EXPECT_TRUE(limiter.Allow("10.0.0.1"));
  EXPECT_TRUE(limiter.Allow("10.0.0.1"));
  EXPECT_TRUE(limiter.Allow("10.0.0.1"));
  int64_t retry = 0;
  EXPECT_FALSE(limiter.Allow("10.0.0.1", &retry));
  EXPECT_EQ(retry, 10);  // one token per 10 s
  EXPECT_TRUE(limiter.Allow("10.0.0.2")) << "other addresses are unaffected";
  clock.Advance(std::chrono::seconds(10));
  EXPECT_TRUE(limiter.Allow("10.0.0.1"));
  EXPECT_FALSE(limiter.Allow("10.0.0.1"));
}

TEST(RateLimiterTest, MemoryStaysBounded) {
  SettableClock clock;
  RateLimiter limiter(clock, 60, 5, /*max_keys=*/100);
  // One address uses up its burst.
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(limiter.Allow("10.9.9.9"));
  ASSERT_FALSE(limiter.Allow("10.9.9.9"));
  // A spray of 10 000 other addresses, one request each, within the same second.
  for (int i = 0; i < 10'000; ++i) {
    EXPECT_TRUE(limiter.Allow("addr-" + std::to_string(i))) << i;
    ASSERT_LE(limiter.TrackedKeys(), 100u) << "after " << i;
  }
  // The spray neither evicts nor resets the address at its limit...
  EXPECT_FALSE(limiter.Allow("10.9.9.9"));
  // ...and a fresh address still gets its burst.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Allow("fresh")) << i;
  EXPECT_FALSE(limiter.Allow("fresh"));
}

}  // namespace
}  // namespace shouhu::security
