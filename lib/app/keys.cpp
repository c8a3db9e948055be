#include "app/keys.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sodium.h>
#include <sys/stat.h>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "store/guarded.hpp"

namespace novacrm::app {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCode;
using core::Result;

namespace {

// Writes both files of a fresh key; the caller records it in signing_keys.
Result<auth::KeyPair> create_key_files(const fs::path& home) {
  const fs::path dir = keys_dir(home);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return core::workspace_unavailable(dir.string(),
                                       "cannot create the keys directory: " + ec.message());
  }
  ::chmod(dir.c_str(), 0700);
  auto pair = auth::generate_key_pair();
  if (!pair) return pair.error();
  if (core::Status s = auth::write_secret_key_file(
          dir / (auth::paserk_pid(pair->public_key) + ".secret"), *pair);
      !s) {
    return s.error();
  }
  if (auto p = auth::write_public_key_file(dir, pair->public_key); !p) return p.error();
  return pair;
}

void insert_key(store::Database& db, const std::string& id, const std::string& purpose) {
  SQLite::Statement ins(db.handle(),
                        "INSERT INTO signing_keys (id, purpose, created_at) VALUES (?, ?, ?)");
  ins.bind(1, id);
  ins.bind(2, purpose);
  ins.bind(3, core::now_rfc3339());
  ins.exec();
}

void wipe(auth::KeyPair& pair) { sodium_memzero(pair.secret_key.data(), pair.secret_key.size()); }

}  // namespace

fs::path keys_dir(const fs::path& home) { return home / "keys"; }

Result<std::vector<std::string>> ensure_keys(store::Database& db, const fs::path& home) {
  std::vector<std::string> added;
  for (const char* purpose : kKeyPurposes) {
    const core::Status s = db.write_transaction([&]() -> core::Status {
      SQLite::Statement q(db.handle(),
                          "SELECT 1 FROM signing_keys WHERE purpose = ? AND retired_at IS NULL");
      q.bind(1, purpose);
      if (q.executeStep()) return {};
      auto pair = create_key_files(home);
      if (!pair) return pair.error();
      const std::string id = auth::paserk_pid(pair->public_key);
      wipe(*pair);
      insert_key(db, id, purpose);
      std::string line = purpose;
      line += " signing key " + id;
      line += " (keys/" + id + ".pub)";
      added.push_back(std::move(line));
      return {};
    });
    if (!s) return s.error();
  }
  return added;
}

Result<std::vector<KeyInfo>> list_keys(Workspace& ws) {
  store::Database& db = ws.database();
  return store::guarded<std::vector<KeyInfo>>(
      db, "listing signing keys", [&]() -> Result<std::vector<KeyInfo>> {
        std::vector<KeyInfo> out;
        SQLite::Statement q(db.handle(),
                            "SELECT id, purpose, created_at, retired_at FROM signing_keys "
                            "ORDER BY created_at, rowid");
        while (q.executeStep()) {
          KeyInfo k;
          k.id = q.getColumn(0).getString();
          k.purpose = q.getColumn(1).getString();
          k.created_at = q.getColumn(2).getString();
          if (!q.getColumn(3).isNull()) k.retired_at = q.getColumn(3).getString();
          auto pub = auth::load_public_key(keys_dir(ws.paths().home), k.id);
          if (!pub) return pub.error();
          k.public_key = auth::paserk_public(*pub);
          out.push_back(std::move(k));
        }
        return out;
      });
}

Result<KeyInfo> rotate_key(Workspace& ws, const std::string& purpose, const audit::Actor& actor) {
  store::Database& db = ws.database();
  auto pair = create_key_files(ws.paths().home);
  if (!pair) return pair.error();
  KeyInfo info;
  info.id = auth::paserk_pid(pair->public_key);
  info.purpose = purpose;
  info.public_key = auth::paserk_public(pair->public_key);
  wipe(*pair);
  std::string previous;
  const core::Status s = db.write_transaction([&]() -> core::Status {
    SQLite::Statement old(db.handle(),
                          "SELECT id FROM signing_keys WHERE purpose = ? AND retired_at IS NULL");
    old.bind(1, purpose);
    if (old.executeStep()) previous = old.getColumn(0).getString();
    SQLite::Statement retire(db.handle(),
                             "UPDATE signing_keys SET retired_at = ? WHERE purpose = ? AND "
                             "retired_at IS NULL");
    retire.bind(1, core::now_rfc3339());
    retire.bind(2, purpose);
    retire.exec();
    insert_key(db, info.id, purpose);
    return {};
  });
  if (!s) return s.error();
  info.created_at = core::now_rfc3339();
  audit::Event e;
  e.actor = actor;
  e.action = "keys.rotate";
  nlohmann::json details = {{"purpose", purpose}, {"key_id", info.id}};
  if (!previous.empty()) details["previous_key_id"] = previous;
  e.details = details.dump();
  if (auto r = ws.audit().append({e}); !r) return r.error();
  return info;
}

Result<std::pair<std::string, auth::KeyPair>> active_key(store::Database& db, const fs::path& home,
                                                         const std::string& purpose) {
  auto id = store::guarded<std::string>(db, "reading signing keys", [&]() -> Result<std::string> {
    SQLite::Statement q(db.handle(),
                        "SELECT id FROM signing_keys WHERE purpose = ? AND retired_at IS NULL");
    q.bind(1, purpose);
    if (!q.executeStep()) {
      return core::workspace_unavailable(
          keys_dir(home).string(),
          "the workspace has no active " + purpose + " key: run 'novacrm init' to add it");
    }
    return q.getColumn(0).getString();
  });
  if (!id) return id.error();
  if (!auth::is_paserk_pid(*id)) return core::bad_input(*id, "is not a k4.pid key id");
  auto pair = auth::read_secret_key_file(keys_dir(home) / (*id + ".secret"));
  if (!pair) return pair.error();
  if (auth::paserk_pid(pair->public_key) != *id) {
    wipe(*pair);
    return Error{ErrorCode::kIntegrity, "holds another key than " + *id,
                 (keys_dir(home) / (*id + ".secret")).string()};
  }
  return std::make_pair(*id, std::move(pair).value());
}

Result<auth::PublicKey> known_public_key(store::Database& db, const fs::path& home,
                                         const std::string& purpose, const std::string& id) {
  auto known = store::guarded<bool>(db, "reading signing keys", [&]() -> Result<bool> {
    auto q = db.cached("SELECT 1 FROM signing_keys WHERE id = ? AND purpose = ?");
    q->bind(1, id);
    q->bind(2, purpose);
    return q->executeStep();
  });
  if (!known) return known.error();
  if (!*known) {
    return Error{ErrorCode::kIntegrity, "is not one of the workspace's " + purpose + " keys", id};
  }
  return auth::load_public_key(keys_dir(home), id);
}

}  // namespace novacrm::app
