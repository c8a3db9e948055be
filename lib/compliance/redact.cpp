// Redaction of findings in a text (see redact.hpp). Works on bytes: the only bytes it writes are
// the replacements; everything between findings is copied unchanged. Never stores or reports a
// replaced value; the HMAC state is wiped after use.
#include "compliance/redact.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <utility>

#include "core/hash.hpp"

namespace novacrm::compliance {

namespace {

constexpr std::array<std::pair<RedactMode, std::string_view>, 4> kModes = {
    {{RedactMode::kMask, "mask"},
     {RedactMode::kPartial, "partial"},
     {RedactMode::kPseudonym, "pseudonym"},
     {RedactMode::kRemove, "remove"}}};

// Hex digits of the HMAC kept in a pseudonym: 64 bits, enough to keep distinct values apart in
// one workspace while staying short in a sentence.
constexpr size_t kPseudonymHexDigits = 16;

// One stretch of text to replace: the union of overlapping finding spans.
struct Region {
  size_t begin = 0;
  size_t end = 0;
  const Finding* name = nullptr;  // the finding that names the region
};

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string label_of(const Finding& f) {
  return f.entity.empty() ? "REDACTED" : upper_ascii(f.entity);
}

core::Status check_key(RedactMode mode, std::string_view key) {
  if (mode != RedactMode::kPseudonym) return {};
  if (key.empty()) {
    return core::bad_input("--key-file",
                           "pseudonym mode needs a key: a workspace HMAC secret or a key file");
  }
  if (key.size() < kMinPseudonymKeyBytes) {
    return core::bad_input("--key-file", "the pseudonym key must be at least " +
                                             std::to_string(kMinPseudonymKeyBytes) +
                                             " bytes, got " + std::to_string(key.size()));
  }
  return {};
}

// Checks every span against `text` and widens it to whole UTF-8 characters.
core::Status fit_spans(std::string_view text, std::vector<Finding>& findings) {
  for (Finding& f : findings) {
    Span& s = f.span;
    if (s.begin > s.end || s.end > text.size()) {
      return core::bad_input("findings", "finding " + f.rule + "/" + f.entity + " spans bytes [" +
                                             std::to_string(s.begin) + ", " +
                                             std::to_string(s.end) + ") of a text of " +
                                             std::to_string(text.size()) + " bytes");
    }
    if (s.begin == s.end) continue;
    while (s.begin > 0 && is_utf8_continuation(text[s.begin])) --s.begin;
    while (s.end < text.size() && is_utf8_continuation(text[s.end])) ++s.end;
  }
  return {};
}

// Sorted, non-overlapping regions; empty spans dropped.
std::vector<Region> merge_spans(const std::vector<Finding>& findings) {
  std::vector<const Finding*> order;
  for (const Finding& f : findings) {
    if (f.span.begin < f.span.end) order.push_back(&f);
  }
  std::stable_sort(order.begin(), order.end(), [](const Finding* a, const Finding* b) {
    if (a->span.begin != b->span.begin) return a->span.begin < b->span.begin;
    return a->span.end > b->span.end;
  });
  std::vector<Region> regions;
  for (const Finding* f : order) {
    if (!regions.empty() && f->span.begin < regions.back().end) {
      regions.back().end = std::max(regions.back().end, f->span.end);
    } else {
      regions.push_back(Region{f->span.begin, f->span.end, f});
    }
  }
  return regions;
}

core::Result<std::string> pseudonym(std::string_view key, std::string_view entity,
                                    std::string_view value) {
  if (sodium_init() < 0) return core::internal_error("libsodium failed to initialise");
  const std::string mac = core::hmac_sha256_hex(key, {entity, std::string_view("\0", 1), value});
  return "[" + upper_ascii(entity) + ":" + mac.substr(0, kPseudonymHexDigits) + "]";
}

core::Result<std::string> replacement(std::string_view text, const Region& r, RedactMode mode,
                                      std::string_view key) {
  switch (mode) {
    case RedactMode::kMask:
      return "[" + label_of(*r.name) + "]";
    case RedactMode::kPartial:
      // An excerpt is never empty in practice; if one is, the mask still says what was there.
      return r.name->excerpt.empty() ? "[" + label_of(*r.name) + "]" : r.name->excerpt;
    case RedactMode::kPseudonym:
      return pseudonym(key, r.name->entity.empty() ? "redacted" : r.name->entity,
                       text.substr(r.begin, r.end - r.begin));
    case RedactMode::kRemove:
      return std::string();
  }
  return core::internal_error("unknown redaction mode");
}

}  // namespace

std::optional<RedactMode> parse_redact_mode(std::string_view s) {
  for (const auto& [mode, name] : kModes) {
    if (name == s) return mode;
  }
  return std::nullopt;
}

std::string_view to_string(RedactMode mode) {
  for (const auto& [m, name] : kModes) {
    if (m == mode) return name;
  }
  return "unknown";
}

core::Result<std::string> redact(std::string_view text, std::vector<Finding> findings,
                                 RedactMode mode, std::string_view key) {
  if (auto ok = check_key(mode, key); !ok) return ok.error();
  if (auto ok = fit_spans(text, findings); !ok) return ok.error();

  std::string out;
  out.reserve(text.size());
  size_t copied = 0;
  for (const Region& r : merge_spans(findings)) {
    auto with = replacement(text, r, mode, key);
    if (!with) return with.error();
    out.append(text.substr(copied, r.begin - copied));
    out.append(*with);
    copied = r.end;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace novacrm::compliance
