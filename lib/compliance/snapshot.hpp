// The built-in engine's start-up work, done at build time (docs/adr/0014): the default policy,
// parsed and encoded (policy_codec.hpp), and every built-in pattern compiled by PCRE2 and
// serialized, with its required literals. `novacrm_snapshot` (snapshot_generator.cpp) writes it;
// the build compiles it in as embedded::compliance_snapshot(). A `check` of one short prompt
// then decodes what it uses instead of parsing YAML and compiling patterns.
//
// Everything here is an optimisation: a missing or unreadable snapshot (another PCRE2 build, a
// pattern added since) falls back to parsing and compiling, with the same results.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace novacrm::compliance::snapshot {

// One built-in pattern as the generator compiled it (Writer's input).
struct Pattern {
  std::string pattern;
  uint32_t options = 0;               // PCRE2 compile options
  std::string code;                   // pcre2_serialize_encode's bytes for this one pattern
  std::vector<std::string> literals;  // required_literals(pattern)
};

// A pattern as stored: views into the snapshot's bytes. The serialized code is code_prefix (the
// bytes every stored pattern starts with: PCRE2's header and character tables) then code_rest.
struct Entry {
  std::string_view pattern;
  uint32_t options = 0;
  std::string_view code_prefix;
  std::string_view code_rest;
  uint32_t literal_count = 0;
  std::string_view literal_bytes;  // literal_count sized strings
  [[nodiscard]] std::string code() const;
  [[nodiscard]] std::vector<std::string> literals() const;
};

// The format: "NCSNAP2\n"; the encoded policy; the shared code prefix; the number of patterns;
// an index of (64-bit hash of the pattern, options, offset of its entry); then the entries
// (pattern, rest of the code, literals). Every size is a little-endian uint32 before its bytes.
// A lookup reads the index and one entry, so a run touches only the pages it uses.
class Writer {
 public:
  explicit Writer(std::string policy) : policy_(std::move(policy)) {}
  void add(Pattern p) { patterns_.push_back(std::move(p)); }
  [[nodiscard]] std::string bytes() const;

 private:
  std::string policy_;
  std::vector<Pattern> patterns_;
};

// Reads bytes as Writer wrote them, checking every size against the bytes it has.
class Snapshot {
 public:
  // nullopt when `bytes` are not a snapshot (magic, truncated header or index).
  static std::optional<Snapshot> open(std::string_view bytes);

  [[nodiscard]] std::string_view default_policy() const { return policy_; }
  [[nodiscard]] size_t size() const { return count_; }
  // Entry `i`, or nullopt when it does not fit the bytes.
  [[nodiscard]] std::optional<Entry> entry(size_t i) const;
  // The entry for `pattern` compiled with `options` (any options when nullopt).
  [[nodiscard]] std::optional<Entry> find(std::string_view pattern,
                                          std::optional<uint32_t> options) const;

 private:
  std::string_view bytes_;
  std::string_view policy_;
  std::string_view prefix_;
  size_t index_ = 0;  // offset of the index in bytes_
  size_t count_ = 0;
};

// The compiled-in snapshot's entry for `pattern` with these compile options, or nullopt.
std::optional<Entry> find(std::string_view pattern, uint32_t options);
// The compiled-in snapshot's required literals of `pattern` (any options), if it has them.
std::optional<std::vector<std::string>> literals(std::string_view pattern);
// The default policy, encoded (policy_codec.hpp); empty when none.
std::string_view default_policy();

}  // namespace novacrm::compliance::snapshot
