#include "app/contacts.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "crm/json.hpp"
#include "obs/logging.hpp"

namespace novacrm::app {

namespace {

double elapsed_ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// The audit record of a contact action: ids, counts and formats, never a field value.
core::Status record(Workspace& ws, const std::string& org, const std::string& action,
                    const nlohmann::json& details) {
  audit::Event e;
  e.actor = ws.actor();
  e.actor.org = org;
  e.action = action;
  e.details = details.dump();
  auto r = ws.audit().append({e});
  if (!r) return r.error();
  return {};
}

}  // namespace

core::Result<ContactExport> export_contacts(Workspace& ws, const std::string& org,
                                            ExportFormat format) {
  const auto start = std::chrono::steady_clock::now();
  ContactExport out;
  if (format == ExportFormat::kCsv) out.content = crm::contact_csv_header();
  if (format == ExportFormat::kJson) out.content = "{\"items\": [";
  core::Status s = ws.crm().for_each_contact(org, [&](const crm::Contact& c) {
    switch (format) {
      case ExportFormat::kCsv:
        out.content += crm::contact_csv_row(c, crm::Pii::kClear);
        break;
      case ExportFormat::kJson:
        out.content += (out.count ? ",\n  " : "\n  ") + crm::to_json(c, crm::Pii::kClear).dump();
        break;
      case ExportFormat::kNdjson:
        out.content += crm::to_json(c, crm::Pii::kClear).dump() + "\n";
        break;
    }
    ++out.count;
  });
  if (!s) return s.error();
  if (format == ExportFormat::kJson) {
    const std::string n = std::to_string(out.count);
    out.content += std::string(out.count ? "\n" : "") + "], \"total\": " + n + ", \"limit\": " + n +
                   ", \"offset\": 0}\n";
  }
  const char* name = format == ExportFormat::kCsv    ? "csv"
                     : format == ExportFormat::kJson ? "json"
                                                     : "ndjson";
  // Recorded before anything is written: an export the trail cannot record does not happen.
  if (core::Status a = record(ws, org, "contacts.export", {{"count", out.count}, {"format", name}});
      !a) {
    return a.error();
  }
  obs::log(obs::LogLevel::kInfo, "contacts.export org=" + org +
                                     " count=" + std::to_string(out.count) +
                                     " duration_ms=" + obs::format_ms(elapsed_ms(start)));
  return out;
}

core::Result<crm::ImportReport> import_contacts(Workspace& ws, const std::string& org,
                                                std::string_view csv, const std::string& source) {
  const auto start = std::chrono::steady_clock::now();
  crm::ImportOptions options;
  options.org = org;
  options.source_name = source;
  // The import and its audit record commit together (nested write transactions join).
  core::Result<crm::ImportReport> report = core::internal_error("import not run");
  core::Status s = ws.database().write_transaction([&]() -> core::Status {
    report = ws.crm().import_csv(csv, options);
    if (!report) return report.error();
    return record(ws, org, "contacts.import", {{"count", report->contacts}, {"bytes", csv.size()}});
  });
  if (!s) {
    obs::log(obs::LogLevel::kInfo,
             "contacts.import org=" + org + " refused bytes=" + std::to_string(csv.size()));
    return s.error();
  }
  obs::log(obs::LogLevel::kInfo,
           "contacts.import org=" + org + " count=" + std::to_string(report->contacts) + " bytes=" +
               std::to_string(csv.size()) + " duration_ms=" + obs::format_ms(elapsed_ms(start)));
  return report;
}

core::Status delete_contact(Workspace& ws, const std::string& org, int64_t id) {
  core::Status s = ws.database().write_transaction([&]() -> core::Status {
    if (core::Status d = ws.crm().delete_contact(org, id); !d) return d;
    return record(ws, org, "contacts.delete", {{"contact_id", id}});
  });
  if (!s) return s;
  obs::log(obs::LogLevel::kInfo, "contacts.delete org=" + org + " id=" + std::to_string(id));
  return {};
}

// Not in one transaction with its audit record: erasing ends by truncating the write-ahead log,
// which cannot happen inside a transaction. The record follows the erase.
core::Status erase_contact(Workspace& ws, const std::string& org, int64_t id) {
  core::Status s = ws.crm().erase_contact(org, id);
  if (!s) return s;
  obs::log(obs::LogLevel::kInfo, "contacts.erase org=" + org + " id=" + std::to_string(id));
  return record(ws, org, "contacts.erase", {{"contact_id", id}});
}

audit::Event reveal_event(const audit::Actor& actor, const std::vector<int64_t>& ids) {
  audit::Event e;
  e.actor = actor;
  e.action = "contacts.reveal";
  e.details = nlohmann::json{{"contacts", ids}}.dump();
  return e;
}

core::Status record_reveal(Workspace& ws, const std::vector<int64_t>& ids) {
  auto r = ws.audit().append({reveal_event(ws.actor(), ids)});
  if (!r) return r.error();
  return {};
}

}  // namespace novacrm::app
