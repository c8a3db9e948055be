#include "compliance/policy.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "compliance/policy_codec.hpp"
#include "compliance/regex.hpp"
#include "compliance/rule.hpp"
#include "compliance/snapshot.hpp"
#include "core/files.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"

namespace novacrm::embedded {
std::string_view default_policy();
std::string_view policy_schema();
}  // namespace novacrm::embedded

namespace novacrm::compliance {

namespace {

using nlohmann::json;

constexpr size_t kMaxPolicyBytes = 1U << 20;
constexpr size_t kMaxNodes = 100000;  // aliases can expand a small file into a huge tree

// Where each node of the document is: "/rules/scope_check" -> line and column (1-based) of its
// key (map entries) or of the item (sequence entries).
struct Located {  // NOLINT(bugprone-exception-escape): json and map, built as they are
  json doc;
  std::map<std::string, std::pair<size_t, size_t>> marks;
};

class PolicyError {
 public:
  PolicyError(const std::string& source, const Located& located)
      : source_(source), located_(located) {}

  // "FILE:LINE:COL" for `path` (its nearest located ancestor), message "field: what".
  [[nodiscard]] core::Error at(const std::string& path, const std::string& what) const {
    std::string p = path;
    auto it = located_.marks.find(p);
    while (it == located_.marks.end() && !p.empty()) {
      p = p.substr(0, p.rfind('/'));
      it = located_.marks.find(p);
    }
    std::string where = source_;
    if (it != located_.marks.end()) {
      where += ":" + std::to_string(it->second.first) + ":" + std::to_string(it->second.second);
    }
    std::string field = path.empty() ? "policy" : path.substr(1);
    for (char& c : field) c = c == '/' ? '.' : c;
    return core::bad_input(where, field + ": " + what);
  }

 private:
  const std::string& source_;
  const Located& located_;
};

bool is_plain(const YAML::Node& n) { return n.Tag() == "?"; }

json scalar_to_json(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (!is_plain(n)) return s;
  if (s == "~" || s == "null" || s == "Null" || s == "NULL" || s.empty()) return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  const size_t digits_from = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  const bool integer =
      s.size() > digits_from && s.find_first_not_of("0123456789", digits_from) == std::string::npos;
  if (integer) {
    errno = 0;
    const long long v = std::strtoll(s.c_str(), nullptr, 10);
    return errno == ERANGE ? json(s) : json(v);  // out of range: the schema says "not an integer"
  }
  if (s.find_first_not_of("0123456789+-.eE") == std::string::npos &&
      s.find_first_of("0123456789") != std::string::npos) {
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() + s.size()) return v;
  }
  return s;
}

std::pair<size_t, size_t> position(const YAML::Mark& m) {
  return {static_cast<size_t>(m.line) + 1, static_cast<size_t>(m.column) + 1};
}

core::Status convert(const YAML::Node& node, const std::string& path, Located& out, json& into,
                     size_t& count, const std::string& source) {
  if (++count > kMaxNodes) {
    return core::bad_input(source, "too many nodes (more than " + std::to_string(kMaxNodes) +
                                       " after expanding aliases)");
  }
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      into = json::object();
      for (const auto& entry : node) {
        const YAML::Node& key = entry.first;
        const auto [line, column] = position(key.Mark());
        const std::string where =
            source + ":" + std::to_string(line) + ":" + std::to_string(column);
        if (!key.IsScalar()) return core::bad_input(where, "a mapping key must be a plain value");
        const std::string& name = key.Scalar();
        if (into.contains(name)) return core::bad_input(where, "duplicate key \"" + name + "\"");
        std::string child = path;
        child += '/';
        child += name;
        out.marks[child] = {line, column};
        if (core::Status s = convert(entry.second, child, out, into[name], count, source); !s)
          return s;
      }
      return {};
    }
    case YAML::NodeType::Sequence: {
      into = json::array();
      size_t i = 0;
      for (const auto& item : node) {
        const std::string child = path + "/" + std::to_string(i++);
        out.marks[child] = position(item.Mark());
        into.push_back(nullptr);
        if (core::Status s = convert(item, child, out, into.back(), count, source); !s) return s;
      }
      return {};
    }
    case YAML::NodeType::Scalar:
      into = scalar_to_json(node);
      return {};
    default:
      into = nullptr;
      return {};
  }
}

