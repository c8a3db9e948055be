// PASETO v4.public (github.com/paseto-standard/paseto-spec, docs/01-Protocol-Versions/Version4.md):
// Ed25519 signatures (libsodium) over the Pre-Authentication Encoding of the header, the payload,
// the optional footer and the optional implicit assertion. Only v4.public is accepted: encrypted
// (v4.local) tokens and every other version are refused by their header before any decoding.
//
// Errors are kPermissionDenied with input "token" and never contain the token, a part of it or key
// material: a token is a bearer credential, and error messages end up in logs and audit records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "auth/keys.hpp"
#include "core/result.hpp"

namespace novacrm::auth {

// Tokens longer than this are refused by their length alone, before any decoding, so a 1 MB token
// costs nothing. Ours are about 400 bytes.
constexpr size_t kMaxTokenSize = 8192;

// What a verified token carries: the payload and footer as the signer wrote them.
struct VerifiedToken {
  std::string payload;
  std::string footer;
};

// PAE (the spec's "Pre-Authentication Encoding"): LE64(count), then LE64(length) || piece for each
// piece. Exposed for its unit tests; sign and verify use it.
std::string pre_auth_encode(std::span<const std::string_view> pieces);

// "v4.public." + base64url(payload || signature) [+ "." + base64url(footer)], unpadded.
// An empty footer is left out, as the spec says. Deterministic (Ed25519).
std::string sign_v4_public(const SecretKey& key, std::string_view payload,
                           std::string_view footer = {}, std::string_view implicit_assertion = {});

// Checks the header, the encoding and the signature under `key` (with the same implicit assertion
// the signer used), and returns the payload and footer. The payload is authentic but not yet
// validated as claims: see claims.hpp.
core::Result<VerifiedToken> verify_v4_public(std::string_view token, const PublicKey& key,
                                             std::string_view implicit_assertion = {});

// The decoded footer before verification, to find which key to verify with. Untrusted until
// verify_v4_public succeeds with the key it names. Empty when the token has no footer.
core::Result<std::string> untrusted_footer(std::string_view token);

}  // namespace novacrm::auth
