// novacrm audit export: a range of the trail for cron jobs, written atomically, with an optional
// incremental cursor; json and ndjson exports are bundles that 'audit verify --bundle' checks
// offline (docs/adr/0008).
#include <iostream>

#include "audit/export.hpp"
#include "audit_cli.hpp"
#include "output.hpp"

namespace novacrm::cli {

namespace {

struct ExportArgs {
  std::string out;
  std::string format = "ndjson";
  std::optional<std::string> since;
  std::optional<std::string> until;
  std::optional<std::string> cursor_file;
};

core::Status run_export(const GlobalOptions& g, const ExportArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  audit::ExportOptions o;
  o.out = a.out;
  o.format = a.format == "json"  ? audit::ExportFormat::kJson
             : a.format == "csv" ? audit::ExportFormat::kCsv
                                 : audit::ExportFormat::kNdjson;
  o.since = a.since;
  o.until = a.until;
  if (a.cursor_file) o.cursor_file = *a.cursor_file;
  auto summary = audit::export_trail((*ws)->audit(), o);
  if (!summary) return summary.error();
  const int64_t n = summary->last - summary->first + 1;
  std::cout << "Exported " << n << " record(s)";
  if (n > 0) std::cout << " (seq " << summary->first << " to " << summary->last << ")";
  std::cout << " to " << a.out << "; checkpoint of " << summary->checkpoint.size
            << " records signed by " << summary->checkpoint.key_id << '\n';
  return {};
}

}  // namespace

void add_audit_export_command(CLI::App* group, Cli& cli) {
  Action& action = cli.action;
  const GlobalOptions& g = cli.global;
  auto a = std::make_shared<ExportArgs>();
  CLI::App* cmd = group->add_subcommand(
      "export",
      "Export records to FILE: written to a temporary file beside it, synced and renamed; signs "
      "a checkpoint at the last exported record. json and ndjson are bundles for 'audit verify "
      "--bundle' (ndjson: a novacrm_bundle header line, one record per line, a "
      "novacrm_checkpoint trailer line); csv is a flat table for spreadsheets, without proof");
  cmd->add_option("--out", a->out, "Output file (required)")->required();
  cmd->add_option("--format", a->format, "ndjson (default), json or csv")
      ->check(CLI::IsMember({"ndjson", "json", "csv"}));
  cmd->add_option("--since", a->since,
                  "From the first record at or after this time (RFC 3339, inclusive)");
  cmd->add_option("--until", a->until,
                  "Up to the last record before this time (RFC 3339, exclusive)");
  cmd->add_option("--cursor-file", a->cursor_file,
                  "Export only records after the sequence number in F (missing: from the start) "
                  "and store the last exported one there once FILE is complete");
  cmd->callback([&g, &action, a] { action = [&g, a] { return run_export(g, *a); }; });
}

}  // namespace novacrm::cli
