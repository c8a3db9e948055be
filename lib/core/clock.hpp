// Wall-clock time as the tool writes it everywhere: UTC, RFC 3339, millisecond precision.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace novacrm::core {

// "2026-11-25T04:53:38.123Z"
std::string now_rfc3339();

// A time given by a user as a bound (`--since`, `?until=`): an RFC 3339 date-time with `Z` or an
// offset ("2026-12-07T10:00:00+01:00", seconds and fraction optional) or a plain date
// ("2026-12-07", midnight UTC). Returns it in the stored form (UTC, milliseconds, "Z"), which
// orders as text; nullopt when it is not such a time.
std::optional<std::string> parse_time_bound(std::string_view s);

}  // namespace novacrm::core
