// Prints the PCRE2 pattern of every detector of the built-in detector-table rules, one per line
// (what `novacrm policy show --patterns` will print). scripts/bench feeds them to ripgrep.
#include <iostream>

#include "compliance/rules/builtin.hpp"

int main() {
  using novacrm::compliance::Detector;
  for (const auto& table :
       {novacrm::compliance::pii_detectors(), novacrm::compliance::secrets_detectors()}) {
    for (const Detector& d : table) std::cout << d.pattern << '\n';
  }
  return 0;
}