core::Result<Located> parse_yaml(std::string_view text, const std::string& source) {
  if (text.size() > kMaxPolicyBytes) {
    return core::bad_input(source, "larger than " + std::to_string(kMaxPolicyBytes) + " bytes");
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return core::bad_input(
        source + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1),
        "malformed YAML: " + e.msg);
  }
  Located out;
  out.marks[""] = {1, 1};
  size_t count = 0;
  if (core::Status s = convert(root, "", out, out.doc, count, source); !s) return s.error();
  return out;
}

const json& schema_doc() {
  static const json kDoc = json::parse(embedded::policy_schema());
  return kDoc;
}

const valijson::Schema& schema() {
  static const std::unique_ptr<valijson::Schema> kSchema = [] {
    auto s = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema_doc());
    parser.populateSchema(adapter, *s);
    return s;
  }();
  return *kSchema;
}

// The schema node describing the document node at `path` ("/rules/x/enabled"), or null.
const json* schema_at(const std::string& path) {
  const json& root = schema_doc();
  const auto resolve = [&root](const json* node) {
    while (node != nullptr && node->contains("$ref")) {
      const std::string ref = (*node)["$ref"].get<std::string>();  // "#/definitions/name"
      node = &root.at(json::json_pointer(ref.substr(1)));
    }
    return node;
  };
  const json* node = resolve(&root);
  for (const std::string& part : core::split(path.empty() ? "" : path.substr(1), '/')) {
    if (path.empty()) break;
    if (node->contains("properties") && (*node)["properties"].contains(part)) {
      node = resolve(&(*node)["properties"][part]);
    } else if (node->contains("items")) {
      node = resolve(&(*node)["items"]);
    } else {
      return nullptr;
    }
  }
  return node;
}

// valijson's messages name constraints; people want the expected value.
std::string expected_by_schema(const std::string& path, const std::string& description) {
  const json* node = schema_at(path);
  if (node == nullptr) return description;
  if (node->contains("enum")) {
    std::string names;
    for (const auto& v : (*node)["enum"]) names += (names.empty() ? "" : ", ") + v.dump();
    return "expected one of " + names;
  }
  if (node->contains("const")) return "must be " + (*node)["const"].dump();
  if (description.find("'type' constraint") != std::string::npos && node->contains("type")) {
    return "expected " + (*node)["type"].get<std::string>();
  }
  return description;
}

// The most specific schema error: valijson reports a failing node and then each ancestor.
core::Status validate_schema(const Located& located, const PolicyError& err) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(located.doc);
  if (validator.validate(schema(), target, &results)) return {};
  valijson::ValidationResults::Error best;
  bool have = false;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    if (!have || e.context.size() > best.context.size()) {
      best = e;
      have = true;
    }
  }
  std::string path;
  for (size_t i = 1; i < best.context.size(); ++i) {
    const std::string& c = best.context[i];
    path += "/" + (c.size() >= 2 && c.front() == '[' ? c.substr(1, c.size() - 2) : c);
  }
  std::string what = best.description;
  // An unknown field: point at its key and name it plainly.
  const std::string marker = "could not be validated using 'properties' or 'additionalProperties'";
  if (what.find(marker) != std::string::npos) {
    const size_t close = what.rfind('\'');
    const size_t open = close == std::string::npos ? close : what.rfind('\'', close - 1);
    if (open != std::string::npos) {
      const std::string name = what.substr(open + 1, close - open - 1);
      return err.at(path + "/" + name, "unknown field");
    }
  }
  if (!what.empty() && what.back() == '.') what.pop_back();
  return err.at(path, expected_by_schema(path, what));
}

std::vector<std::string> strings(const json& j) {
  std::vector<std::string> out;
  for (const auto& s : j) out.push_back(s.get<std::string>());
  return out;
}

