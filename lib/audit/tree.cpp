#include "audit/tree.hpp"

#include <string_view>

namespace novacrm::audit {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(const Hash& h) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (uint8_t b : h) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

std::optional<Hash> hash_from_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  Hash h{};
  for (size_t i = 0; i < h.size(); ++i) {
    const int hi = hex_value(hex[2 * i]);
    const int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    h[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return h;
}

std::optional<Hash> record_leaf(std::string_view record_hash_hex) {
  const auto raw = hash_from_hex(record_hash_hex);
  if (!raw) return std::nullopt;
  return leaf_hash(std::string_view(reinterpret_cast<const char*>(raw->data()), raw->size()));
}

std::string join_hashes(const std::vector<Hash>& hashes) {
  std::string out;
  for (const Hash& h : hashes) {
    if (!out.empty()) out.push_back(',');
    out += to_hex(h);
  }
  return out;
}

std::optional<std::vector<Hash>> split_hashes(std::string_view text) {
  std::vector<Hash> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const auto h = hash_from_hex(text.substr(0, comma));
    if (!h) return std::nullopt;
    out.push_back(*h);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return std::nullopt;  // a trailing comma
  }
  return out;
}

}  // namespace novacrm::audit
