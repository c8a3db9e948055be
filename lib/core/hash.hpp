// SHA-256 for identities that are not secrets: a policy's hash, a finding's fingerprint, the audit
// trail's record hashes and Merkle nodes. OpenSSL's libcrypto computes it (SHA extensions or
// AVX2 where the CPU has them: about three times libsodium's portable code, docs/adr/0010);
// HMAC-SHA-256 stays with libsodium. Hex is lower-case.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace novacrm::core {

using Sha256Digest = std::array<uint8_t, 32>;

// SHA-256 of the concatenation of `parts`.
Sha256Digest sha256(std::initializer_list<std::string_view> parts);

std::string sha256_hex(std::string_view data);
std::string digest_hex(const Sha256Digest& digest);

// HMAC-SHA-256 of the concatenation of `parts` under `key` (any length), lower-case hex.
std::string hmac_sha256_hex(std::string_view key, std::initializer_list<std::string_view> parts);

}  // namespace novacrm::core