// Fills a RuleConfig from its (schema-valid) YAML; checks each allow pattern compiles.
core::Status read_rule(const json& j, const std::string& path, RuleConfig& r,
                       const PolicyError& err) {
  if (j.contains("enabled")) r.enabled = j["enabled"].get<bool>();
  if (j.contains("severity")) r.severity = parse_severity(j["severity"].get<std::string>());
  if (j.contains("allow")) {
    const json& allow = j["allow"];
    if (allow.contains("values")) r.allow_values = strings(allow["values"]);
    if (allow.contains("patterns")) {
      r.allow_patterns = strings(allow["patterns"]);
      for (size_t i = 0; i < r.allow_patterns.size(); ++i) {
        auto re = Regex::compile(r.allow_patterns[i], "pattern");
        if (!re) {
          return err.at(path + "/allow/patterns/" + std::to_string(i), re.error().message);
        }
      }
    }
  }
  if (!j.contains("params")) return {};
  const json& p = j["params"];
  if (p.contains("threshold")) r.mass_export.threshold = p["threshold"].get<int64_t>();
  if (p.contains("restrictions")) {
    for (const json& item : p["restrictions"]) {
      ScopeRestriction s;
      s.org = item.value("org", "*");
      s.role = item.value("role", "*");
      if (item.contains("topics")) s.topics = strings(item["topics"]);
      if (item.contains("clients")) s.clients = strings(item["clients"]);
      if (item.contains("domains")) s.domains = strings(item["domains"]);
      r.scope.restrictions.push_back(std::move(s));
    }
  }
  return {};
}

}  // namespace

ActionMap default_actions() {
  return {Action::kAllow, Action::kWarn, Action::kWarn, Action::kBlock, Action::kEscalate};
}

core::Result<Policy> parse_policy(std::string_view yaml, const std::string& source,
                                  SchemaCheck check) {
  if (!core::is_valid_utf8(yaml)) return core::bad_input(source, "is not valid UTF-8");
  auto located = parse_yaml(yaml, source);
  if (!located) return located.error();
  const PolicyError err(source, *located);
  const json& doc = located->doc;
  if (!doc.is_object()) return err.at("", "must be a mapping with version, id, audit and rules");
  if (check == SchemaCheck::kValidate) {
    if (core::Status s = validate_schema(*located, err); !s) return s.error();
  }

  Policy policy;
  policy.id = doc["id"].get<std::string>();
  policy.description = doc.value("description", "");
  policy.source = source;
  policy.sha256 = core::sha256_hex(yaml);
  if (doc.contains("actions")) {
    for (const auto& [severity, action] : doc["actions"].items()) {
      policy.actions[static_cast<size_t>(*parse_severity(severity))] =
          *parse_action(action.get<std::string>());
    }
  }
  if (doc.contains("exceptions")) {
    policy.inline_marker = doc["exceptions"].value("inline_marker", true);
  }
  policy.checkpoint_interval = doc["audit"]["checkpoint_interval"].get<int64_t>();
  const json& rules = doc["rules"];
  for (const std::string& key : builtin_rules().keys()) {
    RuleConfig r;
    r.key = key;
    if (rules.contains(key)) {
      if (core::Status s = read_rule(rules[key], "/rules/" + key, r, err); !s) return s.error();
    }
    policy.rules.push_back(std::move(r));
  }
  return policy;
}

core::Result<Policy> load_policy_file(const std::string& path) {
  auto text = core::read_file(path);
  if (!text) return core::bad_input(path, text.error().message);
  return parse_policy(*text, path);
}

core::Result<Policy> builtin_policy() {
  if (auto decoded = decode_policy(snapshot::default_policy())) return std::move(*decoded);
  return parse_policy(embedded::default_policy(), "built-in", SchemaCheck::kTrusted);
}

std::string_view builtin_policy_text() { return embedded::default_policy(); }

std::string_view policy_schema_text() { return embedded::policy_schema(); }

}  // namespace novacrm::compliance
