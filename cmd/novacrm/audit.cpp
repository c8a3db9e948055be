// novacrm audit ...: read and verify the workspace's audit trail (append-only, hash-chained).
#include <iostream>

#include "audit/log.hpp"
#include "cli.hpp"
#include "output.hpp"

namespace novacrm::cli {

namespace {

using nlohmann::json;

struct AuditArgs {
  std::string id;
  std::string format;
  audit::AuditQuery query;
};

json record_doc(const audit::AuditRecord& r) { return json::parse(audit::record_json(r)); }

std::string decision_text(const audit::AuditRecord& r) {
  if (!r.decision) return "-";
  return std::string(compliance::to_string(r.decision->action)) + " (risk " +
         std::to_string(r.decision->risk) + ")";
}

core::Status list(const GlobalOptions& g, const AuditArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto page = (*ws)->audit().list(a.query);
  if (!page) return page.error();
  json items = json::array();
  for (const auto& r : page->items) items.push_back(record_doc(r));
  const json doc = {
      {"items", items}, {"total", page->total}, {"limit", page->limit}, {"offset", page->offset}};
  if (a.format == "json") {
    print_json(doc);
  } else if (a.format == "ndjson") {
    print_ndjson(doc);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : page->items) {
      rows.push_back({std::to_string(r.seq), r.id, r.time, r.action, r.actor.subject,
                      decision_text(r),
                      r.decision ? std::to_string(r.decision->findings.size()) : "-"});
    }
    if (!rows.empty()) {
      print_table({"SEQ", "ID", "TIME", "ACTION", "ACTOR", "DECISION", "FINDINGS"}, rows);
    }
    std::cout << page->total << " record(s)\n";
  }
  return {};
}

core::Status show(const GlobalOptions& g, const AuditArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto r = (*ws)->audit().find(a.id);
  if (!r) return r.error();
  if (!*r) return core::bad_input(a.id, "no audit record has this id or sequence number");
  const audit::AuditRecord& rec = **r;
  if (a.format == "json") {
    print_json(record_doc(rec));
    return {};
  }
  print_fields(
      {{"seq", std::to_string(rec.seq)},
       {"id", rec.id},
       {"time", rec.time},
       {"action", rec.action},
       {"actor", rec.actor.subject + " (" + rec.actor.role + ", org " + rec.actor.org + ")"},
       {"request", rec.request_id},
       {"policy", rec.policy ? rec.policy->id + " sha256 " + rec.policy->sha256 : "-"},
       {"decision", decision_text(rec)},
       {"details", rec.details},
       {"prev hash", rec.prev_hash},
       {"hash", rec.hash}});
  if (rec.decision && !rec.decision->findings.empty()) {
    std::cout << "\nfindings:\n";
    for (const auto& f : rec.decision->findings) {
      std::cout << "  " << f.span.line << ':' << f.span.column << ' ' << f.rule << '/' << f.entity
                << " (" << compliance::to_string(f.severity) << ") " << f.excerpt << '\n';
    }
  }
  if (rec.input) {
    std::cout << "\ninput (masked, " << rec.input->size() << " bytes"
              << (rec.input->truncated() ? ", truncated" : "") << "):\n"
              << rec.input->masked() << (rec.input->masked().ends_with('\n') ? "" : "\n");
  }
  return {};
}

core::Status verify(const GlobalOptions& g, const AuditArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto report = (*ws)->audit().verify();
  if (!report) return report.error();
  if (a.format == "json") {
    json failures = json::array();
    for (const auto& f : report->failures) failures.push_back({{"seq", f.seq}, {"what", f.what}});
    print_json({{"records", report->records},
                {"valid", report->valid},
                {"ok", report->failures.empty()},
                {"failures", failures}});
  } else {
    for (const auto& f : report->failures) std::cout << "seq " << f.seq << ": " << f.what << '\n';
    std::cout << report->valid << '/' << report->records << " records valid\n";
  }
  if (report->failures.empty()) return {};
  std::cout.flush();
  return core::Error{core::ErrorCode::kIntegrity,
                     "the audit trail fails verification, first at seq " +
                         std::to_string(report->failures.front().seq),
                     "audit verify"};
}

}  // namespace

void add_audit_commands(Cli& cli) {
  CLI::App* group = cli.app.add_subcommand(
      "audit", "Read and verify the audit trail: every decision and sensitive action, masked");
  Action& action = cli.action;
  const GlobalOptions& g = cli.global;

  auto a = std::make_shared<AuditArgs>();
  CLI::App* list_cmd = group->add_subcommand("list", "List audit records, oldest first");
  list_cmd->add_option("--action", a->query.action, "Only this action (check, redact, ...)");
  list_cmd->add_option("--decision", a->query.decision, "Only this decision")
      ->check(CLI::IsMember({"allow", "warn", "block", "escalate"}));
  list_cmd->add_option("--rule", a->query.rule, "Only records with a finding of this rule");
  list_cmd->add_option("--actor", a->query.subject, "Only this actor (local:NAME)");
  list_cmd->add_option("--since", a->query.since, "From this time (RFC 3339, inclusive)");
  list_cmd->add_option("--until", a->query.until, "Before this time (RFC 3339, exclusive)");
  list_cmd->add_option("--limit", a->query.limit, "Page size, 1-10000 (default 50)")
      ->check(CLI::Range(1, 10000));
  list_cmd->add_option("--offset", a->query.offset, "Records to skip (default 0)")
      ->check(CLI::Range(int64_t{0}, kMaxOffset));
  add_format_option(list_cmd, a->format, {"text", "json", "ndjson"});
  list_cmd->callback([&g, &action, a] { action = [&g, a] { return list(g, *a); }; });

  a = std::make_shared<AuditArgs>();
  CLI::App* show_cmd =
      group->add_subcommand("show", "Show one record: findings, masked input, hashes");
  show_cmd->add_option("id", a->id, "Record id or sequence number")->required();
  add_format_option(show_cmd, a->format, {"text", "json"});
  show_cmd->callback([&g, &action, a] { action = [&g, a] { return show(g, *a); }; });

  a = std::make_shared<AuditArgs>();
  CLI::App* verify_cmd = group->add_subcommand(
      "verify",
      "Check the hash chain record by record; prints each failure (first first) and exits 4");
  add_format_option(verify_cmd, a->format, {"text", "json"});
  verify_cmd->callback([&g, &action, a] { action = [&g, a] { return verify(g, *a); }; });
}

}  // namespace novacrm::cli
