#include "compliance/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

#include "compliance/snapshot.hpp"

namespace novacrm::compliance {

namespace {

std::atomic<size_t> g_builtin_compiles{0};

core::Result<pcre2_code*> compile_pattern(std::string_view pattern, const std::string& name,
                                          uint32_t options) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   options, &error, &offset, nullptr);
  if (code == nullptr) {
    std::array<PCRE2_UCHAR, 256> message{};
    pcre2_get_error_message(error, message.data(), message.size());
    return core::bad_input(name, "invalid regular expression at offset " + std::to_string(offset) +
                                     ": " + reinterpret_cast<const char*>(message.data()));
  }
  return code;
}

}  // namespace

struct Regex::Code {
  // A built-in pattern (Regex::builtin) is compiled on first use, under compile_once: a `check`
  // of one prompt runs a few of the ~70 built-in patterns, and compiling all of them was a
  // tenth of its run time.
  bool deferred = false;  // set before the Regex is shared, never changed
  std::string pattern;
  std::string name;
  uint32_t options = 0;
  std::once_flag compile_once;
  pcre2_code* code = nullptr;    // interpreted; never JIT-compiled, so never written once shared
  pcre2_code* jitted = nullptr;  // a JIT-compiled copy, made under jit_once
  std::once_flag jit_once;
  std::atomic<size_t> scanned{0};
  ~Code() {
    pcre2_code_free(jitted);
    pcre2_code_free(code);
  }

  // The compiled pattern; compiles a built-in one now if it was not yet.
  const pcre2_code* interpreted() {
    if (deferred) {  // call_once publishes `code` to every thread that passes it
      std::call_once(compile_once, [this] {
        code = decode_from_snapshot(pattern, options);
        if (code != nullptr) return;
        g_builtin_compiles.fetch_add(1, std::memory_order_relaxed);
        auto compiled = compile_pattern(pattern, name, options);
        if (!compiled) {  // built-in patterns are constants, all compiled by the unit tests
          std::fprintf(stderr, "novacrm: internal error: %s\n",
                       compiled.error().describe().c_str());
          std::abort();
        }
        code = *compiled;
      });
    }
    return code;
  }

  // PCRE2's interpreter until the pattern has been asked to search kJitAfterBytes of text, then
  // a JIT-compiled copy. JIT-compiling a pattern (~0.1 ms) costs more than interpreting it over
  // a short prompt, and far less than it saves on more: a 2 KB `check` would otherwise spend a
  // third of its time in the JIT compiler. The results are the same either way.
  const pcre2_code* matcher(size_t text_size) {
    const pcre2_code* base = interpreted();
    if (scanned.fetch_add(text_size, std::memory_order_relaxed) + text_size < kJitAfterBytes) {
      return base;
    }
    std::call_once(jit_once, [this, base] {
      pcre2_code* copy = pcre2_code_copy(base);
      // Without JIT support the copy interprets, with the same results.
      if (copy != nullptr) pcre2_jit_compile(copy, PCRE2_JIT_COMPLETE);
      jitted = copy;
    });
    return jitted != nullptr ? jitted : base;
  }
  static constexpr size_t kJitAfterBytes = size_t{16} * 1024;

  // The snapshot's serialized code for the pattern, decoded (about a microsecond where compiling
  // takes tens); nullptr when the snapshot lacks it or PCRE2 refuses it (another PCRE2 build).
  static pcre2_code* decode_from_snapshot(std::string_view pattern, uint32_t options);
};

pcre2_code* Regex::Code::decode_from_snapshot(std::string_view pattern, uint32_t options) {
  const auto entry = snapshot::find(pattern, options);
  if (!entry) return nullptr;
  // PCRE2 reads the stream's header as a struct: give it aligned bytes, the shared prefix then
  // the pattern's own (the decoded pattern is a copy, so these may go).
  const size_t size = entry->code_prefix.size() + entry->code_rest.size();
  std::vector<uint64_t> aligned((size + sizeof(uint64_t) - 1) / sizeof(uint64_t));
  auto* bytes = reinterpret_cast<char*>(aligned.data());
  std::memcpy(bytes, entry->code_prefix.data(), entry->code_prefix.size());
  std::memcpy(bytes + entry->code_prefix.size(), entry->code_rest.data(), entry->code_rest.size());
  pcre2_code* code = nullptr;
  const int32_t decoded =
      pcre2_serialize_decode(&code, 1, reinterpret_cast<const uint8_t*>(aligned.data()), nullptr);
  return decoded == 1 ? code : nullptr;
}

