#include "report/scan_report.hpp"

namespace novacrm::report {

void for_each_finding(const ScannedInput& in,
                      const std::function<void(const compliance::Finding&)>& fn) {
  for (const compliance::Finding& f : in.decision.findings) fn(f);
  if (in.spool) in.spool->for_each(fn);
}

size_t finding_count(const ScannedInput& in) {
  return in.decision.findings.size() + (in.spool ? in.spool->size() : 0);
}

}  // namespace novacrm::report
