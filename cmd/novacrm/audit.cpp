// novacrm audit ...: read and verify the workspace's audit trail (append-only, hash-chained).
#include <iostream>

#include "audit/json.hpp"
#include "audit/log.hpp"
#include "audit/tree.hpp"
#include "audit_cli.hpp"
#include "cli.hpp"
#include "output.hpp"

namespace novacrm::cli {

using nlohmann::json;

namespace {

struct AuditArgs {
  std::string id;
  std::string format;
  audit::AuditQuery query;
};

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
  const json doc = audit::to_json(*page);
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
    print_json(audit::to_json(rec));
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
  auto cp = (*ws)->audit().checkpoint_covering(static_cast<uint64_t>(rec.seq));
  if (!cp) return cp.error();
  std::cout << "\ncheckpoint: "
            << (*cp ? "size " + std::to_string((*cp)->size) + ", signed by " + (*cp)->key_id +
                          " at " + (*cp)->time
                    : std::string("none yet (run 'novacrm audit checkpoint')"))
            << '\n';
  if (rec.input) {
    std::cout << "\ninput (masked, " << rec.input->size() << " bytes"
              << (rec.input->truncated() ? ", truncated" : "") << "):\n"
              << rec.input->masked() << (rec.input->masked().ends_with('\n') ? "" : "\n");
  }
  return {};
}

core::Status checkpoint(const GlobalOptions& g, const AuditArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto cp = (*ws)->audit().checkpoint();
  if (!cp) return cp.error();
  if (a.format == "json") {
    print_json(audit::to_json(*cp));
    return {};
  }
  print_fields({{"size", std::to_string(cp->size)},
                {"root", audit::to_hex(cp->root)},
                {"key id", cp->key_id},
                {"time", cp->time}});
  std::cout << '\n' << cp->note;
  return {};
}

core::Status stats(const GlobalOptions& g, const AuditArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto st = (*ws)->audit().stats();
  if (!st) return st.error();
  const auto as_object = [](const std::vector<std::pair<std::string, int64_t>>& counts) {
    json o = json::object();
    for (const auto& [k, n] : counts) o[k] = n;
    return o;
  };
  if (a.format == "json") {
    print_json({{"records", st->records},
                {"by_action", as_object(st->by_action)},
                {"by_rule", as_object(st->by_rule)},
                {"by_day", as_object(st->by_day)}});
    return {};
  }
  std::cout << st->records << " record(s)\n";
  const auto section = [](const char* title,
                          const std::vector<std::pair<std::string, int64_t>>& counts) {
    std::cout << '\n' << title << ":\n";
    if (counts.empty()) std::cout << "  (none)\n";
    for (const auto& [k, n] : counts) std::cout << "  " << k << "  " << n << '\n';
  };
  section("by action", st->by_action);
  section("by rule (records with a finding)", st->by_rule);
  section("by day (UTC)", st->by_day);
  return {};
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

  add_audit_verify_commands(group, cli);
  add_audit_export_command(group, cli);

  a = std::make_shared<AuditArgs>();
  CLI::App* checkpoint_cmd = group->add_subcommand(
      "checkpoint",
      "Sign a checkpoint (C2SP signed note: origin, size, Merkle root) of the whole trail with "
      "the active audit key; checkpoints are also made every audit.checkpoint_interval records");
  add_format_option(checkpoint_cmd, a->format, {"text", "json"});
  checkpoint_cmd->callback([&g, &action, a] { action = [&g, a] { return checkpoint(g, *a); }; });

  a = std::make_shared<AuditArgs>();
  CLI::App* stats_cmd = group->add_subcommand(
      "stats", "Count records by action, by rule (records with a finding of it) and by UTC day");
  add_format_option(stats_cmd, a->format, {"text", "json"});
  stats_cmd->callback([&g, &action, a] { action = [&g, a] { return stats(g, *a); }; });
}

}  // namespace novacrm::cli
