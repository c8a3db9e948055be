// no_crm_contact_data: the names, emails and phone numbers of the contacts stored in the
// workspace, matched as a dictionary — what no generic scanner can know. Names match case- and
// accent-insensitively as whole words ("Hélène Dupré", "helene dupre", "DUPRE Helene");
// emails case-insensitively; phones by their last nine digits, whatever the formatting. The
// dictionary is built once per run from the contacts lib/app hands over; findings show masked
// values only.
#include <algorithm>
#include <unordered_set>

#include "compliance/detect/fold.hpp"
#include "compliance/regex.hpp"
#include "compliance/rules/builtin.hpp"
#include "core/text.hpp"

namespace novacrm::compliance {

namespace {

constexpr size_t kPhoneDigits = 9;  // a French national number without its leading 0

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || u >= 0x80;
}

std::vector<std::string> words_of(std::string_view folded) {
  std::vector<std::string> out;
  std::string word;
  for (char c : folded) {
    if (is_word_byte(c)) {
      word.push_back(c);
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string last_digits(std::string_view s) {
  std::string digits;
  for (char c : s) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits.size() < kPhoneDigits ? std::string() : digits.substr(digits.size() - kPhoneDigits);
}

// "Hélène Dupré" -> "H***** D****": the first character of each word.
std::string mask_name(std::string_view name) {
  std::string out;
  bool word_start = true;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '-') {
      out.push_back(c);
      word_start = true;
    } else if ((u & 0xC0) == 0x80) {
      if (word_start || out.back() != '*') out.push_back(c);  // continuation bytes
    } else if (word_start) {
      out.push_back(c);
      word_start = false;
    } else {
      out.push_back('*');
    }
  }
  return out;
}

// The e-mail pattern starts only where a run of its characters starts (see the PII rule's).
constexpr const char* kEmail =
    R"((?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})";
constexpr const char* kPhone = R"((?<![\w+])\+?\d(?:[ .()-]{0,2}\d){8,16}(?!\d))";

class CrmContactRule final : public Rule {
 public:
  static core::Result<std::unique_ptr<Rule>> make(const RuleConfig& config) {
    auto email = Regex::builtin(kEmail, "no_crm_contact_data.email");
    auto phone = Regex::builtin(kPhone, "no_crm_contact_data.phone");
    auto rule = std::make_unique<CrmContactRule>(std::move(email), std::move(phone));
    for (const ContactTerms& c : config.contacts) rule->add(c);
    return std::unique_ptr<Rule>(std::move(rule));
  }

  CrmContactRule(Regex email, Regex phone) : email_(std::move(email)), phone_(std::move(phone)) {}

  [[nodiscard]] std::string_view key() const override { return kCrmContactRuleKey; }

  void analyze(std::string_view text, const ScanContext& /*context*/,
               std::vector<Finding>& out) const override {
    if (names_.empty() && emails_.empty() && phones_.empty()) return;
    if (!emails_.empty()) {
      email_.for_each_match(text, [&](size_t b, size_t e) {
        const std::string_view v = text.substr(b, e - b);
        if (emails_.contains(core::to_lower_ascii(v))) {
          out.push_back({std::string(kCrmContactRuleKey), "contact_email", Severity::kHigh,
                         byte_span(b, e), core::mask_email(v)});
        }
      });
    }
    if (!phones_.empty()) {
      phone_.for_each_match(text, [&](size_t b, size_t e) {
        const std::string_view v = text.substr(b, e - b);
        if (phones_.contains(last_digits(v))) {
          out.push_back({std::string(kCrmContactRuleKey), "contact_phone", Severity::kHigh,
                         byte_span(b, e), core::mask_phone(v)});
        }
      });
    }
    if (!names_.empty()) find_names(text, out);
  }

 private:
  void add(const ContactTerms& c) {
    const std::vector<std::string> words = words_of(detect::fold_text(c.full_name));
    if (words.size() >= 2) {  // one word alone ("Martin") would match everywhere
      names_.insert(join(words));
      std::vector<std::string> reversed = words;
      std::rotate(reversed.begin(), reversed.end() - 1, reversed.end());  // "last first"
      names_.insert(join(reversed));
      max_words_ = std::max(max_words_, words.size());
    }
    if (!c.email.empty()) emails_.insert(core::to_lower_ascii(c.email));
    if (std::string d = last_digits(c.phone); !d.empty()) phones_.insert(std::move(d));
  }

  void find_names(std::string_view text, std::vector<Finding>& out) const {
    const detect::Folded folded = detect::fold(text);
    const std::string& f = folded.text;
    // Word boundaries in the folded text.
    std::vector<std::pair<size_t, size_t>> words;
    for (size_t i = 0; i < f.size();) {
      if (!is_word_byte(f[i])) {
        ++i;
        continue;
      }
      const size_t start = i;
      while (i < f.size() && is_word_byte(f[i])) ++i;
      words.emplace_back(start, i);
    }
    std::string candidate;
    for (size_t i = 0; i < words.size(); ++i) {
      candidate.assign(f, words[i].first, words[i].second - words[i].first);
      size_t best = 0;
      for (size_t n = 2; n <= max_words_ && i + n <= words.size(); ++n) {
        const auto& w = words[i + n - 1];
        // Words of a name are separated by spaces, hyphens or a comma ("Dupré, Hélène").
        const std::string_view gap(f.data() + words[i + n - 2].second,
                                   w.first - words[i + n - 2].second);
        if (gap.empty() || gap.size() > 2 || gap.find_first_not_of(" ,-") != std::string::npos) {
          break;
        }
        candidate += ' ';
        candidate.append(f, w.first, w.second - w.first);
        if (names_.contains(candidate)) best = n;
      }
      if (best == 0) continue;
      const size_t begin = folded.begin_of(words[i].first);
      const size_t end = folded.end_of(words[i + best - 1].second, text);
      out.push_back({std::string(kCrmContactRuleKey), "contact_name", Severity::kHigh,
                     byte_span(begin, end), mask_name(text.substr(begin, end - begin))});
      i += best - 1;
    }
  }

  Regex email_;
  Regex phone_;
  std::unordered_set<std::string> names_;
  std::unordered_set<std::string> emails_;
  std::unordered_set<std::string> phones_;
  size_t max_words_ = 0;
};

}  // namespace

std::vector<BuiltinPattern> crm_contact_patterns() {
  return {{kEmail, false, "no_crm_contact_data.email"},
          {kPhone, false, "no_crm_contact_data.phone"}};
}

core::Result<std::unique_ptr<Rule>> make_crm_contact_rule(const RuleConfig& config) {
  return CrmContactRule::make(config);
}

}  // namespace novacrm::compliance
