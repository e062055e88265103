// Server configuration: command line first, then MLGATE_* environment variables, then defaults.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mlgate/result.hpp"

namespace mlgate::app {

struct Config {
  std::string listen_address = "127.0.0.1";
  unsigned short port = 8080;
  std::filesystem::path data_dir = "mlgate-data";
  int threads = 0;  // 0: one per core
  uint64_t max_model_bytes = 512ull << 20;
  uint64_t max_csv_bytes = 256ull << 20;
  uint64_t max_json_bytes = 64ull << 20;
  uint32_t header_limit = 16 * 1024;
  int read_timeout_s = 30;
  int upload_timeout_s = 600;
  int max_connections = 4096;
  bool allow_self_approval = false;
  double min_accuracy = 0.0;  // default pass rule of a test (classification)
  double min_r2 = 0.0;        // default pass rule of a test (regression)
  std::string admin_token;    // MLGATE_ADMIN_TOKEN: used as the first admin token at first start
  std::string log_level = "info";
  // A new model's first load runs in a child with these limits (inference/probe.hpp).
  int probe_timeout_s = 60;
  uint64_t probe_memory_mb = 2048;
  std::filesystem::path probe_executable;  // the mlgate binary; set by main, not an option
  // Host names the server answers to (DNS rebinding); unset: the loopback names when it
  // listens on loopback, any otherwise. {"*"}: any.
  std::vector<std::string> allowed_hosts;
  bool allowed_hosts_set = false;
  std::vector<std::string> cors_origins;  // exact origins allowed to read cross-origin; none by default
  int session_hours = 12;                 // a browser session's lifetime
  int action_minutes = 15;                // how long a chat agent's pending action can be confirmed
  // The prediction log (monitoring.db): share of rows kept, how long, how many at most.
  double log_sample_rate = 1.0;
  int log_retention_days = 30;
  uint64_t log_max_rows = 5'000'000;
  // Alert rules are evaluated this often; alerts go to the webhook (if any), signed with
  // HMAC-SHA256 under the secret (MLGATE_ALERT_WEBHOOK_SECRET, environment only).
  int alert_interval_s = 60;
  std::string alert_webhook;
  std::string alert_webhook_secret;
};

// probe_model: the child side of the model probe, started by the server itself.
enum class Command { serve, help, version, probe_model };

struct Invocation {
  Command command = Command::help;
  Config config;
  std::vector<std::string> command_args;  // probe_model's arguments
};

// argv without argv[0]; env is a lookup (getenv in production, a map in tests).
Result<Invocation> parse_invocation(const std::vector<std::string>& args, const char* (*getenv_fn)(const char*));
std::string help_text();

}  // namespace mlgate::app
