#include "app/config.hpp"

#include <cerrno>
#include <cctype>
#include <cstdlib>
#include <thread>

namespace mlgate::app {
namespace {

Error usage(const std::string& msg) { return bad_request("usage", msg + " (see mlgate --help)"); }

Result<uint64_t> parse_uint(const std::string& what, const std::string& s, uint64_t max) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) return usage(what + " must be a non-negative integer, got '" + s + "'");
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), nullptr, 10);
  if (errno == ERANGE || v > max) return usage(what + " is too large: " + s);
  return uint64_t(v);
}

Result<double> parse_double(const std::string& what, const std::string& s) {
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || errno == ERANGE) return usage(what + " must be a number, got '" + s + "'");
  return v;
}

Result<bool> parse_bool(const std::string& what, const std::string& s) {
  if (s == "1" || s == "true" || s == "yes") return true;
  if (s == "0" || s == "false" || s == "no") return false;
  return usage(what + " must be true or false, got '" + s + "'");
}

std::vector<std::string> split_list(const std::string& v) {
  std::vector<std::string> out;
  for (size_t at = 0; at <= v.size();) {
    size_t comma = std::min(v.find(',', at), v.size());
    std::string item = v.substr(at, comma - at);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    at = comma + 1;
  }
  return out;
}

Status set_listen(Config& c, const std::string& v) {
  auto colon = v.rfind(':');
  if (colon == std::string::npos) return usage("--listen needs ADDR:PORT, got '" + v + "'");
  auto port = parse_uint("port", v.substr(colon + 1), 65535);
  if (!port) return port.error();
  std::string addr = v.substr(0, colon);
  if (addr.size() > 2 && addr.front() == '[' && addr.back() == ']') addr = addr.substr(1, addr.size() - 2);
  c.listen_address = addr.empty() ? "127.0.0.1" : addr;
  c.port = static_cast<unsigned short>(*port);
  return ok_status();
}

// One table for options that exist both as flags and as environment variables.
struct Option {
  const char* flag;
  const char* env;
  Status (*apply)(Config&, const std::string&);
};

