#include "auth/paseto.hpp"

#include <sodium.h>

#include <array>
#include <optional>
#include <vector>

namespace novacrm::auth {

namespace {

constexpr std::string_view kHeader = "v4.public.";
constexpr size_t kSignatureSize = crypto_sign_BYTES;  // 64
constexpr int kB64Url = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

bool sodium_ready() {
  static const bool kReady = sodium_init() >= 0;
  return kReady;
}

core::Error refused(std::string message) {
  return core::Error{core::ErrorCode::kPermissionDenied, std::move(message), "token"};
}

const uint8_t* bytes_of(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

std::string base64url(std::string_view data) {
  if (data.empty()) return {};
  std::string out(sodium_base64_ENCODED_LEN(data.size(), kB64Url), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes_of(data), data.size(), kB64Url);
  out.pop_back();  // the terminating NUL
  return out;
}

bool is_base64url_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// Canonical unpadded base64url only: padding, other alphabets and stray bits in the last character
// are refused, so each token has exactly one spelling.
std::optional<std::string> unbase64url(std::string_view text) {
  if (text.empty()) return std::string();
  for (const char c : text) {
    if (!is_base64url_char(c)) return std::nullopt;
  }
  std::string out(text.size() * 3 / 4 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<uint8_t*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, kB64Url) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  if (base64url(out) != text) return std::nullopt;
  return out;
}

void append_le64(std::string& out, uint64_t n) {
  n &= ~(uint64_t{1} << 63);  // the spec clears the top bit for interoperability
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>(n & 0xff));
    n >>= 8;
  }
}

// Names what a token with another header is, for the headers people actually meet; anything else
// is just "not a PASETO v4.public token" (the header is not echoed back).
std::string describe_foreign_header(std::string_view token) {
  static constexpr std::array<std::string_view, 8> kKnown = {
      "v4.local.", "v3.public.", "v3.local.", "v2.public.",
      "v2.local.", "v1.public.", "v1.local.", "v4.secret."};
  for (const std::string_view header : kKnown) {
    if (token.starts_with(header)) {
      std::string name(header.substr(0, header.size() - 1));
      const char* what = header.ends_with("local.") ? " (encrypted)" : "";
      return "is a PASETO " + name + what + " token; only v4.public tokens are accepted";
    }
  }
  if (token.starts_with("k4.") || token.starts_with("k3.")) {
    return "is a PASERK key, not a token";
  }
  return "is not a PASETO v4.public token (it must start with \"v4.public.\")";
}

// The two base64url parts after the header, checked for shape only.
struct TokenParts {
  std::string_view body;    // base64url(payload || signature)
  std::string_view footer;  // base64url(footer), empty when absent
};

core::Result<TokenParts> split_token(std::string_view token) {
  if (token.size() > kMaxTokenSize) {
    return refused("is " + std::to_string(token.size()) + " bytes; tokens over " +
                   std::to_string(kMaxTokenSize) + " bytes are refused");
  }
  if (token.empty()) return refused("is empty");
  if (!token.starts_with(kHeader)) return refused(describe_foreign_header(token));
  std::string_view rest = token.substr(kHeader.size());
  TokenParts parts{rest, {}};
  if (const size_t dot = rest.find('.'); dot != std::string_view::npos) {
    parts.body = rest.substr(0, dot);
    parts.footer = rest.substr(dot + 1);
    if (parts.footer.empty()) return refused("ends with an empty footer part");
    if (parts.footer.find('.') != std::string_view::npos) {
      return refused("has more parts than header, payload and footer");
    }
  }
  if (parts.body.empty()) return refused("is truncated: it has no payload");
  return parts;
}

// The decoded parts of a well-formed v4.public token, signature not yet checked.
struct DecodedToken {
  std::string signed_body;  // payload || 64-byte signature
  std::string footer;
};

core::Result<DecodedToken> decode_token(std::string_view token) {
  auto parts = split_token(token);
  if (!parts.ok()) return parts.error();
  auto body = unbase64url(parts->body);
  if (!body) return refused("has a payload that is not valid unpadded base64url");
  if (body->size() < kSignatureSize) {
    return refused("is truncated: its payload is shorter than a 64-byte signature");
  }
  auto footer = unbase64url(parts->footer);
  if (!footer) return refused("has a footer that is not valid unpadded base64url");
  return DecodedToken{std::move(*body), std::move(*footer)};
}

}  // namespace

std::string pre_auth_encode(std::span<const std::string_view> pieces) {
  size_t total = 8;
  for (const std::string_view piece : pieces) total += 8 + piece.size();
  std::string out;
  out.reserve(total);
  append_le64(out, pieces.size());
  for (const std::string_view piece : pieces) {
    append_le64(out, piece.size());
    out.append(piece);
  }
  return out;
}

std::string sign_v4_public(const SecretKey& key, std::string_view payload, std::string_view footer,
                           std::string_view implicit_assertion) {
  sodium_ready();
  const std::array<std::string_view, 4> pieces = {kHeader, payload, footer, implicit_assertion};
  const std::string m2 = pre_auth_encode(pieces);
  std::array<uint8_t, kSignatureSize> signature{};
  crypto_sign_detached(signature.data(), nullptr, bytes_of(m2), m2.size(), key.data());
  std::string signed_body(payload);
  signed_body.append(reinterpret_cast<const char*>(signature.data()), signature.size());
  std::string token = std::string(kHeader) + base64url(signed_body);
  if (!footer.empty()) token += "." + base64url(footer);
  return token;
}

core::Result<VerifiedToken> verify_v4_public(std::string_view token, const PublicKey& key,
                                             std::string_view implicit_assertion) {
  if (!sodium_ready()) return core::internal_error("libsodium failed to initialise");
  auto decoded = decode_token(token);
  if (!decoded.ok()) return decoded.error();
  const std::string_view signed_body(decoded->signed_body);
  const std::string_view payload = signed_body.substr(0, signed_body.size() - kSignatureSize);
  const std::string_view signature = signed_body.substr(payload.size());
  const std::string_view footer(decoded->footer);
  const std::array<std::string_view, 4> pieces = {kHeader, payload, footer, implicit_assertion};
  const std::string m2 = pre_auth_encode(pieces);
  if (crypto_sign_verify_detached(bytes_of(signature), bytes_of(m2), m2.size(), key.data()) != 0) {
    return refused("has an invalid signature: it was altered or signed by another key");
  }
  return VerifiedToken{std::string(payload), std::move(decoded->footer)};
}

core::Result<std::string> untrusted_footer(std::string_view token) {
  auto decoded = decode_token(token);
  if (!decoded.ok()) return decoded.error();
  return std::move(decoded->footer);
}

}  // namespace novacrm::auth
