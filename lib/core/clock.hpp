// Wall-clock time as the tool writes it everywhere: UTC, RFC 3339, millisecond precision.
#pragma once

#include <string>

namespace novacrm::core {

// "2026-11-25T04:53:38.123Z"
std::string now_rfc3339();

}  // namespace novacrm::core