const Option kOptions[] = {
    {"--listen", "MLGATE_LISTEN", set_listen},
    {"--data", "MLGATE_DATA", [](Config& c, const std::string& v) -> Status {
       if (v.empty()) return usage("--data needs a directory");
       c.data_dir = v;
       return ok_status();
     }},
    {"--threads", "MLGATE_THREADS", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--threads", v, 256);
       if (!n) return n.error();
       c.threads = int(*n);
       return ok_status();
     }},
    {"--max-model-bytes", "MLGATE_MAX_MODEL_BYTES", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--max-model-bytes", v, 1ull << 40);
       if (!n) return n.error();
       c.max_model_bytes = *n;
       return ok_status();
     }},
    {"--max-csv-bytes", "MLGATE_MAX_CSV_BYTES", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--max-csv-bytes", v, 1ull << 40);
       if (!n) return n.error();
       c.max_csv_bytes = *n;
       return ok_status();
     }},
    {"--max-json-bytes", "MLGATE_MAX_JSON_BYTES", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--max-json-bytes", v, 1ull << 36);
       if (!n) return n.error();
       c.max_json_bytes = *n;
       return ok_status();
     }},
    {"--max-connections", "MLGATE_MAX_CONNECTIONS", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--max-connections", v, 1u << 20);
       if (!n) return n.error();
       c.max_connections = int(*n);
       return ok_status();
     }},
    {"--read-timeout", "MLGATE_READ_TIMEOUT", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--read-timeout", v, 3600);
       if (!n) return n.error();
       c.read_timeout_s = int(*n);
       return ok_status();
     }},
    {"--allow-self-approval", "MLGATE_ALLOW_SELF_APPROVAL", [](Config& c, const std::string& v) -> Status {
       auto b = parse_bool("--allow-self-approval", v);
       if (!b) return b.error();
       c.allow_self_approval = *b;
       return ok_status();
     }},
    {"--min-accuracy", "MLGATE_MIN_ACCURACY", [](Config& c, const std::string& v) -> Status {
       auto d = parse_double("--min-accuracy", v);
       if (!d) return d.error();
       c.min_accuracy = *d;
       return ok_status();
     }},
    {"--min-r2", "MLGATE_MIN_R2", [](Config& c, const std::string& v) -> Status {
       auto d = parse_double("--min-r2", v);
       if (!d) return d.error();
       c.min_r2 = *d;
       return ok_status();
     }},
    {"--probe-timeout", "MLGATE_PROBE_TIMEOUT", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--probe-timeout", v, 3600);
       if (!n || *n == 0) return n ? usage("--probe-timeout must be at least 1 second") : n.error();
       c.probe_timeout_s = int(*n);
       return ok_status();
     }},
    {"--probe-memory-mb", "MLGATE_PROBE_MEMORY_MB", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--probe-memory-mb", v, 1u << 20);
       if (!n || *n < 64) return n ? usage("--probe-memory-mb must be at least 64") : n.error();
       c.probe_memory_mb = *n;
       return ok_status();
     }},
    {"--allowed-hosts", "MLGATE_ALLOWED_HOSTS", [](Config& c, const std::string& v) -> Status {
       c.allowed_hosts.clear();
       for (auto h : split_list(v)) {
         for (auto& ch : h) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
         if (h == "*") {
           c.allowed_hosts.clear();
           c.allowed_hosts_set = true;
           return ok_status();
         }
         if (h.find_first_of(":/ ") != std::string::npos && h.find('.') != std::string::npos)
           return usage("--allowed-hosts takes host names without scheme or port, got '" + h + "'");
         c.allowed_hosts.push_back(h);
       }
       if (c.allowed_hosts.empty()) return usage("--allowed-hosts needs at least one host name, or *");
       c.allowed_hosts_set = true;
       return ok_status();
     }},
    {"--cors-origins", "MLGATE_CORS_ORIGINS", [](Config& c, const std::string& v) -> Status {
       c.cors_origins.clear();
       for (const auto& o : split_list(v)) {
         if (o == "*") return usage("--cors-origins must list origins; * would let any site read with a token");
         if (o.rfind("http://", 0) != 0 && o.rfind("https://", 0) != 0)
           return usage("--cors-origins takes origins like https://app.example.com, got '" + o + "'");
         c.cors_origins.push_back(o);
       }
       return ok_status();
     }},
    {"--session-hours", "MLGATE_SESSION_HOURS", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--session-hours", v, 24 * 365);
       if (!n || *n == 0) return n ? usage("--session-hours must be at least 1") : n.error();
       c.session_hours = int(*n);
       return ok_status();
     }},
    {"--action-minutes", "MLGATE_ACTION_MINUTES", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--action-minutes", v, 24 * 60);
       if (!n || *n == 0) return n ? usage("--action-minutes must be at least 1") : n.error();
       c.action_minutes = int(*n);
       return ok_status();
     }},
    {"--log-sample-rate", "MLGATE_LOG_SAMPLE_RATE", [](Config& c, const std::string& v) -> Status {
       auto x = parse_double("--log-sample-rate", v);
       if (!x || !(*x >= 0 && *x <= 1)) return x ? usage("--log-sample-rate must be from 0 to 1") : x.error();
       c.log_sample_rate = *x;
       return ok_status();
     }},
    {"--log-retention-days", "MLGATE_LOG_RETENTION_DAYS", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--log-retention-days", v, 3650);
       if (!n || *n == 0) return n ? usage("--log-retention-days must be at least 1") : n.error();
       c.log_retention_days = int(*n);
       return ok_status();
     }},
    {"--log-max-rows", "MLGATE_LOG_MAX_ROWS", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--log-max-rows", v, 1'000'000'000);
       if (!n || *n < 1000) return n ? usage("--log-max-rows must be at least 1000") : n.error();
       c.log_max_rows = *n;
       return ok_status();
     }},
    {"--alert-interval", "MLGATE_ALERT_INTERVAL", [](Config& c, const std::string& v) -> Status {
       auto n = parse_uint("--alert-interval", v, 86400);
       if (!n || *n == 0) return n ? usage("--alert-interval must be at least 1 second") : n.error();
       c.alert_interval_s = int(*n);
       return ok_status();
     }},
    {"--alert-webhook", "MLGATE_ALERT_WEBHOOK", [](Config& c, const std::string& v) -> Status {
       if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0)
         return usage("--alert-webhook must be an http:// or https:// URL");
       c.alert_webhook = v;
       return ok_status();
     }},
    {"--log-level", "MLGATE_LOG_LEVEL", [](Config& c, const std::string& v) -> Status {
       if (v != "debug" && v != "info" && v != "warn" && v != "error") return usage("--log-level must be debug, info, warn or error");
       c.log_level = v;
       return ok_status();
     }},
};

}  // namespace

