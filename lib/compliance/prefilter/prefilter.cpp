#include "compliance/prefilter/prefilter.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "compliance/prefilter/database_cache.hpp"

namespace novacrm::compliance {

namespace {

// Bump when the cached facts change meaning.
constexpr std::string_view kCacheFormat = "novacrm-hyperscan-prefilter/2";
// PCRE2 runs with PCRE2_UTF: Hyperscan reads the patterns the same way.
constexpr unsigned kBaseFlags = HS_FLAG_UTF8;

// Everything the compiled database depends on.
std::string cache_material(std::span<const std::string> patterns) {
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  std::string m(kCacheFormat);
  m += '\0';
  m += hs_version();
  m += '\0';
  m += std::to_string(platform.tune) + ' ' + std::to_string(platform.cpu_features) + '\0';
  m += std::to_string(kBaseFlags) + '\0';
  for (const std::string& p : patterns) m += std::to_string(p.size()) + ':' + p + '\0';
  return m;
}

// Hyperscan's flags for an expression: exact when it supports every construct, else prefilter
// mode (lookarounds); nullopt when it refuses both. Fills `facts`' width.
std::optional<unsigned> probe(const std::string& expression, PatternFacts& facts) {
  for (unsigned flags : {kBaseFlags, kBaseFlags | HS_FLAG_PREFILTER}) {
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_expression_info(expression.c_str(), flags, &info, &error) == HS_SUCCESS) {
      const bool empty = info->min_width == 0;
      facts.max_width = info->max_width;
      std::free(info);  // NOLINT(cppcoreguidelines-no-malloc): allocated by Hyperscan with malloc
      if (empty) return std::nullopt;  // hs_compile refuses what can match empty
      return flags;
    }
    hs_free_compile_error(error);
  }
  return std::nullopt;
}

// What Hyperscan scans for the pattern: its gap-free prefix if Hyperscan takes it, else the
// whole pattern; unscanned when it takes neither.
std::string choose_expression(const std::string& pattern, PatternFacts& facts, unsigned& flags) {
  const size_t prefix = prefilter_prefix_length(pattern);
  for (size_t length : {prefix, pattern.size()}) {
    std::string expression = pattern.substr(0, length);
    if (auto f = probe(expression, facts)) {
      facts.scanned = true;
      facts.expression_length = static_cast<unsigned>(length);
      flags = *f;
      return expression;
    }
    if (length == pattern.size()) break;
  }
  facts.scanned = false;
  return pattern;
}

// Compiles the scanned patterns into one database; a pattern the compiler still rejects (too
// large, say) becomes unscanned and the rest is compiled again. nullptr when none is left.
hs_database_t* compile(const std::vector<std::string>& patterns, std::vector<PatternFacts>& facts,
                       const std::vector<unsigned>& flags) {
  for (;;) {
    std::vector<const char*> expressions;
    std::vector<unsigned> expression_flags;
    std::vector<unsigned> ids;
    for (size_t i = 0; i < patterns.size(); ++i) {
      if (!facts[i].scanned) continue;
      expressions.push_back(patterns[i].c_str());
      expression_flags.push_back(flags[i]);
      ids.push_back(static_cast<unsigned>(i));
    }
    if (expressions.empty()) return nullptr;
    hs_database_t* db = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(expressions.data(), expression_flags.data(), ids.data(),
                         static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &db,
                         &error) == HS_SUCCESS) {
      return db;
    }
    const int failed = error->expression;
    hs_free_compile_error(error);
    if (failed < 0) return nullptr;  // not one pattern's fault: no database at all
    facts[ids[static_cast<size_t>(failed)]].scanned = false;
  }
}

struct ScanHits {
  std::vector<PatternHits>* hits;
  size_t limit;  // ends kept per pattern before it is marked `everywhere`
};

int on_hit(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
           void* context) {
  auto* scan = static_cast<ScanHits*>(context);
  PatternHits& h = (*scan->hits)[id];
  if (h.everywhere || (!h.ends.empty() && h.ends.back() == to)) return 0;
  if (h.ends.size() >= scan->limit) {
    h.everywhere = true;
    std::vector<size_t>().swap(h.ends);
    return 0;
  }
  h.ends.push_back(static_cast<size_t>(to));
  return 0;  // go on
}

}  // namespace

