#include "http/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace shouhu::http {
namespace {

using ::testing::HasSubstr;

TEST(MetricsTest, RendersCountersHistogramGaugeAndExtra) {
  Metrics metrics;
  metrics.RecordRequest("/api/v1/users/{id}", 200, 0.0007);
  metrics.RecordRequest("/api/v1/users/{id}", 200, 0.003);
  metrics.RecordRequest("unmatched", 404, 0.0001);
  metrics.RecordRequest("static", 200, 7.0);  // beyond the last bucket: only +Inf
  metrics.ConnectionOpened();
  metrics.ConnectionOpened();
  metrics.ConnectionClosed();
  metrics.SetExtra([] { return std::string("shouhu_db_pool_in_use 3"); });

  const std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE shouhu_http_requests_total counter\n"));
  EXPECT_THAT(
      text,
      HasSubstr("shouhu_http_requests_total{route=\"/api/v1/users/{id}\",status=\"200\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("shouhu_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE shouhu_http_request_duration_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("shouhu_http_request_duration_seconds_bucket{le=\"0.0005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("shouhu_http_request_duration_seconds_bucket{le=\"0.001\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("shouhu_http_request_duration_seconds_bucket{le=\"0.005\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("shouhu_http_request_duration_seconds_bucket{le=\"2.5\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("shouhu_http_request_duration_seconds_bucket{le=\"+Inf\"} 4\n"));
  const std::string sum_key = "shouhu_http_request_duration_seconds_sum ";
  const size_t sum_at = text.find(sum_key);
  ASSERT_NE(sum_at, std::string::npos);
  EXPECT_NEAR(std::stod(text.substr(sum_at + sum_key.size())), 7.0038, 1e-9);
  EXPECT_THAT(text, HasSubstr("shouhu_http_request_duration_seconds_count 4\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE shouhu_http_open_connections gauge\n"
                              "shouhu_http_open_connections 1\n"));
  EXPECT_EQ(metrics.open_connections(), 1);
  // The extra text comes last and is newline-terminated.
  EXPECT_TRUE(text.ends_with("shouhu_http_open_connections 1\nshouhu_db_pool_in_use 3\n"));
}

TEST(MetricsTest, EscapesLabelValues) {
  Metrics metrics;
  metrics.RecordRequest("a\"b\\c\nd", 500, 0.1);
  EXPECT_THAT(metrics.Render(), HasSubstr("{route=\"a\\\"b\\\\c\\nd\",status=\"500\"} 1\n"));
}

}  // namespace
}  // namespace shouhu::http
