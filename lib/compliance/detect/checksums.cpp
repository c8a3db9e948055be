// Checksum and shape validators for detected candidates. They read their input and return a
// verdict: never log it, keep it, or throw. Working copies live on the stack and die with the call.
#include "compliance/detect/checksums.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace novacrm::compliance::detect {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
int digit_value(char c) { return c - '0'; }

// Value of the decimal digits s[pos, pos + len); the caller has checked they are digits.
int number_at(std::string_view s, std::size_t pos, std::size_t len) {
  int value = 0;
  for (char c : s.substr(pos, len)) value = value * 10 + digit_value(c);
  return value;
}

// Copies `text` without its spaces into `out`; false when that does not fit.
template <std::size_t N>
bool strip_spaces(std::string_view text, std::array<char, N>& out, std::size_t& size) {
  size = 0;
  for (char c : text) {
    if (c == ' ') continue;
    if (size == N) return false;
    out[size++] = c;
  }
  return true;
}

// Length of the IBAN for SEPA countries (SWIFT IBAN registry); 0 for a country not listed here.
struct IbanLength {
  std::string_view country;
  std::size_t length;
};
constexpr std::array<IbanLength, 37> kIbanLengths{{
    {"AD", 24}, {"AT", 20}, {"BE", 16}, {"BG", 22}, {"CH", 21}, {"CY", 28}, {"CZ", 24}, {"DE", 22},
    {"DK", 18}, {"EE", 20}, {"ES", 24}, {"FI", 18}, {"FR", 27}, {"GB", 22}, {"GI", 23}, {"GR", 27},
    {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IS", 26}, {"IT", 27}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"MC", 27}, {"MT", 31}, {"NL", 18}, {"NO", 15}, {"PL", 28}, {"PT", 25}, {"RO", 24},
    {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"VA", 22},
}};
constexpr std::size_t kIbanMinLength = 15;
constexpr std::size_t kIbanMaxLength = 34;

std::size_t sepa_iban_length(std::string_view country) {
  for (const auto& row : kIbanLengths) {
    if (row.country == country) return row.length;
  }
  return 0;
}

// One step of ISO 7064 mod-97 over the IBAN alphabet: a digit appends one decimal digit, a letter
// its two-digit value (A = 10 ... Z = 35). The remainder stays below 97, so an int never overflows.
int mod97_step(int remainder, char c) {
  if (is_digit(c)) return (remainder * 10 + digit_value(c)) % 97;
  return (remainder * 100 + (c - 'A' + 10)) % 97;
}

// Issuer prefixes of the card networks and the lengths each issues (ISO/IEC 7812 IIN ranges as
// the networks publish them). Longest prefixes first is not needed: the ranges do not overlap.
struct CardRange {
  int low;     // lowest prefix of the range, `digits` long
  int high;    // highest prefix of the range
  int digits;  // length of the prefix
  std::size_t min_length;
  std::size_t max_length;
};
constexpr std::array<CardRange, 16> kCardRanges{{
    {4, 4, 1, 13, 19},        // Visa (13, 16 or 19: checked below)
    {51, 55, 2, 16, 16},      // Mastercard
    {2221, 2720, 4, 16, 16},  // Mastercard 2-series
    {2200, 2204, 4, 16, 19},  // Mir
    {34, 34, 2, 15, 15},      // American Express
    {37, 37, 2, 15, 15},      // American Express
    {300, 305, 3, 14, 19},    // Diners Club
    {36, 36, 2, 14, 19},      // Diners Club
    {38, 39, 2, 14, 19},      // Diners Club
    {3528, 3589, 4, 16, 19},  // JCB
    {6011, 6011, 4, 16, 19},  // Discover
    {644, 649, 3, 16, 19},    // Discover
    {65, 65, 2, 16, 19},      // Discover
    {62, 62, 2, 16, 19},      // UnionPay
    {50, 50, 2, 12, 19},      // Maestro
    {56, 69, 2, 12, 19},      // Maestro (after the 6x ranges above, which take precedence)
}};

bool card_prefix_and_length_valid(std::string_view digits) {
  for (const CardRange& range : kCardRanges) {
    const auto digits_len = static_cast<std::size_t>(range.digits);
    const int prefix = number_at(digits, 0, digits_len);
    if (prefix < range.low || prefix > range.high) continue;
    if (digits.size() < range.min_length || digits.size() > range.max_length) return false;
    if (range.low == 4) return digits.size() == 13 || digits.size() == 16 || digits.size() == 19;
    return true;
  }
  return false;
}

// Groups of digits as a card is printed: one group, or one separator throughout with fours and a
// shorter last group (4-4-4-4, 4-4-4-4-3) or the 15- and 14-digit layouts 4-6-5 and 4-6-4.
bool card_grouping_valid(std::string_view text) {
  std::array<std::size_t, 19> groups{};
  std::size_t count = 0;
  std::size_t run = 0;
  char separator = 0;
  for (char c : text) {
    if (is_digit(c)) {
      ++run;
      continue;
    }
    if (separator != 0 && c != separator) return false;
    separator = c;
    if (run == 0 || count == groups.size()) return false;
    groups[count++] = run;
    run = 0;
  }
  if (run == 0 || count == groups.size()) return false;
  groups[count++] = run;
  if (count == 1) return true;
  if (count == 3 && groups[0] == 4 && groups[1] == 6 && (groups[2] == 5 || groups[2] == 4)) {
    return true;
  }
  for (std::size_t i = 0; i + 1 < count; ++i) {
    if (groups[i] != 4) return false;
  }
  return groups[count - 1] >= 1 && groups[count - 1] <= 4;
}

}  // namespace

