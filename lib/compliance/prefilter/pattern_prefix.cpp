// prefilter_prefix_length and required_literals: a small reader of PCRE2 syntax that walks the
// top level of a pattern item by item (group, class, escape, literal, each with its quantifier),
// to find the first gap or the literals every match contains. Anything it does not understand
// means "do not cut" and "no literal": the whole pattern is always sound.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

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

namespace {

// An escaped character that stands for itself (punctuation), or 0.
char escaped_literal(char e) {
  return std::string_view(".-/:_=+?*$()[]{}|\\#@ ,;!%&'\"~<>^`").find(e) != kNone ? e : '\0';
}

std::vector<std::string_view> top_level_branches(std::string_view p);
std::vector<std::string> branch_literals(std::string_view p, int depth);

// The literals of a group such as (?:AKIA|ASIA), (?i:born|birth) or (?:pwd|(?:api|access)_key):
// the union of its alternatives' literals, each read as a branch; empty when one alternative has
// none, or for groups other than plain, non-capturing and (?i:) ones (named, lookaround, atomic,
// conditional, branch reset...).
std::vector<std::string> group_literals(std::string_view group, int depth) {
  size_t body = 1;
  if (group.starts_with("(?:")) {
    body = 3;
  } else if (group.starts_with("(?i:")) {
    body = 4;
  } else if (group.starts_with("(?")) {
    return {};
  }
  if (depth > 8 || group.size() < body + 1) return {};
  std::vector<std::string> out;
  for (std::string_view alternative :
       top_level_branches(group.substr(body, group.size() - body - 1))) {
    std::vector<std::string> literals = branch_literals(alternative, depth + 1);
    if (literals.empty()) return {};
    for (std::string& l : literals) out.push_back(std::move(l));
  }
  return out;
}

// The best literal set of one branch: every match of the branch contains one of them.
std::vector<std::string> branch_literals(std::string_view p, int depth) {
  if (p.find("(*") != kNone) return {};
  std::vector<std::string> best;
  const auto consider = [&](std::vector<std::string> candidate) {
    if (candidate.empty()) return;
    const auto shortest = [](const std::vector<std::string>& v) {
      size_t n = SIZE_MAX;
      for (const std::string& s : v) n = std::min(n, s.size());
      return n;
    };
    if (best.empty() || shortest(candidate) > shortest(best)) best = std::move(candidate);
  };
  std::string run;  // consecutive mandatory literal characters
  const auto end_run = [&] {
    consider(run.empty() ? std::vector<std::string>{} : std::vector<std::string>{run});
    run.clear();
  };
  for (size_t i = 0; i < p.size();) {
    const size_t item = i;
    char literal = '\0';
    std::vector<std::string> from_group;
    const char c = p[i];
    if (c == '(') {
      i = skip_group(p, i);
      if (i == kNone) return {};
      const std::string_view group = p.substr(item, i - item);
      if (zero_width_group(group)) {
        end_run();  // conservative: a run never spans an assertion
        const auto q = quantifier_at(p, i);
        if (!q) return {};
        i = q->end;
        continue;
      }
      from_group = group_literals(group, depth);
    } else if (c == '[') {
      i = skip_class(p, i);
      if (i == kNone) return {};
    } else if (c == '\\') {
      if (i + 1 >= p.size()) return {};
      const char e = p[i + 1];
      // Escapes that take arguments or refer to groups: not worth reading.
      if (std::string_view("xpPogkcuNE").find(e) != kNone ||
          std::isdigit(static_cast<unsigned char>(e)) != 0) {
        return {};
      }
      literal = escaped_literal(e);
      i += 2;
    } else if (std::isalnum(static_cast<unsigned char>(c)) != 0 || (c & 0x80) != 0 ||
               std::string_view(".^$").find(c) != kNone) {
      literal = (c & 0x80) == 0 && std::isalnum(static_cast<unsigned char>(c)) != 0
                    ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                    : '\0';
      ++i;
    } else {
      literal = c;  // other ASCII punctuation stands for itself outside a class
      ++i;
    }
    const auto q = quantifier_at(p, i);
    if (!q) return {};
    // An optional item may be absent: it is not in every match (the last branch).
    if (!q->optional && !from_group.empty()) {
      end_run();
      consider(std::move(from_group));
    } else if (!q->optional && literal != '\0') {
      run += literal;
      if (q->repeated) end_run();  // "a+" contains "a", but what follows may not be adjacent
    } else {
      end_run();
    }
    i = q->end;
  }
  end_run();
  return best;
}

// Splits `p` at its top-level '|'.
std::vector<std::string_view> top_level_branches(std::string_view p) {
  std::vector<std::string_view> out;
  size_t from = 0;
  for (size_t i = 0; i < p.size();) {
    if (p[i] == '\\') {
      i += 2;
    } else if (p[i] == '[') {
      i = skip_class(p, i);
      if (i == kNone) return {};
    } else if (p[i] == '(') {
      i = skip_group(p, i);
      if (i == kNone) return {};
    } else if (p[i] == '|') {
      out.push_back(p.substr(from, i - from));
      from = ++i;
    } else {
      ++i;
    }
  }
  out.push_back(p.substr(from));
  return out;
}

}  // namespace

std::vector<std::string> required_literals(std::string_view p) {
  if (p.find("(?x") != kNone || p.find("\\Q") != kNone) return {};
  std::vector<std::string> out;
  for (std::string_view branch : top_level_branches(p)) {
    // A branch that ends in (*SKIP)(*F) never reports a match: it only steps over look-alikes.
    if (branch.ends_with("(*SKIP)(*F)") || branch.ends_with("(*SKIP)(*FAIL)")) continue;
    if (branch.find("(*") != kNone) return {};
    std::vector<std::string> literals = branch_literals(branch, 0);
    if (literals.empty()) return {};  // this branch may match without any literal
    for (std::string& l : literals) out.push_back(std::move(l));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string fold_for_literals(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xE2 && text.substr(i, 3) == "\xE2\x84\xAA") {
      out += 'k';
      i += 2;
    } else if (c == 0xC5 && text.substr(i, 2) == "\xC5\xBF") {
      out += 's';
      i += 1;
    } else {
      out += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    }
  }
  return out;
}

}  // namespace novacrm::compliance