namespace {

// Match data and, for limited searches, a match context: made once per pass over a text.
class MatchState {
 public:
  explicit MatchState(const pcre2_code* code)
      : md_(pcre2_match_data_create_from_pattern(code, nullptr)),
        mc_(pcre2_match_context_create(nullptr)) {}
  ~MatchState() {
    pcre2_match_context_free(mc_);
    pcre2_match_data_free(md_);
  }
  MatchState(const MatchState&) = delete;
  MatchState& operator=(const MatchState&) = delete;

  // The first match starting at or after `start` and at or before `limit` (PCRE2_UNSET: no
  // limit); false when there is none. Then match() holds its offsets.
  bool find(const pcre2_code* code, std::string_view text, size_t start, size_t limit) {
    pcre2_set_offset_limit(mc_, limit);
    // The caller validated UTF-8 once for the whole text; PCRE2_NO_UTF_CHECK skips a re-check.
    const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), start,
                               PCRE2_NO_UTF_CHECK, md_, mc_);
    groups_ = rc;
    return rc >= 0;
  }
  [[nodiscard]] const PCRE2_SIZE* ovector() const { return pcre2_get_ovector_pointer(md_); }
  // A pattern with a capture group reports the group (the value after its keyword context).
  void report(const std::function<void(size_t, size_t)>& on_match) const {
    const PCRE2_SIZE* ov = ovector();
    if (groups_ > 1 && ov[2] != PCRE2_UNSET) {
      on_match(ov[2], ov[3]);
    } else {
      on_match(ov[0], ov[1]);
    }
  }
  // Where the next search starts: after the match, one further for an empty match.
  [[nodiscard]] size_t next_start() const {
    const PCRE2_SIZE* ov = ovector();
    return ov[1] > ov[0] ? ov[1] : ov[1] + 1;
  }

 private:
  pcre2_match_data* md_;
  pcre2_match_context* mc_;
  int groups_ = 0;
};

}  // namespace

namespace {

// PCRE2_USE_OFFSET_LIMIT: for_each_match_starting_in bounds each search; without a limit set,
// matching is unchanged.
uint32_t compile_options(bool caseless) {
  return PCRE2_UTF | PCRE2_USE_OFFSET_LIMIT | (caseless ? PCRE2_CASELESS : 0U);
}

}  // namespace

uint32_t builtin_compile_options(bool caseless) { return compile_options(caseless); }

core::Result<std::string> serialize_compiled(std::string_view pattern, uint32_t options,
                                             const std::string& name) {
  auto code = compile_pattern(pattern, name, options);
  if (!code) return code.error();
  const pcre2_code* list[] = {*code};
  uint8_t* bytes = nullptr;
  PCRE2_SIZE size = 0;
  const int32_t rc = pcre2_serialize_encode(list, 1, &bytes, &size, nullptr);
  pcre2_code_free(*code);
  if (rc != 1) return core::internal_error(name + ": pcre2_serialize_encode failed");
  std::string out(reinterpret_cast<const char*>(bytes), size);
  pcre2_serialize_free(bytes);
  return out;
}

size_t Regex::builtin_compiles() { return g_builtin_compiles.load(std::memory_order_relaxed); }

core::Result<Regex> Regex::compile(std::string_view pattern, const std::string& name,
                                   bool caseless) {
  auto code = compile_pattern(pattern, name, compile_options(caseless));
  if (!code) return code.error();
  auto holder = std::make_shared<Code>();
  holder->code = *code;
  return Regex(std::move(holder));
}

Regex Regex::builtin(std::string_view pattern, std::string name, bool caseless) {
  auto holder = std::make_shared<Code>();
  holder->deferred = true;
  holder->pattern = pattern;
  holder->name = std::move(name);
  holder->options = compile_options(caseless);
  return Regex(std::move(holder));
}

