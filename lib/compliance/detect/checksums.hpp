// Validators that the PII and secret rules call on a regex candidate to tell a real card number,
// IBAN, NIR, SSN or IP address from a look-alike (an order number, a version string), and the
// entropy measure used for secrets. Pure functions over the bytes they are given: they must never
// log, store or copy their input anywhere that outlives the call, and never throw.
#pragma once

#include <string_view>

namespace novacrm::compliance::detect {

// Payment card number: spaces and '-' are ignored, 12 to 19 digits, Luhn checksum. Numbers made of
// one repeated digit (0000 0000 0000 0000) pass Luhn but are placeholders, so they are rejected.
bool luhn_valid(std::string_view digits_with_separators);

// IBAN (ISO 13616): spaces ignored, letters case-insensitive, country letters, check digits 02-98,
// the exact length for SEPA countries (15-34 for the others), and ISO 7064 mod-97 == 1.
bool iban_valid(std::string_view text);

// French social security number (NIR): 13 characters and a 2-digit key, spaces ignored. Checks the
// sex digit, the month ranges INSEE uses, Corsica's 2A/2B departments and the key.
bool fr_nir_valid(std::string_view text);

// US social security number as AAA-GG-SSSS, AAA GG SSSS or AAAGGSSSS, with the area, group and
// serial numbers the SSA never issues, and its well-known advertising numbers, rejected.
bool us_ssn_valid(std::string_view text);

// Shannon entropy in bits per byte over the byte frequencies of `s` (0 for an empty string, at
// most 8). Random keys score high; words and repeated characters score low.
double shannon_entropy(std::string_view s);

// Dotted-quad IPv4: four decimal octets 0-255, no sign, no leading zero ("0" alone is fine).
bool ipv4_valid(std::string_view text);

// IPv6 text form as inet_pton(AF_INET6) accepts it (compressed "::", embedded IPv4 tail). Zone ids
// ("fe80::1%eth0") are not accepted.
bool ipv6_valid(std::string_view text);

}  // namespace novacrm::compliance::detect
