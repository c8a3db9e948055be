// novacrm token issue|list|verify|revoke: the workspace's access tokens (lib/app/tokens.hpp).
// A token is printed once, by `token issue`, and never again: list shows metadata only, and no
// error message names a token.
#include <iostream>

#include "app/tokens.hpp"
#include "cli.hpp"
#include "output.hpp"

namespace novacrm::cli {

namespace {

using nlohmann::json;

struct TokenArgs {
  std::string format;
  std::string sub;
  std::string role;
  std::string org = "default";
  std::string ttl = "8h";
  std::vector<std::string> scopes;
  std::string token;  // token verify's argument
  std::string jti;
};

json claims_doc(const auth::Claims& c) {
  return {{"id", c.jti},
          {"jti", c.jti},
          {"sub", c.sub},
          {"role", auth::role_name(c.role)},
          {"org", c.org},
          {"scopes", c.scopes},
          {"iss", c.iss},
          {"issued_at", auth::format_rfc3339(c.iat)},
          {"not_before", auth::format_rfc3339(c.nbf)},
          {"expires_at", auth::format_rfc3339(c.exp)}};
}

json info_doc(const app::TokenInfo& t, auth::Seconds now) {
  return {{"id", t.jti},
          {"jti", t.jti},
          {"sub", t.sub},
          {"role", t.role},
          {"org", t.org},
          {"scopes", t.scopes},
          {"issued_at", t.issued_at},
          {"expires_at", t.expires_at},
          {"key_id", t.key_id},
          {"status", t.status(now)},
          {"revoked_at", t.revoked_at ? json(*t.revoked_at) : json(nullptr)},
          {"revoked_by", t.revoked_by ? json(*t.revoked_by) : json(nullptr)}};
}

auth::Seconds now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

core::Status issue(const GlobalOptions& g, const TokenArgs& a) {
  auto role = auth::parse_role(a.role);
  if (!role) return role.error();
  auto ttl = app::parse_ttl(a.ttl);
  if (!ttl) return ttl.error();
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  const app::TokenRequest request{a.sub, *role, a.org, a.scopes, *ttl};
  auto issued = app::issue_workspace_token(**ws, request, (*ws)->actor());
  if (!issued) return issued.error();
  if (a.format == "json") {
    json doc = claims_doc(issued->claims);
    doc["key_id"] = issued->key_id;
    doc["token"] = issued->token;
    print_json(doc);
    return {};
  }
  std::cout << issued->token << '\n';
  const std::string_view role_word = auth::role_name(issued->claims.role);
  std::cerr << "Issued " << (role_word.front() == 'a' ? "an " : "a ") << role_word << " token for "
            << issued->claims.sub << " (org " << issued->claims.org << ", jti "
            << issued->claims.jti << ", expires " << auth::format_rfc3339(issued->claims.exp)
            << "). It is shown only this once.\n";
  return {};
}

core::Status list(const GlobalOptions& g, const TokenArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto tokens = app::list_tokens(**ws);
  if (!tokens) return tokens.error();
  const auth::Seconds t = now();
  if (a.format == "json") {
    json items = json::array();
    for (const auto& k : *tokens) items.push_back(info_doc(k, t));
    const auto n = static_cast<int64_t>(tokens->size());
    print_json({{"items", items}, {"total", n}, {"limit", n}, {"offset", 0}});
    return {};
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& k : *tokens) {
    rows.push_back({k.jti, k.sub, k.role, k.org, k.status(t), k.expires_at});
  }
  if (rows.empty()) {
    std::cout << "no tokens\n";
    return {};
  }
  print_table({"JTI", "SUB", "ROLE", "ORG", "STATUS", "EXPIRES"}, rows);
  return {};
}

core::Status verify(const GlobalOptions& g, const TokenArgs& a) {
  std::string token = a.token;
  if (token == "-") std::getline(std::cin, token);
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto claims = app::verify_workspace_token(**ws, token);
  if (!claims) {
    if (a.format == "json" && claims.error().code == core::ErrorCode::kPermissionDenied) {
      print_json({{"valid", false}, {"reason", claims.error().describe()}});
    }
    return claims.error();
  }
  if (a.format == "json") {
    json doc = claims_doc(*claims);
    doc["valid"] = true;
    print_json(doc);
    return {};
  }
  std::cout << "valid token\n";
  print_fields({{"jti", claims->jti},
                {"sub", claims->sub},
                {"role", std::string(auth::role_name(claims->role))},
                {"org", claims->org},
                {"scopes", claims_doc(*claims)["scopes"].dump()},
                {"issuer", claims->iss},
                {"issued at", auth::format_rfc3339(claims->iat)},
                {"expires at", auth::format_rfc3339(claims->exp)}});
  return {};
}

core::Status revoke(const GlobalOptions& g, const TokenArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto t = app::revoke_token(**ws, a.jti, (*ws)->actor());
  if (!t) return t.error();
  std::cout << "Revoked token " << t->jti << " (" << t->role << ", " << t->sub
            << "): it is refused from now on.\n";
  return {};
}

void add_issue(CLI::App* group, Action& action, const GlobalOptions& g) {
  auto a = std::make_shared<TokenArgs>();
  CLI::App* cmd = group->add_subcommand(
      "issue",
      "Issue a token (admin). Prints it once on stdout (the details go to stderr); the "
      "workspace keeps its metadata only. Recorded in the audit trail");
  cmd->add_option("--sub", a->sub, "Who the token is for: a person or a job (\"alice\")")
      ->required();
  cmd->add_option("--role", a->role, "Its role: admin|manager|analyst|viewer")
      ->required()
      ->check(CLI::IsMember({"admin", "manager", "analyst", "viewer"}));
  cmd->add_option("--org", a->org, "The org it acts for (default: default)");
  cmd->add_option("--ttl", a->ttl,
                  "How long it is valid: a number and a unit s|m|h|d|w, at most 366d "
                  "(default: 8h)");
  cmd->add_option("--scopes", a->scopes, "Scopes for scope_check (repeat or separate with commas)")
      ->delimiter(',');
  add_format_option(cmd, a->format, {"text", "json"});
  cmd->callback([&g, &action, a] { action = [&g, a] { return issue(g, *a); }; });
}

void add_verify(CLI::App* group, Action& action, const GlobalOptions& g) {
  auto a = std::make_shared<TokenArgs>();
  CLI::App* cmd = group->add_subcommand(
      "verify",
      "Check a token against this workspace: print its claims, or exactly why it is invalid "
      "(exit 3). Needs no token of its own");
  cmd->add_option("TOKEN", a->token, "The token, or - to read it from stdin")->required();
  add_format_option(cmd, a->format, {"text", "json"});
  cmd->callback([&g, &action, a] { action = [&g, a] { return verify(g, *a); }; });
}

}  // namespace

void add_token_commands(Cli& cli) {
  CLI::App* group = cli.app.add_subcommand(
      "token", "Issue, list, verify and revoke access tokens (PASETO v4.public, one role each)");
  Action& action = cli.action;
  const GlobalOptions& g = cli.global;
  add_issue(group, action, g);

  auto a = std::make_shared<TokenArgs>();
  CLI::App* list_cmd = group->add_subcommand(
      "list", "List issued tokens: jti, subject, role, org, status, expiry (never the tokens)");
  add_format_option(list_cmd, a->format, {"text", "json"});
  list_cmd->callback([&g, &action, a] { action = [&g, a] { return list(g, *a); }; });

  add_verify(group, action, g);

  a = std::make_shared<TokenArgs>();
  CLI::App* revoke_cmd = group->add_subcommand(
      "revoke", "Revoke a token by its jti (see 'token list'); recorded in the audit trail");
  revoke_cmd->add_option("JTI", a->jti, "The token's id")->required();
  revoke_cmd->callback([&g, &action, a] { action = [&g, a] { return revoke(g, *a); }; });
}

}  // namespace novacrm::cli
