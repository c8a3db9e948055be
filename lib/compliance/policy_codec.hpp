// A Policy as bytes: how the build-time snapshot (snapshot.hpp) carries the default policy, so a
// run builds it without parsing YAML or JSON (docs/adr/0014). Every field, contacts included.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compliance/policy.hpp"

namespace novacrm::compliance {

std::string encode_policy(const Policy& policy);
// nullopt when `bytes` are not an encoded policy (wrong version, truncated, trailing bytes).
std::optional<Policy> decode_policy(std::string_view bytes);

}  // namespace novacrm::compliance
