#include "auth/keys.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include "core/files.hpp"

namespace novacrm::auth {

namespace {

constexpr std::string_view kPublicPrefix = "k4.public.";
constexpr std::string_view kSecretPrefix = "k4.secret.";
constexpr std::string_view kPidPrefix = "k4.pid.";
constexpr size_t kPidHashSize = 33;       // BLAKE2b-264
constexpr size_t kMaxKeyFileSize = 4096;  // a key file is about 100 bytes
constexpr int kB64Url = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

bool sodium_ready() {
  static const bool kReady = sodium_init() >= 0;
  return kReady;
}

std::string base64url(std::span<const uint8_t> data) {
  std::string out(sodium_base64_ENCODED_LEN(data.size(), kB64Url), '\0');
  sodium_bin2base64(out.data(), out.size(), data.data(), data.size(), kB64Url);
  out.pop_back();  // the terminating NUL
  return out;
}

// Exactly `size` bytes of canonical unpadded base64url into `out`. Re-encoding catches stray
// bits in the last character, so each key has one spelling and one id.
bool unbase64url(std::string_view text, std::span<uint8_t> out) {
  size_t len = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                        kB64Url) != 0 ||
      len != out.size()) {
    return false;
  }
  return base64url(out) == text;
}

std::string mode_octal(mode_t mode) {
  std::array<char, 8> buf{};
  std::snprintf(buf.data(), buf.size(), "%04o", static_cast<unsigned>(mode & 07777));
  return buf.data();
}

// One trailing newline is the file format's; anything else is part of the key and fails parsing.
std::string_view without_final_newline(std::string_view s) {
  if (s.ends_with('\n')) s.remove_suffix(1);
  return s;
}

core::Error key_file_error(const std::filesystem::path& path, const std::string& what) {
  return core::bad_input(path.string(), what + ": " + std::strerror(errno));
}

// Reads a small file through one descriptor so the mode checked is the mode of the file read.
core::Result<std::string> read_private_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return key_file_error(path, "cannot open the secret key file");
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    core::Error e = key_file_error(path, "cannot stat the secret key file");
    ::close(fd);
    return e;
  }
  if (!S_ISREG(st.st_mode) || st.st_size > static_cast<off_t>(kMaxKeyFileSize)) {
    ::close(fd);
    return core::bad_input(path.string(), "is not a secret key file");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    const char* how = (st.st_mode & 044) != 0 ? "readable" : "writable";
    return core::bad_input(path.string(), std::string("is ") + how + " by other users (mode " +
                                              mode_octal(st.st_mode) + "): chmod 600 it");
  }
  std::string content(kMaxKeyFileSize + 1, '\0');
  size_t used = 0;
  while (used < content.size()) {
    const ssize_t n = ::read(fd, content.data() + used, content.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      core::Error e = key_file_error(path, "cannot read the secret key file");
      ::close(fd);
      return e;
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  ::close(fd);
  content.resize(used);
  return content;
}

void wipe(std::string& s) { sodium_memzero(s.data(), s.size()); }

}  // namespace

core::Result<KeyPair> generate_key_pair() {
  if (!sodium_ready()) return core::internal_error("libsodium failed to initialise");
  KeyPair pair;
  crypto_sign_keypair(pair.public_key.data(), pair.secret_key.data());
  return pair;
}

core::Result<PublicKey> public_key_from_bytes(std::span<const uint8_t> bytes) {
  PublicKey key{};
  if (bytes.size() != key.size()) {
    return core::bad_input(
        "public key", "is " + std::to_string(bytes.size()) + " bytes; an Ed25519 public key is 32");
  }
  std::copy(bytes.begin(), bytes.end(), key.begin());
  return key;
}

core::Result<KeyPair> key_pair_from_secret_bytes(std::span<const uint8_t> bytes) {
  if (!sodium_ready()) return core::internal_error("libsodium failed to initialise");
  KeyPair pair;
  if (bytes.size() != pair.secret_key.size()) {
    return core::bad_input(
        "secret key", "is " + std::to_string(bytes.size()) + " bytes; an Ed25519 secret key is 64");
  }
  // Rebuild the pair from the seed and compare halves rather than trusting the stored public key.
  crypto_sign_seed_keypair(pair.public_key.data(), pair.secret_key.data(), bytes.data());
  const bool consistent = sodium_memcmp(pair.secret_key.data(), bytes.data(), bytes.size()) == 0;
  if (!consistent) {
    sodium_memzero(pair.secret_key.data(), pair.secret_key.size());
    return core::bad_input("secret key", "is damaged: its public half does not match its seed");
  }
  return pair;
}