core::Status Regex::check() const {
  if (!code_->deferred) return {};
  auto code = compile_pattern(code_->pattern, code_->name, code_->options);
  if (!code) return code.error();
  pcre2_code_free(*code);
  return {};
}

void Regex::for_each_match(std::string_view text,
                           const std::function<void(size_t, size_t)>& on_match) const {
  const pcre2_code* code = code_->matcher(text.size());
  MatchState state(code);
  size_t start = 0;
  while (start <= text.size() && state.find(code, text, start, PCRE2_UNSET)) {
    state.report(on_match);
    start = state.next_start();
  }
}

// for_each_match searches from `start` for the leftmost match. When no match starts before the
// next range, searching from the range's first offset, limited to its last, finds that same
// match or proves there is none in the range; so the sequence of matches is the same.
void Regex::for_each_match_starting_in(std::string_view text, std::span<const StartRange> starts,
                                       const std::function<void(size_t, size_t)>& on_match) const {
  if (starts.empty()) return;
  size_t span = 0;
  for (const StartRange& r : starts) span += r.last - r.first + 1;
  const pcre2_code* code = code_->matcher(span);
  MatchState state(code);
  size_t start = 0;
  for (const StartRange& range : starts) {
    if (range.last < start) continue;
    start = std::max(start, range.first);
    while (start <= range.last && start <= text.size() &&
           state.find(code, text, start, range.last)) {
      state.report(on_match);
      start = state.next_start();
    }
    start = std::max(start, range.last + 1);
  }
}

namespace {

bool class_escape_may_match_line_break(char c) {
  // \n, \s, \v themselves; \D, \W and \H include it; numeric, control and property escapes
  // could name it.
  return std::string_view("nsvDWHpPxoc01234567").find(c) != std::string_view::npos;
}

}  // namespace

bool may_match_line_break(std::string_view p) {
  const bool dotall = p.find("(?s") != std::string_view::npos ||
                      p.find("(*") != std::string_view::npos;  // verbs: be conservative
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\n') return true;
    if (c == '.') {
      if (dotall) return true;
      continue;
    }
    if (c == '(' && i + 2 < p.size() && p[i + 1] == '?') {
      // Any inline option group other than (?i) and (?i: could set s, x or others.
      size_t j = i + 2;
      while (j < p.size() && (std::isalpha(static_cast<unsigned char>(p[j])) != 0 || p[j] == '-'))
        ++j;
      const std::string_view flags = p.substr(i + 2, j - i - 2);
      if (flags.find_first_not_of('i') != std::string_view::npos) return true;
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= p.size()) return true;
      const char e = p[++i];
      if (std::string_view("bBdwhStrfeaAzZGK^$.*+?()[]{}|\\/-_:=!<>,@#%&'\"~ ").find(e) !=
          std::string_view::npos) {
        continue;
      }
      return true;  // \s \n \v \D \W \H \R \X \C \p \P \x \o \c \Q, digits, or unknown
    }
    if (c == '[') {
      size_t j = i + 1;
      const bool negated = j < p.size() && p[j] == '^';
      if (negated) ++j;
      bool excludes_line_feed = false;
      bool may_match = false;
      bool first = true;
      for (; j < p.size() && (p[j] != ']' || first); ++j) {
        first = false;
        if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') return true;  // POSIX class
        if (p[j] == '\n') excludes_line_feed = may_match = true;
        if (p[j] == '\\' && j + 1 < p.size()) {
          const char e = p[++j];
          if (e == 'n' || e == 's' || e == 'v') excludes_line_feed = true;
          if (class_escape_may_match_line_break(e)) may_match = true;
          if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') may_match = true;  // \t-\r
          continue;
        }
        // A range whose low end is at or below U+000A could include it.
        if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']' &&
            static_cast<unsigned char>(p[j]) <= '\n') {
          may_match = true;
        }
      }
      if (j >= p.size()) return true;  // unterminated: not ours to judge
      if (negated ? !excludes_line_feed : may_match) return true;
      i = j;
      continue;
    }
  }
  return false;
}

bool Regex::search(std::string_view text) const {
  const pcre2_code* code = code_->interpreted();
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(code, nullptr);
  const int rc =
      pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0, md, nullptr);
  pcre2_match_data_free(md);
  return rc >= 0;
}

}  // namespace novacrm::compliance
