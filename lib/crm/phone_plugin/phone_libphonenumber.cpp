// libnovacrm_phone.so: the only code that links libphonenumber. novacrm opens it with dlopen the
// first time a contact's phone must be parsed, so commands that never touch a phone (check,
// redact, list) do not pay libphonenumber's ~12 ms of loading and initialisation (DESIGN.md).
// C ABI on purpose: the boundary is a plain function, not C++ types.
#include <phonenumbers/phonenumberutil.h>

#include <cstring>
#include <string>

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

}  // namespace

extern "C" {

// Parses `raw` (national numbers read in `region`, an ISO 3166 code such as "FR"), validates it
// and writes its E.164 form into `out`. Returns 0 on success, 1 when the number cannot be parsed,
// 2 when it parses but is not a valid number, 3 when `out` is too small.
__attribute__((visibility("default"))) int novacrm_phone_to_e164(const char* raw,
                                                                 const char* region, char* out,
                                                                 size_t out_size) {
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util->Parse(raw, region, &number) != PhoneNumberUtil::NO_PARSING_ERROR) return 1;
  if (!util->IsValidNumber(number)) return 2;
  std::string formatted;
  util->Format(number, PhoneNumberUtil::E164, &formatted);
  if (formatted.size() + 1 > out_size) return 3;
  std::memcpy(out, formatted.c_str(), formatted.size() + 1);
  return 0;
}

}  // extern "C"