std::unique_ptr<Prefilter> Prefilter::build(std::span<const std::string> patterns,
                                            const std::optional<std::filesystem::path>& cache_dir) {
  std::unique_ptr<Prefilter> p(new Prefilter());
  p->facts_.assign(patterns.size(), PatternFacts{});
  std::optional<std::filesystem::path> file;
  std::string key;
  if (cache_dir && !cache_dir->empty()) {
    key = database_cache_key(cache_material(patterns));
    file = database_cache_file(*cache_dir, key);
    if (auto cached = load_cached_database(*file, key);
        cached && cached->facts.size() == patterns.size() &&
        hs_deserialize_database(cached->serialized.data(), cached->serialized.size(), &p->db_) ==
            HS_SUCCESS) {
      p->facts_ = std::move(cached->facts);
      p->from_cache_ = true;
    }
  }
  if (p->db_ == nullptr) {
    std::vector<unsigned> flags(patterns.size());
    std::vector<std::string> expressions;
    for (size_t i = 0; i < patterns.size(); ++i) {
      expressions.push_back(choose_expression(patterns[i], p->facts_[i], flags[i]));
    }
    p->db_ = compile(expressions, p->facts_, flags);
    char* bytes = nullptr;
    size_t length = 0;
    if (p->db_ != nullptr && file && hs_serialize_database(p->db_, &bytes, &length) == HS_SUCCESS) {
      store_cached_database(*file, key, CachedDatabase{p->facts_, {bytes, length}, nullptr});
      std::free(bytes);  // NOLINT(cppcoreguidelines-no-malloc): Hyperscan's misc allocator
    }
  }
  if (p->db_ != nullptr && hs_alloc_scratch(p->db_, &p->prototype_) != HS_SUCCESS) {
    hs_free_database(p->db_);
    p->db_ = nullptr;
  }
  for (size_t i = 0; i < patterns.size(); ++i) {
    PatternFacts& f = p->facts_[i];
    f.scanned = f.scanned && p->db_ != nullptr && f.expression_length <= patterns[i].size();
    if (f.scanned) {
      f.line_bounded =
          !may_match_line_break(std::string_view(patterns[i]).substr(0, f.expression_length));
    }
  }
  return p;
}

Prefilter::~Prefilter() {
  for (hs_scratch_t* s : idle_) hs_free_scratch(s);
  hs_free_scratch(prototype_);
  hs_free_database(db_);
}

hs_scratch_t* Prefilter::take_scratch() const {
  {
    const std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      hs_scratch_t* s = idle_.back();
      idle_.pop_back();
      return s;
    }
  }
  hs_scratch_t* s = nullptr;
  if (hs_clone_scratch(prototype_, &s) != HS_SUCCESS) return nullptr;
  return s;
}

void Prefilter::give_back(hs_scratch_t* scratch) const {
  const std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(scratch);
}

bool Prefilter::scan(std::string_view text, std::vector<PatternHits>& hits) const {
  hits.assign(facts_.size(), {});
  if (db_ == nullptr || text.size() > UINT_MAX) return false;  // hs_scan takes a 32-bit length
  hs_scratch_t* scratch = take_scratch();
  if (scratch == nullptr) return false;
  ScanHits scan{&hits, 1024 + text.size() / 256};
  const hs_error_t rc =
      hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_hit, &scan);
  give_back(scratch);
  if (rc != HS_SUCCESS) return false;
  for (PatternHits& h : hits) {
    std::sort(h.ends.begin(), h.ends.end());  // prefilter-mode patterns may report out of order
    h.ends.erase(std::unique(h.ends.begin(), h.ends.end()), h.ends.end());
  }
  return true;
}

std::vector<StartRange> start_ranges(std::string_view text, std::span<const size_t> ends,
                                     unsigned max_width, bool line_bounded) {
  std::vector<StartRange> ranges;
  for (const size_t end : ends) {
    const size_t lower = max_width == kUnboundedWidth ? 0 : end - std::min<size_t>(end, max_width);
    size_t first = lower;
    if (line_bounded && end > 0) {
      // The last line feed before the match's last byte, searched no further back than the
      // previous range: past it, the start bound is no lower than that range's (both the width
      // bound and the line start grow with `end`), and the two ranges merge anyway.
      const size_t floor = ranges.empty() ? lower : std::max(lower, ranges.back().last);
      const size_t last_byte = end - 1;
      if (last_byte > floor) {
        const void* nl = memrchr(text.data() + floor, '\n', last_byte - floor);
        if (nl != nullptr) first = static_cast<const char*>(nl) - text.data() + 1;
      }
    }
    if (!ranges.empty() && first <= ranges.back().last + 1) {
      ranges.back().last = std::max(ranges.back().last, end);
    } else {
      ranges.push_back(StartRange{first, end});
    }
  }
  return ranges;
}

}  // namespace novacrm::compliance
