#include "auth/claims.hpp"

#include <sodium.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "auth/paseto.hpp"

namespace novacrm::auth {

namespace {

using nlohmann::json;
using std::chrono::seconds;

// A footer holds {"kid":"k4.pid.<44 chars>"}, about 60 bytes; larger ones are not ours.
constexpr size_t kMaxFooterSize = 512;

core::Error refused(std::string message) {
  return core::Error{core::ErrorCode::kPermissionDenied, std::move(message), "token"};
}

// Digits only, exactly text.size() of them.
bool read_int(std::string_view text, int& out) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  std::from_chars(text.data(), text.data() + text.size(), out);
  return true;
}

// A claim as a string; absent, mistyped and empty are refused with the claim's name.
core::Result<std::string> string_claim(const json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end()) return refused(std::string("has no \"") + name + "\" claim");
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    return refused(std::string("has a \"") + name + "\" claim that is not a non-empty string");
  }
  return it->get<std::string>();
}

core::Result<Seconds> time_claim(const json& claims, const char* name) {
  auto text = string_claim(claims, name);
  if (!text.ok()) return text.error();
  auto t = parse_rfc3339(*text);
  if (!t) return refused(std::string("has a \"") + name + "\" claim that is not an RFC 3339 time");
  return *t;
}

core::Result<std::vector<std::string>> scopes_claim(const json& claims) {
  std::vector<std::string> scopes;
  const auto it = claims.find("scopes");
  if (it == claims.end()) return scopes;
  if (!it->is_array()) return refused("has a \"scopes\" claim that is not a list of strings");
  for (const json& s : *it) {
    if (!s.is_string()) return refused("has a \"scopes\" claim that is not a list of strings");
    scopes.push_back(s.get<std::string>());
  }
  return scopes;
}

}  // namespace

std::string format_rfc3339(Seconds t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf.data();
}

