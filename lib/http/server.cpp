// The server: binds, dispatches every route through one path (request id, CORS, token, matrix
// row, handler, problem+json, metrics, access log), and shuts down cleanly. The routes live in
// routes_*.cpp; this file knows none of their business.
#include "http/server.hpp"

#include <sodium.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "http/exchange.hpp"

namespace novacrm::http {

namespace {

using core::Error;
using core::ErrorCode;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// What the access log and the metrics need to know of the request this thread is serving.
struct RequestScope {
  Clock::time_point start;
  std::string request_id;
  std::string route;  // the documented path; empty when no route matched
  std::string subject;
  std::string audit_id;
};
thread_local RequestScope tl_scope;

// Each pool thread keeps its own connection to the workspace (SQLite connections are not shared
// between threads), opened on first use and tagged with the server it belongs to.
struct ThreadWorkspace {
  uint64_t server = 0;
  std::unique_ptr<app::Workspace> ws;
};
thread_local ThreadWorkspace tl_workspace;
std::atomic<uint64_t> g_next_server{1};

bool valid_request_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string new_request_id() {
  std::array<unsigned char, 8> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string out;
  for (const unsigned char b : bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

const char* reason(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
  }
}

void send_problem(httplib::Response& res, int status, const std::string& detail) {
  res.status = status;
  // An error cpp-httplib answers before routing (a malformed request line, a URI too long)
  // has no request id yet.
  if (tl_scope.request_id.empty()) {
    tl_scope.request_id = new_request_id();
    res.set_header("X-Request-Id", tl_scope.request_id);
  }
  const json body = {{"type", "about:blank"},
                     {"title", reason(status)},
                     {"status", status},
                     {"detail", detail.empty() ? reason(status) : detail},
                     {"request_id", tl_scope.request_id}};
  res.set_content(body.dump(), "application/problem+json");
}

// The HTTP status of a use case's error. CRM errors name a missing record "no such ..." and a
// record still in use "... still reference ..."; duplicates "already exists".
int status_of(const Error& e) {
  switch (e.code) {
    case ErrorCode::kBadInput:
      if (e.message.rfind("no such ", 0) == 0 || e.message.find("no audit record") == 0) {
        return 404;
      }
      if (e.message.find("still reference") != std::string::npos ||
          e.message.find("already exists") != std::string::npos) {
        return 409;
      }
      return 400;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kWorkspaceUnavailable: return 503;
    case ErrorCode::kPolicyViolation: return 400;
    case ErrorCode::kIntegrity:
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::optional<std::string> bearer_token(const httplib::Request& req) {
  // The scheme is case-insensitive (RFC 9110, 11.1).
  const std::string auth = req.get_header_value("Authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (auth.size() <= kScheme.size()) return std::nullopt;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(auth[i])) != kScheme[i]) return std::nullopt;
  }
  return auth.substr(kScheme.size());
}

}  // namespace

struct Server::State {
  State(const core::WorkspacePaths& paths, const ServeOptions& options,
        std::unique_ptr<app::AuditWriter> writer)
      : services{paths, options, {}, std::move(writer), obs::Metrics(options.version)} {}

  Services services;
  httplib::Server http;
  uint64_t id = g_next_server++;
  std::mutex log_mutex;
  int bound_port = 0;

  core::Result<app::Workspace*> workspace() {
    if (tl_workspace.server != id || !tl_workspace.ws) {
      auto ws = app::Workspace::open(services.paths);
      if (!ws) return ws.error();
      tl_workspace = {id, std::move(ws).value()};
    }
    return tl_workspace.ws.get();
  }

  void dispatch(const Route& route, const httplib::Request& req, httplib::Response& res);
  httplib::Server::HandlerResponse before_routing(const httplib::Request& req,
                                                  httplib::Response& res);
  void access_log(const httplib::Request& req, const httplib::Response& res);
};

void Server::State::dispatch(const Route& route, const httplib::Request& req,
                             httplib::Response& res) {
  tl_scope.route = route.name;
  auto ws = workspace();
  if (!ws) return send_problem(res, 503, ws.error().describe());
  Exchange ex{req, res, services, **ws, tl_scope.request_id, std::nullopt, {}, 0};
  if (route.access != Access::kPublic) {
    app::AccessRequest access;
    access.command = route.access == Access::kMatrix ? route.command(req) : "session";
    access.token = bearer_token(req);
    access.request_id = tl_scope.request_id;
    auto session = app::authenticate(ex.ws, access, "send the header Authorization: Bearer TOKEN");
    if (!session) {
      res.set_header("WWW-Authenticate", "Bearer");
      const int status = session.error().code == ErrorCode::kPermissionDenied ? 401 : 503;
      return send_problem(res, status, session.error().describe());
    }
    tl_scope.subject = session->claims.sub;
    if (route.access == Access::kMatrix) {
      if (core::Status s = app::authorize_session(ex.ws, access, *session); !s) {
        return send_problem(res, status_of(s.error()), s.error().describe());
      }
    }
    ex.ws.set_actor(session->actor());
    ex.session = std::move(session).value();
  }
  core::Status status = route.handle(ex);
  tl_scope.audit_id = ex.audit_id;
  if (!status) {
    send_problem(res, ex.error_status != 0 ? ex.error_status : status_of(status.error()),
                 status.error().describe());
  }
}

httplib::Server::HandlerResponse Server::State::before_routing(const httplib::Request& req,
                                                               httplib::Response& res) {
  tl_scope = RequestScope{Clock::now(), {}, {}, {}, {}};
  const std::string given = req.get_header_value("X-Request-Id");
  tl_scope.request_id = valid_request_id(given) ? given : new_request_id();
  res.set_header("X-Request-Id", tl_scope.request_id);
  const std::string origin = req.get_header_value("Origin");
  if (origin.empty()) return httplib::Server::HandlerResponse::Unhandled;
  // The dashboard's own origin, and the ones --cors-origin lists; nobody else.
  bool allowed = origin == "http://" + req.get_header_value("Host");
  for (const std::string& o : services.options.cors_origins) allowed = allowed || o == origin;
  if (!allowed) {
    send_problem(res, 403, "origin not allowed (start the server with --cors-origin ORIGIN)");
    return httplib::Server::HandlerResponse::Handled;
  }
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Vary", "Origin");
  if (req.method == "OPTIONS") {
    res.status = 204;
    res.set_header("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE, OPTIONS");
    res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id");
    res.set_header("Access-Control-Max-Age", "600");
    return httplib::Server::HandlerResponse::Handled;
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

void Server::State::access_log(const httplib::Request& req, const httplib::Response& res) {
  const double seconds =
      tl_scope.start == Clock::time_point{}
          ? 0.0  // refused before routing: nothing of ours ran
          : std::chrono::duration<double>(Clock::now() - tl_scope.start).count();
  const std::string route = tl_scope.route.empty() ? "unmatched" : tl_scope.route;
  services.metrics.observe_request(route, req.method, res.status, seconds);
  // Never the path as sent (it may carry values), the query, a header or a body.
  json line = {{"time", core::now_rfc3339()},
               {"level", res.status >= 500 ? "error" : "info"},
               {"msg", "request"},
               {"request_id", tl_scope.request_id},
               {"method", req.method},
               {"route", route},
               {"status", res.status},
               {"duration_ms", std::round(seconds * 1e6) / 1e3}};
  if (!tl_scope.audit_id.empty()) line["audit_id"] = tl_scope.audit_id;
  if (!tl_scope.subject.empty()) line["subject"] = tl_scope.subject;
  const std::string text = line.dump() + "\n";
  tl_scope = RequestScope{};  // nothing of this request leaks into the next one on this thread
  const std::lock_guard lock(log_mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
}

core::Status parse_listen(const std::string& listen, ServeOptions& options) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return core::bad_input("--listen", "expected HOST:PORT, as 127.0.0.1:8080");
  }
  const std::string port = listen.substr(colon + 1);
  int value = -1;
  const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || ptr != port.data() + port.size() || value < 0 || value > 65535) {
    return core::bad_input("--listen", "the port must be a number from 0 to 65535");
  }
  options.host = listen.substr(0, colon);
  options.port = value;
  return {};
}

core::Result<std::unique_ptr<Server>> Server::create(const core::WorkspacePaths& paths,
                                                     ServeOptions options) {
  auto writer = app::AuditWriter::open(paths);
  if (!writer) return writer.error();
  auto state = std::make_unique<State>(paths, options, std::move(writer).value());
  State& s = *state;
  const unsigned threads =
      options.threads != 0 ? options.threads : std::max(64U, 4 * std::thread::hardware_concurrency());
  s.http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.http.set_keep_alive_max_count(10000);
  s.http.set_payload_max_length(options.max_body);
  s.http.set_read_timeout(5);
  s.http.set_pre_routing_handler(
      [&s](const httplib::Request& req, httplib::Response& res) { return s.before_routing(req, res); });
  s.http.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      send_problem(res, res.status,
                   res.status == 404   ? "no such route"
                   : res.status == 413 ? "the body is larger than --max-body"
                                       : "");
    }
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.http.set_logger([&s](const httplib::Request& req, const httplib::Response& res) {
    s.access_log(req, res);
  });
  std::vector<Route> routes;
  for (auto&& group : {meta_routes(), compliance_routes(), audit_routes(), crm_routes()}) {
    routes.insert(routes.end(), group.begin(), group.end());
  }
  for (Route& r : routes) {
    auto handler = [&s, route = r](const httplib::Request& req, httplib::Response& res) {
      s.dispatch(route, req, res);
    };
    if (r.method == "GET") s.http.Get(r.pattern, handler);
    if (r.method == "POST") s.http.Post(r.pattern, handler);
    if (r.method == "PATCH") s.http.Patch(r.pattern, handler);
    if (r.method == "DELETE") s.http.Delete(r.pattern, handler);
  }
  return std::unique_ptr<Server>(new Server(std::move(state)));
}

Server::Server(std::unique_ptr<State> state) : state_(std::move(state)) {}
Server::~Server() = default;

core::Result<std::string> Server::bind() {
  State& s = *state_;
  const std::string& host = s.services.options.host;
  int port = s.services.options.port;
  if (port == 0) {
    port = s.http.bind_to_any_port(host);
    if (port < 0) port = 0;
  } else if (!s.http.bind_to_port(host, port)) {
    port = 0;
  }
  if (port == 0) {
    return core::bad_input("--listen", "cannot listen on " + host + ":" +
                                           std::to_string(s.services.options.port) +
                                           " (address in use or not local)");
  }
  s.bound_port = port;
  return "http://" + host + ":" + std::to_string(port);
}

core::Status Server::run() {
  State& s = *state_;
  const bool ok = s.http.listen_after_bind();
  // Every request has finished; commit what the writer still holds before saying we stopped.
  s.services.writer.reset();
  if (!ok) return core::internal_error("the server stopped on a socket error");
  return {};
}

void Server::stop() { state_->http.stop(); }

}  // namespace novacrm::http
