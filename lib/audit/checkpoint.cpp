#include "audit/checkpoint.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <vector>

#include "core/text.hpp"

namespace novacrm::audit {

namespace {

constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, then a space
constexpr uint8_t kEd25519Type = 0x01;                          // signed-note signature type
constexpr size_t kKeyIdSize = 4;
constexpr size_t kMaxSignatures = 100;  // the format asks verifiers to cap; it needs at least 16
constexpr const char* kNote = "signed note";
constexpr const char* kBody = "checkpoint";

bool sodium_ready() {
  static const bool kReady = sodium_init() >= 0;
  return kReady;
}

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string base64(std::span<const uint8_t> data) {
  std::string out(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data.data(), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the terminating NUL
  return out;
}

// Standard base64 with padding, nothing ignored. Also refuses a non-canonical encoding (stray bits
// in the last character), so one signed value has exactly one spelling.
std::optional<std::vector<uint8_t>> unbase64(std::string_view text) {
  if (text.empty()) return std::vector<uint8_t>{};  // libsodium wants a non-null output buffer
  std::vector<uint8_t> out(text.size());
  size_t len = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  if (base64(out) != text) return std::nullopt;
  return out;
}

// The next code point of well-formed UTF-8 (checked by the caller), advancing `i`.
char32_t next_code_point(std::string_view s, size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? lead : lead & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

// Go's unicode.IsSpace, which golang.org/x/mod/sumdb/note applies to key names.
bool is_unicode_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// UTF-8 with no ASCII control character except newline, as signed-note requires of a whole note.
bool is_note_text(std::string_view s) {
  if (!core::is_valid_utf8(s)) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return false;
  }
  return true;
}

bool is_key_name(std::string_view name) {
  if (name.empty() || !is_note_text(name)) return false;
  for (size_t i = 0; i < name.size();) {
    const char32_t c = next_code_point(name, i);
    if (c == '+' || is_unicode_space(c)) return false;
  }
  return true;
}

struct SignatureLine {
  std::string_view key_name;
  uint32_t key_id = 0;
  std::vector<uint8_t> signature;  // what follows the key ID
};

core::Result<SignatureLine> parse_signature_line(std::string_view line, const std::string& where) {
  if (!line.starts_with(kSignaturePrefix)) {
    return core::bad_input(where, "is not a signature line (\"\u2014 <key name> <base64>\")");
  }
  line.remove_prefix(kSignaturePrefix.size());
  const size_t space = line.find(' ');
  if (space == std::string_view::npos) {
    return core::bad_input(where, "has a key name but no signature");
  }
  SignatureLine sig;
  sig.key_name = line.substr(0, space);
  if (!is_key_name(sig.key_name)) {
    return core::bad_input(where, "has a key name that is empty or holds a space or '+'");
  }
  auto blob = unbase64(line.substr(space + 1));
  if (!blob) return core::bad_input(where, "has a signature that is not canonical base64");
  if (blob->size() <= kKeyIdSize) {
    return core::bad_input(where, "has a signature no longer than its key ID");
  }
  for (size_t k = 0; k < kKeyIdSize; ++k) sig.key_id = (sig.key_id << 8) | (*blob)[k];
  sig.signature.assign(blob->begin() + kKeyIdSize, blob->end());
  return sig;
}

bool signature_verifies(std::string_view text, const std::vector<uint8_t>& sig,
                        PublicKeyBytes public_key) {
  return sig.size() == crypto_sign_BYTES &&
         crypto_sign_verify_detached(sig.data(), bytes_of(text), text.size(), public_key.data()) ==
             0;
}

std::string key_id_hex(uint32_t id) {
  std::array<char, 9> buf{};
  std::to_chars(buf.data(), buf.data() + 8, id, 16);
  std::string hex(buf.data());
  return std::string(8 - hex.size(), '0') + hex;
}

// Reads the signature block line by line. Lines by other keys are skipped; a line by the expected
// key (same name and key ID) must verify, otherwise the whole note is refused.
core::Status check_signatures(std::string_view text, std::string_view block,
                              std::string_view key_name, PublicKeyBytes public_key) {
  const uint32_t want_id = note_key_id(key_name, public_key);
  size_t line_no = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 2;
  size_t count = 0;
  bool verified = false;
  std::optional<uint32_t> other_id;  // the same name with another key's ID: a rotated key?
  while (!block.empty()) {
    const size_t eol = block.find('\n');  // the block ends in '\n', so there is one
    const std::string where = std::string(kNote) + " line " + std::to_string(line_no++);
    auto sig = parse_signature_line(block.substr(0, eol), where);
    block.remove_prefix(eol + 1);
    if (!sig.ok()) return sig.error();
    if (++count > kMaxSignatures) return core::bad_input(kNote, "has too many signature lines");
    if (sig->key_name != key_name) continue;
    if (sig->key_id != want_id) {
      other_id = sig->key_id;
      continue;
    }
    if (!signature_verifies(text, sig->signature, public_key)) {
      return core::Error{core::ErrorCode::kIntegrity,
                         "the signature by key \"" + std::string(key_name) +
                             "\" does not verify: the note or its signature was altered",
                         where};
    }
    verified = true;
  }
  if (verified) return {};
  std::string message = "has no signature by key \"" + std::string(key_name) + "\" (key ID " +
                        key_id_hex(want_id) + ")";
  if (other_id)
    message += "; it is signed by another key of that name (ID " + key_id_hex(*other_id) + ")";
  return core::Error{core::ErrorCode::kIntegrity, message, kNote};
}

// Decimal without sign or leading zeros ("0" alone is the empty tree), within uint64_t.
std::optional<uint64_t> parse_tree_size(std::string_view s) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// The lines of `text`, which ends in '\n'; no trailing empty element.
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    lines.push_back(text.substr(0, eol));
    text.remove_prefix(eol + 1);
  }
  return lines;
}

}  // namespace

