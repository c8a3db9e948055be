// SHA-256 (libsodium) for identities that are not secrets: a policy's hash, a finding's
// fingerprint. Lower-case hex.
#pragma once

#include <string>
#include <string_view>

namespace novacrm::core {

std::string sha256_hex(std::string_view data);

}  // namespace novacrm::core
