// Offline checks of what `audit prove` and `audit export` wrote, with only a public key file
// (keys/<k4.pid>.pub content): no workspace is opened. The key's id must be the one the proof or
// bundle names, so a wrong key file is reported as such rather than as a forged signature.
#pragma once

#include <filesystem>
#include <string>

#include "audit/log.hpp"
#include "core/result.hpp"

namespace novacrm::app {

// kIntegrity with what failed; kBadInput for unreadable or malformed files.
core::Status verify_proof_file(const std::filesystem::path& proof,
                               const std::filesystem::path& pubkey);

// The per-record report; failures mean exit 4 (the caller prints them).
core::Result<audit::VerifyReport> verify_bundle_file(const std::filesystem::path& bundle,
                                                     const std::filesystem::path& pubkey);

}  // namespace novacrm::app
