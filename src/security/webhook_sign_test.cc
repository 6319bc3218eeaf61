#include "security/webhook_sign.h"

#include <gtest/gtest.h>

namespace shouhu::security {
namespace {

// The expected signature is computed independently of this code (Python's hmac and base64):
//   base64(hmac_sha256(secret, "1767225600000\n" + secret)), then percent-encoded.
constexpr const char* kSecret = "SEC0123456789abcdef+/=";
constexpr int64_t kTimestamp = 1767225600000;
constexpr const char* kSign = "EhNweLVwTP7i0X4hct%2B9v3zW0IIZydncervpxf5ar54%3D";

TEST(WebhookSignTest, DingTalkSignatureMatchesAKnownVector) {
  EXPECT_EQ(DingTalkSignedUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", kSecret,
                              kTimestamp),
            std::string("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=") +
                "1767225600000&sign=" + kSign);
  EXPECT_EQ(DingTalkSignedUrl("https://robot.example/send", kSecret, kTimestamp),
            std::string("https://robot.example/send?timestamp=1767225600000&sign=") + kSign);
}

TEST(WebhookSignTest, TheSignatureDependsOnTheTimestampAndTheSecret) {
  const std::string base = DingTalkSignedUrl("https://robot.example/send", kSecret, kTimestamp);
  EXPECT_NE(DingTalkSignedUrl("https://robot.example/send", kSecret, kTimestamp + 1), base);
  EXPECT_NE(DingTalkSignedUrl("https://robot.example/send", "SEC-other", kTimestamp), base);
}

}  // namespace
}  // namespace shouhu::security
