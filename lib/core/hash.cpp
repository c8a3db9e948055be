#include "core/hash.hpp"

// Before any OpenSSL header: the SHA256_* functions below are deprecated (see sha256()).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <sodium.h>
#include <string_view>

namespace novacrm::core {

namespace {

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

template <size_t N>
std::string hex(const std::array<unsigned char, N>& digest) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(N * 2);
  for (unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

}  // namespace

// OpenSSL's SHA256_* functions are deprecated in 3.x in favour of EVP, but EVP's first digest
// fetches a provider and builds its method store: 2-3 ms at every process start, a quarter of a
// 2 KB `check`. SHA256_* run the same assembly (SHA extensions, AVX2) with no set-up
// (docs/adr/0012). They cannot fail on valid arguments.
Sha256Digest sha256(std::initializer_list<std::string_view> parts) {
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  for (std::string_view p : parts) SHA256_Update(&ctx, p.data(), p.size());
  Sha256Digest out{};
  SHA256_Final(out.data(), &ctx);
  return out;
}

std::string sha256_hex(std::string_view data) { return digest_hex(sha256({data})); }

std::string digest_hex(const Sha256Digest& digest) { return hex(digest); }

std::string hmac_sha256_hex(std::string_view key, std::initializer_list<std::string_view> parts) {
  crypto_auth_hmacsha256_state state;
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_init(&state, bytes(key), key.size());
  for (std::string_view p : parts) crypto_auth_hmacsha256_update(&state, bytes(p), p.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return hex(mac);
}

}  // namespace novacrm::core
