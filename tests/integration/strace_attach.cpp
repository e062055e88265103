#include "integration/strace_attach.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace mlgate::testing {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

StraceAttach::StraceAttach(int pid, const std::string& syscalls, const std::string& inject, std::filesystem::path out)
    : out_(std::move(out)) {
  const auto err = out_.string() + ".stderr";
  std::vector<std::string> args = strace_launcher(syscalls, inject, out_);
  args.insert(args.end(), {"-p", std::to_string(pid)});
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    FILE* e = std::freopen(err.c_str(), "w", stderr);
    (void)e;
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp("strace", argv.data());
    _exit(127);
  }
  // strace says "Process N attached" once every thread is stopped under it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (slurp(err).find("attached") == std::string::npos) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("strace ended before attaching: " + slurp(err));
    }
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("strace did not attach: " + slurp(err));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

StraceAttach::~StraceAttach() { detach(); }

void StraceAttach::detach() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGINT);  // strace detaches from its tracees on SIGINT
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::vector<TracedCall> StraceAttach::calls() const { return read_trace(out_); }

std::vector<TracedCall> read_trace(const std::filesystem::path& file) {
  std::vector<TracedCall> out;
  std::map<std::pair<int, std::string>, int> seen;
  std::map<int, size_t> unfinished;  // tid -> index of its call strace printed as unfinished
  static const std::regex call(R"(^(\d+)\s+([a-z0-9_]+)\((.*))");
  static const std::regex resumed(R"(^(\d+)\s+<\.\.\. [a-z0-9_]+ resumed>.*)");
  std::istringstream in(slurp(file));
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, resumed)) {
      unfinished.erase(std::stoi(m[1]));
      continue;
    }
    if (!std::regex_match(line, m, call)) continue;  // signals, exits
    TracedCall c;
    c.tid = std::stoi(m[1]);
    c.syscall = m[2];
    c.ordinal = ++seen[{c.tid, c.syscall}];
    c.killed = line.size() >= 3 && line.compare(line.size() - 3, 3, "= ?") == 0;
    if (line.find("<unfinished ...>") != std::string::npos) unfinished[c.tid] = out.size();
    c.line = line.substr(0, 160);
    out.push_back(std::move(c));
  }
  // A call that never came back was interrupted by the end of its process.
  for (auto& [tid, i] : unfinished) out[i].killed = true;
  return out;
}

std::vector<std::string> strace_launcher(const std::string& syscalls, const std::string& inject,
                                         const std::filesystem::path& out) {
  std::vector<std::string> args = {"strace", "-f", "-o", out.string(), "-e", "trace=" + syscalls};
  if (!inject.empty()) args.insert(args.end(), {"-e", "inject=" + inject});
  return args;
}

std::map<std::string, std::string> traced_server_env() {
  const char* asan = std::getenv("ASAN_OPTIONS");
  return {{"ASAN_OPTIONS", std::string(asan ? asan : "") + (asan && *asan ? ":" : "") + "detect_leaks=0"}};
}

bool strace_usable() {
  int pid = fork();
  if (pid == 0) {
    execlp("strace", "strace", "-o", "/dev/null", "true", nullptr);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace mlgate::testing
