// Inclusion proofs of one audit record against a signed checkpoint, checkable offline with only
// the public key (`audit prove`, `audit verify --proof`). JSON shape:
// schemas/audit-proof.schema.json. The proof carries the record itself (masked, as stored), never
// anything the trail does not hold.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/checkpoint.hpp"
#include "audit/log.hpp"
#include "audit/merkle.hpp"
#include "core/result.hpp"

namespace novacrm::audit {

inline constexpr std::string_view kProofFormat = "novacrm-audit-proof/1";

struct InclusionProof {
  std::string record;  // record_json of the record
  uint64_t leaf_index = 0;
  uint64_t tree_size = 0;
  std::vector<Hash> audit_path;  // bottom-up, RFC 9162
  std::string origin;
  std::string key_id;
  std::string note;  // the signed checkpoint
};

// The proof of record `id_or_seq` against the smallest checkpoint covering it (signing one of
// the whole log when none does). kBadInput when the record does not exist.
core::Result<InclusionProof> prove(AuditLog& log, const std::string& id_or_seq);

std::string proof_json(const InclusionProof& p);
// kBadInput naming `where` when the text is not a proof document.
core::Result<InclusionProof> parse_proof(std::string_view text, const std::string& where);

// Signature, record hash, leaf index against the record's sequence number, and the audit path
// up to the signed root. kIntegrity with what failed.
core::Status verify_proof(const InclusionProof& p, PublicKeyBytes public_key);

}  // namespace novacrm::audit
