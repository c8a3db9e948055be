// no_mass_export_requests: English and French requests to export, dump, list or send all (or a
// number at or above the policy's threshold) of the contacts, clients, customers, their emails or
// phone numbers, or the database itself. Never keeps or logs the text: the excerpt is rebuilt from
// the matched vocabulary (the verb and the object noun), never copied from around it.
//
// A request is a verb, optionally a recipient ("me", "-moi") and a container ("a CSV of"), then a
// quantifier ("all", "tous les", "l'ensemble des", "the whole") or a count, then an object noun
// ("contacts", "customer emails", "la base clients"). The text is folded once into words (lower
// case, no accents); the grammar runs only at words of the verb table with an object word close
// behind, so a scan is one pass plus a few word comparisons. The words before a verb rule out
// nouns ("the export of"), how-to questions and descriptions ("managers can export").
//
// Known limits (pinned in the tests): a request quoted as a label or used as a subject (the
// 'Export all contacts' button, "Export all contacts is a Pro feature") is reported; a pronoun
// object ("export them all") and a bare plural after a verb weaker than export, dump or extract
// ("list the contacts at Acme") are not.
//
// Files: mass_export_words (the text model, phrase tables, counts), mass_export_grammar (the
// shapes of a request), mass_export_context (the words around a verb), mass_export_vocabulary
// (the data); this one is the rule.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compliance/rules/builtin.hpp"
#include "compliance/rules/mass_export_grammar.hpp"
#include "compliance/rules/mass_export_words.hpp"
#include "core/text.hpp"

namespace novacrm::compliance {

namespace {

using namespace mass_export;  // NOLINT(google-build-using-namespace): the rule's own parts

// Lower-case ASCII of `text` with every run of white space as one space.
std::string normalised(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return core::to_lower_ascii(out);
}

constexpr const char* kSqlDump =
    R"(\bselect\s+(?:\*|[\w\s,.*"`]{1,200}?)\s+from\s+(?:[\w"`]+\.)?["`]?(?:contacts?|clients?|customers?|users?|leads?|people|persons?|subscribers?|members?|employees?|accounts?|prospects?)\b)";

class MassExportRule final : public Rule {
 public:
  MassExportRule(int64_t threshold, Severity severity)
      : threshold_(threshold), severity_(severity) {}

  [[nodiscard]] std::string_view key() const override { return kMassExportRuleKey; }

  void analyze(std::string_view text, const ScanContext& /*context*/,
               std::vector<Finding>& out) const override {
    const Tokens t(text);
    for (const Match& m : find_requests(text, t, threshold_)) {
      const size_t end = t[m.object.end - 1].end;
      out.push_back(Finding{std::string(kMassExportRuleKey), "mass_export", severity_,
                            byte_span(t[m.head.verb].begin, end), excerpt(text, t, m)});
    }
    find_sql_dumps(text, out);
  }

  // The SQL pattern, compiled on its first use (Regex::builtin).
  void compile_sql() {
    const BuiltinPattern p = mass_export_sql_pattern();
    sql_.emplace(Regex::builtin(p.pattern, p.name, p.caseless));
  }

 private:
  // "export … contacts", "give … 5000 customer emails": the verb and the object as written, both
  // words of the rule's vocabulary, so the excerpt never carries a name or an address.
  static std::string excerpt(std::string_view text, const Tokens& t, const Match& m) {
    const auto words = [&](size_t begin, size_t end) {
      return normalised(text.substr(t[begin].begin, t[end - 1].end - t[begin].begin));
    };
    std::string out = words(m.head.verb, m.head.verb_end) + " … ";
    if (m.count) out += std::to_string(*m.count) + " ";
    return out + words(m.object.begin, m.object.end);
  }

  // "SELECT * FROM contacts": a query over a table of people, unless it filters on a value
  // (WHERE id = 42, WHERE email = '...': one record or a few) or limits itself below the
  // threshold (LIMIT 10).
  void find_sql_dumps(std::string_view text, std::vector<Finding>& out) const {
    if (!sql_) return;
    sql_->for_each_match(text, [&](size_t begin, size_t end) {
      const size_t stop = text.find_first_of(";\n", end);
      const std::string rest = core::to_lower_ascii(
          text.substr(end, stop == std::string_view::npos ? text.size() - end : stop - end));
      const size_t where = rest.find("where");
      if (where != std::string::npos && rest.find('=', where) != std::string::npos) return;
      if (const size_t at = rest.find("limit "); at != std::string::npos) {
        const int64_t limit = std::atoll(rest.c_str() + at + 6);
        if (limit > 0 && limit < threshold_) return;
      }
      const std::string_view table = text.substr(begin, end - begin);
      out.push_back(
          Finding{std::string(kMassExportRuleKey), "mass_export", severity_, byte_span(begin, end),
                  "select … from " + core::to_lower_ascii(table.substr(table.rfind(' ') + 1))});
    });
  }

  int64_t threshold_;
  Severity severity_;
  std::optional<Regex> sql_;
};

}  // namespace

core::Result<std::unique_ptr<Rule>> make_mass_export_rule(const RuleConfig& config) {
  (void)lexicon();  // parse the vocabulary now, not during the first scan
  auto rule = std::make_unique<MassExportRule>(config.mass_export.threshold,
                                               config.severity.value_or(Severity::kHigh));
  rule->compile_sql();
  return std::unique_ptr<Rule>(std::move(rule));
}

BuiltinPattern mass_export_sql_pattern() {
  return {kSqlDump, /*caseless=*/true, "no_mass_export_requests.sql"};
}

}  // namespace novacrm::compliance
