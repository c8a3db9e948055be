// novacrm redact: a model's answer (or any text) to stdout with every finding replaced, every
// other byte unchanged. Needs no workspace except for pseudonyms without --key-file.
#include <filesystem>
#include <iostream>

#include "app/check.hpp"
#include "cli.hpp"
#include "compliance/redact.hpp"
#include "core/files.hpp"

namespace novacrm::cli {

namespace {

struct RedactArgs {
  ScanArgs scan;
  std::string path = "-";
  std::string mode = "mask";
  std::optional<std::string> key_file;
  bool no_audit = false;
};

core::Result<std::string> pseudonym_key(const RedactArgs& a, const GlobalOptions& global) {
  if (a.key_file) {
    auto key = core::read_file(*a.key_file);
    if (!key) return core::bad_input("--key-file", key.error().describe());
    if (key->size() < compliance::kMinPseudonymKeyBytes) {
      return core::bad_input("--key-file", "the key must hold at least " +
                                               std::to_string(compliance::kMinPseudonymKeyBytes) +
                                               " bytes");
    }
    return key;
  }
  auto ws = open_workspace_if_present(global);
  if (!ws) return ws.error();
  if (!*ws) {
    return core::bad_input("--key-file",
                           "pseudonyms need a key: pass --key-file FILE or create a workspace "
                           "with 'novacrm init'");
  }
  return (*ws)->hmac_key();
}

core::Status redact(const RedactArgs& a, const GlobalOptions& global) {
  std::error_code ec;
  if (a.path != "-" && std::filesystem::is_directory(a.path, ec)) {
    return core::bad_input(a.path, "is a directory (redact takes one file or stdin)");
  }
  app::CheckOptions options;
  options.paths = {a.path};
  options.context = a.scan.context;
  options.max_file_size = 0;
  options.redact = compliance::parse_redact_mode(a.mode);
  if (options.redact == compliance::RedactMode::kPseudonym) {
    auto key = pseudonym_key(a, global);
    if (!key) return key.error();
    options.redact_key = std::move(key).value();
  }
  auto setup = scan_setup(global, a.scan.policy, a.scan.context.org, /*inline_markers=*/false);
  if (!setup) return setup.error();
  if (core::Status s = enable_audit(*setup, a.no_audit, "redact", options); !s) return s;
  auto result = app::run_check(*setup->engine, options, {});
  if (!result) return result.error();
  std::cout << result->report.inputs.front().redacted.value_or("") << std::flush;
  return {};
}

}  // namespace

void add_redact_command(Cli& cli) {
  auto a = std::make_shared<RedactArgs>();
  CLI::App* cmd = cli.app.add_subcommand(
      "redact",
      "Write a text (a model's answer) to stdout with every finding replaced; every other byte "
      "is kept as is");
  cmd->add_option("path", a->path, "File to redact; '-' or nothing reads standard input");
  cmd->add_option("--mode", a->mode,
                  "mask: [EMAIL]; partial: j***@e******.com; pseudonym: [EMAIL:3f1c0a9b7d2e4f60] "
                  "(keyed HMAC, stable for equal values); remove: drop the value (default mask)")
      ->check(CLI::IsMember({"mask", "partial", "pseudonym", "remove"}));
  cmd->add_option("--key-file", a->key_file,
                  "Key for pseudonyms (at least 32 bytes); default: the workspace's HMAC secret")
      ->type_name("FILE");
  add_scan_context_options(cmd, a->scan);
  cmd->add_flag("--no-audit", a->no_audit,
                "Do not record the redaction in the workspace's audit trail");
  Action& action = cli.action;
  const GlobalOptions& global = cli.global;
  cmd->callback([&action, &global, a] { action = [a, &global] { return redact(*a, global); }; });
}

}  // namespace novacrm::cli
