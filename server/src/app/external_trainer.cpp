#include "app/external_trainer.hpp"

#include <signal.h>
#include <unistd.h>

#include <set>

#include "core/fs.hpp"
#include "core/subprocess.hpp"

namespace mlgate::app {
namespace {

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
}

std::string tail(const std::string& s, size_t n) { return s.size() <= n ? s : "..." + s.substr(s.size() - n); }

// The variable every trainer of a data folder, and whatever it starts, carries: how a later
// start tells them from other processes (a shell someone opened in a job's folder, say).
std::string trainer_mark(const std::filesystem::path& jobs_root) {
  std::error_code ec;
  return "MLGATE_TRAINER_OF=" + std::filesystem::weakly_canonical(jobs_root, ec).string();
}

}  // namespace

std::string expand_command(const std::string& command, const ExternalRun& run, const std::filesystem::path& output) {
  std::string c = command;
  replace_all(c, "{data}", quoted(run.data.string()));
  replace_all(c, "{output}", quoted(output.string()));
  replace_all(c, "{label}", quoted(run.label));
  replace_all(c, "{model}", quoted(run.model));
  return c;
}

Result<std::string> run_external_trainer(const ExternalTrainer& trainer, const ExternalRun& run,
                                         const std::function<void(const std::string&)>& print,
                                         const std::function<bool()>& stop_requested) {
  const auto output = run.workdir / "model.onnx";
  ProcessOptions po;
  po.argv = {"/bin/sh", "-c", expand_command(trainer.command, run, output)};
  po.timeout = trainer.timeout;
  po.with_stderr = true;
  po.stop_requested = stop_requested;
  po.cwd = run.workdir;
  po.environment = {trainer_mark(run.workdir.parent_path())};  // workdir is <jobs root>/<job id>
  std::string pending;  // a line is printed once it is whole
  po.on_output = [&](std::string_view piece) {
    pending.append(piece);
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) print(pending.substr(0, nl));
  };
  auto r = run_process(po);
  if (!pending.empty()) print(pending);
  if (!r) return r.error();
  const std::string said = r->output.empty() ? "" : "; it printed: " + tail(r->output, 2000);
  if (r->stopped) return Error{503, "stopped", "the trainer command was stopped, as mlgate is stopping" + said};
  if (r->timed_out)
    return unprocessable("trainer_failed", "the trainer command was stopped after " + std::to_string(trainer.timeout.count()) + " s" + said);
  if (r->signal) return unprocessable("trainer_failed", "the trainer command was ended by " + signal_name(r->signal) + said);
  if (r->exit_code != 0)
    return unprocessable("trainer_failed", "the trainer command exited with status " + std::to_string(r->exit_code) + said);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(output, ec))
    return unprocessable("trainer_failed", "the trainer command succeeded but wrote no model to {output}" + said);
  return fs::read_file(output);
}

size_t end_orphaned_trainers(const std::filesystem::path& jobs_root) {
  // Whole entries only: a mark for <jobs_root>2/jobs must not match.
  const std::string nul(1, '\0'), wanted = nul + trainer_mark(jobs_root) + nul;
  std::set<pid_t> groups;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc", ec); !ec && it != std::filesystem::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    // Its environment as it was started, NUL-separated; unreadable for other users' processes.
    auto environ_text = fs::read_file(it->path() / "environ");
    if (!environ_text || (nul + environ_text.value()).find(wanted) == std::string::npos) continue;
    const pid_t group = getpgid(static_cast<pid_t>(std::stol(name)));
    if (group > 1 && group != getpgrp()) groups.insert(group);
  }
  size_t ended = 0;
  for (pid_t g : groups) ended += ::kill(-g, SIGKILL) == 0;
  return ended;
}

}  // namespace mlgate::app
