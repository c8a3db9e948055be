// Token claims, issuing and validation. A token is PASETO v4.public (paseto.hpp) whose payload is
// the claims as JSON, times in RFC 3339 as PASETO's registered claims require, and whose footer is
// {"kid":"k4.pid..."}: the PASERK id of the signing key, so a token signed by a rotated-out key is
// still checked with the right key until it expires.
//
// No database here: the caller passes the known public keys and the revocation check (lib/app wires
// them to the workspace). Refusals are kPermissionDenied with input "token", one distinct message
// per reason, and never contain the token or key material.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/keys.hpp"
#include "auth/rbac.hpp"
#include "core/result.hpp"

namespace novacrm::auth {

using Seconds = std::chrono::sys_seconds;

// Default allowance for clocks that disagree, applied to nbf and exp (not to iat).
constexpr std::chrono::seconds kDefaultClockSkew{60};

struct Claims {
  std::string sub;                  // who: "alice", "ci:nightly-export"
  Role role = Role::kViewer;        // what they may do (rbac.hpp)
  std::string org = "default";      // which organisation's rows and scope rules apply
  std::vector<std::string> scopes;  // free-form narrowing for scope_check; may be empty
  std::string iss;                  // the workspace id that issued the token
  Seconds iat{};                    // issued at
  Seconds nbf{};                    // not valid before
  Seconds exp{};                    // not valid from then on
  std::string jti;                  // token id: what `token revoke` names

  bool operator==(const Claims&) const = default;
};

// "2026-11-25T04:53:38Z".
std::string format_rfc3339(Seconds t);

// RFC 3339 date-time: "T" or "t", fractional seconds (truncated), "Z" or a +hh:mm/-hh:mm offset.
std::optional<Seconds> parse_rfc3339(std::string_view text);

// The payload: {"sub", "role", "org", "scopes", "iss", "iat", "nbf", "exp", "jti"}.
std::string claims_to_json(const Claims& claims);

// Strict: every claim but scopes is required, with its JSON type; an unknown role is refused;
// other claims are ignored (PASETO allows custom claims). kPermissionDenied naming the claim.
core::Result<Claims> claims_from_json(std::string_view text);

// A fresh random jti: 16 bytes from libsodium as 32 hex digits.
std::string new_token_id();

// Signs `claims` with `key`, naming it in the footer. Refuses (kBadInput) claims that could never
// validate: an empty sub, iss or jti, or exp not after nbf.
core::Result<std::string> issue_token(const Claims& claims, const KeyPair& key);

// The known public keys: the key with this k4.pid, if it is one the workspace accepts for tokens.
using KeyLookup = std::function<std::optional<PublicKey>(std::string_view pid)>;
// Whether `jti` was revoked; an error (a database it cannot read) refuses the token.
using RevocationCheck = std::function<core::Result<bool>(std::string_view jti)>;

// Tokens whose signature, claims and issuer already checked out, with their claims: a
// long-running front end keeps one per connection so that a client's repeated requests cost one
// Ed25519 verification, not one each. Keyed by the whole token, so only the exact bytes that
// verified are ever trusted; holds at most `capacity` tokens (then starts over). Not
// thread-safe.
class VerifiedTokens {
 public:
  explicit VerifiedTokens(size_t capacity = 256) : capacity_(capacity) {}
  [[nodiscard]] const Claims* find(std::string_view token) const;
  void add(std::string_view token, const Claims& claims);

 private:
  size_t capacity_;
  std::unordered_map<std::string, Claims> tokens_;
};

struct ValidationContext {
  std::string workspace_id;  // the expected iss
  KeyLookup find_key;
  RevocationCheck is_revoked;  // empty: nothing is revoked
  // When set: a token found there skips the checks up to the issuer (not-before, expiry and
  // revocation are checked on every use); one that passes them is added.
  VerifiedTokens* verified = nullptr;
  Seconds now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  std::chrono::seconds skew = kDefaultClockSkew;
};

// Everything, in this order: shape and header, footer kid, known key, signature, claims, issuer,
// not-before, expiry, revocation. The first failure is the one reported.
core::Result<Claims> validate_token(std::string_view token, const ValidationContext& context);

// The key id a token's footer names, unverified: for `token verify` to say which key it expects.
core::Result<std::string> token_key_id(std::string_view token);

// A KeyLookup over fixed keys (tests, and callers that load every token key at start).
KeyLookup lookup_in(std::vector<PublicKey> keys);

}  // namespace novacrm::auth
