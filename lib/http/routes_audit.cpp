// The audit trail over HTTP: list and show records (inputs are stored masked), the checkpoint
// that covers a record, and a verification of the live trail. Reading it is a manager's right
// (the matrix's audit rows).
#include "audit/json.hpp"
#include "http/exchange.hpp"

namespace novacrm::http {

namespace {

using nlohmann::json;

core::Status list(Exchange& ex) {
  if (core::Status s = known_params(
          ex, {"action", "decision", "rule", "actor", "since", "until", "limit", "offset"});
      !s) {
    return s;
  }
  audit::AuditQuery q;
  q.action = param(ex, "action");
  q.decision = param(ex, "decision");
  q.rule = param(ex, "rule");
  q.subject = param(ex, "actor");
  q.since = param(ex, "since");
  q.until = param(ex, "until");
  if (q.decision && !compliance::parse_action(*q.decision)) {
    return core::bad_input("decision", "must be allow, warn, block or escalate");
  }
  auto limit = int_param(ex, "limit", 50, 1, 10000);
  if (!limit) return limit.error();
  auto offset = int_param(ex, "offset", 0, 0, INT64_MAX);
  if (!offset) return offset.error();
  q.limit = *limit;
  q.offset = *offset;
  auto page = ex.ws.audit().list(q);
  if (!page) return page.error();
  send_json(ex, 200, audit::to_json(*page));
  return {};
}

core::Result<audit::AuditRecord> find(Exchange& ex) {
  const std::string id(ex.req.matches[1]);
  auto r = ex.ws.audit().find(id);
  if (!r) return r.error();
  if (!*r) {
    ex.error_status = 404;
    return core::bad_input(id.substr(0, 32), "no audit record has this id or sequence number");
  }
  return std::move(**r);
}

core::Status show(Exchange& ex) {
  auto r = find(ex);
  if (!r) return r.error();
  send_json(ex, 200, audit::to_json(*r));
  return {};
}

core::Status checkpoint(Exchange& ex) {
  auto r = find(ex);
  if (!r) return r.error();
  auto cp = ex.ws.audit().checkpoint_covering(static_cast<uint64_t>(r->seq));
  if (!cp) return cp.error();
  if (!*cp) {
    ex.error_status = 404;
    return core::bad_input("checkpoint", "no signed checkpoint covers this record yet");
  }
  send_json(ex, 200, audit::to_json(**cp));
  return {};
}

core::Status verify(Exchange& ex) {
  auto report = ex.ws.audit().verify();
  if (!report) return report.error();
  send_json(ex, 200, audit::to_json(*report));
  return {};
}

}  // namespace

std::vector<Route> audit_routes() {
  const std::string id = "([A-Za-z0-9]{1,32})";
  return {
      {"GET", "/api/v1/compliance/audit", "/api/v1/compliance/audit", Access::kMatrix,
       row("audit list"), list},
      {"GET", "/api/v1/compliance/audit/" + id, "/api/v1/compliance/audit/{id}", Access::kMatrix,
       row("audit show"), show},
      {"GET", "/api/v1/compliance/audit/" + id + "/checkpoint",
       "/api/v1/compliance/audit/{id}/checkpoint", Access::kMatrix, row("audit show"), checkpoint},
      {"GET", "/api/v1/audit/verify", "/api/v1/audit/verify", Access::kMatrix, row("audit verify"),
       verify},
  };
}

}  // namespace novacrm::http
