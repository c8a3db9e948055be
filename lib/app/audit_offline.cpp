#include "app/audit_offline.hpp"

#include "audit/bundle.hpp"
#include "audit/proof.hpp"
#include "auth/keys.hpp"
#include "core/files.hpp"

namespace novacrm::app {

namespace {

core::Status key_matches(const auth::PublicKey& key, const std::string& expected_id,
                         const std::filesystem::path& pubkey) {
  const std::string id = auth::paserk_pid(key);
  if (id == expected_id) return {};
  return core::Error{core::ErrorCode::kIntegrity,
                     "holds key " + id + ", but the checkpoint names key " + expected_id,
                     pubkey.string()};
}

}  // namespace

core::Status verify_proof_file(const std::filesystem::path& proof_path,
                               const std::filesystem::path& pubkey) {
  auto key = auth::read_public_key_file(pubkey);
  if (!key) return key.error();
  auto text = core::read_file(proof_path);
  if (!text) return text.error();
  auto proof = audit::parse_proof(*text, proof_path.string());
  if (!proof) return proof.error();
  if (core::Status s = key_matches(*key, proof->key_id, pubkey); !s) return s;
  core::Status s = audit::verify_proof(*proof, *key);
  if (!s) return core::Error{s.error().code, s.error().message, proof_path.string()};
  return {};
}

core::Result<audit::VerifyReport> verify_bundle_file(const std::filesystem::path& bundle,
                                                     const std::filesystem::path& pubkey) {
  auto key = auth::read_public_key_file(pubkey);
  if (!key) return key.error();
  auto text = core::read_file(bundle);
  if (!text) return text.error();
  auto key_id = audit::bundle_key_id(*text, bundle.string());
  if (!key_id) return key_id.error();
  if (core::Status s = key_matches(*key, *key_id, pubkey); !s) return s.error();
  auto report = audit::verify_bundle(*text, bundle.string(), *key);
  if (!report) return report.error();
  return report->report;
}

}  // namespace novacrm::app
