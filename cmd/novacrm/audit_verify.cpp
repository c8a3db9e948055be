// novacrm audit verify|prove: check the live trail (chain, Merkle roots, checkpoint signatures,
// truncation), an exported bundle or an inclusion proof offline, and write inclusion proofs.
// Reports like CloudTrail's validate-logs: one line per failure, first first, then the tally.
#include <iostream>

#include "app/audit_offline.hpp"
#include "audit/json.hpp"
#include "audit/proof.hpp"
#include "audit_cli.hpp"
#include "core/files.hpp"
#include "output.hpp"

namespace novacrm::cli {

namespace {

using nlohmann::json;

struct VerifyArgs {
  std::string format;
  std::optional<std::string> bundle;
  std::optional<std::string> proof;
  std::optional<std::string> pubkey;
};

struct ProveArgs {
  std::string id;
  std::optional<std::string> out;
};

core::Status report_result(const audit::VerifyReport& report, const std::string& format,
                           const std::string& what) {
  if (format == "json") {
    print_json(audit::to_json(report));
  } else {
    for (const auto& f : report.failures) std::cout << "seq " << f.seq << ": " << f.what << '\n';
    std::cout << report.valid << '/' << report.records << " records valid\n";
  }
  if (report.failures.empty()) return {};
  std::cout.flush();
  return core::Error{
      core::ErrorCode::kIntegrity,
      "fails verification, first at seq " + std::to_string(report.failures.front().seq), what};
}

core::Status verify(const GlobalOptions& g, const VerifyArgs& a) {
  if ((a.bundle || a.proof) && !a.pubkey) {
    return core::bad_input(a.bundle ? "--bundle" : "--proof", "needs --pubkey FILE");
  }
  if (a.pubkey && !a.bundle && !a.proof) {
    return core::bad_input("--pubkey", "only applies with --bundle or --proof");
  }
  if (a.proof) {
    if (core::Status s = app::verify_proof_file(*a.proof, *a.pubkey); !s) return s;
    if (a.format == "json") {
      print_json({{"ok", true}});
    } else {
      std::cout << "proof OK: the record is included in the signed checkpoint\n";
    }
    return {};
  }
  if (a.bundle) {
    auto report = app::verify_bundle_file(*a.bundle, *a.pubkey);
    if (!report) return report.error();
    return report_result(*report, a.format, *a.bundle);
  }
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto report = (*ws)->audit().verify();
  if (!report) return report.error();
  return report_result(*report, a.format, "audit trail");
}

core::Status prove(const GlobalOptions& g, const ProveArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto proof = audit::prove((*ws)->audit(), a.id);
  if (!proof) return proof.error();
  const std::string doc = audit::proof_json(*proof);
  if (!a.out) {
    std::cout << doc;
    return {};
  }
  if (core::Status s = core::write_file_atomically(*a.out, doc, 0600); !s) return s;
  std::cout << "Wrote the inclusion proof of record seq " << proof->leaf_index + 1
            << " in the checkpoint of " << proof->tree_size << " records to " << *a.out << '\n';
  return {};
}

}  // namespace

void add_audit_verify_commands(CLI::App* group, Cli& cli) {
  Action& action = cli.action;
  const GlobalOptions& g = cli.global;

  auto v = std::make_shared<VerifyArgs>();
  CLI::App* verify_cmd = group->add_subcommand(
      "verify",
      "Check the trail: hash chain, Merkle root at every checkpoint, checkpoint signatures "
      "(retired keys included), truncation. With --bundle or --proof, check an export or a proof "
      "offline with only --pubkey. One line per failure, first first, then 'N/M records valid'; "
      "exit 4 on any failure");
  add_format_option(verify_cmd, v->format, {"text", "json"});
  verify_cmd->add_option("--bundle", v->bundle, "An 'audit export' json or ndjson file to check");
  verify_cmd->add_option("--proof", v->proof, "An 'audit prove' file to check");
  verify_cmd->add_option("--pubkey", v->pubkey,
                         "Public key file (the content of keys/<key-id>.pub, k4.public)");
  verify_cmd->callback([&g, &action, v] { action = [&g, v] { return verify(g, *v); }; });

  auto p = std::make_shared<ProveArgs>();
  CLI::App* prove_cmd = group->add_subcommand(
      "prove",
      "Write an inclusion proof (JSON, schemas/audit-proof.schema.json) of one record against "
      "the first signed checkpoint covering it (signing one if none does)");
  prove_cmd->add_option("id", p->id, "Record id or sequence number")->required();
  prove_cmd->add_option("--out", p->out, "Write the proof to FILE (atomically) instead of stdout");
  prove_cmd->callback([&g, &action, p] { action = [&g, p] { return prove(g, *p); }; });
}

}  // namespace novacrm::cli