uint32_t note_key_id(std::string_view key_name, PublicKeyBytes public_key) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, bytes_of(key_name), key_name.size());
  const std::array<unsigned char, 2> separator = {'\n', kEd25519Type};
  crypto_hash_sha256_update(&state, separator.data(), separator.size());
  crypto_hash_sha256_update(&state, public_key.data(), public_key.size());
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state, digest.data());
  return (uint32_t{digest[0]} << 24) | (uint32_t{digest[1]} << 16) | (uint32_t{digest[2]} << 8) |
         uint32_t{digest[3]};
}

core::Result<std::string> sign_note(std::string_view text, std::string_view key_name,
                                    SecretKeyBytes secret_key) {
  if (!sodium_ready()) return core::internal_error("libsodium failed to initialise");
  if (text.empty() || text.back() != '\n') {
    return core::bad_input("note text", "must be non-empty and end with a newline");
  }
  if (!is_note_text(text)) {
    return core::bad_input("note text", "must be UTF-8 without control characters but newline");
  }
  if (!is_key_name(key_name)) {
    return core::bad_input("key name", "must be non-empty, without spaces or '+'");
  }
  // libsodium's secret key is seed || public key: the key ID is computed from the second half.
  const uint32_t id = note_key_id(key_name, secret_key.subspan<32, 32>());
  std::array<uint8_t, kKeyIdSize + crypto_sign_BYTES> blob{};
  for (size_t k = 0; k < kKeyIdSize; ++k) blob[k] = static_cast<uint8_t>(id >> (24 - 8 * k));
  crypto_sign_detached(blob.data() + kKeyIdSize, nullptr, bytes_of(text), text.size(),
                       secret_key.data());
  std::string note(text);
  note += '\n';
  note += kSignaturePrefix;
  note += key_name;
  note += ' ';
  note += base64(blob);
  note += '\n';
  return note;
}

core::Result<std::string> open_note(std::string_view note, std::string_view key_name,
                                    PublicKeyBytes public_key) {
  if (!sodium_ready()) return core::internal_error("libsodium failed to initialise");
  if (!is_note_text(note)) {
    return core::bad_input(kNote, "is not UTF-8 text without control characters");
  }
  // The text may hold blank lines itself: the last blank line is the separator.
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return core::bad_input(kNote, "has no blank line between the text and its signatures");
  }
  const std::string_view text = note.substr(0, split + 1);
  const std::string_view block = note.substr(split + 2);
  if (block.empty()) return core::bad_input(kNote, "has no signature line after the blank line");
  if (block.back() != '\n') return core::bad_input(kNote, "does not end with a newline");
  if (auto status = check_signatures(text, block, key_name, public_key); !status.ok()) {
    return status.error();
  }
  return std::string(text);
}

std::string format_checkpoint(const Checkpoint& checkpoint) {
  return checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
         base64(checkpoint.root) + "\n";
}

core::Result<Checkpoint> parse_checkpoint(std::string_view text) {
  if (text.empty() || text.back() != '\n' || !is_note_text(text)) {
    return core::bad_input(kBody, "is not newline-terminated UTF-8 text");
  }
  const auto lines = lines_of(text);
  if (lines.size() < 3) {
    return core::bad_input(kBody, "needs three lines (origin, tree size, root hash), has " +
                                      std::to_string(lines.size()));
  }
  if (lines.size() > 3) {
    return core::bad_input(kBody, "has text after the root hash (extension lines are refused)");
  }
  Checkpoint checkpoint;
  checkpoint.origin = lines[0];
  if (checkpoint.origin.empty()) return core::bad_input(kBody, "has an empty origin line");
  const auto size = parse_tree_size(lines[1]);
  if (!size) {
    return core::bad_input(kBody, "tree size is not a decimal number without leading zeros");
  }
  checkpoint.size = *size;
  const auto root = unbase64(lines[2]);
  if (!root || root->size() != checkpoint.root.size()) {
    return core::bad_input(kBody, "root hash is not the canonical base64 of 32 bytes");
  }
  std::copy(root->begin(), root->end(), checkpoint.root.begin());
  return checkpoint;
}

core::Result<std::string> sign_checkpoint(const Checkpoint& checkpoint, std::string_view key_name,
                                          SecretKeyBytes secret_key) {
  // Parsing our own output back catches an origin that would change the body's shape (a newline
  // in it) before anything is signed.
  const std::string body = format_checkpoint(checkpoint);
  const auto reparsed = parse_checkpoint(body);
  if (!reparsed.ok() || *reparsed != checkpoint) {
    return core::bad_input("checkpoint origin", "must be one non-empty line of printable UTF-8");
  }
  return sign_note(body, key_name, secret_key);
}

core::Result<Checkpoint> open_checkpoint(std::string_view note, std::string_view key_name,
                                         PublicKeyBytes public_key) {
  auto text = open_note(note, key_name, public_key);
  if (!text.ok()) return text.error();
  return parse_checkpoint(*text);
}

}  // namespace novacrm::audit
