// The audit log as an RFC 6962 / RFC 9162 (section 2.1) Merkle tree over SHA-256: tree heads,
// inclusion and consistency proofs, and a compact range that folds a whole log into its root in
// one pass with O(log n) memory. Pure functions over hashes: no I/O, no keys, no records. Proofs
// are ordered bottom-up, as the RFC and transparency-log tooling expect.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace novacrm::audit {

using Hash = std::array<uint8_t, 32>;

// SHA-256 of the empty string: the root of the empty tree.
Hash empty_root();

// SHA-256(0x00 || data) and SHA-256(0x01 || left || right). The prefixes keep a leaf from being
// passed off as an interior node (second-preimage attack on the tree).
Hash leaf_hash(std::string_view data);
Hash node_hash(const Hash& left, const Hash& right);

// MTH(D[n]) of RFC 6962 over leaf hashes, all of `leaf_hashes`; pass a prefix (first(n)) for the
// root of the first n leaves. Linear time.
Hash root(std::span<const Hash> leaf_hashes);

// PATH(index, D[n]) with n = leaf_hashes.size(). kBadInput when index >= n.
core::Result<std::vector<Hash>> inclusion_proof(uint64_t index, std::span<const Hash> leaf_hashes);

// PROOF(m, D[n]) over the first n of `leaf_hashes`. Needs 0 < m <= n <= leaf_hashes.size():
// nothing can be proved from the empty tree (RFC 9162 2.1.4), and m == n gives an empty proof.
core::Result<std::vector<Hash>> consistency_proof(uint64_t m, uint64_t n,
                                                  std::span<const Hash> leaf_hashes);

// RFC 9162 2.1.3.2: true only when `proof` leads from `leaf` at `index` to `root` of a tree of
// `size` leaves, with no hash missing or left over.
bool verify_inclusion(uint64_t index, uint64_t size, const Hash& leaf, std::span<const Hash> proof,
                      const Hash& root);

// RFC 9162 2.1.4.2: true only when the tree of size n with root_n extends the tree of size m with
// root_m. m == 0 is refused (every tree extends the empty one, so it proves nothing), as
// transparency-dev/merkle does; m == n needs an empty proof and equal roots.
bool verify_consistency(uint64_t m, uint64_t n, const Hash& root_m, const Hash& root_n,
                        std::span<const Hash> proof);

// The roots of the perfect subtrees that make up a tree of size() leaves, largest (leftmost)
// first: one per set bit of size(). Appending a leaf merges equal-sized subtrees like a binary
// counter, so a log of a million records needs 20 hashes of memory. An exported bundle that starts
// at record k carries nodes() of the first k leaves; the verifier rebuilds the range with
// from_nodes, appends the exported leaves and compares root() with the signed checkpoint.
class CompactRange {
 public:
  CompactRange() = default;

  // kBadInput unless nodes.size() is the number of set bits of `size`.
  static core::Result<CompactRange> from_nodes(uint64_t size, std::vector<Hash> nodes);

  void append(const Hash& leaf);
  [[nodiscard]] Hash root() const;  // equals root() of the same leaves; empty_root() when empty
  [[nodiscard]] uint64_t size() const { return size_; }
  [[nodiscard]] const std::vector<Hash>& nodes() const { return nodes_; }

 private:
  CompactRange(uint64_t size, std::vector<Hash> nodes) : size_(size), nodes_(std::move(nodes)) {}

  uint64_t size_ = 0;
  std::vector<Hash> nodes_;
};

}  // namespace novacrm::audit
