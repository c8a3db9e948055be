// Text helpers. Never logs or keeps what it is given.
#include "core/text.hpp"

#include <algorithm>
#include <cstdint>

namespace novacrm::core {

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int len = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p < len) return false;
    for (int i = 1; i < len; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    const bool overlong =
        (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += len;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  });
  return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

namespace {

// Byte length of the UTF-8 sequence that starts with `lead` (1 for anything malformed).
size_t utf8_sequence_length(unsigned char lead) {
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// First character (a whole code point) kept, the rest starred; `stars` overrides the count.
std::string keep_first(std::string_view part, int stars = -1) {
  if (part.empty()) return {};
  const size_t first =
      std::min(part.size(), utf8_sequence_length(static_cast<unsigned char>(part[0])));
  const size_t n = stars >= 0 ? static_cast<size_t>(stars) : part.size() - first;
  return std::string(part.substr(0, first)) + std::string(n, '*');
}

}  // namespace

std::string mask_email(std::string_view email) {
  const size_t at = email.rfind('@');
  if (at == std::string_view::npos) return mask_generic(email);
  std::string out = keep_first(email.substr(0, at), 3) + "@";
  const std::string_view domain = email.substr(at + 1);
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos) return out + keep_first(domain);
  return out + keep_first(domain.substr(0, dot)) + std::string(domain.substr(dot));
}

std::string mask_phone(std::string_view phone) {
  if (phone.size() <= 6) {
    std::string stars(phone.size(), '*');  // not {n, '*'}: that would be an initializer list
    return stars;
  }
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 5, '*') +
         std::string(phone.substr(phone.size() - 2));
}

std::string mask_generic(std::string_view value) {
  if (value.empty()) return {};
  size_t rest = 0;  // code points after the first
  for (size_t i = utf8_sequence_length(static_cast<unsigned char>(value[0])); i < value.size();
       ++rest) {
    i += utf8_sequence_length(static_cast<unsigned char>(value[i]));
  }
  return keep_first(value, static_cast<int>(std::min<size_t>(rest, 8)));
}

std::string_view utf8_prefix(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0U) == 0x80U) --n;
  return s.substr(0, n);
}

bool is_plain_token(std::string_view s, size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace novacrm::core
