// Printing for people and scripts: aligned text tables, JSON, NDJSON.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace novacrm::cli {

// Ids are positive 64-bit integers; checked on the text, so an out-of-range value is refused
// instead of being clamped by the conversion.
extern const CLI::Validator kIdValidator;
inline constexpr int64_t kMaxOffset = 1'000'000'000'000;

// Adds --format with the given choices; `target` starts as the first choice (the default).
CLI::Option* add_format_option(CLI::App* cmd, std::string& target,
                               const std::vector<std::string>& choices);

void print_table(const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows);
void print_json(const nlohmann::json& value);
// One compact JSON object per line, for each element of value["items"].
void print_ndjson(const nlohmann::json& list);

// "label:  value" lines, labels padded to one column.
void print_fields(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace novacrm::cli