std::optional<Seconds> parse_rfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':' ||
      (text[10] != 'T' && text[10] != 't')) {
    return std::nullopt;
  }
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!read_int(text.substr(0, 4), year) || !read_int(text.substr(5, 2), month) ||
      !read_int(text.substr(8, 2), day) || !read_int(text.substr(11, 2), hour) ||
      !read_int(text.substr(14, 2), minute) || !read_int(text.substr(17, 2), second)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  std::string_view rest = text.substr(19);
  if (rest.starts_with('.')) {
    size_t digits = 1;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits == 1) return std::nullopt;
    rest.remove_prefix(digits);
  }
  seconds offset{0};
  if (rest == "Z" || rest == "z") {
    // UTC
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh = 0;
    int om = 0;
    if (!read_int(rest.substr(1, 2), oh) || !read_int(rest.substr(4, 2), om) || oh > 23 ||
        om > 59) {
      return std::nullopt;
    }
    offset = std::chrono::hours{oh} + std::chrono::minutes{om};
    if (rest[0] == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  const Seconds local = std::chrono::sys_days{ymd} + std::chrono::hours{hour} +
                        std::chrono::minutes{minute} + seconds{second};
  return local - offset;
}

std::string claims_to_json(const Claims& claims) {
  nlohmann::ordered_json j;
  j["sub"] = claims.sub;
  j["role"] = role_name(claims.role);
  j["org"] = claims.org;
  j["scopes"] = claims.scopes;
  j["iss"] = claims.iss;
  j["iat"] = format_rfc3339(claims.iat);
  j["nbf"] = format_rfc3339(claims.nbf);
  j["exp"] = format_rfc3339(claims.exp);
  j["jti"] = claims.jti;
  return j.dump();
}

core::Result<Claims> claims_from_json(std::string_view text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return refused("has a payload that is not a JSON object of claims");
  Claims c;
  for (auto [name, field] : {std::pair{"sub", &c.sub}, std::pair{"org", &c.org},
                             std::pair{"iss", &c.iss}, std::pair{"jti", &c.jti}}) {
    auto value = string_claim(j, name);
    if (!value.ok()) return value.error();
    *field = std::move(*value);
  }
  auto role_text = string_claim(j, "role");
  if (!role_text.ok()) return role_text.error();
  auto role = parse_role(*role_text);
  if (!role.ok())
    return refused("has a \"role\" claim that is not a role: " + role.error().message);
  c.role = *role;
  for (auto [name, field] :
       {std::pair{"iat", &c.iat}, std::pair{"nbf", &c.nbf}, std::pair{"exp", &c.exp}}) {
    auto value = time_claim(j, name);
    if (!value.ok()) return value.error();
    *field = *value;
  }
  auto scopes = scopes_claim(j);
  if (!scopes.ok()) return scopes.error();
  c.scopes = std::move(*scopes);
  return c;
}

std::string new_token_id() {
  if (sodium_init() < 0) return {};
  std::array<uint8_t, 16> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 33> hex{};
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  return hex.data();
}

core::Result<std::string> issue_token(const Claims& claims, const KeyPair& key) {
  if (claims.sub.empty() || claims.iss.empty() || claims.jti.empty() || claims.org.empty()) {
    return core::bad_input("token", "needs a subject, an organisation, an issuer and an id");
  }
  if (claims.exp <= claims.nbf) {
    return core::bad_input("token", "would never be valid: it expires before it becomes valid");
  }
  const json footer = {{"kid", paserk_pid(key.public_key)}};
  return sign_v4_public(key.secret_key, claims_to_json(claims), footer.dump());
}

core::Result<std::string> token_key_id(std::string_view token) {
  auto footer = untrusted_footer(token);
  if (!footer.ok()) return footer.error();
  if (footer->empty()) return refused("has no footer naming its signing key");
  if (footer->size() > kMaxFooterSize) return refused("has a footer too large to be ours");
  const json j = json::parse(*footer, nullptr, /*allow_exceptions=*/false);
  const auto kid = j.is_object() ? j.find("kid") : j.end();
  if (!j.is_object() || kid == j.end() || !kid->is_string()) {
    return refused("has a footer without a \"kid\" naming its signing key");
  }
  const auto& id = kid->get_ref<const std::string&>();
  if (!is_paserk_pid(id)) return refused("has a footer \"kid\" that is not a k4.pid key id");
  return id;
}

const Claims* VerifiedTokens::find(std::string_view token) const {
  auto it = tokens_.find(std::string(token));
  return it == tokens_.end() ? nullptr : &it->second;
}

void VerifiedTokens::add(std::string_view token, const Claims& claims) {
  if (tokens_.size() >= capacity_) tokens_.clear();
  tokens_.emplace(std::string(token), claims);
}

namespace {

// Shape and header, footer kid, known key, signature, claims, issuer.
core::Result<Claims> verify_signed_claims(std::string_view token,
                                          const ValidationContext& context) {
  auto kid = token_key_id(token);
  if (!kid.ok()) return kid.error();
  const std::optional<PublicKey> key = context.find_key ? context.find_key(*kid) : std::nullopt;
  if (!key) return refused("signed by unknown key " + *kid);
  auto verified = verify_v4_public(token, *key);
  if (!verified.ok()) return verified.error();
  auto claims = claims_from_json(verified->payload);
  if (!claims.ok()) return claims.error();
  if (claims->iss != context.workspace_id) {
    return refused("issued by another workspace (" + claims->iss + ", expected " +
                   context.workspace_id + ")");
  }
  return claims;
}

}  // namespace

core::Result<Claims> validate_token(std::string_view token, const ValidationContext& context) {
  const Claims* known = context.verified != nullptr ? context.verified->find(token) : nullptr;
  core::Result<Claims> claims =
      known != nullptr ? core::Result<Claims>(*known) : verify_signed_claims(token, context);
  if (!claims.ok()) return claims.error();
  if (context.now + context.skew < claims->nbf) {
    return refused("not valid before " + format_rfc3339(claims->nbf));
  }
  if (context.now - context.skew >= claims->exp) {
    return refused("expired at " + format_rfc3339(claims->exp));
  }
  if (context.is_revoked) {
    auto revoked = context.is_revoked(claims->jti);
    if (!revoked.ok()) return revoked.error();
    if (*revoked) return refused("revoked (jti " + claims->jti + ")");
  }
  if (known == nullptr && context.verified != nullptr) context.verified->add(token, *claims);
  return claims;
}

KeyLookup lookup_in(std::vector<PublicKey> keys) {
  return [keys = std::move(keys)](std::string_view pid) -> std::optional<PublicKey> {
    for (const PublicKey& k : keys) {
      if (paserk_pid(k) == pid) return k;
    }
    return std::nullopt;
  };
}

}  // namespace novacrm::auth
