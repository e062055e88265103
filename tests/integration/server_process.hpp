// The real mlgate binary on a free loopback port with a temporary data directory, waited
// for until it says it is ready (never slept for), stopped with SIGTERM.
#pragma once
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mlgate::testing {

class ServerProcess {
 public:
  // extra_args are appended to `mlgate serve`; env adds MLGATE_* variables; launcher, when
  // given, is a command the binary and its arguments are appended to (e.g. a mount namespace).
  explicit ServerProcess(std::vector<std::string> extra_args = {}, std::map<std::string, std::string> env = {},
                         std::filesystem::path data_dir = {}, std::vector<std::string> launcher = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  const std::string& admin_token() const { return admin_token_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  const std::string& banner() const { return banner_; }
  // SIGKILL (no clean shutdown) or SIGTERM; waits for the process. stop() gives it 5 s, then
  // SIGKILL, and says whether the SIGTERM alone ended it.
  void kill_hard();
  bool stop();
  bool running() const { return pid_ > 0; }
  int pid() const { return pid_; }
  // Waits up to `timeout` for the process to end on its own (reaping it); true if it was
  // killed by SIGKILL.
  bool wait_killed(std::chrono::milliseconds timeout);
  // Everything the server wrote to stderr so far (its log).
  std::string log() const;

 private:
  // Once the process has ended: a sanitizer's report in its log (TSan, ASan, LSan, UBSan)
  // fails the running test. Without this a report that ends the server (halt_on_error) could
  // pass as one of the deaths a kill test expects, and a leak found at a clean exit, or any
  // report when a test never asks the server again, would go unread.
  void fail_on_sanitizer_report() const;

  int pid_ = -1;
  unsigned short port_ = 0;
  std::string admin_token_;
  std::string banner_;
  std::filesystem::path data_dir_;
  std::filesystem::path log_file_;
  bool own_dir_ = false;
};

std::filesystem::path make_temp_dir(const std::string& prefix);

}  // namespace mlgate::testing
