// The server: binds, dispatches every route through one path (request id, CORS, token, matrix
// row, handler, problem+json, metrics, access log), and shuts down cleanly. The routes live in
// routes_*.cpp; this file knows none of their business.
#include "http/server.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <regex>
#include <thread>

#include "audit/log.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "http/exchange.hpp"

namespace novacrm::http {

namespace {

using core::Error;
using core::ErrorCode;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// What the access log and the metrics need to know of the request this thread is serving. The
// pre-routing handler, the route, the error handler and the logger of one request all run on the
// pool thread that read it (cpp-httplib's process_request); the logger clears it afterwards.
struct RequestScope {
  Clock::time_point start;
  std::string request_id;
  std::string route;  // the documented path; empty when no route matched
  std::string subject;
  std::string audit_id;
  std::string error;            // why a 5xx happened, for the log only (never sent to the client)
  bool foreign_origin = false;  // an Origin header that is neither ours nor --cors-origin's
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

const char* reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

// Methods are labels in the log and the metrics: only the ones HTTP defines, the rest "other"
// (a request line may carry any bytes there).
std::string method_label(const std::string& method) {
  for (const char* m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == m) return method;
  }
  return "other";
}

// Server errors say only that they happened (and the request id to find them in the log): their
// cause may name files or database state, which is no client's business.
void send_problem(httplib::Response& res, int status, const std::string& detail) {
  res.status = status;
  // An error cpp-httplib answers before routing (a malformed request line, a URI too long)
  // has no request id yet.
  if (tl_scope.request_id.empty()) {
    tl_scope.request_id = audit::new_request_id();
    res.set_header("X-Request-Id", tl_scope.request_id);
  }
  std::string shown = detail.empty() ? reason(status) : detail;
  if (status >= 500) {
    tl_scope.error = shown;
    shown = "internal error; the server log has the cause under this request id";
  }
  const json body = {{"type", "about:blank"},
                     {"title", reason(status)},
                     {"status", status},
                     {"detail", shown},
                     {"request_id", tl_scope.request_id}};
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                  "application/problem+json");
}

// The HTTP status of a use case's error. CRM errors name a missing record "no such ..." and a
// record still in use "... still reference ..."; duplicates "already exists".
int status_of(const Error& e) {
  switch (e.code) {
    case ErrorCode::kBadInput:
      if (e.message.rfind("no such ", 0) == 0) return 404;
      if (e.message.find("still reference") != std::string::npos ||
          e.message.find("already exists") != std::string::npos) {
        return 409;
      }
      return 400;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kWorkspaceUnavailable:
      return 503;
    case ErrorCode::kPolicyViolation:
      return 400;
    case ErrorCode::kIntegrity:
    case ErrorCode::kInternal:
      return 500;
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

enum class BodyRead { kOk, kTooLarge, kBroken };

// Reads the body through cpp-httplib's reader (which undoes chunking and Content-Encoding), at
// most `max` bytes of it after decoding. cpp-httplib itself stops a declared Content-Length over
// its payload limit before calling us, so that case is recognised from the header.
BodyRead read_body(const httplib::Request& req, const httplib::ContentReader& reader, size_t max,
                   std::string& body) {
  if (req.has_header("Content-Length") &&
      req.get_header_value<uint64_t>("Content-Length") > static_cast<uint64_t>(max)) {
    return BodyRead::kTooLarge;
  }
  bool too_large = false;
  const bool ok = reader([&](const char* data, size_t n) {
    if (body.size() + n > max) {
      too_large = true;
      return false;
    }
    body.append(data, n);
    return true;
  });
  if (too_large) return BodyRead::kTooLarge;
  return ok ? BodyRead::kOk : BodyRead::kBroken;
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
  std::string own_origin;  // "http://127.0.0.1:PORT" once bound
  // Each route's path pattern and method, to answer 405 (with Allow) rather than 404 when a
  // path exists under other methods.
  std::vector<std::pair<std::regex, std::string>> paths;

  // The methods `path` takes, "GET, PATCH" ("" for an unknown path). Only computed for
  // requests that are refused anyway (std::regex is slow).
  [[nodiscard]] std::string allowed_methods(const std::string& path) const {
    std::vector<std::string_view> methods;
    for (const auto& [pattern, method] : paths) {
      if (std::find(methods.begin(), methods.end(), method) == methods.end() &&
          std::regex_match(path, pattern)) {
        methods.emplace_back(method);
      }
    }
    std::string allow;
    for (std::string_view m : methods) (allow += allow.empty() ? "" : ", ") += m;
    return allow;
  }

  // 405 with Allow when `path` exists but not for this method; false when the path is unknown.
  bool send_wrong_method(const httplib::Request& req, httplib::Response& res) const {
    const std::string allow = allowed_methods(req.path);
    if (allow.empty()) return false;
    res.set_header("Allow", allow);
    send_problem(res, 405, "this route takes " + allow + ", not " + method_label(req.method));
    return true;
  }

  core::Result<app::Workspace*> workspace() {
    if (tl_workspace.server != id || !tl_workspace.ws) {
      auto ws = app::Workspace::open(services.paths);
      if (!ws) return ws.error();
      tl_workspace = {id, std::move(ws).value()};
    }
    return tl_workspace.ws.get();
  }

  void dispatch(const Route& route, const httplib::Request& req, httplib::Response& res,
                const httplib::ContentReader* reader);
  httplib::Server::HandlerResponse before_routing(const httplib::Request& req,
                                                  httplib::Response& res);
  void access_log(const httplib::Request& req, const httplib::Response& res);
};

void Server::State::dispatch(const Route& route, const httplib::Request& req,
                             httplib::Response& res, const httplib::ContentReader* reader) {
  tl_scope.route = route.name;
  std::string body;
  if (reader != nullptr) {
    switch (read_body(req, *reader, services.options.max_body, body)) {
      case BodyRead::kOk:
        break;
      case BodyRead::kTooLarge:
        return send_problem(res, 413, "the body is larger than --max-body");
      case BodyRead::kBroken:
        return send_problem(res, 400, "the body could not be read");
    }
  }
  if (tl_scope.foreign_origin) {
    return send_problem(res, 403,
                        "origin not allowed (start the server with --cors-origin ORIGIN)");
  }
  auto ws = workspace();
  if (!ws) return send_problem(res, 503, ws.error().describe());
  (*ws)->set_actor(audit::Actor{"unknown", "", "default"});
  Exchange ex{
      req,          res, services, **ws, reader != nullptr ? body : req.body, tl_scope.request_id,
      std::nullopt, {},  0};
  if (route.access != Access::kPublic) {
    app::AccessRequest access;
    access.command = route.access == Access::kMatrix ? route.command(req) : "session";
    access.token = bearer_token(req);
    access.request_id = tl_scope.request_id;
    auto session = app::authenticate(ex.ws, access, "send the header Authorization: Bearer TOKEN");
    if (!session) {
      if (session.error().code != ErrorCode::kPermissionDenied) {
        return send_problem(res, status_of(session.error()), session.error().describe());
      }
      res.set_header("WWW-Authenticate", "Bearer");
      return send_problem(res, 401, session.error().describe());
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
  tl_scope = RequestScope{};
  tl_scope.start = Clock::now();
  const std::string given = req.get_header_value("X-Request-Id");
  tl_scope.request_id = core::is_plain_token(given, 64) ? given : audit::new_request_id();
  res.set_header("X-Request-Id", tl_scope.request_id);
  // Only POST, PATCH and DELETE read a body, through a bounded reader; any other method that
  // announces one is refused before cpp-httplib would buffer it whole.
  const bool reads_body = req.method == "POST" || req.method == "PATCH" || req.method == "DELETE";
  const std::string length = req.get_header_value("Content-Length");
  if (!reads_body && (req.has_header("Transfer-Encoding") || (!length.empty() && length != "0"))) {
    if (!send_wrong_method(req, res)) {
      send_problem(res, 400, "a " + method_label(req.method) + " request carries no body");
    }
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  }
  const std::string origin = req.get_header_value("Origin");
  if (origin.empty()) return httplib::Server::HandlerResponse::Unhandled;
  // The dashboard's own origin (the address this server is bound to, not whatever Host says),
  // and the ones --cors-origin lists; nobody else.
  bool allowed = origin == own_origin;
  for (const std::string& o : services.options.cors_origins) allowed = allowed || o == origin;
  if (!allowed) {
    tl_scope.foreign_origin = true;  // refused once routed, after any body is read
    if (req.method != "OPTIONS") return httplib::Server::HandlerResponse::Unhandled;
    send_problem(res, 403, "origin not allowed (start the server with --cors-origin ORIGIN)");
    return httplib::Server::HandlerResponse::Handled;
  }
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Access-Control-Expose-Headers", "X-Request-Id, Location, WWW-Authenticate");
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
  const double seconds = tl_scope.start == Clock::time_point{}
                             ? 0.0  // refused before routing: nothing of ours ran
                             : std::chrono::duration<double>(Clock::now() - tl_scope.start).count();
  const std::string route = tl_scope.route.empty() ? "unmatched" : tl_scope.route;
  const std::string method = method_label(req.method);
  services.metrics.observe_request(route, method, res.status, seconds);
  // Never the path as sent (it may carry values), the query, a header or a body.
  json line = {{"time", core::now_rfc3339()},
               {"level", res.status >= 500 ? "error" : "info"},
               {"msg", "request"},
               {"request_id", tl_scope.request_id},
               {"method", method},
               {"route", route},
               {"status", res.status},
               {"duration_ms", std::round(seconds * 1e6) / 1e3}};
  if (!tl_scope.audit_id.empty()) line["audit_id"] = tl_scope.audit_id;
  if (!tl_scope.subject.empty()) line["subject"] = tl_scope.subject;
  if (!tl_scope.error.empty()) line["error"] = tl_scope.error;
  const std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
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
                                                     const ServeOptions& options) {
  auto writer = app::AuditWriter::open(paths);
  if (!writer) return writer.error();
  auto state = std::make_unique<State>(paths, options, std::move(writer).value());
  State& s = *state;
  const unsigned threads = options.threads != 0 ? options.threads : kDefaultThreads;
  s.http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.http.set_keep_alive_max_count(10000);
  s.http.set_keep_alive_timeout(2);
  // Headers and body go out in separate writes: without this, Nagle holds the body until the
  // client's delayed ACK (~40 ms per request).
  s.http.set_tcp_nodelay(true);
  s.http.set_payload_max_length(options.max_body);
  s.http.set_read_timeout(5);
  s.http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr& ep) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        send_problem(res, 500, std::string(core::utf8_prefix(what, 200)));
      });
  s.http.set_pre_routing_handler([&s](const httplib::Request& req, httplib::Response& res) {
    return s.before_routing(req, res);
  });
  s.http.set_error_handler(httplib::Server::HandlerWithResponse(
      [&s](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Handled;
        if (res.status == 404 && s.send_wrong_method(req, res)) {
          return httplib::Server::HandlerResponse::Handled;
        }
        send_problem(res, res.status,
                     res.status == 404   ? "no such route"
                     : res.status == 413 ? "the body is larger than --max-body"
                                         : "");
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.http.set_logger(
      [&s](const httplib::Request& req, const httplib::Response& res) { s.access_log(req, res); });
  std::vector<Route> routes;
  for (auto&& group : {meta_routes(), compliance_routes(), audit_routes(), crm_routes()}) {
    routes.insert(routes.end(), group.begin(), group.end());
  }
  for (Route& r : routes) {
    s.paths.emplace_back(std::regex(r.pattern), r.method);
    auto handler = [&s, route = r](const httplib::Request& req, httplib::Response& res) {
      s.dispatch(route, req, res, nullptr);
    };
    // Routes that may receive a body read it themselves, bounded (read_body).
    auto reading = [&s, route = r](const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader& reader) {
      s.dispatch(route, req, res, &reader);
    };
    if (r.method == "GET") s.http.Get(r.pattern, handler);
    if (r.method == "POST") s.http.Post(r.pattern, reading);
    if (r.method == "PATCH") s.http.Patch(r.pattern, reading);
    if (r.method == "DELETE") s.http.Delete(r.pattern, reading);
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
  s.own_origin = "http://" + host + ":" + std::to_string(port);
  return s.own_origin;
}

core::Status Server::run() {
  State& s = *state_;
  const bool ok = s.http.listen_after_bind();
  // Every request has finished; commit what the writer still holds before saying we stopped.
  s.services.writer.reset();
  if (!ok) return core::internal_error("the server stopped on a socket error");
  return {};
}

bool Server::is_running() const { return state_->http.is_running(); }

void Server::stop() { state_->http.stop(); }

}  // namespace novacrm::http
