// novacrm_snapshot OUTPUT: writes the built-in engine's snapshot (snapshot.hpp) at build time —
// the default policy's JSON document, and every built-in pattern compiled, serialized and with
// its required literals. Linked with the engine's objects but not with a snapshot of its own:
// embedded::compliance_snapshot() is empty here, so everything is parsed and compiled for real.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "compliance/policy.hpp"
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
  auto document = c::policy_document_json(c::builtin_policy_text(), "built-in");
  if (!document) return fail(document.error().describe());
  c::snapshot::Writer writer(*document);
  for (const BuiltinPattern& b : c::builtin_patterns()) {
    const uint32_t options = c::builtin_compile_options(b.caseless);
    auto code = c::serialize_compiled(b.pattern, options, b.name);
    if (!code) return fail(code.error().describe());
    writer.add({b.pattern, options, *code, c::required_literals(b.pattern)});
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << writer.bytes();
  out.close();
  if (!out) return fail(std::string("cannot write ") + argv[1]);
  return 0;
}
