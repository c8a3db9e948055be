#include "core/csv.hpp"

#include "core/text.hpp"

namespace novacrm::core {

namespace {

Error csv_error(const std::string& source, size_t line, const std::string& what) {
  return bad_input(source + ":" + std::to_string(line), what);
}

}  // namespace

Result<std::vector<CsvRecord>> parse_csv(std::string_view text, const std::string& source) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> records;
  size_t line = 1;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    // Skip blank lines between records.
    if (text[i] == '\n' || (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
      i += text[i] == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    CsvRecord rec{line, {}};
    std::string field;
    bool end_of_record = false;
    while (!end_of_record) {
      field.clear();
      if (i < n && text[i] == '"') {
        const size_t quote_line = line;
        ++i;
        bool closed = false;
        while (i < n) {
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
        if (!closed)
          return csv_error(source, quote_line,
                           "unterminated quoted field (a '\"' is never closed)");
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return csv_error(source, line,
                           "unexpected text after a closing quote in field " +
                               std::to_string(rec.fields.size() + 1));
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            return csv_error(
                source, line,
                "stray quote inside unquoted field " + std::to_string(rec.fields.size() + 1));
          }
          field += text[i++];
        }
      }
      rec.fields.push_back(field);
      if (i >= n) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else if (text[i] == '\n' || text[i] == '\r') {
        if (text[i] == '\r') {
          if (i + 1 < n && text[i + 1] == '\n') {
            ++i;
          } else {
            return csv_error(source, line, "bare carriage return outside quotes");
          }
        }
        ++i;
        ++line;
        end_of_record = true;
      }
    }
    for (const std::string& f : rec.fields) {
      if (!is_valid_utf8(f)) return csv_error(source, rec.line, "not valid UTF-8");
    }
    records.push_back(std::move(rec));
  }
  return records;
}

std::string csv_field(std::string_view field) {
  const bool needs_quotes = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs_quotes) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace novacrm::core
