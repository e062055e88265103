// Running another program with a deadline and its output captured: the model probe (a
// child mlgate) and teams' own trainers (a shell command). No shell is involved unless
// argv asks for one; the child holds none of the server's file descriptors.
#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mlgate/result.hpp"

namespace mlgate {

struct ProcessOptions {
  std::vector<std::string> argv;  // argv[0] is an absolute path
  std::chrono::milliseconds timeout{60'000};
  size_t max_output = 64 * 1024;  // kept of what it prints; the rest is read and dropped
  bool with_stderr = false;       // capture stderr with stdout (else it goes where ours goes)
  std::filesystem::path cwd;      // empty: ours
  std::vector<std::string> environment;  // "NAME=value" entries set on top of (or over) ours
  // Called with each piece of output as it arrives (a job log follows a trainer live).
  std::function<void(std::string_view)> on_output;
  // Polled at least every 100 ms: true ends it (with its process group) before its deadline.
  std::function<bool()> stop_requested;
};

struct ProcessResult {
  std::string output;
  bool timed_out = false;  // killed (with its whole process group) at the deadline
  bool stopped = false;    // killed (likewise) because stop_requested said so
  int exit_code = -1;      // when it exited
  int signal = 0;          // when a signal ended it
};

// 500 when the program cannot be started at all.
Result<ProcessResult> run_process(const ProcessOptions& options);
std::string signal_name(int sig);

}  // namespace mlgate
