// What a route handler sees (internal to lib/http): the request, the response, the services the
// server shares between threads, this thread's workspace connection, and who is asking. Helpers
// here read bodies and parameters strictly (unknown fields and bad values are refused by name)
// and write JSON responses.
#pragma once

#include <httplib.h>

#include <functional>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_writer.hpp"
#include "app/engine.hpp"
#include "app/guard.hpp"
#include "app/workspace.hpp"
#include "core/result.hpp"
#include "http/server.hpp"
#include "obs/metrics.hpp"

namespace novacrm::http {

// Shared by every request thread; each member is thread-safe.
struct Services {
  core::WorkspacePaths paths;
  ServeOptions options;
  app::EngineCache engines;
  std::unique_ptr<app::AuditWriter> writer;
  obs::Metrics metrics;
};

struct Exchange {
  const httplib::Request& req;
  httplib::Response& res;
  Services& services;
  app::Workspace& ws;
  const std::string& body;  // read through the route's bounded reader (POST, PATCH, DELETE)
  std::string request_id;
  std::optional<app::Session> session;  // set when the route needs a token
  std::string audit_id;                 // the record this request wrote, for the access log
  int error_status = 0;  // when a helper knows the exact status of the error it returns (415)

  // Appends through the group-committing writer and remembers the record's id.
  core::Result<audit::AuditRecord> audit(audit::Event event);
};

// kPublic: anyone. kToken: any valid token (the session route). kMatrix: a valid token whose
// role may run `command(request)`, a row of the permission matrix.
enum class Access { kPublic, kToken, kMatrix };

struct Route {
  std::string method;   // GET, POST, PATCH, DELETE
  std::string pattern;  // cpp-httplib's regex; captures are path parameters
  std::string name;     // the documented path ("/api/v1/contacts/{id}"): metrics and logs
  Access access = Access::kMatrix;
  std::function<std::string(const httplib::Request&)> command;
  std::function<core::Status(Exchange&)> handle;
};

std::vector<Route> meta_routes();
std::vector<Route> compliance_routes();
std::vector<Route> audit_routes();
std::vector<Route> crm_routes();

// A fixed matrix row, whatever the request.
std::function<std::string(const httplib::Request&)> row(std::string command);

void send_json(Exchange& ex, int status, const nlohmann::json& body);

// The request's JSON object body: Content-Type application/json (else 415), an object, with
// only the `allowed` members (else kBadInput naming the field).
core::Result<nlohmann::json> json_body(Exchange& ex, std::span<const std::string_view> allowed);
inline core::Result<nlohmann::json> json_body(Exchange& ex,
                                              std::initializer_list<std::string_view> allowed) {
  return json_body(ex, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}
// A member that must be a string when present; kBadInput naming it otherwise.
core::Result<std::optional<std::string>> string_field(const nlohmann::json& body,
                                                      const std::string& name);
// Query parameters: unknown ones are refused (kBadInput naming them).
core::Status known_params(const Exchange& ex, std::initializer_list<std::string_view> allowed);
std::optional<std::string> param(const Exchange& ex, const std::string& name);
core::Result<int64_t> int_param(const Exchange& ex, const std::string& name, int64_t fallback,
                                int64_t min, int64_t max);
core::Result<bool> bool_param(const Exchange& ex, const std::string& name);
// The numeric id captured by the route's pattern ("contact 12" in errors).
core::Result<int64_t> path_id(Exchange& ex, const std::string& what);

}  // namespace novacrm::http
