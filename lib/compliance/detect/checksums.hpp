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

// A payment card number as people write one: Luhn-valid (luhn_valid), an issuer prefix with a
// length that network issues (Visa 4: 13, 16 or 19 digits; Mastercard 51-55 and 2221-2720: 16; Amex
// 34/37: 15; Diners 30/36/38/39: 14-19; JCB 35, Discover 6011/644-649/65, UnionPay 62, Maestro 50
// and 56-69: 16-19 or 12-19), and either no separator or one separator used throughout in a card's
// grouping (fours with a shorter last group, 4-6-5 or 4-6-4). A French SIRET (Luhn-valid, written
// 3-3-3-5), a USPS tracking number (starts with 9) or a millisecond timestamp is not a card.
bool payment_card_valid(std::string_view text);

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

// A valid dotted quad that names no host: a contiguous netmask starting with 255 (255.255.255.0)
// or the unspecified address 0.0.0.0. The PII rule does not report these as someone's address.
bool ipv4_netmask(std::string_view text);

// IPv6 text form as inet_pton(AF_INET6) accepts it (compressed "::", embedded IPv4 tail). Zone ids
// ("fe80::1%eth0") are not accepted.
bool ipv6_valid(std::string_view text);

}  // namespace novacrm::compliance::detect
