// end_orphaned_trainers on real processes: it ends the process groups whose environment holds
// exactly this data folder's trainer mark, and nothing else (another folder whose path starts
// with the same text, a process without the mark).
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "app/external_trainer.hpp"

using mlgate::app::end_orphaned_trainers;

namespace {

// `sleep 60` in a process group of its own with `env` as its whole environment.
pid_t sleeper(std::vector<std::string> env) {
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::string prog = "/bin/sleep", arg = "60";
  char* argv[] = {prog.data(), arg.data(), nullptr};
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  REQUIRE(posix_spawn(&pid, prog.c_str(), nullptr, &attr, argv, envp.data()) == 0);
  posix_spawnattr_destroy(&attr);
  return pid;
}

// Whether it ended by SIGKILL within the wait (a SIGKILL takes effect at once; the wait only
// covers its delivery), reaping it if so.
bool killed(pid_t pid) {
  for (int i = 0; i < 100; ++i) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST_CASE("a start ends exactly the trainers of its own data folder") {
  const auto root = std::filesystem::temp_directory_path() / ("mlgate-orphans-" + std::to_string(getpid()));
  std::filesystem::create_directories(root / "data" / "jobs");
  std::filesystem::create_directories(root / "data2" / "jobs");
  const std::string jobs = std::filesystem::canonical(root / "data" / "jobs").string();

  const pid_t ours = sleeper({"PATH=/usr/bin:/bin", "MLGATE_TRAINER_OF=" + jobs});
  const pid_t prefixed = sleeper({"MLGATE_TRAINER_OF=" + jobs + "2"});  // same leading text
  const pid_t other = sleeper({"MLGATE_TRAINER_OF=" + std::filesystem::canonical(root / "data2" / "jobs").string()});
  const pid_t unmarked = sleeper({"HOME=" + jobs});
  // Wait until each one has exec'd (its environ is the new program's from then on).
  for (pid_t p : {ours, prefixed, other, unmarked})
    for (int i = 0; i < 200; ++i) {
      std::error_code ec;
      if (std::filesystem::read_symlink("/proc/" + std::to_string(p) + "/exe", ec).filename() == "sleep") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }

  CHECK(end_orphaned_trainers(root / "data" / "jobs") == 1);
  CHECK(killed(ours));
  for (pid_t p : {prefixed, other, unmarked}) {
    int status = 0;
    CHECK(waitpid(p, &status, WNOHANG) == 0);  // still running
    ::kill(p, SIGKILL);
    waitpid(p, &status, 0);
  }
  std::filesystem::remove_all(root);
}
