#include "compliance/snapshot.hpp"

namespace novacrm::embedded {
std::string_view compliance_snapshot();
}  // namespace novacrm::embedded

namespace novacrm::compliance::snapshot {

namespace {

constexpr std::string_view kMagic = "NCSNAP1\n";

class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  [[nodiscard]] bool done() const { return rest_.empty(); }
  bool get(uint32_t& v) {
    if (rest_.size() < 4) return false;
    const auto* b = reinterpret_cast<const unsigned char*>(rest_.data());
    v = uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
    rest_.remove_prefix(4);
    return true;
  }
  [[nodiscard]] std::string_view rest() const { return rest_; }
  bool get(std::string_view& s) {
    uint32_t n = 0;
    if (!get(n) || rest_.size() < n) return false;
    s = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return true;
  }

 private:
  std::string_view rest_;
};

const Contents& compiled_in() {
  static const Contents kContents = [] {
    auto c = read(embedded::compliance_snapshot());
    return c ? std::move(*c) : Contents{};
  }();
  return kContents;
}

}  // namespace

Writer::Writer(std::string_view policy_document) : out_(kMagic) { put(policy_document); }

void Writer::put(uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out_ += static_cast<char>((v >> shift) & 0xFFU);
}

void Writer::put(std::string_view s) {
  put(static_cast<uint32_t>(s.size()));
  out_ += s;
}

void Writer::add(const Pattern& p) {
  put(p.options);
  put(p.pattern);
  put(p.code);
  put(static_cast<uint32_t>(p.literals.size()));
  for (const std::string& l : p.literals) put(l);
}

std::optional<Contents> read(std::string_view bytes) {
  if (!bytes.starts_with(kMagic)) return std::nullopt;
  Reader r(bytes.substr(kMagic.size()));
  Contents c;
  if (!r.get(c.policy_document)) return std::nullopt;
  while (!r.done()) {
    Entry e;
    if (!r.get(e.options) || !r.get(e.pattern) || !r.get(e.code) || !r.get(e.literal_count)) {
      return std::nullopt;
    }
    const std::string_view from = r.rest();
    for (uint32_t i = 0; i < e.literal_count; ++i) {
      std::string_view l;
      if (!r.get(l)) return std::nullopt;
    }
    e.literal_bytes = from.substr(0, from.size() - r.rest().size());
    c.entries.push_back(e);
  }
  return c;
}

std::vector<std::string> Entry::literals() const {
  std::vector<std::string> out;
  Reader r(literal_bytes);
  for (std::string_view l; r.get(l);) out.emplace_back(l);
  return out;
}

const Entry* find(std::string_view pattern, uint32_t options) {
  for (const Entry& e : compiled_in().entries) {
    if (e.options == options && e.pattern == pattern) return &e;
  }
  return nullptr;
}

std::optional<std::vector<std::string>> literals(std::string_view pattern) {
  for (const Entry& e : compiled_in().entries) {
    if (e.pattern == pattern) return e.literals();
  }
  return std::nullopt;
}

std::string_view policy_document() { return compiled_in().policy_document; }

}  // namespace novacrm::compliance::snapshot
