// SARIF 2.1.0 report for CI (code-scanning dashboards, editors): one run, one reportingDescriptor
// per rule that produced a finding, one result per finding. Valid against the OASIS schema
// (tests/data/sarif). Never carries a raw match: messages hold the finding's masked excerpt only.
#include <array>
#include <map>
#include <sstream>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "report/scan_report.hpp"

namespace novacrm::report {

namespace {

using nlohmann::json;

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/novacrm/novacrm";

// One line per built-in rule for reportingDescriptor.shortDescription; unknown keys get a
// generic text.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kRuleDescriptions = {{
    {"no_pii_in_prompts", "Personal data (PII) in a prompt"},
    {"no_secrets_in_prompts", "Secret or credential in a prompt"},
    {"no_mass_export_requests", "Request to export many CRM records"},
    {"scope_check", "Topic, entity or client outside the caller's scope"},
    {"no_crm_contact_data", "Data of a contact stored in the CRM"},
}};

std::string describe_rule(const std::string& key) {
  for (const auto& [k, text] : kRuleDescriptions) {
    if (k == key) return std::string(text);
  }
  return "Finding of rule " + key;
}

std::string_view level_of(compliance::Severity s) {
  switch (s) {
    case compliance::Severity::kCritical:
    case compliance::Severity::kHigh:
      return "error";
    case compliance::Severity::kMedium:
    case compliance::Severity::kLow:
      return "warning";
    case compliance::Severity::kInfo:
      return "note";
  }
  return "none";
}

// RFC 3986: keeps unreserved characters and '/', percent-encodes every other byte (UTF-8 bytes
// included), so spaces, '#', '?', '%' and ':' cannot change how the reference parses. Relative
// paths stay relative references; absolute ones become file:// URIs; "-" is "stdin".
std::string artifact_uri(const std::string& path) {
  if (path == "-") return "stdin";
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string uri = path.starts_with('/') ? "file://" : "";
  for (const char c : path) {
    const auto b = static_cast<unsigned char>(c);
    const bool keep = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') ||
                      b == '-' || b == '.' || b == '_' || b == '~' || b == '/';
    if (keep) {
      uri += c;
    } else {
      uri += '%';
      uri += kHex[b >> 4];
      uri += kHex[b & 0xF];
    }
  }
  return uri;
}

// The rules that produced findings, sorted by key (stable across input order), each with the
// highest severity seen as its default level, since the report does not carry the policy's.
std::map<std::string, compliance::Severity> rules_with_findings(const ScanReport& report) {
  std::map<std::string, compliance::Severity> rules;
  for (const ScannedInput& in : report.inputs) {
    for_each_finding(in, [&](const compliance::Finding& f) {
      auto [it, inserted] = rules.emplace(f.rule, f.severity);
      if (!inserted && f.severity > it->second) it->second = f.severity;
    });
  }
  return rules;
}

json result_of(const compliance::Finding& f, int rule_index, const ScannedInput& in) {
  const std::string severity(compliance::to_string(f.severity));
  json region = {{"startLine", f.span.line},
                 {"startColumn", f.span.char_column},
                 {"byteOffset", f.span.begin},
                 {"byteLength", f.span.end - f.span.begin}};
  json location = {
      {"physicalLocation",
       {{"artifactLocation", {{"uri", artifact_uri(in.path)}}}, {"region", std::move(region)}}}};
  return {{"ruleId", f.rule},
          {"ruleIndex", rule_index},
          {"level", level_of(f.severity)},
          {"message", {{"text", f.entity + " (" + severity + "): " + f.excerpt}}},
          {"locations", json::array({std::move(location)})},
          {"properties",
           {{"entity", f.entity},
            {"severity", severity},
            {"action", compliance::to_string(in.decision.action)}}}};
}

// Bytes that are not UTF-8 (paths, excerpts) are replaced, never thrown on.
std::string dump(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace

// Written as it goes: the results array one result at a time (the rules come from a first pass
// over the findings), so a report of a million findings is never held in memory.
void write_sarif(std::ostream& out, const ScanReport& report) {
  const auto rule_levels = rules_with_findings(report);
  json rules = json::array();
  std::map<std::string, int> rule_index;
  for (const auto& [key, severity] : rule_levels) {
    rule_index.emplace(key, static_cast<int>(rules.size()));
    rules.push_back({{"id", key},
                     {"shortDescription", {{"text", describe_rule(key)}}},
                     {"defaultConfiguration", {{"level", level_of(severity)}}}});
  }
  json driver = {{"name", "novacrm"}, {"informationUri", kInformationUri}, {"rules", rules}};
  if (!report.tool_version.empty()) driver["version"] = report.tool_version;

  out << "{\n  \"$schema\": " << dump(kSchemaUri, -1) << ",\n  \"version\": \"2.1.0\",\n"
      << "  \"runs\": [\n    {\n      \"tool\": "
      << dump({{"driver", std::move(driver)}}, -1)
      // Columns count code points, not SARIF's default UTF-16 code units, so a line with
      // accents or emoji before a finding still points at it.
      << ",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [";
  bool first = true;
  size_t suppressed = 0;
  for (const ScannedInput& in : report.inputs) {
    for_each_finding(in, [&](const compliance::Finding& f) {
      out << (first ? "\n        " : ",\n        ")
          << dump(result_of(f, rule_index.at(f.rule), in), -1);
      first = false;
    });
    suppressed += in.decision.suppressed;
  }
  const json properties = {
      {"policy", {{"id", report.policy_id}, {"sha256", report.policy_sha256}}},
      {"decision", {{"action", compliance::to_string(report.action)}, {"risk", report.risk}}},
      {"inputs", report.inputs.size()},
      {"skipped", report.skipped},
      {"suppressed", suppressed}};
  out << (first ? "]" : "\n      ]") << ",\n      \"properties\": " << dump(properties, -1)
      << "\n    }\n  ]\n}\n";
}

std::string render_sarif(const ScanReport& report) {
  std::ostringstream out;
  write_sarif(out, report);
  return out.str();
}

}  // namespace novacrm::report
