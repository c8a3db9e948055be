// Offline verification of an exported bundle (json or ndjson export; docs/adr/0008) with only
// the public key: each record's hash, the chain links inside the bundle, sequence numbers, the
// root of (compact range left of the first record + the records) against the signed checkpoint.
#pragma once

#include <string>
#include <string_view>

#include "audit/checkpoint.hpp"
#include "audit/log.hpp"
#include "core/result.hpp"

namespace novacrm::audit {

struct BundleReport {
  std::string key_id;  // the key the bundle says signed its checkpoint
  VerifyReport report;
};

// The key id named by a bundle (to pick or check the public key). kBadInput when `text` is not
// a bundle.
core::Result<std::string> bundle_key_id(std::string_view text, const std::string& where);

// kBadInput (naming `where`) when `text` is not a bundle at all; otherwise every failure in
// report.failures, first first.
core::Result<BundleReport> verify_bundle(std::string_view text, const std::string& where,
                                         PublicKeyBytes public_key);

}  // namespace novacrm::audit
