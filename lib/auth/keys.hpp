// Ed25519 key pairs (libsodium) in their PASERK k4 forms, and the files that hold them: the secret
// key in a 0600 file written atomically, public keys as keys/<k4.pid>.pub. A key's id everywhere
// (file names, CLI, JSON) is its k4.pid. Never puts secret key material in an error message.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace novacrm::auth {

using PublicKey = std::array<uint8_t, 32>;
using SecretKey = std::array<uint8_t, 64>;  // libsodium's form: 32-byte seed || public key

struct KeyPair {
  PublicKey public_key{};
  SecretKey secret_key{};
};

// A fresh key pair from libsodium's CSPRNG; kInternal only if libsodium cannot initialise.
core::Result<KeyPair> generate_key_pair();

// Raw bytes from elsewhere (a test vector, another tool) as keys. kBadInput for the wrong length;
// a secret key whose second half is not the public key of its seed is refused too, since signing
// with it would produce signatures that never verify.
core::Result<PublicKey> public_key_from_bytes(std::span<const uint8_t> bytes);
core::Result<KeyPair> key_pair_from_secret_bytes(std::span<const uint8_t> bytes);

// PASERK (github.com/paseto-standard/paserk): "k4.public." / "k4.secret." + base64url without
// padding of the raw key; "k4.pid." + base64url(BLAKE2b-264("k4.pid." || k4.public string)).
std::string paserk_public(const PublicKey& key);
std::string paserk_secret(const SecretKey& key);  // a secret: wipe it after use
std::string paserk_pid(const PublicKey& key);

// Strict inverses: the exact prefix (another version or type is refused), canonical unpadded
// base64url, the exact key length. kBadInput otherwise.
core::Result<PublicKey> parse_paserk_public(std::string_view paserk);
core::Result<KeyPair> parse_paserk_secret(std::string_view paserk);

// True for "k4.pid." followed by the 44 base64url characters of a 33-byte hash; what a key id must
// look like before it is used as a file name.
bool is_paserk_pid(std::string_view id);

// The k4.secret string and a newline, mode 0600 from creation on (no moment where the file is
// readable by others), replaced atomically: temporary file beside it, fsync, rename.
core::Status write_secret_key_file(const std::filesystem::path& path, const KeyPair& key);

// Refuses a file that group or others may read or write (kBadInput naming the path and mode, as
// ssh does for identity files), then parses it.
core::Result<KeyPair> read_secret_key_file(const std::filesystem::path& path);

// Writes keys_dir/<k4.pid>.pub holding the k4.public string and a newline; returns its path.
core::Result<std::filesystem::path> write_public_key_file(const std::filesystem::path& keys_dir,
                                                          const PublicKey& key);

// Any file holding one k4.public string (`--pubkey FILE`).
core::Result<PublicKey> read_public_key_file(const std::filesystem::path& path);

// keys_dir/<pid>.pub, checked to hold the key with that id (kIntegrity if it holds another).
core::Result<PublicKey> load_public_key(const std::filesystem::path& keys_dir,
                                        std::string_view pid);

}  // namespace novacrm::auth
