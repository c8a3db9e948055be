// The metrics `serve` exposes at /metrics, in the Prometheus text exposition format (0.0.4):
// request durations as histograms by route, method and status; decisions by action; findings by
// rule; audit appends and commits; build info. Thread-safe. Labels are route patterns, actions and
// rule keys: never ids, paths with values, subjects or anything a request carried.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace novacrm::obs {

class Metrics {
 public:
  explicit Metrics(std::string version);

  void observe_request(const std::string& route, const std::string& method, int status,
                       double seconds);
  void count_decision(const std::string& action);
  void count_finding(const std::string& rule);
  void count_audit(uint64_t records, uint64_t commits);

  // The whole exposition, one family after another, each with its HELP and TYPE lines.
  [[nodiscard]] std::string render() const;

 private:
  // Upper bounds of the histogram buckets, in seconds (+Inf is implicit).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  std::string version_;
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, Histogram> requests_;
  std::map<std::string, uint64_t> decisions_;
  std::map<std::string, uint64_t> findings_;
  uint64_t audit_records_ = 0;
  uint64_t audit_commits_ = 0;
};

}  // namespace novacrm::obs
