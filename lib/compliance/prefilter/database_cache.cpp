#include "compliance/prefilter/database_cache.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string_view>

#include <array>
#include <cstdint>
#include <cstring>

#include "core/files.hpp"

namespace novacrm::compliance {

namespace {

// File layout (host byte order: the platform is part of the key):
//   magic (8) | key (64 hex) | count (u32)
//   | count x {scanned (u8), expression_length (u32), max_width (u32)}
//   | SHA-256 of everything before (32) | database length (u64) | database
constexpr std::string_view kMagic = "NCHSDB02";
constexpr size_t kKeySize = 64;
constexpr size_t kFactSize = 1 + 2 * sizeof(uint32_t);

using Digest = std::array<unsigned char, crypto_hash_sha256_BYTES>;

Digest sha256(std::string_view data) {
  static const int kInit = sodium_init();  // idempotent, thread-safe; SHA-256 needs no more
  (void)kInit;
  Digest d{};
  crypto_hash_sha256(d.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return d;
}

template <typename T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
bool get(std::string_view& in, T& value) {
  if (in.size() < sizeof value) return false;
  std::memcpy(&value, in.data(), sizeof value);
  in.remove_prefix(sizeof value);
  return true;
}

}  // namespace

std::string database_cache_key(std::string_view material) {
  const Digest d = sha256(material);
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : d) {
    hex += kHex[b >> 4U];
    hex += kHex[b & 15U];
  }
  return hex;
}

std::filesystem::path database_cache_file(const std::filesystem::path& dir,
                                          const std::string& key) {
  return dir / ("hyperscan-" + key + ".db");
}

namespace {

// The whole file mapped read-only and populated in one call: cheaper than read() into a fresh
// buffer, whose every page faults (a measurable share of check's start-up).
std::shared_ptr<const void> map_file(const std::filesystem::path& file, size_t& size) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st {};
  void* data = MAP_FAILED;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    size = static_cast<size_t>(st.st_size);
    data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  }
  ::close(fd);
  if (data == MAP_FAILED) return nullptr;
  return {data, [size](const void* p) { ::munmap(const_cast<void*>(p), size); }};
}

}  // namespace

std::optional<CachedDatabase> load_cached_database(const std::filesystem::path& file,
                                                   const std::string& key) {
  size_t size = 0;
  auto mapping = map_file(file, size);
  if (!mapping) return std::nullopt;
  const std::string_view in(static_cast<const char*>(mapping.get()), size);
  if (!in.starts_with(kMagic) || key.size() != kKeySize) return std::nullopt;
  if (in.substr(kMagic.size(), kKeySize) != key) return std::nullopt;
  std::string_view rest = in.substr(std::min(in.size(), kMagic.size() + kKeySize));
  uint32_t count = 0;
  if (!get(rest, count) || rest.size() / kFactSize < count) return std::nullopt;
  CachedDatabase db;
  db.facts.resize(count);
  for (PatternFacts& f : db.facts) {
    uint8_t scanned = 0;
    get(rest, scanned);
    get(rest, f.expression_length);
    get(rest, f.max_width);
    f.scanned = scanned != 0;
  }
  const size_t header = in.size() - rest.size();
  Digest stored{};
  if (!get(rest, stored) || stored != sha256(in.substr(0, header))) return std::nullopt;
  uint64_t length = 0;
  if (!get(rest, length) || rest.size() != length) return std::nullopt;
  db.serialized = rest;
  db.storage = std::move(mapping);
  return db;
}

bool store_cached_database(const std::filesystem::path& file, const std::string& key,
                           const CachedDatabase& db) {
  std::string out(kMagic);
  out += key;
  put(out, static_cast<uint32_t>(db.facts.size()));
  for (const PatternFacts& f : db.facts) {
    put(out, static_cast<uint8_t>(f.scanned ? 1 : 0));
    put(out, f.expression_length);
    put(out, f.max_width);
  }
  put(out, sha256(out));
  put(out, static_cast<uint64_t>(db.serialized.size()));
  out += db.serialized;
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) return false;
  return core::write_file_atomically(file, out, 0644).ok();
}

}  // namespace novacrm::compliance
