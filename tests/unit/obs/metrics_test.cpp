// The Prometheus exposition of serve's metrics: families with HELP and TYPE, cumulative
// histogram buckets, escaped label values.
#include "obs/metrics.hpp"

#include <gtest/gtest.h>

namespace novacrm::obs {
namespace {

TEST(MetricsTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  Metrics m("1.2.3");
  m.observe_request("/api/v1/health", "GET", 200, 0.0004);
  m.observe_request("/api/v1/health", "GET", 200, 0.003);
  m.observe_request("/api/v1/health", "GET", 200, 9.0);
  const std::string text = m.render();
  const std::string labels = R"(route="/api/v1/health",method="GET",status="200")";
  EXPECT_NE(
      text.find("novacrm_http_request_duration_seconds_bucket{" + labels + R"(,le="0.0005"} 1)"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("novacrm_http_request_duration_seconds_bucket{" + labels + R"(,le="0.005"} 2)"),
      std::string::npos);
  EXPECT_NE(text.find("novacrm_http_request_duration_seconds_bucket{" + labels + R"(,le="2.5"} 2)"),
            std::string::npos);
  EXPECT_NE(
      text.find("novacrm_http_request_duration_seconds_bucket{" + labels + R"(,le="+Inf"} 3)"),
      std::string::npos);
  EXPECT_NE(text.find("novacrm_http_request_duration_seconds_count{" + labels + "} 3"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE novacrm_http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(text.find(R"(novacrm_build_info{version="1.2.3"} 1)"), std::string::npos);
}

TEST(MetricsTest, CountsDecisionsFindingsAndAuditAppends) {
  Metrics m("0");
  m.count_decision("block");
  m.count_decision("block");
  m.count_finding("no_pii_in_prompts");
  m.count_audit(7, 3);
  const std::string text = m.render();
  EXPECT_NE(text.find(R"(novacrm_decisions_total{action="block"} 2)"), std::string::npos);
  EXPECT_NE(text.find(R"(novacrm_findings_total{rule="no_pii_in_prompts"} 1)"), std::string::npos);
  EXPECT_NE(text.find("novacrm_audit_appends_total 7"), std::string::npos);
  EXPECT_NE(text.find("novacrm_audit_commits_total 3"), std::string::npos);
}

TEST(MetricsTest, EscapesLabelValues) {
  Metrics m("a\"b\\c\nd");
  EXPECT_NE(m.render().find(R"(version="a\"b\\c\nd")"), std::string::npos) << m.render();
}

}  // namespace
}  // namespace novacrm::obs
