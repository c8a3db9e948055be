// Phone numbers to E.164. The parsing itself is libphonenumber's (ADR 0004), loaded lazily from
// libnovacrm_phone.so next to the executable, so only commands that write a phone load it.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace novacrm::crm {

// National numbers are read in this region: "06 12 34 56 78" -> "+33612345678".
inline constexpr const char* kDefaultPhoneRegion = "FR";

// "+33 6 12 34 56 78", "06.12.34.56.78", "+1 415 555 2671" -> E.164, or kBadInput naming `field`
// with the value masked. kInternal when the phone library cannot be loaded.
core::Result<std::string> normalize_phone(std::string_view raw, const std::string& field = "phone",
                                          const char* region = kDefaultPhoneRegion);

}  // namespace novacrm::crm