std::string help_text() {
  return R"(mlgate: self-service model deployment server (registry, approval, inference)

Usage:
  mlgate serve [options]     start the server
  mlgate --help              this text
  mlgate --version           print the version

Options (each also as an environment variable):
  --listen ADDR:PORT         MLGATE_LISTEN             default 127.0.0.1:8080
  --data DIR                 MLGATE_DATA               default ./mlgate-data (SQLite + artifacts)
  --threads N                MLGATE_THREADS            I/O threads, default one per core
  --max-model-bytes N        MLGATE_MAX_MODEL_BYTES    upload limit, default 536870912
  --max-csv-bytes N          MLGATE_MAX_CSV_BYTES      test CSV limit, default 268435456
  --max-json-bytes N         MLGATE_MAX_JSON_BYTES     JSON body limit, default 67108864
  --max-connections N        MLGATE_MAX_CONNECTIONS    default 4096; more are refused at once
  --read-timeout SECONDS     MLGATE_READ_TIMEOUT       per request header/body, default 30
  --allow-self-approval BOOL MLGATE_ALLOW_SELF_APPROVAL default false (separation of duties)
  --min-accuracy X           MLGATE_MIN_ACCURACY       test pass rule for classifiers, default 0
  --min-r2 X                 MLGATE_MIN_R2             test pass rule for regressors, default 0
  --probe-timeout SECONDS    MLGATE_PROBE_TIMEOUT      a new model's first load (in a child process), default 60
  --probe-memory-mb N        MLGATE_PROBE_MEMORY_MB    that child's memory limit, default 2048
  --allowed-hosts H1,H2      MLGATE_ALLOWED_HOSTS      Host names answered (DNS rebinding guard); * for any;
                                                       default: the loopback names on loopback, any otherwise
  --cors-origins O1,O2       MLGATE_CORS_ORIGINS       origins allowed cross-origin access; default none
  --session-hours N          MLGATE_SESSION_HOURS      lifetime of a browser session (POST /api/v1/session), default 12
  --action-minutes N         MLGATE_ACTION_MINUTES     how long a chat agent's pending action can be confirmed, default 15
  --log-sample-rate X        MLGATE_LOG_SAMPLE_RATE    share of predicted rows logged for drift and feedback, default 1
  --log-retention-days N     MLGATE_LOG_RETENTION_DAYS prediction log retention, default 30
  --log-max-rows N           MLGATE_LOG_MAX_ROWS       predicted rows kept at most, default 5000000
  --alert-interval SECONDS   MLGATE_ALERT_INTERVAL     how often alert rules are evaluated, default 60
  --alert-webhook URL        MLGATE_ALERT_WEBHOOK      where alerts are POSTed as signed JSON
                             MLGATE_ALERT_WEBHOOK_SECRET  the HMAC-SHA256 key of that signature
  --log-level LEVEL          MLGATE_LOG_LEVEL          debug|info|warn|error, default info
                             MLGATE_ADMIN_TOKEN        the admin token to create at first start
)";
}

Result<Invocation> parse_invocation(const std::vector<std::string>& args, const char* (*getenv_fn)(const char*)) {
  Invocation inv;
  Config& c = inv.config;
  for (const auto& o : kOptions) {
    if (const char* v = getenv_fn(o.env)) {
      auto st = o.apply(c, v);
      if (!st) return Error{st.error().status, st.error().code, std::string(o.env) + ": " + st.error().message};
    }
  }
  if (const char* t = getenv_fn("MLGATE_ADMIN_TOKEN")) c.admin_token = t;
  if (const char* t = getenv_fn("MLGATE_ALERT_WEBHOOK_SECRET")) c.alert_webhook_secret = t;

  if (args.empty()) return inv;
  const std::string& cmd = args[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") return inv;
  if (cmd == "--version" || cmd == "version") {
    inv.command = Command::version;
    return inv;
  }
  if (cmd == "probe-model") {  // started by the server itself (inference/probe.hpp)
    inv.command = Command::probe_model;
    inv.command_args.assign(args.begin() + 1, args.end());
    return inv;
  }
  if (cmd != "serve") return usage("unknown command '" + cmd + "'");
  inv.command = Command::serve;
  for (size_t i = 1; i < args.size(); ++i) {
    std::string a = args[i], value;
    if (a == "--help" || a == "-h") {
      inv.command = Command::help;
      return inv;
    }
    auto eq = a.find('=');
    bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
    }
    const Option* opt = nullptr;
    for (const auto& o : kOptions)
      if (a == o.flag) opt = &o;
    if (!opt) return usage("unknown option '" + a + "'");
    if (!inline_value) {
      if (i + 1 >= args.size()) return usage(a + " needs a value");
      value = args[++i];
    }
    auto st = opt->apply(c, value);
    if (!st) return st.error();
  }
  if (c.threads == 0) c.threads = std::max(1u, std::thread::hardware_concurrency());
  return inv;
}

}  // namespace mlgate::app
