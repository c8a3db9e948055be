#include "audit/merkle.hpp"

#include <bit>
#include <initializer_list>
#include <string>

#include "core/hash.hpp"

namespace novacrm::audit {

namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

std::string_view view(std::span<const uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// The k of RFC 6962: the largest power of two smaller than n (n >= 2).
size_t split_point(size_t n) { return std::bit_floor(n - 1); }

void append_path(uint64_t m, std::span<const Hash> leaves, std::vector<Hash>& out) {
  if (leaves.size() <= 1) return;
  const size_t k = split_point(leaves.size());
  if (m < k) {
    append_path(m, leaves.first(k), out);
    out.push_back(root(leaves.subspan(k)));
  } else {
    append_path(m - k, leaves.subspan(k), out);
    out.push_back(root(leaves.first(k)));
  }
}

// SUBPROOF(m, D[n], whole) of RFC 6962 2.1.2. `whole` says D[n] is the old tree itself, whose root
// the verifier already has, so it is not sent.
void append_subproof(uint64_t m, std::span<const Hash> leaves, bool whole, std::vector<Hash>& out) {
  if (m == leaves.size()) {
    if (!whole) out.push_back(root(leaves));
    return;
  }
  const size_t k = split_point(leaves.size());
  if (m <= k) {
    append_subproof(m, leaves.first(k), whole, out);
    out.push_back(root(leaves.subspan(k)));
  } else {
    append_subproof(m - k, leaves.subspan(k), false, out);
    out.push_back(root(leaves.first(k)));
  }
}

// RFC 9162's "right-shift fn and sn equally until LSB(fn) is set or fn is 0": skips the levels
// where the path runs up a left edge and the proof has no sibling to offer.
void climb_left_edge(uint64_t& fn, uint64_t& sn) {
  while (fn != 0 && (fn & 1) == 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

Hash empty_root() { return core::sha256({}); }

Hash leaf_hash(std::string_view data) {
  return core::sha256({view(std::span(&kLeafPrefix, 1)), data});
}

Hash node_hash(const Hash& left, const Hash& right) {
  return core::sha256({view(std::span(&kNodePrefix, 1)), view(left), view(right)});
}

Hash root(std::span<const Hash> leaf_hashes) {
  if (leaf_hashes.empty()) return empty_root();
  if (leaf_hashes.size() == 1) return leaf_hashes[0];
  const size_t k = split_point(leaf_hashes.size());
  return node_hash(root(leaf_hashes.first(k)), root(leaf_hashes.subspan(k)));
}

core::Result<std::vector<Hash>> inclusion_proof(uint64_t index, std::span<const Hash> leaf_hashes) {
  if (index >= leaf_hashes.size()) {
    return core::bad_input("leaf " + std::to_string(index),
                           "is not in a tree of " + std::to_string(leaf_hashes.size()) + " leaves");
  }
  std::vector<Hash> proof;
  append_path(index, leaf_hashes, proof);
  return proof;
}

core::Result<std::vector<Hash>> consistency_proof(uint64_t m, uint64_t n,
                                                  std::span<const Hash> leaf_hashes) {
  if (m == 0 || m > n || n > leaf_hashes.size()) {
    return core::bad_input("tree sizes " + std::to_string(m) + " and " + std::to_string(n),
                           "need 0 < m <= n <= " + std::to_string(leaf_hashes.size()));
  }
  std::vector<Hash> proof;
  append_subproof(m, leaf_hashes.first(n), true, proof);
  return proof;
}

bool verify_inclusion(uint64_t index, uint64_t size, const Hash& leaf, std::span<const Hash> proof,
                      const Hash& root) {
  if (index >= size) return false;
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return false;  // more hashes than levels
    if ((fn & 1) != 0 || fn == sn) {
      r = node_hash(p, r);
      climb_left_edge(fn, sn);
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool verify_consistency(uint64_t m, uint64_t n, const Hash& root_m, const Hash& root_n,
                        std::span<const Hash> proof) {
  if (m == 0 || m > n) return false;
  if (m == n) return proof.empty() && root_m == root_n;
  if (proof.empty()) return false;
  // When the old tree is a perfect subtree of the new one its root is the first node of the path
  // and the proof leaves it out (RFC 9162 2.1.4.2 step 2).
  const bool old_is_subtree = std::has_single_bit(m);
  uint64_t fn = m - 1;
  uint64_t sn = n - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = old_is_subtree ? root_m : proof[0];
  Hash sr = fr;
  for (size_t i = old_is_subtree ? 0 : 1; i < proof.size(); ++i) {
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      fr = node_hash(proof[i], fr);
      sr = node_hash(proof[i], sr);
      climb_left_edge(fn, sn);
    } else {
      sr = node_hash(sr, proof[i]);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && fr == root_m && sr == root_n;
}

core::Result<CompactRange> CompactRange::from_nodes(uint64_t size, std::vector<Hash> nodes) {
  if (nodes.size() != static_cast<size_t>(std::popcount(size))) {
    return core::bad_input("compact range of " + std::to_string(size) + " leaves",
                           "has " + std::to_string(nodes.size()) + " subtree hashes, expected " +
                               std::to_string(std::popcount(size)));
  }
  return CompactRange(size, std::move(nodes));
}

// Like incrementing a binary counter: each trailing 1 bit of the old size is a subtree of the
// same height as the carry, so the two merge and the carry moves up.
void CompactRange::append(const Hash& leaf) {
  Hash carry = leaf;
  for (uint64_t s = size_; (s & 1) != 0; s >>= 1) {
    carry = node_hash(nodes_.back(), carry);
    nodes_.pop_back();
  }
  nodes_.push_back(carry);
  ++size_;
}

// The RFC's split puts the largest perfect subtree on the left, so folding from the right
// reproduces MTH exactly.
Hash CompactRange::root() const {
  if (nodes_.empty()) return empty_root();
  Hash r = nodes_.back();
  for (size_t i = nodes_.size() - 1; i-- > 0;) r = node_hash(nodes_[i], r);
  return r;
}

}  // namespace novacrm::audit
