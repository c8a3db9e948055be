// SHA-256 (libsodium) for identities that are not secrets: a policy's hash, a finding's
// fingerprint. Lower-case hex.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace novacrm::core {

std::string sha256_hex(std::string_view data);

// HMAC-SHA-256 of the concatenation of `parts` under `key` (any length), lower-case hex.
std::string hmac_sha256_hex(std::string_view key, std::initializer_list<std::string_view> parts);

}  // namespace novacrm::core
