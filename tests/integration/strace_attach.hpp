// strace attached to a running server: to record the write/fsync/rename calls an operation
// makes, or to inject a fault (SIGKILL, an errno) into the N-th of them.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mlgate::testing {

// The syscalls through which the registry makes anything durable.
inline const char* kDurableSyscalls = "write,pwrite64,writev,pwritev,fsync,fdatasync,rename,renameat,renameat2";

struct TracedCall {
  int tid = 0;
  std::string syscall;
  int ordinal = 0;        // 1 for this thread's first call of this syscall (strace counts per thread)
  bool killed = false;    // the call did not return: the process was killed inside it
  std::string line;
};

class StraceAttach {
 public:
  // Attaches to every thread of pid (and children it forks), tracing `syscalls`; `inject`
  // is strace's -e inject= argument, empty for tracing only. Returns once strace says it
  // is attached.
  StraceAttach(int pid, const std::string& syscalls, const std::string& inject, std::filesystem::path out);
  ~StraceAttach();
  StraceAttach(const StraceAttach&) = delete;
  StraceAttach& operator=(const StraceAttach&) = delete;

  // Detaches (the traced process keeps running) and waits for strace to end.
  void detach();
  // The traced calls in the order strace printed them, with per-thread ordinals.
  std::vector<TracedCall> calls() const;

 private:
  int pid_ = -1;
  std::filesystem::path out_;
};

// The calls of a trace strace wrote with -f -o, in its order, with per-thread ordinals.
std::vector<TracedCall> read_trace(const std::filesystem::path& file);

// A launcher (ServerProcess's) that starts the server under strace from its first
// instruction, for what happens before a server could be attached to: its first start.
std::vector<std::string> strace_launcher(const std::string& syscalls, const std::string& inject,
                                         const std::filesystem::path& out);

// The environment for a server that strace will attach to. Under AddressSanitizer,
// LeakSanitizer cannot run in a traced process and ends it with exit 1 instead, which would
// make every model probe child (traced with the server, -f) fail; so the leak check is off
// there. Other builds ignore the variable.
std::map<std::string, std::string> traced_server_env();

// Whether strace can attach here (ptrace allowed); tests that need it fail without.
bool strace_usable();

}  // namespace mlgate::testing
