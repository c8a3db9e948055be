// Routes about the server itself: health, who a token is, the OpenAPI description, metrics and
// the dashboard's static files.
#include <filesystem>

#include "auth/claims.hpp"
#include "auth/rbac.hpp"
#include "core/files.hpp"
#include "core/text.hpp"
#include "http/dashboard.hpp"
#include "http/exchange.hpp"

namespace novacrm::embedded {
std::string_view openapi_spec();
}  // namespace novacrm::embedded

namespace novacrm::http {

namespace {

using nlohmann::json;

std::string_view media_type(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".js") || name.ends_with(".mjs")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

core::Status send_file(Exchange& ex, const std::string& name) {
  const auto not_found = [&ex] {
    ex.error_status = 404;
    return core::bad_input("path", "no such file");
  };
  // Only plain names of files directly in the dashboard folder: no path, no "..", no dot file.
  if (!core::is_plain_token(name, 64) || name.front() == '.') return not_found();
  const std::string& dir = ex.services.options.dashboard_dir;
  std::string bytes;
  if (!dir.empty()) {
    auto text = core::read_file(std::filesystem::path(dir) / name);
    if (!text) return not_found();
    bytes = std::move(text).value();
  } else {
    bool found = false;
    for (const embedded::File& f : embedded::dashboard_files()) {
      if (f.name == name) {
        bytes = f.bytes;
        found = true;
        break;
      }
    }
    if (!found) return not_found();
  }
  ex.res.status = 200;
  ex.res.set_header("Cache-Control", "no-cache");
  ex.res.set_header("X-Content-Type-Options", "nosniff");
  ex.res.set_header("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  ex.res.set_content(bytes, std::string(media_type(name)));
  return {};
}

}  // namespace

std::vector<Route> meta_routes() {
  std::vector<Route> r;
  r.push_back({"GET", "/api/v1/health", "/api/v1/health", Access::kPublic, nullptr,
               [](Exchange& ex) -> core::Status {
                 send_json(ex, 200, {{"status", "ok"}, {"version", ex.services.options.version}});
                 return {};
               }});
  r.push_back({"GET", "/api/v1/session", "/api/v1/session", Access::kToken, nullptr,
               [](Exchange& ex) -> core::Status {
                 const auth::Claims& c = ex.session->claims;
                 json permissions = json::array();
                 for (const auth::PermissionRule& rule : auth::permission_matrix()) {
                   if (auth::allowed(c.role, rule.permission)) {
                     permissions.push_back(std::string(rule.command));
                   }
                 }
                 send_json(ex, 200,
                           {{"sub", c.sub},
                            {"role", std::string(auth::role_name(c.role))},
                            {"org", c.org},
                            {"exp", auth::format_rfc3339(c.exp)},
                            {"permissions", permissions}});
                 return {};
               }});
  r.push_back({"GET", "/api/v1/openapi.yaml", "/api/v1/openapi.yaml", Access::kPublic, nullptr,
               [](Exchange& ex) -> core::Status {
                 ex.res.set_content(std::string(embedded::openapi_spec()), "application/yaml");
                 return {};
               }});
  r.push_back(
      {"GET", "/metrics", "/metrics", Access::kPublic, nullptr, [](Exchange& ex) -> core::Status {
         if (ex.services.writer) {
           ex.services.metrics.count_audit(ex.services.writer->appended(),
                                           ex.services.writer->batches());
         }
         ex.res.set_content(ex.services.metrics.render(),
                            "text/plain; version=0.0.4; charset=utf-8");
         return {};
       }});
  r.push_back({"GET", "/", "/", Access::kPublic, nullptr,
               [](Exchange& ex) { return send_file(ex, "index.html"); }});
  r.push_back({"GET", "/ui/([^/]+)", "/ui/{file}", Access::kPublic, nullptr,
               [](Exchange& ex) { return send_file(ex, std::string(ex.req.matches[1])); }});
  return r;
}

}  // namespace novacrm::http
