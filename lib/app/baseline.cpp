#include "app/baseline.hpp"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <tuple>

#include "core/files.hpp"
#include "core/hash.hpp"

namespace novacrm::app {

namespace {

constexpr std::string_view kTag = "novacrm-baseline-v1";

}  // namespace

std::string fingerprint(std::string_view path, const compliance::Finding& finding,
                        std::string_view value) {
  std::string data;
  data.reserve(kTag.size() + path.size() + finding.rule.size() + finding.entity.size() +
               value.size() + 4);
  // "./a/b.txt" and "a/b.txt" are one file.
  const std::string normal = std::filesystem::path(path).lexically_normal().generic_string();
  for (std::string_view part : {kTag, std::string_view(normal), std::string_view(finding.rule),
                                std::string_view(finding.entity), value}) {
    data.append(part);
    data.push_back('\0');
  }
  return core::sha256_hex(data);
}

core::Result<std::set<std::string>> load_baseline(const std::string& file) {
  auto text = core::read_file(file);
  if (!text) return core::bad_input(file, text.error().message);
  const auto doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return core::bad_input(file, "is not valid JSON");
  if (!doc.is_object() || doc.value("version", 0) != 1 || !doc.contains("findings") ||
      !doc["findings"].is_array()) {
    return core::bad_input(file, "is not a novacrm baseline (version 1 with a findings array)");
  }
  std::set<std::string> out;
  size_t i = 0;
  for (const auto& entry : doc["findings"]) {
    const auto fp = entry.is_object() ? entry.find("fingerprint") : entry.end();
    if (!entry.is_object() || fp == entry.end() || !fp->is_string() ||
        fp->get_ref<const std::string&>().size() != 64 ||
        fp->get_ref<const std::string&>().find_first_not_of("0123456789abcdef") !=
            std::string::npos) {
      return core::bad_input(
          file, "findings[" + std::to_string(i) + "]: needs a 64-character hex \"fingerprint\"");
    }
    out.insert(fp->get<std::string>());
    ++i;
  }
  return out;
}

core::Status write_baseline(const std::string& file, std::vector<BaselineEntry> entries) {
  std::sort(entries.begin(), entries.end(), [](const BaselineEntry& a, const BaselineEntry& b) {
    return std::tie(a.path, a.line, a.rule, a.fingerprint) <
           std::tie(b.path, b.line, b.rule, b.fingerprint);
  });
  nlohmann::json findings = nlohmann::json::array();
  std::set<std::string> seen;
  for (const BaselineEntry& e : entries) {
    if (!seen.insert(e.fingerprint).second) continue;
    findings.push_back({{"fingerprint", e.fingerprint},
                        {"path", e.path},
                        {"line", e.line},
                        {"rule", e.rule},
                        {"entity", e.entity}});
  }
  const nlohmann::json doc = {{"version", 1}, {"tool", "novacrm"}, {"findings", findings}};
  return core::write_file_atomically(file, doc.dump(2) + "\n", 0644);
}

}  // namespace novacrm::app
