// CSV as RFC 4180 writes it (comma separator, '"' quoting with "" escapes, LF or CRLF line
// ends, newlines allowed inside quotes), plus a leading UTF-8 BOM tolerated. Errors name
// "source:line" and never quote cell contents (they may be PII).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace novacrm::core {

struct CsvRecord {
  size_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// Blank lines are skipped. Fails on an unterminated quote, text after a closing quote, or a
// record that is not valid UTF-8.
Result<std::vector<CsvRecord>> parse_csv(std::string_view text, const std::string& source);

// The field quoted when it needs to be (comma, quote, CR or LF inside, or leading/trailing space).
std::string csv_field(std::string_view field);

}  // namespace novacrm::core
