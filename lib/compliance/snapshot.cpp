#include "compliance/snapshot.hpp"

#include <algorithm>

#include "compliance/byte_codec.hpp"

namespace novacrm::embedded {
std::string_view compliance_snapshot();
}  // namespace novacrm::embedded

namespace novacrm::compliance::snapshot {

namespace {

using codec::put;
using codec::Reader;

constexpr std::string_view kMagic = "NCSNAP2\n";
constexpr size_t kIndexRecord = 16;  // hash (8), options (4), entry offset (4)

uint64_t hash_of(std::string_view s) {  // FNV-1a, 64 bits
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

const std::optional<Snapshot>& compiled_in() {
  static const std::optional<Snapshot> kSnapshot = Snapshot::open(embedded::compliance_snapshot());
  return kSnapshot;
}

}  // namespace

std::string Entry::code() const { return std::string(code_prefix) + std::string(code_rest); }

std::vector<std::string> Entry::literals() const {
  std::vector<std::string> out;
  Reader r(literal_bytes, 0);
  for (std::string_view l; r.get(l);) out.emplace_back(l);
  return out;
}

std::string Writer::bytes() const {
  // The longest start every serialized pattern shares, stored once.
  const std::string_view first = patterns_.empty() ? std::string_view() : patterns_.front().code;
  size_t shared = first.size();
  for (const Pattern& p : patterns_) {
    const auto ends = std::mismatch(first.begin(), first.begin() + static_cast<ptrdiff_t>(shared),
                                    p.code.begin(), p.code.end());
    shared = static_cast<size_t>(ends.first - first.begin());
  }
  std::string out(kMagic);
  put(out, policy_);
  put(out, first.substr(0, shared));
  put(out, patterns_.size(), 4);
  const size_t index = out.size();
  out.append(patterns_.size() * kIndexRecord, '\0');
  for (size_t i = 0; i < patterns_.size(); ++i) {
    const Pattern& p = patterns_[i];
    std::string record;
    put(record, hash_of(p.pattern), 8);
    put(record, p.options, 4);
    put(record, out.size(), 4);
    out.replace(index + i * kIndexRecord, kIndexRecord, record);
    put(out, p.pattern);
    put(out, std::string_view(p.code).substr(shared));
    put(out, p.literals.size(), 4);
    for (const std::string& l : p.literals) put(out, l);
  }
  return out;
}

std::optional<Snapshot> Snapshot::open(std::string_view bytes) {
  if (!bytes.starts_with(kMagic)) return std::nullopt;
  Snapshot s;
  s.bytes_ = bytes;
  Reader r(bytes, kMagic.size());
  uint32_t count = 0;
  if (!r.get(s.policy_) || !r.get(s.prefix_) || !r.get(count)) return std::nullopt;
  s.index_ = r.at();
  s.count_ = count;
  if ((bytes.size() - s.index_) / kIndexRecord < s.count_) return std::nullopt;
  return s;
}

std::optional<Entry> Snapshot::entry(size_t i) const {
  if (i >= count_) return std::nullopt;
  Reader index(bytes_, index_ + i * kIndexRecord + 8);
  uint64_t offset = 0;
  Entry e;
  e.code_prefix = prefix_;
  if (!index.get(e.options) || !index.get(offset, 4)) return std::nullopt;
  Reader r(bytes_, offset);
  if (!r.get(e.pattern) || !r.get(e.code_rest) || !r.get(e.literal_count)) return std::nullopt;
  const size_t from = r.at();
  for (uint32_t k = 0; k < e.literal_count; ++k) {
    std::string_view l;
    if (!r.get(l)) return std::nullopt;
  }
  e.literal_bytes = bytes_.substr(from, r.at() - from);
  return e;
}

std::optional<Entry> Snapshot::find(std::string_view pattern,
                                    std::optional<uint32_t> options) const {
  const uint64_t hash = hash_of(pattern);
  for (size_t i = 0; i < count_; ++i) {
    Reader index(bytes_, index_ + i * kIndexRecord);
    uint64_t h = 0;
    uint32_t o = 0;
    if (!index.get(h, 8) || !index.get(o) || h != hash || (options && o != *options)) continue;
    auto e = entry(i);
    if (e && e->pattern == pattern) return e;
  }
  return std::nullopt;
}

std::optional<Entry> find(std::string_view pattern, uint32_t options) {
  const auto& s = compiled_in();
  return s ? s->find(pattern, options) : std::nullopt;
}

std::optional<std::vector<std::string>> literals(std::string_view pattern) {
  const auto& s = compiled_in();
  if (!s) return std::nullopt;
  const auto e = s->find(pattern, std::nullopt);
  return e ? std::optional(e->literals()) : std::nullopt;
}

std::string_view default_policy() {
  const auto& s = compiled_in();
  return s ? s->default_policy() : std::string_view();
}

}  // namespace novacrm::compliance::snapshot
