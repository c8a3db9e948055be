#include "compliance/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>

namespace novacrm::compliance {

struct Regex::Code {
  pcre2_code* code = nullptr;
  ~Code() { pcre2_code_free(code); }
};

core::Result<Regex> Regex::compile(std::string_view pattern, const std::string& name,
                                   bool caseless) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  const uint32_t options = PCRE2_UTF | (caseless ? PCRE2_CASELESS : 0U);
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   options, &error, &offset, nullptr);
  if (code == nullptr) {
    std::array<PCRE2_UCHAR, 256> message{};
    pcre2_get_error_message(error, message.data(), message.size());
    return core::bad_input(name, "invalid regular expression at offset " + std::to_string(offset) +
                                     ": " + reinterpret_cast<const char*>(message.data()));
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter if JIT is absent
  auto holder = std::make_shared<Code>();
  holder->code = code;
  return Regex(std::move(holder));
}

void Regex::for_each_match(std::string_view text,
                           const std::function<void(size_t, size_t)>& on_match) const {
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(code_->code, nullptr);
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  size_t start = 0;
  while (start <= text.size()) {
    // The caller validated UTF-8 once for the whole text; PCRE2_NO_UTF_CHECK skips a re-check.
    const int rc =
        pcre2_match(code_->code, subject, text.size(), start, PCRE2_NO_UTF_CHECK, md, nullptr);
    if (rc < 0) break;
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    // A pattern with a capture group reports the group (the value after its keyword context).
    if (rc > 1 && ov[2] != PCRE2_UNSET) {
      on_match(ov[2], ov[3]);
    } else {
      on_match(ov[0], ov[1]);
    }
    start = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
  }
  pcre2_match_data_free(md);
}

bool Regex::search(std::string_view text) const {
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(code_->code, nullptr);
  const int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0,
                             0, md, nullptr);
  pcre2_match_data_free(md);
  return rc >= 0;
}

}  // namespace novacrm::compliance
