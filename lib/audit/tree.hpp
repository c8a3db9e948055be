// How the audit log maps onto its Merkle tree (docs/adr/0008): leaf i is the record with sequence
// number i + 1, and its leaf data is that record's hash as 32 raw bytes (not hex, not the JSON),
// so the leaf hash is SHA-256(0x00 || record hash). The record hash already covers the canonical
// JSON and the previous hash, so the tree adds no second canonical form. Plus the hex spellings
// the database, proofs and bundles use.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/merkle.hpp"

namespace novacrm::audit {

std::string to_hex(const Hash& h);
// Exactly 64 lower- or upper-case hex digits; nullopt otherwise.
std::optional<Hash> hash_from_hex(std::string_view hex);

// The leaf hash of a record whose hash is `record_hash_hex`; nullopt when it is not 64 hex digits.
std::optional<Hash> record_leaf(std::string_view record_hash_hex);

// A list of hashes as hex joined by ',' (empty string for none), and back.
std::string join_hashes(const std::vector<Hash>& hashes);
std::optional<std::vector<Hash>> split_hashes(std::string_view text);

}  // namespace novacrm::audit