bool payment_card_valid(std::string_view text) {
  if (!luhn_valid(text) || !card_grouping_valid(text)) return false;
  std::array<char, 19> digits{};
  std::size_t size = 0;
  for (char c : text) {
    if (is_digit(c)) digits[size++] = c;  // luhn_valid has checked there are at most 19
  }
  return card_prefix_and_length_valid(std::string_view(digits.data(), size));
}

bool luhn_valid(std::string_view digits_with_separators) {
  int count = 0;
  int sum = 0;
  bool one_repeated_digit = true;
  char first = 0;
  // From the right, so that every second digit counting from the check digit is doubled.
  for (std::size_t i = digits_with_separators.size(); i-- > 0;) {
    const char c = digits_with_separators[i];
    if (c == ' ' || c == '-') continue;
    if (!is_digit(c) || count == 19) return false;
    int d = digit_value(c);
    if (count % 2 == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    if (count == 0) first = c;
    if (c != first) one_repeated_digit = false;
    ++count;
  }
  return count >= 12 && !one_repeated_digit && sum % 10 == 0;
}

bool iban_valid(std::string_view text) {
  std::array<char, kIbanMaxLength> buffer{};
  std::size_t size = 0;
  if (!strip_spaces(text, buffer, size) || size < kIbanMinLength) return false;
  for (std::size_t i = 0; i < size; ++i) {
    buffer[i] = to_upper(buffer[i]);
    if (!is_digit(buffer[i]) && !is_upper(buffer[i])) return false;
  }
  const std::string_view iban(buffer.data(), size);
  if (!is_upper(iban[0]) || !is_upper(iban[1]) || !is_digit(iban[2]) || !is_digit(iban[3])) {
    return false;
  }
  const int check_digits = number_at(iban, 2, 2);
  if (check_digits < 2 || check_digits > 98) return false;
  const std::size_t expected = sepa_iban_length(iban.substr(0, 2));
  if (expected != 0 && size != expected) return false;
  // The country and check digits move to the end before the remainder is taken.
  int remainder = 0;
  for (char c : iban.substr(4)) remainder = mod97_step(remainder, c);
  for (char c : iban.substr(0, 4)) remainder = mod97_step(remainder, c);
  return remainder == 1;
}

bool fr_nir_valid(std::string_view text) {
  // Layout: sex(1) year(2) month(2) department(2) commune(3) order(3) key(2).
  std::array<char, 15> nir{};
  std::size_t size = 0;
  if (!strip_spaces(text, nir, size) || size != nir.size()) return false;
  const char department_tail = to_upper(nir[6]);
  const bool corsica = nir[5] == '2' && (department_tail == 'A' || department_tail == 'B');
  for (std::size_t i = 0; i < nir.size(); ++i) {
    if (!is_digit(nir[i]) && !(i == 6 && corsica)) return false;
  }
  const std::string_view digits(nir.data(), nir.size());
  if (std::string_view("123478").find(nir[0]) == std::string_view::npos) return false;
  const int month = number_at(digits, 3, 2);
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50)) return false;
  // The key is computed with 2A read as 19 and 2B as 18.
  int remainder = 0;
  for (std::size_t i = 0; i < 13; ++i) {
    int d = digit_value(nir[i]);
    if (corsica && i == 5) d = 1;
    if (corsica && i == 6) d = department_tail == 'A' ? 9 : 8;
    remainder = (remainder * 10 + d) % 97;
  }
  return number_at(digits, 13, 2) == 97 - remainder;
}

