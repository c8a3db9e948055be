#include "compliance/finding_json.hpp"

namespace novacrm::compliance {

nlohmann::json to_json(const Finding& f) {
  return {{"rule", f.rule},
          {"entity", f.entity},
          {"severity", to_string(f.severity)},
          {"line", f.span.line},
          {"column", f.span.column},
          {"offset", f.span.begin},
          {"length", f.span.end - f.span.begin},
          {"excerpt", f.excerpt}};
}

}  // namespace novacrm::compliance
