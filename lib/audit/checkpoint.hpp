// Signed checkpoints: a tree head (origin, size, root) as a C2SP tlog-checkpoint body inside a C2SP
// signed-note envelope with an Ed25519 signature line, so transparency-log tooling (Go's
// golang.org/x/mod/sumdb/note, witnesses) can read what `audit verify` reads:
//
//   novacrm.example/audit
//   1234
//   <base64 root hash>
//
//   — novacrm.example/audit <base64(4-byte key ID || 64-byte Ed25519 signature)>
//
// Nothing here reads the text of a note before its signature has verified (signed-note: the text
// MUST be ignored unless signed by a trusted key). Keys are passed as raw libsodium bytes; the
// PASERK forms and key files live in lib/auth. Never puts a secret key in an error.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "audit/merkle.hpp"
#include "core/result.hpp"

namespace novacrm::audit {

struct Checkpoint {
  std::string origin;  // the log's identity; non-empty, one line
  uint64_t size = 0;   // number of leaves
  Hash root{};         // root of the first `size` leaves

  bool operator==(const Checkpoint&) const = default;
};

using PublicKeyBytes = std::span<const uint8_t, 32>;  // Ed25519, as crypto_sign_* takes it
using SecretKeyBytes = std::span<const uint8_t, 64>;  // seed || public key

// The 4-byte key ID of signed-note: SHA-256(key name || "\n" || 0x01 || public key)[:4], big
// endian. 0x01 is the signature type byte of Ed25519.
uint32_t note_key_id(std::string_view key_name, PublicKeyBytes public_key);

// --- signed-note envelope ---

// `text` plus the blank line and one signature line. kBadInput when `text` is empty, does not end
// in a newline, is not UTF-8 or holds control characters, or when the key name is empty or holds
// a space or '+'.
core::Result<std::string> sign_note(std::string_view text, std::string_view key_name,
                                    SecretKeyBytes secret_key);

// The signed text of `note` once a signature line by (key_name, public_key) verifies.
// Signatures by other keys are ignored, as the format requires (a rotated key, a witness).
// kBadInput: not a signed note (no blank line, a line that is not "— name base64", bad base64,
// control characters). kIntegrity: the expected key's signature does not verify, or no signature
// line is from the expected key (unknown name, or the name with another key's ID).
core::Result<std::string> open_note(std::string_view note, std::string_view key_name,
                                    PublicKeyBytes public_key);

// --- tlog-checkpoint body ---

// "<origin>\n<size>\n<base64 root>\n".
std::string format_checkpoint(const Checkpoint& checkpoint);

// The inverse of format_checkpoint, strictly: exactly three lines, a decimal size without sign or
// leading zeros, a canonical base64 root of 32 bytes. Extension lines are refused: novacrm never
// writes them and a verifier should not accept what it cannot check. kBadInput otherwise.
core::Result<Checkpoint> parse_checkpoint(std::string_view text);

// sign_note(format_checkpoint(c)); kBadInput when the origin is empty or not one printable line.
core::Result<std::string> sign_checkpoint(const Checkpoint& checkpoint, std::string_view key_name,
                                          SecretKeyBytes secret_key);

// open_note then parse_checkpoint. The caller still compares the origin with the log it expects.
core::Result<Checkpoint> open_checkpoint(std::string_view note, std::string_view key_name,
                                         PublicKeyBytes public_key);

}  // namespace novacrm::audit