bool us_ssn_valid(std::string_view text) {
  std::array<char, 9> ssn{};
  if (text.size() == 11) {
    const char sep = text[3];
    if ((sep != '-' && sep != ' ') || text[6] != sep) return false;
    text.substr(0, 3).copy(ssn.data(), 3);
    text.substr(4, 2).copy(ssn.data() + 3, 2);
    text.substr(7, 4).copy(ssn.data() + 5, 4);
  } else if (text.size() == ssn.size()) {
    text.copy(ssn.data(), ssn.size());
  } else {
    return false;
  }
  for (char c : ssn) {
    if (!is_digit(c)) return false;
  }
  const std::string_view digits(ssn.data(), ssn.size());
  const int area = number_at(digits, 0, 3);
  if (area == 0 || area == 666 || area >= 900) return false;
  if (number_at(digits, 3, 2) == 0 || number_at(digits, 5, 4) == 0) return false;
  // Printed on sample cards and in advertising, then used by thousands of people as their own.
  return digits != "078051120" && digits != "219099999";
}

double shannon_entropy(std::string_view s) {
  if (s.empty()) return 0.0;
  std::array<std::size_t, 256> counts{};
  for (char c : s) ++counts[static_cast<unsigned char>(c)];
  double bits = 0.0;
  const auto total = static_cast<double>(s.size());
  for (std::size_t count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / total;
    bits -= p * std::log2(p);
  }
  return bits;
}

bool ipv4_valid(std::string_view text) {
  int octets = 0;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dot = text.find('.', pos);
    const std::string_view octet =
        text.substr(pos, dot == std::string_view::npos ? dot : dot - pos);
    if (octet.empty() || octet.size() > 3) return false;
    for (char c : octet) {
      if (!is_digit(c)) return false;
    }
    if (octet.size() > 1 && octet[0] == '0') return false;
    if (number_at(octet, 0, octet.size()) > 255) return false;
    ++octets;
    if (dot == std::string_view::npos) break;
    if (octets == 4) return false;
    pos = dot + 1;
  }
  return octets == 4;
}

bool ipv4_netmask(std::string_view text) {
  if (!ipv4_valid(text)) return false;
  std::uint32_t value = 0;
  std::size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    const std::size_t dot = text.find('.', pos);
    const std::size_t end = dot == std::string_view::npos ? text.size() : dot;
    value = (value << 8U) | static_cast<std::uint32_t>(number_at(text, pos, end - pos));
    pos = end + 1;
  }
  if (value == 0) return true;
  const std::uint32_t host_bits = ~value;
  // Contiguous ones then zeros: the host part plus one is a power of two.
  return (value >> 24U) == 255 && (host_bits & (host_bits + 1)) == 0;
}

bool ipv6_valid(std::string_view text) {
  // inet_pton needs a NUL-terminated string; an embedded NUL would cut the copy short, so it fails.
  std::array<char, INET6_ADDRSTRLEN> buffer{};
  if (text.size() >= buffer.size() || text.find('\0') != std::string_view::npos) return false;
  text.copy(buffer.data(), text.size());
  in6_addr address{};
  return inet_pton(AF_INET6, buffer.data(), &address) == 1;
}

}  // namespace novacrm::compliance::detect
