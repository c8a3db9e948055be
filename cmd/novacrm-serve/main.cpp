// novacrm-serve: the HTTP server that `novacrm serve` execs (DESIGN.md, start-up floor: the CLI
// never loads the server). Accepts the CLI's global options and the serve command's own, checks
// the starting token against the matrix row `serve`, prints the URL once listening, and stops
// cleanly on SIGINT or SIGTERM: in-flight requests finish, queued audit records are committed.
#include <pthread.h>
#include <csignal>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/guard.hpp"
#include "core/workspace_paths.hpp"
#include "http/server.hpp"
#include "obs/logging.hpp"

#ifndef NOVACRM_VERSION
#define NOVACRM_VERSION "0.0.0"
#endif

namespace {

using novacrm::core::ErrorCode;

int fail(const novacrm::core::Error& e) {
  const char* prefix = e.code == ErrorCode::kPermissionDenied ? "permission denied: " : "";
  std::cerr << "novacrm: error: " << prefix << e.describe() << '\n';
  return novacrm::core::exit_code(e.code);
}

struct Args {
  std::optional<std::string> home;
  std::optional<std::string> token;
  std::string log_level = "warn";
  std::string log_format = "text";
  bool no_color = false;
  std::string listen = "127.0.0.1:8080";
  std::vector<std::string> cors_origins;
  size_t max_body = 1U << 20;
  unsigned threads = 0;
};

int serve(const Args& a) {
  const novacrm::obs::LogFormat format =
      a.log_format == "json" ? novacrm::obs::LogFormat::kJson : novacrm::obs::LogFormat::kText;
  if (auto s = novacrm::obs::setup_logging(a.log_level, format); !s) return fail(s.error());
  novacrm::http::ServeOptions options;
  if (auto s = novacrm::http::parse_listen(a.listen, options); !s) return fail(s.error());
  options.cors_origins = a.cors_origins;
  options.max_body = a.max_body;
  options.threads = a.threads;
  options.version = NOVACRM_VERSION;
  if (const char* dir = std::getenv("NOVACRM_DASHBOARD_DIR"); dir != nullptr && *dir != '\0') {
    options.dashboard_dir = dir;
  }
  auto paths = novacrm::core::resolve_workspace(a.home);
  if (!paths) return fail(paths.error());
  std::error_code ec;
  if (!std::filesystem::exists(paths->database, ec)) {
    return fail(novacrm::core::workspace_unavailable(
        paths->home.string(), "no workspace here (run 'novacrm init' to create one)"));
  }
  novacrm::app::AccessRequest request;
  request.command = "serve";
  request.token = a.token;
  auto session = novacrm::app::guard_command(*paths, request);
  if (!session) return fail(session.error());

  // Signals are taken by this thread with sigwait; every other thread (the serving one and the
  // pool's, created after this) has them blocked.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto server = novacrm::http::Server::create(*paths, options);
  if (!server) return fail(server.error());
  auto url = (*server)->bind();
  if (!url) return fail(url.error());
  novacrm::core::Status result;
  std::atomic<bool> ended{false};
  const pthread_t main_thread = pthread_self();
  std::thread serving([&] {
    result = (*server)->run();
    ended = true;
    // Wakes sigwait below when run() ended by itself; the main thread is waiting for it.
    pthread_kill(main_thread, SIGTERM);  // NOLINT(bugprone-bad-signal-to-kill-thread)
  });
  // The URL is printed once connections are accepted, so a signal sent after reading it always
  // stops the server (cpp-httplib ignores stop() until then).
  while (!(*server)->is_running() && !ended)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!ended) std::cout << "novacrm serve: listening on " << *url << std::endl;
  int sig = 0;
  sigwait(&stop_signals, &sig);
  (*server)->stop();
  serving.join();
  if (!result) return fail(result.error());
  std::cerr << "novacrm serve: stopped\n";
  return 0;
}

int run(int argc, char** argv) {
  CLI::App app{"novacrm-serve: the HTTP server behind 'novacrm serve'", "novacrm"};
  app.set_version_flag("--version", NOVACRM_VERSION, "Print the version and exit");
  Args a;
  app.add_option("--home", a.home, "Workspace directory (default: NOVACRM_HOME)");
  app.add_option("--token", a.token, "Admin token that starts the server (default: NOVACRM_TOKEN)")
      ->envname("NOVACRM_TOKEN");
  app.add_option("--log-level", a.log_level, "Log level (default warn)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.add_option("--log-format", a.log_format, "Log format on stderr: text|json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--no-color", a.no_color, "Accepted for symmetry with novacrm; never colours");
  app.fallthrough();  // global options may follow `serve`, as with every novacrm command
  CLI::App* serve_cmd = app.add_subcommand(
      "serve",
      "Serve the workspace over HTTP: the API under /api/v1 (docs/http-api.md), /metrics, and the "
      "dashboard at /. Requests authenticate with 'Authorization: Bearer TOKEN'; every route is "
      "decided by the permission matrix. Stops cleanly on SIGINT or SIGTERM.");
  serve_cmd->add_option("--listen", a.listen,
                        "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free one "
                        "and the URL is printed)");
  serve_cmd->add_option("--cors-origin", a.cors_origins,
                        "An origin allowed to call the API from a browser (repeatable); the "
                        "dashboard's own origin is always allowed");
  serve_cmd->add_option("--max-body", a.max_body, "Largest request body in bytes (default 1 MiB)")
      ->check(CLI::Range(static_cast<size_t>(1), static_cast<size_t>(64) << 20));
  serve_cmd
      ->add_option("--threads", a.threads,
                   "Worker threads: one per open connection, so at least the number of "
                   "concurrent clients (default: 64)")
      ->check(CLI::Range(1U, 1024U));
  app.require_subcommand(1, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    std::cerr << "novacrm: error: " << msg << " (see 'novacrm serve --help')\n";
    return novacrm::core::exit_code(ErrorCode::kBadInput);
  }
  return serve(a);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "novacrm: internal error: " << e.what() << '\n';
    return novacrm::core::exit_code(ErrorCode::kInternal);
  }
}
