#include "report/finding_spool.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace novacrm::report {

namespace {

// Record: severity (1 byte), five 64-bit span fields, then rule, entity and excerpt, each a
// 32-bit length and its bytes. Host byte order: the file never outlives the process.
constexpr size_t kSpanFields = 5;

bool write_string(std::FILE* f, const std::string& s) {
  const auto n = static_cast<uint32_t>(s.size());
  return std::fwrite(&n, sizeof n, 1, f) == 1 && std::fwrite(s.data(), 1, s.size(), f) == s.size();
}

bool read_string(std::FILE* f, std::string& s) {
  uint32_t n = 0;
  if (std::fread(&n, sizeof n, 1, f) != 1) return false;
  s.resize(n);
  return std::fread(s.data(), 1, n, f) == n;
}

}  // namespace

core::Result<std::shared_ptr<FindingSpool>> FindingSpool::create() {
  std::FILE* file = std::tmpfile();
  if (file == nullptr) {
    return core::internal_error("cannot create a temporary file for findings");
  }
  return std::shared_ptr<FindingSpool>(new FindingSpool(file));
}

FindingSpool::~FindingSpool() { std::fclose(file_); }

void FindingSpool::add(const compliance::Finding& f) {
  const auto severity = static_cast<uint8_t>(f.severity);
  const std::array<uint64_t, kSpanFields> span = {f.span.begin, f.span.end, f.span.line,
                                                  f.span.column, f.span.char_column};
  const bool ok = std::fwrite(&severity, 1, 1, file_) == 1 &&
                  std::fwrite(span.data(), sizeof(uint64_t), span.size(), file_) == span.size() &&
                  write_string(file_, f.rule) && write_string(file_, f.entity) &&
                  write_string(file_, f.excerpt);
  failed_ = failed_ || !ok;
  ++size_;
}

core::Status FindingSpool::status() const {
  if (failed_)
    return core::internal_error("cannot write or read back findings in a temporary file");
  return {};
}

void FindingSpool::for_each(const std::function<void(const compliance::Finding&)>& fn) const {
  if (std::fflush(file_) != 0) {
    failed_ = true;
    return;
  }
  std::rewind(file_);
  compliance::Finding f;
  for (size_t i = 0; i < size_; ++i) {
    uint8_t severity = 0;
    std::array<uint64_t, kSpanFields> span{};
    if (std::fread(&severity, 1, 1, file_) != 1 ||
        std::fread(span.data(), sizeof(uint64_t), span.size(), file_) != span.size() ||
        !read_string(file_, f.rule) || !read_string(file_, f.entity) ||
        !read_string(file_, f.excerpt)) {
      failed_ = true;  // status() reports it: a report missing findings must not pass silently
      break;
    }
    f.severity = static_cast<compliance::Severity>(severity);
    f.span = compliance::Span{span[0], span[1], span[2], span[3], span[4]};
    fn(f);
  }
  std::fseek(file_, 0, SEEK_END);  // further add()s append
}

}  // namespace novacrm::report
