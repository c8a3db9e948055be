// The workspace's signing keys (DESIGN.md, Clarifications "Keys"): one active Ed25519 key per
// purpose, `audit` (checkpoints) and `token` (issue 5). Files under <home>/keys/:
//   <k4.pid>.pub     the k4.public string (0644); kept forever, so what a retired key signed
//                    still verifies
//   <k4.pid>.secret  the k4.secret string (0600; a file others may read is refused)
// The signing_keys table says which key is active for which purpose and when it was created and
// retired. Rotation is audited ("keys.rotate", key ids only). Never prints or logs a secret key.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/workspace.hpp"
#include "auth/keys.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace novacrm::app {

inline constexpr std::array<const char*, 2> kKeyPurposes = {"audit", "token"};

struct KeyInfo {
  std::string id;  // PASERK k4.pid
  std::string purpose;
  std::string public_key;  // PASERK k4.public
  std::string created_at;
  std::optional<std::string> retired_at;
};

std::filesystem::path keys_dir(const std::filesystem::path& home);

// Creates an active key for each purpose that has none; returns what it added, for `init`.
core::Result<std::vector<std::string>> ensure_keys(store::Database& db,
                                                   const std::filesystem::path& home);

// Every key, oldest first.
core::Result<std::vector<KeyInfo>> list_keys(Workspace& ws);

// A new active key for `purpose`; the previous one is retired (its public key stays). Audited.
core::Result<KeyInfo> rotate_key(Workspace& ws, const std::string& purpose,
                                 const audit::Actor& actor);

// The active key pair of a purpose (its secret file must be 0600).
core::Result<std::pair<std::string, auth::KeyPair>> active_key(store::Database& db,
                                                               const std::filesystem::path& home,
                                                               const std::string& purpose);

// The public key of a key the workspace has had for `purpose` (kIntegrity when unknown).
core::Result<auth::PublicKey> known_public_key(store::Database& db,
                                               const std::filesystem::path& home,
                                               const std::string& purpose, const std::string& id);

}  // namespace novacrm::app
