// prefilter_prefix_length: a small reader of PCRE2 syntax that walks the top level of a pattern
// item by item (group, class, escape, literal, each with its quantifier) to find the first gap.
// Anything it does not understand means "do not cut": the whole pattern is always sound.
#include <cctype>
#include <optional>

#include "compliance/prefilter/prefilter.hpp"

namespace novacrm::compliance {

namespace {

constexpr size_t kNone = std::string_view::npos;

// One past the ']' closing the class opened at p[i] == '['.
size_t skip_class(std::string_view p, size_t i) {
  size_t j = i + 1;
  if (j < p.size() && p[j] == '^') ++j;
  if (j < p.size() && p[j] == ']') ++j;  // a leading ']' is a literal
  while (j < p.size()) {
    if (p[j] == '\\') {
      j += 2;
    } else if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
      const size_t end = p.find(":]", j + 2);
      if (end == kNone) return kNone;
      j = end + 2;
    } else if (p[j] == ']') {
      return j + 1;
    } else {
      ++j;
    }
  }
  return kNone;
}

// One past the ')' closing the group opened at p[i] == '('.
size_t skip_group(std::string_view p, size_t i) {
  int depth = 0;
  for (size_t j = i; j < p.size();) {
    if (p[j] == '\\') {
      j += 2;
    } else if (p[j] == '[') {
      j = skip_class(p, j);
      if (j == kNone) return kNone;
    } else {
      if (p[j] == '(') ++depth;
      if (p[j] == ')' && --depth == 0) return j + 1;
      ++j;
    }
  }
  return kNone;
}

// "(?i)", "(?-s)": option settings; "(?=", "(?!", "(?<=", "(?<!": lookarounds. Both zero width.
bool zero_width_group(std::string_view g) {
  if (g.starts_with("(?=") || g.starts_with("(?!") || g.starts_with("(?<=") ||
      g.starts_with("(?<!")) {
    return true;
  }
  if (!g.starts_with("(?") || !g.ends_with(")")) return false;
  for (char c : g.substr(2, g.size() - 3)) {
    if (std::isalpha(static_cast<unsigned char>(c)) == 0 && c != '-') return false;
  }
  return true;
}

struct Quantifier {
  size_t end;     // one past the quantifier (== start when there is none)
  bool optional;  // minimum 0
  bool repeated;  // maximum above 1
};

// The quantifier at p[i], if any; nullopt when it cannot be read.
std::optional<Quantifier> quantifier_at(std::string_view p, size_t i) {
  Quantifier q{i, false, false};
  if (i < p.size() && (p[i] == '*' || p[i] == '+' || p[i] == '?')) {
    q = Quantifier{i + 1, p[i] != '+', p[i] != '?'};
  } else if (i < p.size() && p[i] == '{') {
    const size_t close = p.find('}', i);
    if (close == kNone) return std::nullopt;
    const std::string_view body = p.substr(i + 1, close - i - 1);
    const size_t comma = body.find(',');
    const std::string_view low = body.substr(0, comma);
    const std::string_view high = comma == kNone ? low : body.substr(comma + 1);
    for (char c : body) {
      if (std::isdigit(static_cast<unsigned char>(c)) == 0 && c != ',') return std::nullopt;
    }
    if (low.empty()) return std::nullopt;
    q = Quantifier{close + 1, low == "0", high.empty() || std::stoul(std::string(high)) > 1};
  }
  if (q.end > i && q.end < p.size() && (p[q.end] == '?' || p[q.end] == '+')) ++q.end;
  return q;
}

}  // namespace

size_t prefilter_prefix_length(std::string_view p) {
  if (p.find("(?x") != kNone || p.find("(*") != kNone || p.find("\\Q") != kNone) return p.size();
  bool consumed = false;  // some item before the current one must consume input
  size_t cut = kNone;
  // Walks the whole top level even after a cut is found: a later '|' forbids it.
  for (size_t i = 0; i < p.size();) {
    const size_t item = i;
    bool gap = false;
    bool zero_width = false;
    const char c = p[i];
    if (c == '|') return p.size();
    if (c == '(') {
      i = skip_group(p, i);
      if (i == kNone) return p.size();
      zero_width = zero_width_group(p.substr(item, i - item));
    } else if (c == '[') {
      gap = i + 1 < p.size() && p[i + 1] == '^';
      i = skip_class(p, i);
      if (i == kNone) return p.size();
    } else if (c == '\\') {
      if (i + 1 >= p.size()) return p.size();
      const char e = p[i + 1];
      // Escapes that take arguments or refer to groups: not worth reading.
      if (std::string_view("xpPogkcuNE").find(e) != kNone ||
          std::isdigit(static_cast<unsigned char>(e)) != 0) {
        return p.size();
      }
      zero_width = std::string_view("bBAzZGK").find(e) != kNone;
      gap = std::string_view("SDWHVR").find(e) != kNone;
      i += 2;
    } else if (c == '^' || c == '$') {
      zero_width = true;
      ++i;
    } else {
      gap = c == '.';
      ++i;
    }
    const auto q = quantifier_at(p, i);
    if (!q) return p.size();
    if (gap && q->repeated && consumed && cut == kNone) cut = item;
    if (!zero_width && !q->optional) consumed = true;
    i = q->end;
  }
  return cut == kNone ? p.size() : cut;
}

}  // namespace novacrm::compliance
