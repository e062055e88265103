#include "core/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

extern char** environ;

namespace mlgate {

std::string signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGFPE: return "SIGFPE";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    default: return "signal " + std::to_string(sig);
  }
}

Result<ProcessResult> run_process(const ProcessOptions& o) {
  if (o.argv.empty()) return internal_error("run_process: no program");
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return internal_error(std::string("cannot create a pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  if (o.with_stderr) posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO);
  // The child must not hold the server's sockets or database files.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  if (!o.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, o.cwd.c_str());
  // Its own process group, so the deadline ends whatever it started as well.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> args;
  for (const auto& a : o.argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    auto named = [&](const std::string& set) { return entry.substr(0, entry.find('=') + 1) == set.substr(0, set.find('=') + 1); };
    if (std::none_of(o.environment.begin(), o.environment.end(), named)) env.push_back(*e);
  }
  for (const auto& e : o.environment) env.push_back(const_cast<char*>(e.c_str()));
  env.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, o.argv[0].c_str(), &actions, &attr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    return internal_error("cannot start " + o.argv[0] + ": " + std::strerror(rc));
  }
  ProcessResult r;
  const auto deadline = std::chrono::steady_clock::now() + o.timeout;
  char buf[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      r.timed_out = true;
      break;
    }
    if (o.stop_requested && o.stop_requested()) {
      r.stopped = true;
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(o.stop_requested ? std::min<long long>(left, 100) : left));
    if (n <= 0) continue;  // EINTR or nothing yet: the deadline check above ends the wait
    ssize_t got = read(out[0], buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // it closed its output: it has exited or is about to
    std::string_view piece(buf, static_cast<size_t>(got));
    if (o.on_output) o.on_output(piece);
    if (r.output.size() < o.max_output) r.output.append(piece.substr(0, o.max_output - r.output.size()));
  }
  close(out[0]);
  if (r.timed_out || r.stopped) kill(-pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
}

}  // namespace mlgate
