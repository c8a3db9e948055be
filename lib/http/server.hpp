// The HTTP front end of `novacrm serve` (docs/http-api.md): cpp-httplib on a thread pool, every
// route behind the same permission matrix and use cases as the CLI (lib/app), audit events
// appended through one group-committing writer, strict CORS, request ids, problem+json errors,
// JSON access logs and Prometheus metrics. Never logs a token, a body or a field value.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/workspace_paths.hpp"

namespace novacrm::http {

// cpp-httplib gives each open keep-alive connection a pool thread: this many connections at once.
inline constexpr unsigned kDefaultThreads = 64;

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  std::vector<std::string> cors_origins;
  size_t max_body = 1U << 20;
  unsigned threads = 0;  // 0: kDefaultThreads
  std::string version;
  std::string dashboard_dir;  // serve the dashboard from here instead of the compiled-in copy
};

// "127.0.0.1:8080" into host and port (kBadInput naming --listen).
core::Status parse_listen(const std::string& listen, ServeOptions& options);

class Server {
 public:
  // Opens the workspace's audit writer; the workspace must exist.
  static core::Result<std::unique_ptr<Server>> create(const core::WorkspacePaths& paths,
                                                      const ServeOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the socket; the URL clients use ("http://127.0.0.1:34567").
  core::Result<std::string> bind();
  // Serves until stop(); in-flight requests finish and queued audit events are committed first.
  core::Status run();
  // Whether run() is accepting connections (stop() before that has no effect).
  [[nodiscard]] bool is_running() const;
  // Safe from any thread (a signal-waiting one included).
  void stop();

 private:
  struct State;
  explicit Server(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace novacrm::http
