#include "audit/proof.hpp"

#include <nlohmann/json.hpp>

#include "audit/tree.hpp"

namespace novacrm::audit {

using nlohmann::json;

namespace {

core::Error integrity(const std::string& what) {
  return core::Error{core::ErrorCode::kIntegrity, what, "proof"};
}

}  // namespace

core::Result<InclusionProof> prove(AuditLog& log, const std::string& id_or_seq) {
  auto rec = log.find(id_or_seq);
  if (!rec) return rec.error();
  if (!*rec) return core::bad_input(id_or_seq, "no audit record has this id or sequence number");
  const auto seq = static_cast<uint64_t>((*rec)->seq);
  auto covering = log.checkpoint_covering(seq);
  if (!covering) return covering.error();
  StoredCheckpoint cp;
  if (*covering) {
    cp = **covering;
  } else {
    auto made = log.checkpoint();
    if (!made) return made.error();
    cp = std::move(made).value();
  }
  auto leaves = log.leaves(1, static_cast<int64_t>(cp.size));
  if (!leaves) return leaves.error();
  auto path = inclusion_proof(seq - 1, *leaves);
  if (!path) return path.error();
  auto origin = log.origin();
  if (!origin) return origin.error();
  return InclusionProof{record_json(**rec), seq - 1, cp.size, std::move(path).value(), *origin,
                        cp.key_id,          cp.note};
}

std::string proof_json(const InclusionProof& p) {
  json path = json::array();
  for (const Hash& h : p.audit_path) path.push_back(to_hex(h));
  const json doc = {{"format", kProofFormat},
                    {"record", json::parse(p.record)},
                    {"leaf_index", p.leaf_index},
                    {"tree_size", p.tree_size},
                    {"audit_path", path},
                    {"checkpoint", {{"origin", p.origin}, {"key_id", p.key_id}, {"note", p.note}}}};
  return doc.dump(2) + "\n";
}

core::Result<InclusionProof> parse_proof(std::string_view text, const std::string& where) {
  const json doc = json::parse(text, nullptr, false);
  const auto bad = [&](const std::string& what) { return core::bad_input(where, what); };
  if (!doc.is_object() || doc.value("format", "") != kProofFormat) {
    return bad("is not a novacrm audit proof (format " + std::string(kProofFormat) + ")");
  }
  try {
    InclusionProof p;
    p.record = doc.at("record").dump();
    p.leaf_index = doc.at("leaf_index").get<uint64_t>();
    p.tree_size = doc.at("tree_size").get<uint64_t>();
    for (const json& h : doc.at("audit_path")) {
      auto hash = hash_from_hex(h.get<std::string>());
      if (!hash) return bad("audit_path holds a value that is not a 64-digit hex hash");
      p.audit_path.push_back(*hash);
    }
    const json& cp = doc.at("checkpoint");
    p.origin = cp.at("origin").get<std::string>();
    p.key_id = cp.at("key_id").get<std::string>();
    p.note = cp.at("note").get<std::string>();
    return p;
  } catch (const json::exception&) {
    return bad("misses a field or has one of the wrong type (see schemas/audit-proof.schema.json)");
  }
}

core::Status verify_proof(const InclusionProof& p, PublicKeyBytes public_key) {
  auto signed_cp = open_checkpoint(p.note, p.origin, public_key);
  if (!signed_cp) {
    return integrity("checkpoint signature does not verify with this public key (" +
                     signed_cp.error().message + ")");
  }
  if (signed_cp->origin != p.origin) return integrity("checkpoint origin differs from the proof's");
  if (signed_cp->size != p.tree_size) {
    return integrity("tree_size " + std::to_string(p.tree_size) +
                     " differs from the signed checkpoint's " + std::to_string(signed_cp->size));
  }
  auto rec = parse_record(p.record);
  if (!rec) return integrity("the record is malformed: " + rec.error().message);
  if (compute_hash(*rec) != rec->hash) {
    return integrity("record seq " + std::to_string(rec->seq) +
                     ": hash mismatch: the record's content was changed");
  }
  if (rec->seq < 1 || static_cast<uint64_t>(rec->seq - 1) != p.leaf_index) {
    return integrity("leaf_index " + std::to_string(p.leaf_index) +
                     " is not the record's position (seq " + std::to_string(rec->seq) + ")");
  }
  const auto leaf = record_leaf(rec->hash);
  if (!leaf || !verify_inclusion(p.leaf_index, p.tree_size, *leaf, p.audit_path, signed_cp->root)) {
    return integrity("record seq " + std::to_string(rec->seq) +
                     ": audit path does not lead to the signed root");
  }
  return {};
}

}  // namespace novacrm::audit
