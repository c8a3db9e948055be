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

// Section and version numbers ("table 2.1.4.3", "app 4.0.0.12") start with one digit and keep
// the other parts small; a host address almost never does (0.2% of a /8), and the few that do
// (1.1.1.1, 8.8.8.8) are public resolvers, nobody's personal data.
// The caller has checked the dotted-quad shape (ipv4_valid).
bool version_like(std::string_view s) {
  if (s.size() < 2 || s[1] != '.') return false;
  int part = 0;
  for (char c : s.substr(2)) {
    part = c == '.' ? 0 : part * 10 + (c - '0');
    if (part >= 32) return false;
  }
  return true;
}

// A dotted quad that is an address: not a netmask (255.255.255.0), 0.0.0.0 or a version number.
bool valid_ipv4_address(std::string_view s) {
  return detect::ipv4_valid(s) && !detect::ipv4_netmask(s) && !version_like(s);
}

// In priority order: a later entity overlapping an earlier one is dropped (an IBAN's digits are
// not also a card number). A pattern that must step over a look-alike matches it first, then
// `(*SKIP)(*F)`: the engine resumes after it, so the real pattern after `|` never sees it (the
// version string in "version 1.2.3.4" is not an address).
constexpr std::array<Detector, 9> kDetectors = {{
    // user:password@host in a URL is a credential (the secrets rule's), not an e-mail address.
    // Both branches start only where their run of characters starts (the lookbehinds): from
    // every position inside a long word the run was read to its end again, so a 4 KB word cost
    // 33 ms and a 15 KB one 0.44 s. The leftmost match is the same either way.
    {"email",
     R"((?i:(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://[^\s/@]*@)(*SKIP)(*F)|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})",
     Severity::kHigh, nullptr, core::mask_email},

    // Upper case only, in groups of four: a lower-case word after the IBAN is never swallowed.
    {"iban",
     R"((?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9]))",
     Severity::kHigh, detect::iban_valid, core::mask_generic},

    {"fr_nir",
     R"((?<![\dA-Za-z])[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[ABab]) ?\d{3} ?\d{3} ?\d{2}(?!\d))",
     Severity::kHigh, detect::fr_nir_valid, core::mask_generic},

    // The validator checks Luhn, the issuer's prefix and length, and the grouping (not a SIRET).
    {"payment_card", R"((?<![\w-])(?:\d[ -]?){11,18}\d(?![\w-]))", Severity::kHigh,
     detect::payment_card_valid, core::mask_generic},

    // Dashed or spaced (AAA-GG-SSSS, AAA GG SSSS) on its own; nine bare digits only next to an SSN
    // keyword, as they are also order numbers, SIRENs and parts of tracking numbers. No capture
    // group but the keyword form's: a pattern's first group is what gets reported (see Regex).
    {"us_ssn",
     R"((?i:\b(?:ssn|ss#|social security(?: number| no\.?)?|tin)(?![a-z]))[^\d\n]{0,20}?(?<![\w-])(\d{3}(?:-\d{2}-| \d{2} |\d{2})\d{4})(?![\w-])|(?<![\w-])(?:\d{3}-\d{2}-|\d{3} \d{2} )\d{4}(?![\w-])|(?<![\w-])\d{9}(?![\w-])(?=[^\w\n]{1,3}(?i:ssn|social security)\b))",
     Severity::kHigh, detect::us_ssn_valid, core::mask_generic},

    // International (+country code) or French national: ten digits in pairs, with one separator
    // (space, dot or dash) throughout or none at all. Never the start of a longer word
    // ("0123456789ab"
    // in a hex key).
    {"phone",
     R"((?<![\w+])(?:\+[1-9](?:[ .-]?\(?\d\)?){7,14}|0[1-9](?:\d{8}|(?: \d{2}){4}|(?:\.\d{2}){4}|(?:-\d{2}){4}))(?!\w))",
     Severity::kHigh, nullptr, core::mask_phone},

    {"ipv6", R"((?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:]))", Severity::kMedium,
     valid_ipv6_candidate, core::mask_generic},

    // A dotted number after a version or section keyword ("version 1.2.3.4", "firmware: 2.4.1.8",
    // "==4.2.0.1", "article 3.2.1.4") is skipped; a final period ends a sentence, not the address.
    {"ipv4",
     R"((?i:(?<![a-z])(?:versions?|ver|v|release|build|firmware|fw|rev|revision|patch|section|clause|article|chapter|chapitre|paragraph|paragraphe)(?![a-z])(?:[\s:="'#]{0,6}|[^\d\n:]{0,25}:\s*)|==|§\s*)(?:\d+\.)+\d+(*SKIP)(*F)|(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d))",
     Severity::kMedium, valid_ipv4_address, core::mask_generic},

    // A birth keyword (born, birth, DOB, né/née, naissance, DDN) shortly before a date: numeric
    // (12/03/1985, 1985-03-12) or with the month written out (3 mars 1978, March 3, 1985).
    // "né" must not start a longer word (nécessaire) and "naissance" must not end one
    // (connaissance).
    {"date_of_birth",
     R"((?i)(?:\bborn\b|\bbirth|\bdob\b|\bd\.o\.b\b\.?|(?<![a-z])n[éÉ]e?(?![a-zà-ÿ])|(?<![a-z])naissance|\bddn\b)[^\d\n]{0,25})"
     R"((\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}(?!\d)|(?:19|20)\d{2}[/.-]\d{1,2}[/.-]\d{1,2}(?!\d)|)"
     R"(\d{1,2}(?:st|nd|rd|th|er)?\s+(?&month)\.?,?\s+(?:19|20)\d{2}(?!\d)|)"
     R"((?&month)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}(?!\d)))"
     // The month names, English and French, as a subroutine: (?&month) above calls it.
     R"((?(DEFINE)(?<month>jan(?:uary|vier)?|feb(?:ruary)?|f[ée]v(?:rier)?|mar(?:ch|s)?|apr(?:il)?|)"
     R"(avr(?:il)?|may|mai|june?|juin|july?|juil(?:let)?|aug(?:ust)?|ao[uû]t|sept?(?:ember|embre)?|)"
     R"(oct(?:ober|obre)?|nov(?:ember|embre)?|d[ée]c(?:ember|embre)?)))",
     Severity::kMedium, nullptr, core::mask_generic},
}};

}  // namespace

core::Result<std::unique_ptr<Rule>> make_pii_rule(const RuleConfig& /*config*/) {
  return make_detector_rule(kPiiRuleKey, kDetectors);
}

std::span<const Detector> pii_detectors() { return kDetectors; }

}  // namespace novacrm::compliance
