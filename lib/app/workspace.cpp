#include "app/workspace.hpp"

#include <pwd.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "app/keys.hpp"
#include "app/policy_store.hpp"
#include "app/tokens.hpp"
#include "compliance/policy.hpp"
#include "core/files.hpp"
#include "obs/logging.hpp"

namespace novacrm::app {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCode;
using core::Result;

Workspace::Workspace(core::WorkspacePaths paths, store::Database db)
    : paths_(std::move(paths)),
      db_(std::move(db)),
      contacts_(db_),
      clients_(db_),
      crm_(contacts_, clients_),
      audit_(db_),
      actor_(local_actor()) {
  // Keys are read only when a checkpoint is signed or verified, never just to open the workspace.
  audit_.set_signer([this]() -> Result<audit::Signer> {
    auto key = active_key(db_, paths_.home, "audit");
    if (!key) return key.error();
    audit::Signer signer{key->first, key->second.secret_key};
    sodium_memzero(key->second.secret_key.data(), key->second.secret_key.size());
    return signer;
  });
  audit_.set_public_keys([this](const std::string& id) -> Result<std::array<uint8_t, 32>> {
    return known_public_key(db_, paths_.home, "audit", id);
  });
  audit_.set_checkpoint_interval(compliance::Policy{}.checkpoint_interval);
}

audit::Actor local_actor() {
  const passwd* pw = ::getpwuid(::geteuid());
  const std::string name = pw != nullptr ? pw->pw_name : std::to_string(::geteuid());
  return audit::Actor{"local:" + name, "admin", "default"};
}

Result<std::unique_ptr<Workspace>> Workspace::open(const core::WorkspacePaths& paths) {
  std::error_code ec;
  if (!fs::is_directory(paths.home, ec)) {
    return Error{ErrorCode::kWorkspaceUnavailable,
                 "no workspace here (run 'novacrm init' to create one)", paths.home.string()};
  }
  auto db = store::Database::open(paths.database, store::OpenMode::kExisting);
  if (!db) return db.error();
  if (db->version() != db->version_before()) {
    obs::log(obs::LogLevel::kInfo,
             "workspace.migrate from=" + std::to_string(db->version_before()) +
                 " to=" + std::to_string(db->version()));
  }
  if (obs::log_enabled(obs::LogLevel::kDebug)) {
    obs::log(obs::LogLevel::kDebug, "workspace.open schema=" + std::to_string(db->version()));
  }
  // The active policy (policy apply) sets the checkpoint cadence; else the built-in default.
  auto interval = active_checkpoint_interval(*db);
  if (!interval) return interval.error();
  std::unique_ptr<Workspace> ws(new Workspace(paths, std::move(db).value()));
  if (*interval) ws->audit().set_checkpoint_interval(**interval);
  return ws;
}

namespace {

// The database, its migrations, the signing keys and the HMAC secret: what init creates or adds.
core::Status init_database(const core::WorkspacePaths& paths, InitReport& report) {
  std::error_code ec;
  const bool had_db = fs::exists(paths.database, ec);
  // The database, its WAL and shared-memory files hold contact PII: owner-only from creation.
  const mode_t old_umask = ::umask(077);
  auto db = store::Database::open(paths.database, store::OpenMode::kCreate);
  ::umask(old_umask);
  if (!db) return db.error();
  report.new_database = !had_db;
  if (!had_db) {
    report.additions.push_back("database (schema v" + std::to_string(db->version()) + ")");
  } else if (db->version() != db->version_before()) {
    report.additions.push_back("schema migrations v" + std::to_string(db->version_before() + 1) +
                               " to v" + std::to_string(db->version()));
  }
  auto keys = ensure_keys(*db, paths.home);
  if (!keys) return keys.error();
  for (std::string& k : *keys) report.additions.push_back(std::move(k));
  if (!fs::exists(paths.hmac_key, ec)) {
    if (sodium_init() < 0) return core::internal_error("libsodium failed to initialise");
    std::array<unsigned char, kHmacKeyBytes> key{};
    randombytes_buf(key.data(), key.size());
    const core::Status s = core::write_file_atomically(
        paths.hmac_key, std::string_view(reinterpret_cast<const char*>(key.data()), key.size()),
        0600);
    sodium_memzero(key.data(), key.size());
    if (!s) return s.error();
    report.additions.emplace_back("HMAC secret for pseudonyms (hmac.key)");
  }
  return {};
}

}  // namespace

Result<InitReport> init_workspace(const core::WorkspacePaths& paths) {
  InitReport report;
  std::error_code ec;
  if (!fs::exists(paths.home, ec)) {
    fs::create_directories(paths.home, ec);
    if (ec) {
      return Error{ErrorCode::kWorkspaceUnavailable,
                   "cannot create the workspace directory: " + ec.message(), paths.home.string()};
    }
    ::chmod(paths.home.c_str(), 0700);
    report.created = true;
  } else if (!fs::is_directory(paths.home, ec)) {
    return Error{ErrorCode::kWorkspaceUnavailable, "exists and is not a directory",
                 paths.home.string()};
  }
  if (core::Status s = init_database(paths, report); !s) return s.error();
  auto ws = Workspace::open(paths);
  if (!ws) return ws.error();
  auto token = ensure_bootstrap_token(**ws, local_actor(), /*audited=*/!report.new_database);
  if (!token) return token.error();
  if (*token) {
    report.admin_token = std::move(*token);
    report.additions.push_back("bootstrap admin token (token file " +
                               token_file(paths.home).string() + ", mode 0600)");
  }
  return report;
}

Result<std::string> Workspace::hmac_key() const {
  if (!hmac_key_.empty()) return hmac_key_;  // read once per connection: init never replaces it
  std::error_code ec;
  if (!fs::exists(paths_.hmac_key, ec)) {
    return Error{ErrorCode::kWorkspaceUnavailable,
                 "the workspace has no HMAC secret: run 'novacrm init' to add it",
                 paths_.hmac_key.string()};
  }
  auto key = core::read_file(paths_.hmac_key);
  if (!key || key->size() < kHmacKeyBytes) {
    return Error{ErrorCode::kWorkspaceUnavailable, "cannot read the HMAC secret",
                 paths_.hmac_key.string()};
  }
  hmac_key_ = *key;
  return key;
}

}  // namespace novacrm::app
