#include "core/hash.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace novacrm::core {

namespace {

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

template <size_t N>
std::string hex(const std::array<unsigned char, N>& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(N * 2);
  for (unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

[[noreturn]] void crypto_failure() {
  std::fputs("novacrm: libcrypto failed to compute SHA-256\n", stderr);
  std::abort();
}

// The SHA-256 implementation, fetched once (an implicit fetch per digest costs a lock and a
// lookup in OpenSSL 3), and one digest context per thread, reused.
const EVP_MD* sha256_md() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) crypto_failure();
  return md;
}

struct DigestContext {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  DigestContext() = default;
  DigestContext(const DigestContext&) = delete;
  DigestContext& operator=(const DigestContext&) = delete;
  ~DigestContext() { EVP_MD_CTX_free(ctx); }
};

}  // namespace

Sha256Digest sha256(std::initializer_list<std::string_view> parts) {
  thread_local DigestContext context;
  EVP_MD_CTX* ctx = context.ctx;
  if (ctx == nullptr || EVP_DigestInit_ex2(ctx, sha256_md(), nullptr) != 1) crypto_failure();
  for (std::string_view p : parts) {
    if (EVP_DigestUpdate(ctx, p.data(), p.size()) != 1) crypto_failure();
  }
  Sha256Digest out{};
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(ctx, out.data(), &n) != 1 || n != out.size()) crypto_failure();
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
