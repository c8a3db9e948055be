// no_pii_in_prompts: personal data in a prompt. Each entity is a table row: a PCRE2 pattern that
// finds candidates and, where one exists, a checksum validator that tells a real value from a
// look-alike (an order number is not a card). Never keeps or logs what it finds.
#include <array>

#include "compliance/detect/checksums.hpp"
#include "compliance/detector_rule.hpp"
#include "compliance/rules/builtin.hpp"
#include "core/text.hpp"

namespace novacrm::compliance {

namespace {

bool valid_ipv6_candidate(std::string_view s) {
  size_t hex = 0;
  for (char c : s) hex += (c != ':' && c != '.') ? 1 : 0;
  return hex >= 4 && detect::ipv6_valid(s);
}

// In priority order: a later entity overlapping an earlier one is dropped (an IBAN's digits are
// not also a card number).
constexpr std::array<Detector, 9> kDetectors = {{
    {"email", R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})",
     Severity::kHigh, nullptr, core::mask_email},

    // Upper case only, in groups of four: a lower-case word after the IBAN is never swallowed.
    {"iban",
     R"((?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9]))",
     Severity::kHigh, detect::iban_valid, core::mask_generic},

    {"fr_nir",
     R"((?<![\dA-Za-z])[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[ABab]) ?\d{3} ?\d{3} ?\d{2}(?!\d))",
     Severity::kHigh, detect::fr_nir_valid, core::mask_generic},

    {"payment_card", R"((?<![\d-])(?:\d[ -]?){11,18}\d(?![\d-]))", Severity::kHigh,
     detect::luhn_valid, core::mask_generic},

    // No capture group here: a pattern's first group is what gets reported (see Regex).
    {"us_ssn", R"((?<![\d-])\d{3}(?:-\d{2}-|\s\d{2}\s|\d{2})\d{4}(?![\d-]))", Severity::kHigh,
     detect::us_ssn_valid, core::mask_generic},

    {"phone", R"((?<![\w+])(?:\+[1-9](?:[ .-]?\(?\d\)?){7,14}|0[1-9](?:[ .-]?\d{2}){4})(?!\d))",
     Severity::kHigh, nullptr, core::mask_phone},

    {"ipv6", R"((?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:]))", Severity::kMedium,
     valid_ipv6_candidate, core::mask_generic},

    {"ipv4", R"((?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]|\.\d))", Severity::kMedium,
     detect::ipv4_valid, core::mask_generic},

    {"date_of_birth",
     R"((?i)(?:\bborn\b|\bbirth|\bdob\b|\bn[ée]e?\b|naissance|\bddn\b)[^\d\n]{0,25}(\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2})(?!\d))",
     Severity::kMedium, nullptr, core::mask_generic},
}};

}  // namespace

core::Result<std::unique_ptr<Rule>> make_pii_rule() {
  return make_detector_rule(kPiiRuleKey, kDetectors);
}

std::span<const Detector> pii_detectors() { return kDetectors; }

}  // namespace novacrm::compliance
