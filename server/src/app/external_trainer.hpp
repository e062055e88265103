// Teams that train in their own stack give mlgate a command: it gets the training data as a
// CSV and writes an ONNX file, and mlgate takes it from there (intake, holdout test,
// staging, promotion request) as for its own trainer.
#pragma once
#include <filesystem>
#include <functional>
#include <string>

#include "app/retrain_policy.hpp"
#include "mlgate/result.hpp"

namespace mlgate::app {

struct ExternalRun {
  std::filesystem::path data;     // the training CSV
  std::filesystem::path workdir;  // empty, the command's working directory; {output} is inside
  std::string label, model;
};

// The command's placeholders replaced by single-quoted values (none of them is request
// text: paths mlgate made, a label and a model name that passed validation).
std::string expand_command(const std::string& command, const ExternalRun& run, const std::filesystem::path& output);

// Runs it under /bin/sh with the policy's timeout, its output (stdout and stderr) passed to
// `print` line by line as it comes. Returns the ONNX bytes it wrote; 422 trainer_failed
// when it exits non-zero, is killed or writes nothing, with the end of what it printed.
// `stop_requested` (polled) ends it early: 503 stopped.
Result<std::string> run_external_trainer(const ExternalTrainer& trainer, const ExternalRun& run,
                                         const std::function<void(const std::string&)>& print,
                                         const std::function<bool()>& stop_requested = {});

// Ends (SIGKILL, with their process groups) the trainers a killed server left running, with no
// deadline left to end them: the processes started with the variable run_external_trainer
// gives the trainers working under `jobs_root`. Returns how many groups. At start-up only.
size_t end_orphaned_trainers(const std::filesystem::path& jobs_root);

}  // namespace mlgate::app