std::string paserk_public(const PublicKey& key) {
  return std::string(kPublicPrefix) + base64url(key);
}

std::string paserk_secret(const SecretKey& key) {
  return std::string(kSecretPrefix) + base64url(key);
}

std::string paserk_pid(const PublicKey& key) {
  sodium_ready();  // BLAKE2b picks its implementation at initialisation; any of them is correct
  const std::string message = std::string(kPidPrefix) + paserk_public(key);
  std::array<uint8_t, kPidHashSize> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const uint8_t*>(message.data()),
                     message.size(), nullptr, 0);
  return std::string(kPidPrefix) + base64url(hash);
}

core::Result<PublicKey> parse_paserk_public(std::string_view paserk) {
  PublicKey key{};
  if (!paserk.starts_with(kPublicPrefix) ||
      !unbase64url(paserk.substr(kPublicPrefix.size()), key)) {
    return core::bad_input(
        "public key", "is not a k4.public PASERK (\"k4.public.\" and 43 base64url characters)");
  }
  return key;
}

core::Result<KeyPair> parse_paserk_secret(std::string_view paserk) {
  SecretKey raw{};
  if (!paserk.starts_with(kSecretPrefix) ||
      !unbase64url(paserk.substr(kSecretPrefix.size()), raw)) {
    sodium_memzero(raw.data(), raw.size());
    return core::bad_input(
        "secret key", "is not a k4.secret PASERK (\"k4.secret.\" and 86 base64url characters)");
  }
  auto pair = key_pair_from_secret_bytes(raw);
  sodium_memzero(raw.data(), raw.size());
  return pair;
}

bool is_paserk_pid(std::string_view id) {
  std::array<uint8_t, kPidHashSize> hash{};
  return id.starts_with(kPidPrefix) && unbase64url(id.substr(kPidPrefix.size()), hash);
}

core::Status write_secret_key_file(const std::filesystem::path& path, const KeyPair& key) {
  // write_file_atomically creates its temporary file with mkstemp (O_CREAT | O_EXCL, mode 0600)
  // and keeps 0600, so the key is never readable by others, even half-written.
  std::string content = paserk_secret(key.secret_key) + "\n";
  core::Status status = core::write_file_atomically(path, content, 0600);
  wipe(content);
  return status;
}

core::Result<KeyPair> read_secret_key_file(const std::filesystem::path& path) {
  auto content = read_private_file(path);
  if (!content.ok()) return content.error();
  auto pair = parse_paserk_secret(without_final_newline(*content));
  wipe(*content);
  if (!pair.ok()) return core::bad_input(path.string(), pair.error().message);
  return pair;
}

core::Result<std::filesystem::path> write_public_key_file(const std::filesystem::path& keys_dir,
                                                          const PublicKey& key) {
  const std::filesystem::path path = keys_dir / (paserk_pid(key) + ".pub");
  if (auto status = core::write_file_atomically(path, paserk_public(key) + "\n", 0644);
      !status.ok()) {
    return status.error();
  }
  return path;
}

core::Result<PublicKey> read_public_key_file(const std::filesystem::path& path) {
  auto content = core::read_file(path);
  if (!content.ok()) return content.error();
  auto key = parse_paserk_public(without_final_newline(*content));
  if (!key.ok()) return core::bad_input(path.string(), key.error().message);
  return key;
}

core::Result<PublicKey> load_public_key(const std::filesystem::path& keys_dir,
                                        std::string_view pid) {
  // Checked before it becomes part of a path: a key id cannot be "../something".
  if (!is_paserk_pid(pid)) return core::bad_input(std::string(pid), "is not a k4.pid key id");
  const std::filesystem::path path = keys_dir / (std::string(pid) + ".pub");
  auto key = read_public_key_file(path);
  if (!key.ok()) return key;
  if (paserk_pid(*key) != pid) {
    return core::Error{core::ErrorCode::kIntegrity,
                       "holds the key " + paserk_pid(*key) + ", not the one its name says",
                       path.string()};
  }
  return key;
}

}  // namespace novacrm::auth
