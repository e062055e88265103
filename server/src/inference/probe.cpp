#include "inference/probe.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <new>

#include <nlohmann/json.hpp>

#include "core/fs.hpp"

extern char** environ;

namespace mlgate::inference {
namespace {

using nlohmann::json;
constexpr size_t kMaxReport = 64 * 1024;

Error rejected(const std::string& why) { return unprocessable("model_rejected", "the model was refused: " + why); }

std::string signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGFPE: return "SIGFPE";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    default: return "signal " + std::to_string(sig);
  }
}

std::string mib(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

std::string duration_text(std::chrono::milliseconds d) {
  auto ms = d.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

// The child's report, read until it closes its end or the deadline passes.
struct Child {
  pid_t pid = -1;
  std::string report;
  bool timed_out = false;
  int wait_status = 0;
};

Result<Child> run_child(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return internal_error(std::string("model probe: pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  // The child must not hold the server's sockets or database files.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  Child c;
  int rc = posix_spawn(&c.pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    return internal_error("model probe: cannot start " + argv[0] + ": " + std::strerror(rc));
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      c.timed_out = true;
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(left));
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) continue;  // the deadline check above ends the wait
    ssize_t got = read(out[0], buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // the child closed stdout: it has exited or is about to
    if (c.report.size() < kMaxReport) c.report.append(buf, static_cast<size_t>(got));
  }
  close(out[0]);
  if (c.timed_out) kill(c.pid, SIGKILL);
  while (waitpid(c.pid, &c.wait_status, 0) < 0 && errno == EINTR) {
  }
  return c;
}

}  // namespace

Status probe_model(const std::filesystem::path& file, const IntakeOptions& options, const ProbeLimits& limits) {
  std::vector<std::string> argv{limits.executable.string(), "probe-model", "--memory-bytes", std::to_string(limits.memory_bytes)};
  if (!options.features.empty()) {
    std::string joined;
    for (const auto& f : options.features) joined += (joined.empty() ? "" : ",") + f;
    argv.insert(argv.end(), {"--features", joined});
  }
  argv.push_back(file.string());
  auto child = run_child(argv, limits.timeout);
  if (!child) return child.error();
  if (child->timed_out)
    return rejected("loading it took longer than " + duration_text(limits.timeout));
  if (WIFSIGNALED(child->wait_status))
    return rejected("it crashed ONNX Runtime while loading (" + signal_name(WTERMSIG(child->wait_status)) + ")");
  json r = json::parse(child->report, nullptr, false);
  if (WIFEXITED(child->wait_status) && WEXITSTATUS(child->wait_status) == 0 && r.is_object()) {
    if (r.value("ok", false)) return ok_status();
    if (r.value("out_of_memory", false)) return rejected("loading it needed more than " + mib(limits.memory_bytes));
    if (r.contains("error") && r["error"].is_object()) {
      const json& e = r["error"];
      return Error{e.value("status", 422), e.value("code", "model_load_failed"), e.value("message", "")};
    }
  }
  int code = WIFEXITED(child->wait_status) ? WEXITSTATUS(child->wait_status) : -1;
  return rejected("the loading process ended without a verdict (exit " + std::to_string(code) + ")");
}

int run_probe_child(const std::vector<std::string>& args) {
  uint64_t memory = 0;
  IntakeOptions options;
  std::string file;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--memory-bytes" && i + 1 < args.size()) {
      memory = std::strtoull(args[++i].c_str(), nullptr, 10);
    } else if (args[i] == "--features" && i + 1 < args.size()) {
      std::string list = args[++i];
      for (size_t at = 0; at <= list.size();) {
        size_t comma = std::min(list.find(',', at), list.size());
        options.features.push_back(list.substr(at, comma - at));
        at = comma + 1;
      }
    } else {
      file = args[i];
    }
  }
  if (file.empty()) {
    std::cerr << "usage: mlgate probe-model [--memory-bytes N] [--features a,b] FILE\n";
    return 2;
  }
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  if (memory > 0) {
    rlimit as{memory, memory};
    setrlimit(RLIMIT_AS, &as);
  }
  json report;
  try {
    auto bytes = fs::read_file(file);
    auto intake = bytes ? intake_model(bytes.value(), options) : Result<Intake>(bytes.error());
    if (intake) {
      report = {{"ok", true}};
    } else if (intake.error().message.find("bad_alloc") != std::string::npos) {
      report = {{"out_of_memory", true}};  // ONNX Runtime rethrows it as its own exception
    } else {
      const Error& e = intake.error();
      report = {{"error", {{"status", e.status}, {"code", e.code}, {"message", e.message}}}};
    }
  } catch (const std::bad_alloc&) {
    report = {{"out_of_memory", true}};
  }
  std::cout << report.dump() << std::endl;
  return 0;
}

}  // namespace mlgate::inference
