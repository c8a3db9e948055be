// The findings of one input kept in a temporary file instead of memory: a file scanned in windows
// (check over a 1 GB file) may have hundreds of thousands of findings, and the reports only ever
// read them in order. Each finding takes about 60 bytes on disk; memory stays constant.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>

#include "compliance/finding.hpp"
#include "core/result.hpp"

namespace novacrm::report {

class FindingSpool {
 public:
  // An anonymous temporary file (removed when closed); kInternal when none can be created.
  static core::Result<std::shared_ptr<FindingSpool>> create();
  ~FindingSpool();
  FindingSpool(const FindingSpool&) = delete;
  FindingSpool& operator=(const FindingSpool&) = delete;

  // Appends `f`; an I/O error (disk full) is reported by status().
  void add(const compliance::Finding& f);
  [[nodiscard]] size_t size() const { return size_; }
  // kInternal when a write, or a for_each's read-back, failed.
  [[nodiscard]] core::Status status() const;

  // Calls `fn` with every finding in the order added. Not thread-safe (one reader at a time).
  void for_each(const std::function<void(const compliance::Finding&)>& fn) const;

 private:
  explicit FindingSpool(std::FILE* file) : file_(file) {}
  std::FILE* file_;
  size_t size_ = 0;
  mutable bool failed_ = false;  // a write or a read-back failed
};

}  // namespace novacrm::report
