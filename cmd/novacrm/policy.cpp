// novacrm policy: validate a policy file, show the effective policy (and its patterns), and
// explain how a decision is reached for a text.
#include <iostream>
#include <iterator>

#include "app/engine.hpp"
#include "app/policy_store.hpp"
#include "cli.hpp"
#include "output.hpp"

namespace novacrm::cli {

namespace {

using compliance::to_string;
using nlohmann::json;

constexpr std::array<compliance::Severity, 5> kSeverities = {
    compliance::Severity::kInfo, compliance::Severity::kLow, compliance::Severity::kMedium,
    compliance::Severity::kHigh, compliance::Severity::kCritical};

json rule_json(const compliance::RuleConfig& r) {
  json j = {{"key", r.key},
            {"enabled", r.enabled},
            {"severity", r.severity ? json(std::string(to_string(*r.severity))) : json(nullptr)},
            {"allow", {{"values", r.allow_values.size()}, {"patterns", r.allow_patterns}}}};
  if (r.key == "no_mass_export_requests") j["params"] = {{"threshold", r.mass_export.threshold}};
  if (r.key == "scope_check") {
    json restrictions = json::array();
    for (const auto& s : r.scope.restrictions) {
      restrictions.push_back({{"org", s.org},
                              {"role", s.role},
                              {"topics", s.topics},
                              {"clients", s.clients},
                              {"domains", s.domains}});
    }
    j["params"] = {{"restrictions", restrictions}};
  }
  return j;
}

json policy_json(const compliance::Policy& p) {
  json actions = json::object();
  for (auto s : kSeverities) {
    actions[std::string(to_string(s))] = to_string(p.actions[static_cast<size_t>(s)]);
  }
  json rules = json::array();
  for (const auto& r : p.rules) rules.push_back(rule_json(r));
  return {{"id", p.id},
          {"sha256", p.sha256},
          {"source", p.source},
          {"description", p.description},
          {"actions", actions},
          {"inline_marker", p.inline_marker},
          {"checkpoint_interval", p.checkpoint_interval},
          {"rules", rules}};
}

core::Status validate(const std::string& file, const GlobalOptions& global) {
  auto policy = compliance::load_policy_file(file);
  if (!policy) return policy.error();
  // Building the engine runs every rule's own checks of its parameters.
  auto engine = app::make_engine(*policy, nullptr, "default");
  (void)global;
  if (!engine) return core::bad_input(file, engine.error().describe());
  std::cout << file << ": valid policy " << policy->id << " (sha256 " << policy->sha256 << ")\n";
  return {};
}

core::Status show(const std::optional<std::string>& file, bool patterns, const std::string& format,
                  const GlobalOptions& global) {
  if (patterns) {
    auto setup = scan_setup(global, file, "default");
    if (!setup) return setup.error();
    // One PCRE2 pattern per line, as `rg -P -f` and `grep -P -f` read them.
    for (const auto& [rule, pattern] : setup->engine->patterns()) {
      if (format == "json") {
        std::cout << json({{"rule", rule}, {"pattern", pattern}}).dump() << '\n';
      } else {
        std::cout << pattern << '\n';
      }
    }
    return {};
  }
  auto ws = open_workspace_if_present(global);
  if (!ws) return ws.error();
  auto policy = app::select_policy(file, ws->get());
  if (!policy) return policy.error();
  if (format == "json") {
    print_json(policy_json(*policy));
    return {};
  }
  const compliance::Policy& p = *policy;
  print_fields({{"id", p.id},
                {"source", p.source},
                {"sha256", p.sha256},
                {"inline marker", p.inline_marker ? "honoured" : "ignored"},
                {"checkpoint", "every " + std::to_string(p.checkpoint_interval) + " records"}});
  std::cout << "\nactions:";
  for (auto s : kSeverities) {
    std::cout << ' ' << to_string(s) << "->" << to_string(p.actions[static_cast<size_t>(s)]);
  }
  std::cout << "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : p.rules) {
    std::string params;
    if (r.key == "no_mass_export_requests") {
      params = "threshold " + std::to_string(r.mass_export.threshold);
    }
    if (r.key == "scope_check") {
      params = std::to_string(r.scope.restrictions.size()) + " restriction(s)";
    }
    rows.push_back({r.key, r.enabled ? "on" : "off",
                    r.severity ? std::string(to_string(*r.severity)) : "rule default",
                    std::to_string(r.allow_values.size() + r.allow_patterns.size()), params});
  }
  print_table({"RULE", "ENABLED", "SEVERITY", "ALLOWLIST", "PARAMETERS"}, rows);
  return {};
}

core::Status explain(const std::string& input, const ScanArgs& scan, const GlobalOptions& global) {
  std::string text = input;
  if (input == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  auto setup = scan_setup(global, scan.policy, scan.context.org);
  if (!setup) return setup.error();
  const compliance::Policy* policy = &setup->policy;
  const compliance::Engine* engine = &*setup->engine;
  std::vector<compliance::Suppression> suppressed;
  auto d = engine->analyze(text, scan.context, nullptr, &suppressed);
  if (!d) return core::bad_input(input == "-" ? "stdin" : "TEXT", d.error().message);
  std::cout << "policy " << policy->id << " (" << policy->source << ", sha256 "
            << policy->sha256.substr(0, 12) << "), org " << scan.context.org << ", role "
            << scan.context.role << "\n\n";
  const auto& actions = engine->actions();
  for (const auto& rule : policy->rules) {
    if (!rule.enabled) {
      std::cout << rule.key << ": disabled by the policy\n";
      continue;
    }
    size_t count = 0;
    for (const auto& f : d->findings) count += f.rule == rule.key ? 1 : 0;
    for (const auto& s : suppressed) count += s.finding.rule == rule.key ? 1 : 0;
    std::cout << rule.key << ": " << (count == 0 ? "nothing found" : "") << '\n';
    for (size_t i = 0; i < d->findings.size(); ++i) {
      const auto& f = d->findings[i];
      if (f.rule != rule.key) continue;
      std::cout << "  " << f.span.line << ':' << f.span.column << ' ' << f.entity << ' '
                << f.excerpt << "  severity " << to_string(f.severity) << " -> "
                << to_string(actions[static_cast<size_t>(f.severity)])
                << (d->driver == i ? "  (drives the decision)" : "") << '\n';
    }
    for (const auto& s : suppressed) {
      if (s.finding.rule != rule.key) continue;
      std::cout << "  " << s.finding.span.line << ':' << s.finding.span.column << ' '
                << s.finding.entity << ' ' << s.finding.excerpt << "  silenced: " << s.reason
                << '\n';
    }
  }
  std::cout << "\ndecision: " << to_string(d->action);
  if (d->findings.empty()) {
    std::cout << " (no finding; risk 0)\n";
    return {};
  }
  const auto& top = d->findings[*d->driver];
  int weight = 0;
  for (const auto& f : d->findings) weight = std::max(weight, compliance::risk_weight(f.severity));
  std::cout << ", the strongest action mapped from a finding's severity (" << top.rule << '/'
            << top.entity << ", " << to_string(top.severity) << ")\n"
            << "risk " << d->risk << " = " << weight << " (top severity) + "
            << compliance::kRiskPerExtraFinding << " x " << d->findings.size() - 1
            << " other finding(s), at most 100\n";
  return {};
}

json version_json(const app::PolicyVersion& v) {
  return {{"version", v.version},
          {"id", v.policy_id},
          {"sha256", v.sha256},
          {"applied_at", v.applied_at},
          {"applied_by", v.applied_by}};
}

core::Status apply(const std::string& file, const std::string& format,
                   const GlobalOptions& global) {
  auto ws = open_workspace(global);
  if (!ws) return ws.error();
  auto r = app::apply_policy(**ws, file, (*ws)->actor());
  if (!r) return r.error();
  if (format == "json") {
    json j = version_json(r->applied);
    j["unchanged"] = r->unchanged;
    j["previous"] = r->previous ? version_json(*r->previous) : json(nullptr);
    print_json(j);
    return {};
  }
  const app::PolicyVersion& v = r->applied;
  if (r->unchanged) {
    std::cout << file << ": already the active policy (version " << v.version << ", sha256 "
              << v.sha256 << "); nothing changed\n";
    return {};
  }
  std::cout << "applied policy " << v.policy_id << " (sha256 " << v.sha256 << ") as version "
            << v.version;
  if (r->previous) {
    std::cout << "; it replaces version " << r->previous->version << " (" << r->previous->policy_id
              << ", sha256 " << r->previous->sha256.substr(0, 12) << ")";
  }
  std::cout << '\n';
  return {};
}

core::Status history(const std::string& format, const GlobalOptions& global) {
  auto ws = open_workspace(global);
  if (!ws) return ws.error();
  auto versions = app::policy_history(**ws);
  if (!versions) return versions.error();
  if (format == "json") {
    json items = json::array();
    for (const auto& v : *versions) items.push_back(version_json(v));
    const auto n = static_cast<int64_t>(versions->size());
    print_json({{"items", items}, {"total", n}, {"limit", n}, {"offset", 0}});
    return {};
  }
  if (versions->empty()) {
    std::cout << "no policy applied: checks use the built-in policy\n";
    return {};
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : *versions) {
    rows.push_back({std::to_string(v.version), v.policy_id, v.sha256.substr(0, 12), v.applied_at,
                    v.applied_by});
  }
  rows.back()[0] += " (active)";
  print_table({"VERSION", "ID", "SHA256", "APPLIED", "BY"}, rows);
  return {};
}

}  // namespace

void add_policy_commands(Cli& cli) {
  CLI::App* policy = cli.app.add_subcommand(
      "policy",
      "Validate, show, explain and apply compliance policies (YAML, schemas/policy.schema.json)");
  Action& action = cli.action;
  const GlobalOptions& global = cli.global;

  auto file = std::make_shared<std::string>();
  CLI::App* v = policy->add_subcommand(
      "validate", "Check a policy file against the schema and the rules' own checks");
  v->add_option("file", *file, "Policy file (YAML)")->required();
  v->callback(
      [&action, &global, file] { action = [file, &global] { return validate(*file, global); }; });

  struct ShowArgs {
    std::optional<std::string> policy;
    bool patterns = false;
    std::string format;
  };
  auto s = std::make_shared<ShowArgs>();
  CLI::App* sh = policy->add_subcommand(
      "show", "Show the effective policy: actions, rules, parameters and exceptions");
  sh->add_option("--policy", s->policy,
                 "Policy file (default: the workspace's active policy, else the built-in one)")
      ->type_name("FILE");
  sh->add_flag("--patterns", s->patterns,
               "Print the rules' regular expressions, one per line (PCRE2 syntax)");
  add_format_option(sh, s->format, {"text", "json"});
  sh->callback([&action, &global, s] {
    action = [s, &global] { return show(s->policy, s->patterns, s->format, global); };
  });

  struct ApplyArgs {
    std::string file;
    std::string format;
  };
  auto ap = std::make_shared<ApplyArgs>();
  CLI::App* apc = policy->add_subcommand(
      "apply",
      "Validate a policy file and make it the workspace's active policy (audited; every "
      "version is kept with its hash, see `policy history`)");
  apc->add_option("file", ap->file, "Policy file (YAML)")->required();
  add_format_option(apc, ap->format, {"text", "json"});
  apc->callback([&action, &global, ap] {
    action = [ap, &global] { return apply(ap->file, ap->format, global); };
  });

  auto hf = std::make_shared<std::string>();
  CLI::App* hi = policy->add_subcommand(
      "history", "List every policy applied to the workspace, oldest first; the last is active");
  add_format_option(hi, *hf, {"text", "json"});
  hi->callback([&action, &global, hf] { action = [hf, &global] { return history(*hf, global); }; });

  struct ExplainArgs {
    ScanArgs scan;
    std::string text;
  };
  auto e = std::make_shared<ExplainArgs>();
  CLI::App* ex = policy->add_subcommand(
      "explain", "Show every rule's findings on a text and how the action was reached");
  ex->add_option("text", e->text, "The text, or '-' to read standard input")->required();
  add_scan_context_options(ex, e->scan);
  ex->callback([&action, &global, e] {
    action = [e, &global] { return explain(e->text, e->scan, global); };
  });
}

}  // namespace novacrm::cli
