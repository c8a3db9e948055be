// novacrm_snapshot OUTPUT: writes the built-in engine's snapshot (snapshot.hpp) at build time —
// the default policy, parsed and encoded, and every built-in pattern compiled, serialized and with
// its required literals. Linked with the engine's objects but not with a snapshot of its own:
// embedded::compliance_snapshot() is empty here, so everything is parsed and compiled for real.
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "compliance/policy.hpp"
#include "compliance/policy_codec.hpp"
#include "compliance/prefilter/prefilter.hpp"
#include "compliance/regex.hpp"
#include "compliance/rules/builtin.hpp"
#include "compliance/snapshot.hpp"

namespace novacrm::embedded {
std::string_view compliance_snapshot() { return {}; }
}  // namespace novacrm::embedded

namespace {

using novacrm::compliance::BuiltinPattern;

int fail(const std::string& what) {
  std::cerr << "novacrm_snapshot: error: " << what << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  namespace c = novacrm::compliance;
  if (argc != 2) return fail("usage: novacrm_snapshot OUTPUT");
  auto policy = c::builtin_policy();  // from the YAML: this program has no snapshot
  if (!policy) return fail(policy.error().describe());
  c::snapshot::Writer writer(c::encode_policy(*policy));
  for (const BuiltinPattern& b : c::builtin_patterns()) {
    const uint32_t options = c::builtin_compile_options(b.caseless);
    auto code = c::serialize_compiled(b.pattern, options, b.name);
    if (!code) return fail(code.error().describe());
    writer.add(
        {std::string(b.pattern), options, std::move(*code), c::required_literals(b.pattern)});
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << writer.bytes();
  out.close();
  if (!out) return fail(std::string("cannot write ") + argv[1]);
  return 0;
}
