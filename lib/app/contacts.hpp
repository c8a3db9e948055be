// Contact use cases that later issues will guard and audit (export, import, delete, erase): the
// one place both front ends (cmd/ and lib/http) go through, so "who may" and "what is recorded"
// live here once. Logs name ids, counts and durations only, never field values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "app/workspace.hpp"
#include "core/result.hpp"

namespace novacrm::app {

enum class ExportFormat { kCsv, kJson, kNdjson };

struct ContactExport {
  std::string content;  // the whole document, clear PII (export's purpose)
  int64_t count = 0;
};

// Every live contact of `org`, email and phone in clear.
core::Result<ContactExport> export_contacts(Workspace& ws, const std::string& org,
                                            ExportFormat format);

// CSV import, all or nothing; `source` names the input in errors ("contacts.csv", "<stdin>").
core::Result<crm::ImportReport> import_contacts(Workspace& ws, const std::string& org,
                                                std::string_view csv, const std::string& source);

core::Status delete_contact(Workspace& ws, const std::string& org, int64_t id);

// Contact PII shown in clear (--reveal, ?reveal=true) is recorded: who saw which contacts (ids
// only). The CLI appends it with record_reveal; serve through its group-committing writer.
audit::Event reveal_event(const audit::Actor& actor, const std::vector<int64_t>& ids);
core::Status record_reveal(Workspace& ws, const std::vector<int64_t>& ids);
core::Status erase_contact(Workspace& ws, const std::string& org, int64_t id);

}  // namespace novacrm::app
