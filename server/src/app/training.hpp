// What the training jobs do. A `train` job makes a new version (of a new or existing model)
// from a labelled CSV; a `retrain` job makes the next version of a model from the data its
// current version was trained or tested on plus the production rows labelled since by
// feedback. Both end the same way: the model goes through intake like any upload, lands in
// staging with its lineage, is tested on the holdout rows it never saw, is compared with
// production on those same rows, and gets a promotion request filled in with that comparison.
// Nothing reaches production without an approver.
#pragma once
#include <filesystem>
#include <map>
#include <string>

#include "app/job_runner.hpp"

namespace mlgate::app {

class App;

// The job kinds for the runner: "train" and "retrain".
std::map<std::string, JobWork> training_job_kinds(App& app);

// The folder under which an external trainer's job works (one subfolder per job id, holding
// a copy of its training rows); removed when the job ends, and at start-up.
std::filesystem::path job_work_root(const std::filesystem::path& data_dir);

}  // namespace mlgate::app
