// novacrm keys show|rotate: the workspace's Ed25519 signing keys (audit checkpoints, tokens).
// Prints public keys and key ids only, never secret key material.
#include <iostream>

#include "app/keys.hpp"
#include "cli.hpp"
#include "output.hpp"

namespace novacrm::cli {

namespace {

using nlohmann::json;

struct KeysArgs {
  std::string format;
  std::string purpose = "audit";
};

json key_doc(const app::KeyInfo& k) {
  return {{"id", k.id},
          {"purpose", k.purpose},
          {"public_key", k.public_key},
          {"created_at", k.created_at},
          {"retired_at", k.retired_at ? json(*k.retired_at) : json(nullptr)},
          {"status", k.retired_at ? "retired" : "active"}};
}

core::Status show(const GlobalOptions& g, const KeysArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto keys = app::list_keys(**ws);
  if (!keys) return keys.error();
  if (a.format == "json") {
    json items = json::array();
    for (const auto& k : *keys) items.push_back(key_doc(k));
    const auto n = static_cast<int64_t>(keys->size());
    print_json({{"items", items}, {"total", n}, {"limit", n}, {"offset", 0}});
    return {};
  }
  for (const auto& k : *keys) {
    std::cout << k.purpose << "  " << (k.retired_at ? "retired" : "active ") << "  " << k.id
              << "\n  public key: " << k.public_key << "\n  created:    " << k.created_at
              << (k.retired_at ? "\n  retired:    " + *k.retired_at : "") << '\n';
  }
  if (keys->empty()) std::cout << "no keys (run 'novacrm init' to create them)\n";
  return {};
}

core::Status rotate(const GlobalOptions& g, const KeysArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto key = app::rotate_key(**ws, a.purpose, (*ws)->actor());
  if (!key) return key.error();
  std::cout << "New active " << key->purpose << " key " << key->id << " (keys/" << key->id
            << ".pub)\nThe previous key is retired; its public key stays, so what it signed still "
               "verifies.\n";
  return {};
}

}  // namespace

void add_keys_commands(Cli& cli) {
  CLI::App* group = cli.app.add_subcommand(
      "keys", "Show or rotate the workspace's Ed25519 signing keys (audit checkpoints, tokens)");
  Action& action = cli.action;
  const GlobalOptions& g = cli.global;

  auto a = std::make_shared<KeysArgs>();
  CLI::App* show_cmd = group->add_subcommand(
      "show", "List every key: purpose, key id (k4.pid), public key (k4.public), status");
  add_format_option(show_cmd, a->format, {"text", "json"});
  show_cmd->callback([&g, &action, a] { action = [&g, a] { return show(g, *a); }; });

  a = std::make_shared<KeysArgs>();
  CLI::App* rotate_cmd = group->add_subcommand(
      "rotate",
      "Add a new active key for a purpose and retire the old one (its public key is kept so "
      "old checkpoints and tokens still verify); recorded in the audit trail");
  rotate_cmd->add_option("--purpose", a->purpose, "audit (default) or token")
      ->check(CLI::IsMember({"audit", "token"}));
  rotate_cmd->callback([&g, &action, a] { action = [&g, a] { return rotate(g, *a); }; });
}

}  // namespace novacrm::cli
