// contacts import: CSV in, all or nothing. Every row is validated before anything is written;
// the first bad row names its line and nothing is stored.
#include <map>
#include <set>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "crm/service.hpp"

namespace novacrm::crm {

using core::bad_input;
using core::Error;
using core::Result;

namespace {

// kIgnored: columns that `contacts export` writes but an import assigns itself (id, org, times),
// so an export can be imported into another workspace as it is.
enum class Column {
  kFirstName,
  kLastName,
  kEmail,
  kPhone,
  kClient,
  kTags,
  kNotes,
  kLegalBasis,
  kIgnored
};

const std::map<std::string, Column>& known_columns() {
  static const std::map<std::string, Column> kColumns = {
      {"first_name", Column::kFirstName}, {"last_name", Column::kLastName},
      {"email", Column::kEmail},          {"phone", Column::kPhone},
      {"client", Column::kClient},        {"tags", Column::kTags},
      {"notes", Column::kNotes},          {"legal_basis", Column::kLegalBasis},
      {"id", Column::kIgnored},           {"org", Column::kIgnored},
      {"created_at", Column::kIgnored},   {"updated_at", Column::kIgnored}};
  return kColumns;
}

std::string column_key(std::string_view header) {
  std::string key = core::to_lower_ascii(core::trim(header));
  for (char& c : key) {
    if (c == ' ' || c == '-') c = '_';
  }
  return key;
}

Result<std::vector<Column>> read_header(const core::CsvRecord& header, const std::string& source) {
  std::vector<Column> columns;
  std::set<Column> seen;
  for (const std::string& h : header.fields) {
    const auto it = known_columns().find(column_key(h));
    if (it == known_columns().end()) {
      std::string expected;
      for (const auto& [name, col] : known_columns())
        expected += (expected.empty() ? "" : ", ") + name;
      return bad_input(
          source + ":" + std::to_string(header.line),
          "unknown column \"" + core::mask_generic(h) + "\" (expected: " + expected + ")");
    }
    if (it->second != Column::kIgnored && !seen.insert(it->second).second) {
      return bad_input(source + ":" + std::to_string(header.line),
                       "column \"" + it->first + "\" appears twice");
    }
    columns.push_back(it->second);
  }
  if (!seen.contains(Column::kFirstName) || !seen.contains(Column::kLastName)) {
    return bad_input(source + ":" + std::to_string(header.line),
                     "the header needs first_name and last_name columns");
  }
  return columns;
}

ContactDraft to_draft(const std::vector<Column>& columns, const core::CsvRecord& rec) {
  ContactDraft d;
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string& v = rec.fields[i];
    const bool blank = core::trim(v).empty();
    switch (columns[i]) {
      case Column::kFirstName:
        d.first_name = v;
        break;
      case Column::kLastName:
        d.last_name = v;
        break;
      case Column::kEmail:
        if (!blank) d.email = v;
        break;
      case Column::kPhone:
        if (!blank) d.phone = v;
        break;
      case Column::kClient:
        if (!blank) d.client = v;
        break;
      case Column::kTags:
        for (const std::string& t : core::split(v, ';')) {
          if (!core::trim(t).empty()) d.tags.push_back(t);
        }
        break;
      case Column::kNotes:
        if (!blank) d.notes = v;
        break;
      case Column::kLegalBasis:
        if (!blank) d.legal_basis = v;
        break;
      case Column::kIgnored:
        break;
    }
  }
  return d;
}

}  // namespace

Result<ImportReport> CrmService::import_csv(std::string_view csv, const ImportOptions& options) {
  const std::string& source = options.source_name;
  auto records = core::parse_csv(csv, source);
  if (!records) return records.error();
  if (records->empty()) return bad_input(source, "empty file: expected a header row");
  auto columns = read_header(records->front(), source);
  if (!columns) return columns.error();

  std::vector<Contact> contacts;
  contacts.reserve(records->size() - 1);
  std::map<std::string, size_t> email_lines;  // email -> line, for duplicates inside the file
  for (size_t r = 1; r < records->size(); ++r) {
    const core::CsvRecord& rec = (*records)[r];
    const std::string where = source + ":" + std::to_string(rec.line);
    if (rec.fields.size() != columns->size()) {
      return bad_input(where, std::to_string(rec.fields.size()) + " fields, expected " +
                                  std::to_string(columns->size()) + " (as in the header)");
    }
    auto contact = build_contact(options.org, to_draft(*columns, rec), "");
    if (!contact) return bad_input(where, contact.error().input + " " + contact.error().message);
    if (contact->email) {
      const auto [it, fresh] = email_lines.emplace(*contact->email, rec.line);
      if (!fresh) {
        return bad_input(where, "email \"" + core::mask_email(*contact->email) +
                                    "\" already appears on line " + std::to_string(it->second));
      }
    }
    contacts.push_back(std::move(contact).value());
  }

  std::vector<std::string> emails;
  emails.reserve(email_lines.size());
  for (const auto& [email, line] : email_lines) emails.push_back(email);
  auto existing = contacts_.existing_emails(options.org, emails);
  if (!existing) return existing.error();
  if (!existing->empty()) {
    // Name the first offending line in file order.
    size_t first = SIZE_MAX;
    for (const std::string& e : *existing) first = std::min(first, email_lines[e]);
    for (const std::string& e : *existing) {
      if (email_lines[e] == first) {
        return bad_input(source + ":" + std::to_string(first),
                         "email \"" + core::mask_email(e) +
                             "\" already belongs to a contact in org " + options.org);
      }
    }
  }
  if (auto s = contacts_.insert_all(contacts); !s) return s.error();
  return ImportReport{static_cast<int64_t>(contacts.size())};
}

}  // namespace novacrm::crm
