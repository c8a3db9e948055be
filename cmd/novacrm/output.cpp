#include "output.hpp"

#include <algorithm>
#include <charconv>
#include <iostream>

namespace novacrm::cli {

namespace {

// Display width as a count of code points (good enough for Latin scripts; no East Asian widths).
size_t display_width(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void pad(std::string& line, const std::string& cell, size_t width) {
  line += cell;
  line.append(width - std::min(width, display_width(cell)), ' ');
}

}  // namespace

const CLI::Validator kIdValidator(
    [](std::string& text) -> std::string {
      int64_t id = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
      if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) {
        return "\"" + text + "\" is not an id (a positive whole number)";
      }
      return {};
    },
    "ID");

CLI::Option* add_format_option(CLI::App* cmd, std::string& target,
                               const std::vector<std::string>& choices) {
  target = choices.front();
  std::string help = "Output format: ";
  for (size_t i = 0; i < choices.size(); ++i) help += (i ? "|" : "") + choices[i];
  return cmd->add_option("--format", target, help + " (default " + choices.front() + ")")
      ->check(CLI::IsMember(choices));
}

void print_table(const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(headers.size());
  for (size_t i = 0; i < headers.size(); ++i) widths[i] = display_width(headers[i]);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  }
  const auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i + 1 == cells.size()) {
        line += cells[i];
      } else {
        pad(line, cells[i], widths[i] + 2);
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << '\n';
  };
  print_row(headers);
  for (const auto& row : rows) print_row(row);
}

void print_json(const nlohmann::json& value) { std::cout << value.dump(2) << '\n'; }

void print_ndjson(const nlohmann::json& list) {
  for (const auto& item : list.at("items")) std::cout << item.dump() << '\n';
}

void print_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  size_t width = 0;
  for (const auto& [label, value] : fields) width = std::max(width, label.size());
  for (const auto& [label, value] : fields) {
    std::cout << label << ':' << std::string(width - label.size() + 2, ' ') << value << '\n';
  }
}

}  // namespace novacrm::cli
