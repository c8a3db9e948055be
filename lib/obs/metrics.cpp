#include "obs/metrics.hpp"

#include <fmt/format.h>

namespace novacrm::obs {

namespace {

// Label values are escaped as the format requires (backslash, quote, newline).
std::string label(const std::string& v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void family(std::string& out, const char* name, const char* type, const char* help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

Metrics::Metrics(std::string version) : version_(std::move(version)) {}

void Metrics::observe_request(const std::string& route, const std::string& method, int status,
                              double seconds) {
  const std::lock_guard lock(mutex_);
  Histogram& h = requests_[{route, method, status}];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::count_decision(const std::string& action) {
  const std::lock_guard lock(mutex_);
  ++decisions_[action];
}

void Metrics::count_finding(const std::string& rule) {
  const std::lock_guard lock(mutex_);
  ++findings_[rule];
}

void Metrics::count_audit(uint64_t records, uint64_t commits) {
  const std::lock_guard lock(mutex_);
  audit_records_ = records;
  audit_commits_ = commits;
}

std::string Metrics::render() const {
  const std::lock_guard lock(mutex_);
  std::string out;
  family(out, "novacrm_build_info", "gauge", "Build of the running server (always 1).");
  out += fmt::format("novacrm_build_info{{version=\"{}\"}} 1\n", label(version_));

  family(out, "novacrm_http_request_duration_seconds", "histogram",
         "Time from routing a request to writing its response, by route, method and status.");
  for (const auto& [key, h] : requests_) {
    const auto& [route, method, status] = key;
    const std::string labels =
        fmt::format(R"(route="{}",method="{}",status="{}")", label(route), method, status);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("novacrm_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                         labels, kBuckets[i], h.buckets[i]);
    }
    out += fmt::format("novacrm_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n",
                       labels, h.count);
    out += fmt::format("novacrm_http_request_duration_seconds_sum{{{}}} {}\n", labels, h.sum);
    out += fmt::format("novacrm_http_request_duration_seconds_count{{{}}} {}\n", labels, h.count);
  }

  family(out, "novacrm_decisions_total", "counter", "Compliance decisions, by action.");
  for (const auto& [action, n] : decisions_) {
    out += fmt::format("novacrm_decisions_total{{action=\"{}\"}} {}\n", label(action), n);
  }
  family(out, "novacrm_findings_total", "counter", "Findings reported in decisions, by rule.");
  for (const auto& [rule, n] : findings_) {
    out += fmt::format("novacrm_findings_total{{rule=\"{}\"}} {}\n", label(rule), n);
  }
  family(out, "novacrm_audit_appends_total", "counter",
         "Audit records appended by this server (group commits below).");
  out += fmt::format("novacrm_audit_appends_total {}\n", audit_records_);
  family(out, "novacrm_audit_commits_total", "counter",
         "Transactions that appended audit records (each holds one or more records).");
  out += fmt::format("novacrm_audit_commits_total {}\n", audit_commits_);
  return out;
}

}  // namespace novacrm::obs
