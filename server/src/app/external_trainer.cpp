#include "app/external_trainer.hpp"

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
                                         const std::function<void(const std::string&)>& print) {
  const auto output = run.workdir / "model.onnx";
  ProcessOptions po;
  po.argv = {"/bin/sh", "-c", expand_command(trainer.command, run, output)};
  po.timeout = trainer.timeout;
  po.with_stderr = true;
  po.cwd = run.workdir;
  std::string pending;  // a line is printed once it is whole
  po.on_output = [&](std::string_view piece) {
    pending.append(piece);
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) print(pending.substr(0, nl));
  };
  auto r = run_process(po);
  if (!pending.empty()) print(pending);
  if (!r) return r.error();
  const std::string said = r->output.empty() ? "" : "; it printed: " + tail(r->output, 2000);
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

}  // namespace mlgate::app
