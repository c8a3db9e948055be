// The built-in engine's start-up work, done at build time (docs/adr/0014): the default policy as
// the JSON document its YAML converts to, and every built-in pattern compiled by PCRE2 and
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

// One built-in pattern as the generator compiled it.
struct Pattern {
  std::string_view pattern;
  uint32_t options = 0;               // PCRE2 compile options
  std::string_view code;              // pcre2_serialize_encode's bytes for this one pattern
  std::vector<std::string> literals;  // required_literals(pattern)
};

// A pattern as read from a snapshot: views into its bytes, literals decoded on demand.
struct Entry {
  std::string_view pattern;
  uint32_t options = 0;
  std::string_view code;
  uint32_t literal_count = 0;
  std::string_view literal_bytes;  // literal_count sized strings, as Writer wrote them
  [[nodiscard]] std::vector<std::string> literals() const;
};

// The compiled-in snapshot's pattern with these compile options, or nullptr.
const Entry* find(std::string_view pattern, uint32_t options);
// The compiled-in snapshot's required literals of `pattern` (any options), if it has them.
std::optional<std::vector<std::string>> literals(std::string_view pattern);
// The default policy's JSON document (policy.cpp's YAML conversion), empty when none.
std::string_view policy_document();

// The format, for the generator and the tests: "NCSNAP1\n", the policy document, then each
// pattern (options, pattern, code, literals); every size a little-endian uint32 before its bytes.
class Writer {
 public:
  explicit Writer(std::string_view policy_document);
  void add(const Pattern& p);
  [[nodiscard]] const std::string& bytes() const { return out_; }

 private:
  void put(uint32_t v);
  void put(std::string_view s);
  std::string out_;
};

// Reads `bytes` as Writer wrote them; nullopt when they are not a snapshot (wrong magic,
// truncated). The views point into `bytes`.
struct Contents {
  std::string_view policy_document;
  std::vector<Entry> entries;
};
std::optional<Contents> read(std::string_view bytes);

}  // namespace novacrm::compliance::snapshot
