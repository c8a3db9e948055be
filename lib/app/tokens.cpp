// Tokens in the workspace: the tokens table, the token key, the token file. Never logs, audits or
// stores a token string; errors name the jti, never the token.
#include "app/tokens.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sodium.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "app/keys.hpp"
#include "core/clock.hpp"
#include "core/files.hpp"
#include "store/guarded.hpp"

namespace novacrm::app {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCode;
using core::Result;

namespace {

auth::Seconds now_seconds() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

Result<std::string> read_workspace_id(store::Database& db) {
  return store::guarded<std::string>(db, "reading the workspace id", [&]() -> Result<std::string> {
    auto q = db.cached("SELECT value FROM workspace_meta WHERE key = 'id'");
    if (!q->executeStep()) {
      return core::workspace_unavailable(db.path().string(), "the workspace has no id");
    }
    return q->getColumn(0).getString();
  });
}

core::Status audit_token_event(Workspace& ws, const audit::Actor& actor, const std::string& action,
                               const std::string& jti, const std::string& sub,
                               const std::string& role) {
  audit::Event e;
  e.actor = actor;
  e.action = action;
  e.details = nlohmann::json{{"jti", jti}, {"sub", sub}, {"role", role}}.dump();
  if (auto r = ws.audit().append({e}); !r) return r.error();
  return {};
}

void insert_token_row(store::Database& db, const auth::Claims& c, const std::string& key_id) {
  SQLite::Statement ins(db.handle(),
                        "INSERT INTO tokens (jti, sub, role, org, scopes, issued_at, expires_at, "
                        "key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, c.jti);
  ins.bind(2, c.sub);
  ins.bind(3, std::string(auth::role_name(c.role)));
  ins.bind(4, c.org);
  ins.bind(5, nlohmann::json(c.scopes).dump());
  ins.bind(6, auth::format_rfc3339(c.iat));
  ins.bind(7, auth::format_rfc3339(c.exp));
  ins.bind(8, key_id);
  ins.exec();
}

constexpr const char* kTokenColumns =
    "SELECT jti, sub, role, org, scopes, issued_at, expires_at, key_id, revoked_at, revoked_by "
    "FROM tokens ";

TokenInfo token_from_row(SQLite::Statement& q) {
  TokenInfo t;
  t.jti = q.getColumn(0).getString();
  t.sub = q.getColumn(1).getString();
  t.role = q.getColumn(2).getString();
  t.org = q.getColumn(3).getString();
  const auto scopes = nlohmann::json::parse(q.getColumn(4).getString(), nullptr, false);
  if (scopes.is_array()) {
    for (const auto& s : scopes) {
      if (s.is_string()) t.scopes.push_back(s.get<std::string>());
    }
  }
  t.issued_at = q.getColumn(5).getString();
  t.expires_at = q.getColumn(6).getString();
  t.key_id = q.getColumn(7).getString();
  if (!q.getColumn(8).isNull()) t.revoked_at = q.getColumn(8).getString();
  if (!q.getColumn(9).isNull()) t.revoked_by = q.getColumn(9).getString();
  return t;
}

Result<std::optional<TokenInfo>> find_token(store::Database& db, const std::string& jti) {
  return store::guarded<std::optional<TokenInfo>>(
      db, "reading tokens", [&]() -> Result<std::optional<TokenInfo>> {
        auto q = db.cached(std::string(kTokenColumns) + "WHERE jti = ?");
        q->bind(1, jti);
        if (!q->executeStep()) return std::optional<TokenInfo>();
        return std::optional<TokenInfo>(token_from_row(*q));
      });
}

}  // namespace

fs::path token_file(const fs::path& home) { return home / "token"; }

Result<std::chrono::seconds> parse_ttl(std::string_view text) {
  const auto bad = [&](const std::string& why) {
    return core::bad_input("--ttl", "\"" + std::string(text.substr(0, 32)) + "\" " + why);
  };
  if (text.size() < 2) return bad("is not a duration (a number and a unit: 90s, 30m, 8h, 7d, 2w)");
  const char unit = text.back();
  const std::string_view digits = text.substr(0, text.size() - 1);
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n < 0) {
    return bad("is not a duration (a number and a unit: 90s, 30m, 8h, 7d, 2w)");
  }
  int64_t unit_seconds = 0;
  switch (unit) {
    case 's':
      unit_seconds = 1;
      break;
    case 'm':
      unit_seconds = 60;
      break;
    case 'h':
      unit_seconds = 3600;
      break;
    case 'd':
      unit_seconds = 86400;
      break;
    case 'w':
      unit_seconds = int64_t{7} * 86400;
      break;
    default:
      return bad("has an unknown unit (s, m, h, d or w)");
  }
  if (n == 0) return bad("is zero: a token must live for some time");
  if (n > kMaxTokenTtl.count() / unit_seconds) return bad("is longer than the maximum, 366d");
  return std::chrono::seconds(n * unit_seconds);
}

std::string TokenInfo::status(auth::Seconds now) const {
  if (revoked_at) return "revoked";
  const auto exp = auth::parse_rfc3339(expires_at);
  if (exp && *exp <= now) return "expired";
  return "active";
}

namespace {

// Issues and records a token; audits "token.issue" when `actor` is given.
Result<IssuedToken> issue_token_row(Workspace& ws, const TokenRequest& request,
                                    const audit::Actor* actor) {
  if (request.sub.empty()) return core::bad_input("--sub", "must not be empty");
  if (request.org.empty()) return core::bad_input("--org", "must not be empty");
  store::Database& db = ws.database();
  auto org_known = store::guarded<bool>(db, "reading orgs", [&]() -> Result<bool> {
    SQLite::Statement q(db.handle(), "SELECT 1 FROM orgs WHERE id = ?");
    q.bind(1, request.org);
    return q.executeStep();
  });
  if (!org_known) return org_known.error();
  if (!*org_known) {
    return core::bad_input("--org",
                           "\"" + request.org.substr(0, 64) + "\" is not an org of this workspace");
  }
  auto iss = read_workspace_id(db);
  if (!iss) return iss.error();
  auto key = active_key(db, ws.paths().home, "token");
  if (!key) return key.error();
  IssuedToken out;
  out.key_id = key->first;
  auth::Claims& c = out.claims;
  c.sub = request.sub;
  c.role = request.role;
  c.org = request.org;
  c.scopes = request.scopes;
  c.iss = *iss;
  c.iat = now_seconds();
  c.nbf = c.iat;
  c.exp = c.iat + request.ttl;
  c.jti = auth::new_token_id();
  auto token = auth::issue_token(c, key->second);
  sodium_memzero(key->second.secret_key.data(), key->second.secret_key.size());
  if (!token) return token.error();
  out.token = std::move(token).value();
  const core::Status s = db.write_transaction([&]() -> core::Status {
    auto inserted = store::guarded<bool>(db, "recording the token", [&]() -> Result<bool> {
      insert_token_row(db, c, out.key_id);
      return true;
    });
    if (!inserted) return inserted.error();
    if (actor == nullptr) return {};
    return audit_token_event(ws, *actor, "token.issue", c.jti, c.sub,
                             std::string(auth::role_name(c.role)));
  });
  if (!s) return s.error();
  return out;
}

}  // namespace

Result<IssuedToken> issue_workspace_token(Workspace& ws, const TokenRequest& request,
                                          const audit::Actor& actor) {
  return issue_token_row(ws, request, &actor);
}

Result<std::vector<TokenInfo>> list_tokens(Workspace& ws) {
  store::Database& db = ws.database();
  return store::guarded<std::vector<TokenInfo>>(
      db, "listing tokens", [&]() -> Result<std::vector<TokenInfo>> {
        std::vector<TokenInfo> out;
        SQLite::Statement q(db.handle(), std::string(kTokenColumns) + "ORDER BY issued_at, rowid");
        while (q.executeStep()) out.push_back(token_from_row(q));
        return out;
      });
}

Result<TokenInfo> revoke_token(Workspace& ws, const std::string& jti, const audit::Actor& actor) {
  store::Database& db = ws.database();
  std::optional<TokenInfo> found;
  const core::Status s = db.write_transaction([&]() -> core::Status {
    auto t = find_token(db, jti);
    if (!t) return t.error();
    if (!*t)
      return core::bad_input(jti.substr(0, 64), "is not the jti of a token of this workspace");
    if ((*t)->revoked_at) return core::bad_input(jti, "is already revoked");
    const std::string now = core::now_rfc3339();
    auto updated = store::guarded<bool>(db, "revoking the token", [&]() -> Result<bool> {
      SQLite::Statement u(db.handle(),
                          "UPDATE tokens SET revoked_at = ?, revoked_by = ? WHERE jti = ?");
      u.bind(1, now);
      u.bind(2, actor.subject);
      u.bind(3, jti);
      u.exec();
      return true;
    });
    if (!updated) return updated.error();
    (*t)->revoked_at = now;
    (*t)->revoked_by = actor.subject;
    found = std::move(*t);
    return audit_token_event(ws, actor, "token.revoke", found->jti, found->sub, found->role);
  });
  if (!s) return s.error();
  return std::move(*found);
}

Result<auth::ValidationContext> validation_context(Workspace& ws) {
  store::Database& db = ws.database();
  auto iss = read_workspace_id(db);
  if (!iss) return iss.error();
  auth::ValidationContext ctx;
  ctx.workspace_id = *iss;
  ctx.verified = &ws.verified_tokens();
  const fs::path home = ws.paths().home;
  // Only keys of purpose `token`: an audit key never signs a valid token.
  ctx.find_key = [&db, home](std::string_view pid) -> std::optional<auth::PublicKey> {
    if (!auth::is_paserk_pid(pid)) return std::nullopt;
    auto key = known_public_key(db, home, "token", std::string(pid));
    if (!key) return std::nullopt;
    return *key;
  };
  ctx.is_revoked = [&db](std::string_view jti) -> Result<bool> {
    auto t = find_token(db, std::string(jti));
    if (!t) return t.error();
    if (!*t) {
      return Error{ErrorCode::kPermissionDenied,
                   "is unknown to this workspace (jti " + std::string(jti) + ")", "token"};
    }
    return (*t)->revoked_at.has_value();
  };
  return ctx;
}

Result<auth::Claims> verify_workspace_token(Workspace& ws, std::string_view token) {
  auto ctx = validation_context(ws);
  if (!ctx) return ctx.error();
  auto claims = auth::validate_token(token, *ctx);
  if (!claims && claims.error().code == ErrorCode::kPermissionDenied &&
      claims.error().input == "token") {
    return Error{ErrorCode::kPermissionDenied, "token " + claims.error().message, {}};
  }
  return claims;
}

Result<std::optional<std::string>> ensure_bootstrap_token(Workspace& ws, const audit::Actor& owner,
                                                          bool audited) {
  const fs::path file = token_file(ws.paths().home);
  std::error_code ec;
  if (fs::exists(file, ec)) {
    auto text = core::read_file(file);
    if (text) {
      std::string token = *text;
      while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
      if (verify_workspace_token(ws, token)) return std::optional<std::string>();
    }
  }
  TokenRequest request;
  request.sub = owner.subject;
  request.role = auth::Role::kAdmin;
  request.ttl = kBootstrapTokenTtl;
  auto issued = issue_token_row(ws, request, audited ? &owner : nullptr);
  if (!issued) return issued.error();
  if (core::Status s = core::write_file_atomically(file, issued->token + "\n", 0600); !s) {
    return s.error();
  }
  return std::optional<std::string>(std::move(issued->token));
}

}  // namespace novacrm::app
