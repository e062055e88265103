// mlgate: wiring only. Configuration → application core → route table → HTTP server.
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "api/routes.hpp"
#include "app/app.hpp"
#include "app/config.hpp"
#include "core/log.hpp"
#include "http/http_server.hpp"
#include "inference/probe.hpp"

using namespace mlgate;

namespace {
log::Level level_from(const std::string& s) {
  if (s == "debug") return log::Level::debug;
  if (s == "warn") return log::Level::warn;
  if (s == "error") return log::Level::error;
  return log::Level::info;
}
const char* env(const char* name) { return std::getenv(name); }
}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto inv = app::parse_invocation(args, env);
  if (!inv) {
    std::fprintf(stderr, "mlgate: %s\n", inv.error().message.c_str());
    return 2;
  }
  if (inv->command == app::Command::help) {
    std::cout << app::help_text();
    return 0;
  }
  if (inv->command == app::Command::version) {
    std::cout << "mlgate 0.1.0\n";
    return 0;
  }
  if (inv->command == app::Command::probe_model) return inference::run_probe_child(inv->command_args);
  app::Config& cfg = inv->config;
  log::set_level(level_from(cfg.log_level));
  // New models are first loaded by a child process running this same binary.
  std::error_code ec;
  cfg.probe_executable = std::filesystem::read_symlink("/proc/self/exe", ec);

  auto application = app::App::open(cfg);
  if (!application) {
    std::fprintf(stderr, "mlgate: %s\n", application.error().message.c_str());
    return 1;
  }
  app::App& a = *application.value();
  http::Router router = api::build_router(a);

  http::ServerOptions opts;
  opts.header_limit = cfg.header_limit;
  opts.read_timeout = std::chrono::seconds(cfg.read_timeout_s);
  opts.upload_timeout = std::chrono::seconds(cfg.upload_timeout_s);
  opts.max_connections = cfg.max_connections;
  opts.threads = cfg.threads;
  opts.origins.allowed_hosts = cfg.allowed_hosts_set ? cfg.allowed_hosts : http::default_allowed_hosts(cfg.listen_address);
  opts.origins.cors_origins = cfg.cors_origins;
  http::SessionServices services{
      [&a](std::string_view bearer) { return a.auth().authenticate(bearer); },
      [&a] { return a.artifacts().new_temp_path(); },
      [&a](const std::string& route, std::string_view method, int status, double seconds) { a.ops().observe_http(route, method, status, seconds); }};
  http::HttpServer server(router, opts, services);
  if (auto st = server.listen(cfg.listen_address, cfg.port); !st) {
    std::fprintf(stderr, "mlgate: %s\n", st.error().message.c_str());
    return 1;
  }
  std::string host = cfg.listen_address.find(':') != std::string::npos ? "[" + cfg.listen_address + "]" : cfg.listen_address;
  std::string url = "http://" + host + ":" + std::to_string(server.port()) + "/";
  // The link carries a one-time secret minted by this start (app/launch_token.hpp), never a
  // token: it may sit in scroll-back. The admin token is shown once, at the first start.
  std::cout << "mlgate is ready: open " << url << "?token=" << a.launch_token().take_secret() << " (a one-time sign-in link)\n";
  if (!a.first_admin_token().empty())
    std::cout << "admin token for the API (shown once; also saved in " << (cfg.data_dir / "admin.token").string()
              << ", mode 0600): " << a.first_admin_token() << std::endl;
  else
    std::cout << "admin token for the API: in " << (cfg.data_dir / "admin.token").string() << std::endl;
  log::info("main", "listening on " + url + " with " + std::to_string(opts.threads) + " threads, data in " + cfg.data_dir.string());
  server.run();
  log::info("main", "stopped");
  return 0;
}
