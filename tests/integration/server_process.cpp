#include "integration/server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <catch2/catch.hpp>

namespace mlgate::testing {

std::filesystem::path make_temp_dir(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

ServerProcess::ServerProcess(std::vector<std::string> extra_args, std::map<std::string, std::string> env,
                             std::filesystem::path data_dir, std::vector<std::string> launcher) {
  own_dir_ = data_dir.empty();
  data_dir_ = own_dir_ ? make_temp_dir("mlgate-it") / "data" : data_dir;
  log_file_ = data_dir_.parent_path() / ("server-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()) + ".log");
  admin_token_ = env.count("MLGATE_ADMIN_TOKEN") ? env["MLGATE_ADMIN_TOKEN"] : "it-admin-token-0123456789abcdef";
  env["MLGATE_ADMIN_TOKEN"] = admin_token_;

  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(out[1], 1);
    int logfd = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (logfd >= 0) dup2(logfd, 2);
    close(out[0]);
    for (auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<std::string> args = launcher;
    args.insert(args.end(), {MLGATE_BINARY, "serve", "--listen", "127.0.0.1:0", "--data", data_dir_.string(), "--threads", "2"});
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  // Wait for the ready line, which carries the real port.
  std::string buf;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (buf.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, int(left)) <= 0) break;
    char c[512];
    ssize_t n = read(out[0], c, sizeof c);
    if (n <= 0) break;
    buf.append(c, size_t(n));
  }
  close(out[0]);
  banner_ = buf;
  auto pos = buf.find("http://127.0.0.1:");
  if (pos == std::string::npos) {
    // Its stdout closed or it said nothing in time: if it ended (a kill test's SIGKILL, a
    // start-up error), say how; if not, kill it.
    std::string how = "no ready line in 60 s";
    for (int i = 0; i < 200 && pid_ > 0; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        how = WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                                  : "exited with " + std::to_string(WEXITSTATUS(status));
        fail_on_sanitizer_report();
      } else {
        usleep(10000);
      }
    }
    std::string l = log();
    kill_hard();
    throw std::runtime_error("mlgate did not start (" + how + "): " + buf + " log: " + l);
  }
  port_ = static_cast<unsigned short>(std::stoi(buf.substr(pos + 17)));
}

ServerProcess::~ServerProcess() {
  stop();
  if (own_dir_) {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_.parent_path(), ec);
  }
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  fail_on_sanitizer_report();
}

void ServerProcess::fail_on_sanitizer_report() const {
  // The opening words of every report that means a bug: a race, a memory error, a leak at a
  // clean exit, undefined behaviour. The probe child writes here too; its expected end at its
  // own memory limit is "AddressSanitizer: hard rss limit exhausted" (no ERROR) or a null
  // from the allocator (allocator_may_return_null), which none of these match.
  static const char* const kReports[] = {"WARNING: ThreadSanitizer:", "ERROR: AddressSanitizer:", "ERROR: LeakSanitizer:",
                                         ": runtime error: "};
  const std::string text = log();
  size_t first = std::string::npos;
  for (const char* mark : kReports) first = std::min(first, text.find(mark));
  if (first == std::string::npos) return;
  const size_t from = text.rfind('\n', first);
  FAIL_CHECK("sanitizer report in the server's log " << log_file_ << ":\n"
                                                      << text.substr(from == std::string::npos ? 0 : from + 1, 6000));
}

bool ServerProcess::wait_killed(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return false;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      fail_on_sanitizer_report();
      return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    }
    usleep(2000);
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

bool ServerProcess::stop() {
  if (pid_ <= 0) return false;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 200; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      fail_on_sanitizer_report();
      return true;
    }
    usleep(25000);
  }
  kill_hard();
  return false;
}

std::string ServerProcess::log() const {
  std::ifstream f(log_file_);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace mlgate::testing
