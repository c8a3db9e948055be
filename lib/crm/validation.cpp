#include "crm/validation.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"

namespace novacrm::crm {

using core::bad_input;
using core::Result;

namespace {

constexpr std::array<std::string_view, 6> kLegalBases = {
    "consent",         "contract",    "legal_obligation",
    "vital_interests", "public_task", "legitimate_interests"};

bool has_control_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// RFC 1035 host name after lower-casing: labels of [a-z0-9-], not starting or ending with '-',
// at least two labels, an alphabetic top-level label of 2+ characters.
bool is_domain(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  const auto labels = core::split(d, '.');
  if (labels.size() < 2) return false;
  for (const std::string& l : labels) {
    if (l.empty() || l.size() > 63 || l.front() == '-' || l.back() == '-') return false;
    if (!std::all_of(l.begin(), l.end(), [](char c) { return is_alnum(c) || c == '-'; }))
      return false;
  }
  const std::string& tld = labels.back();
  return tld.size() >= 2 &&
         std::all_of(tld.begin(), tld.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool is_local_part(std::string_view l) {
  if (l.empty() || l.size() > 64 || l.front() == '.' || l.back() == '.') return false;
  if (l.find("..") != std::string_view::npos) return false;
  constexpr std::string_view kSpecials = "!#$%&'*+/=?^_`{|}~.-";
  return std::all_of(l.begin(), l.end(), [&](char c) {
    return is_alnum(c) || kSpecials.find(c) != std::string_view::npos;
  });
}

}  // namespace

std::span<const std::string_view> legal_bases() { return kLegalBases; }

Result<std::string> normalize_email(std::string_view raw, const std::string& field) {
  const std::string email = core::to_lower_ascii(core::trim(raw));
  const size_t at = email.find('@');
  const bool ok = email.size() <= 254 && at != std::string::npos &&
                  email.find('@', at + 1) == std::string::npos &&
                  is_local_part(std::string_view(email).substr(0, at)) &&
                  is_domain(std::string_view(email).substr(at + 1));
  if (!ok)
    return bad_input(field, "\"" + core::mask_email(email) + "\" is not a valid email address");
  return email;
}

Result<std::string> normalize_name(std::string_view raw, const std::string& field) {
  const std::string_view name = core::trim(raw);
  if (name.empty()) return bad_input(field, "must not be empty");
  if (name.size() > 200) return bad_input(field, "is longer than 200 bytes");
  if (!core::is_valid_utf8(name)) return bad_input(field, "is not valid UTF-8");
  if (has_control_chars(name)) return bad_input(field, "contains control characters");
  return std::string(name);
}

Result<std::string> normalize_tag(std::string_view raw, const std::string& field) {
  const std::string tag = core::to_lower_ascii(core::trim(raw));
  const bool ok =
      !tag.empty() && tag.size() <= 64 && std::all_of(tag.begin(), tag.end(), [](char c) {
        return is_alnum(c) || c == '-' || c == '_' || c == ':' || c == '.';
      });
  if (!ok) {
    return bad_input(field,
                     "\"" + core::mask_generic(tag) +
                         "\" is not a valid tag (1-64 letters, digits, '-', '_', ':' or '.')");
  }
  return tag;
}

Result<std::vector<std::string>> normalize_tags(const std::vector<std::string>& raw,
                                                const std::string& field) {
  std::vector<std::string> tags;
  for (const std::string& t : raw) {
    auto tag = normalize_tag(t, field);
    if (!tag) return tag.error();
    tags.push_back(std::move(tag).value());
  }
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  return tags;
}

Result<std::string> normalize_legal_basis(std::string_view raw, const std::string& field) {
  const std::string basis = core::to_lower_ascii(core::trim(raw));
  if (std::find(kLegalBases.begin(), kLegalBases.end(), basis) != kLegalBases.end()) return basis;
  std::string allowed;
  for (std::string_view b : kLegalBases) allowed += (allowed.empty() ? "" : ", ") + std::string(b);
  return bad_input(field, "\"" + core::mask_generic(basis) +
                              "\" is not a lawful basis (one of: " + allowed + ")");
}

Result<std::string> normalize_domain(std::string_view raw, const std::string& field) {
  const std::string domain = core::to_lower_ascii(core::trim(raw));
  if (!is_domain(domain))
    return bad_input(field, "\"" + core::mask_generic(domain) + "\" is not a valid domain name");
  return domain;
}

Result<std::string> normalize_notes(std::string_view raw, const std::string& field) {
  if (raw.size() > 10000) return bad_input(field, "is longer than 10,000 bytes");
  if (!core::is_valid_utf8(raw)) return bad_input(field, "is not valid UTF-8");
  return std::string(raw);
}

}  // namespace novacrm::crm
