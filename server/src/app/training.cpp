#include "app/training.hpp"

#include <cmath>
#include <filesystem>

#include "app/app.hpp"
#include "app/external_trainer.hpp"
#include "app/feedback_rows.hpp"
#include "app/operations.hpp"
#include "app/retrain_policy.hpp"
#include "app/retrain_scheduler.hpp"
#include "app/version_data.hpp"
#include "app/version_tester.hpp"
#include "core/fs.hpp"
#include "core/random_id.hpp"
#include "mlgate/csv.hpp"
#include "retraining/train.hpp"

namespace mlgate::app {
using nlohmann::json;

namespace {

// [SECTION] the data a job trains on

// The rows of `set` at `rows`, as a set of their own (for the holdout CSV and the external
// trainer's input, in the same canonical form as the whole).
retraining::TrainingSet subset(const retraining::TrainingSet& set, const std::vector<std::size_t>& rows) {
  retraining::TrainingSet out = set;
  const std::size_t f = set.features.size();
  out.x.clear();
  out.y_class.clear();
  out.y_value.clear();
  out.lines.clear();
  for (std::size_t r : rows) {
    out.x.insert(out.x.end(), set.x.begin() + long(r * f), set.x.begin() + long((r + 1) * f));
    if (!set.y_class.empty()) out.y_class.push_back(set.y_class[r]);
    if (!set.y_value.empty()) out.y_value.push_back(set.y_value[r]);
    out.lines.push_back(set.lines[r]);
  }
  return out;
}

// [SECTION] landing a trained model

struct Trained {
  std::string onnx;
  json lineage;
  std::vector<std::string> features;
};

const char* key_metric(const api::Signature& sig) { return sig.task == "regression" ? "r2" : "accuracy"; }

std::string shown(const json& metrics, const char* key) {
  if (!metrics.contains(key) || !metrics[key].is_number()) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", metrics[key].get<double>());
  return buf;
}

Result<Trained> run_trainer(App& app, const registry::Job& job, JobLog& jl, const retraining::TrainingSet& set,
                            const retraining::TrainerSpec& spec, const std::optional<ExternalTrainer>& external,
                            const std::vector<std::size_t>& training_rows) {
  if (spec.trainer != "external") {
    retraining::TrainerSpec stoppable = spec;
    stoppable.stop_requested = [&jl] { return jl.stop_requested(); };
    auto m = retraining::train(set, stoppable);
    if (!m) return m.error();
    const char* k = m->task == retraining::Task::regression ? "r2" : "accuracy";
    jl.line("trained " + m->trainer + " on " + std::to_string(m->training_rows) + " rows; the trainer's holdout " + k + ": " +
            shown(m->metrics, k));
    return Trained{m->onnx, retraining::lineage(m.value()), m->features};
  }
  if (!external) return unprocessable("invalid_policy", "the trainer is \"external\" but the policy has no external command");
  // The team's command sees the training rows only; the holdout stays unseen for the test.
  std::filesystem::path work = job_work_root(app.config().data_dir) / std::to_string(job.id);
  std::error_code ec;
  std::filesystem::remove_all(work, ec);
  std::filesystem::create_directories(work, ec);
  if (ec) return internal_error("cannot create the job's folder " + work.string() + ": " + ec.message());
  auto train_part = subset(set, training_rows);
  if (auto st = fs::write_file_atomic(work / "data.csv", retraining::training_csv(train_part), 0600); !st) return st.error();
  jl.line("running the external trainer: " + external->command);
  auto onnx = run_external_trainer(*external, {work / "data.csv", work, set.label, job.model},
                                   [&](const std::string& l) { jl.line("| " + l); }, [&jl] { return jl.stop_requested(); });
  std::filesystem::remove_all(work, ec);
  if (!onnx) return onnx.error();
  json lineage = {{"trainer", "external"}, {"label", set.label}, {"features", set.features},
                  {"parameters", {{"test_size", spec.test_size}, {"seed", spec.seed}}},
                  {"data", {{"sha256", set.sha256}, {"rows", set.rows()}, {"training_rows", training_rows.size()},
                            {"holdout_rows", set.rows() - training_rows.size()}}}};
  return Trained{onnx.value(), lineage, set.features};
}

// Registers, tests on the holdout, compares with production and asks for promotion.
Result<JobOutcome> land(App& app, const registry::Job& job, JobLog& jl, const retraining::TrainingSet& set,
                        const retraining::TrainerSpec& spec, const std::optional<ExternalTrainer>& external, json lineage_extra) {
  auto split = retraining::holdout_split(set, spec.test_size, spec.seed);
  if (!split) return split.error();
  auto trained = run_trainer(app, job, jl, set, spec, external, split->train);
  if (!trained) return trained.error();

  // The training data is kept (content-addressed) so the next retrain starts from it.
  const std::string all_rows = retraining::training_csv(set);
  auto data_sha = app.artifacts().put(all_rows);
  if (!data_sha) return data_sha.error();
  json lineage = trained->lineage;
  lineage.update(lineage_extra);
  lineage["job"] = job.id;
  lineage["trigger"] = job.trigger;

  auto tmp = app.artifacts().new_temp_path();
  if (auto st = fs::write_file_atomic(tmp, trained->onnx, 0600); !st) return st.error();
  inference::IntakeOptions options;
  options.features = trained->features;
  std::string description = "trained by mlgate (job " + std::to_string(job.id) + ", " + lineage.value("trainer", spec.trainer) + ")";
  auto created = ops::register_version(app, job.model, tmp, description, options, job.actor, lineage);
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  if (!created) return created.error();
  const api::VersionInfo& v = created->version;
  jl.line(std::string(created->created ? "registered " : "the same model is already registered as ") + job.model + " v" +
          std::to_string(v.version) + " (" + v.stage + ")");
  JobOutcome out;
  out.version = v.version;
  out.result = {{"model", job.model}, {"version", v.version}, {"created", created->created}};
  if (!created->created) return out;

  // The holdout rows, which the trainer never saw, are the version's first test.
  const std::string holdout_csv = retraining::training_csv(subset(set, split->holdout));
  auto test = ops::test_version(app, job.model, v.version, holdout_csv, set.label, job.actor);
  if (!test) return test.error();
  const char* key = key_metric(v.signature);
  jl.line("tested on the " + std::to_string(split->holdout.size()) + " holdout rows: " + key + " " + shown(test->metrics, key) +
          (test->passed ? ", passed" : ", failed the pass rule"));
  out.result["test_id"] = test->id;
  out.result["metrics"] = test->metrics;

  // Production on the same rows, when it reads the same columns: the comparison an approver needs.
  std::string comparison;
  if (auto prod = app.serving().production(job.model); prod && prod.value()->info.version != v.version) {
    PassRule rule{app.config().min_accuracy, app.config().min_r2};
    auto theirs = run_server_test(*prod.value(), holdout_csv, set.label, rule);
    if (theirs) {
      out.result["production"] = {{"version", prod.value()->info.version}, {"metrics", theirs->metrics}};
      comparison = "; production v" + std::to_string(prod.value()->info.version) + " " + shown(theirs->metrics, key) + " on the same rows";
    } else {
      jl.line("production could not be scored on the holdout rows: " + theirs.error().message);
    }
  }
  if (!test->passed) {
    jl.line("no promotion request: the version did not pass its test");
    return out;
  }
  std::string reason = "retrained (" + job.trigger + ", job " + std::to_string(job.id) + "): holdout " + key + " " +
                       shown(test->metrics, key) + comparison;
  auto promo = app.store().request_promotion(job.model, v.version, reason, job.actor);
  if (!promo) {
    jl.line("the promotion request was refused: " + promo.error().message);
    return out;
  }
  jl.line("promotion request #" + std::to_string(promo->id) + " waits for an approver: " + reason);
  out.result["promotion_id"] = promo->id;
  out.result["comparison"] = reason;
  return out;
}

// [SECTION] the two kinds

retraining::TrainerSpec spec_from(const json& params, const RetrainPolicy& policy) {
  retraining::TrainerSpec spec;
  spec.trainer = params.value("trainer", policy.trainer);
  spec.test_size = params.value("test_size", policy.test_size);
  spec.params = policy.params;
  if (params.contains("params"))
    for (auto it = params["params"].begin(); it != params["params"].end(); ++it)
      spec.params[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
  if (auto s = spec.params.find("seed"); s != spec.params.end()) {
    spec.seed = static_cast<std::uint32_t>(std::strtoul(s->second.c_str(), nullptr, 10));
    spec.params.erase(s);
  }
  return spec;
}

Result<JobOutcome> run_train(App& app, const registry::Job& job, JobLog& jl) {
  const json& p = job.params;
  auto csv = app.artifacts().get(p.value("data_sha256", ""));
  if (!csv) return csv.error();
  auto table = csv::read_table(csv.value());
  if (!table) return table.error();
  retraining::DataOptions opts;
  opts.label = p.value("label", "");
  if (p.contains("features")) opts.features = p["features"].get<std::vector<std::string>>();
  auto set = retraining::make_training_set(table.value(), opts);
  if (!set) return set.error();
  jl.line("training data: " + p.value("filename", "the uploaded CSV") + ", " + std::to_string(set->rows()) + " rows, " +
          std::to_string(set->features.size()) + " features, " + retraining::to_string(set->task));
  auto policy = policy_of(app, job.model);
  if (!policy) return policy.error();
  return land(app, job, jl, set.value(), spec_from(p, policy.value()), policy->external,
              {{"source", "train"}, {"upload", p.value("filename", "")}});
}

Result<JobOutcome> run_retrain(App& app, const registry::Job& job, JobLog& jl) {
  auto parent = app.serving().production(job.model);
  api::VersionInfo base_version;
  if (parent) {
    base_version = parent.value()->info;
  } else {
    auto versions = app.store().list_versions(job.model);
    if (!versions) return versions.error();
    if (versions->empty()) return not_found("model_not_found", "no model '" + job.model + "'");
    base_version = versions->back();
  }
  auto base = version_data(app, base_version);
  if (!base) return base.error();
  jl.line("base data: " + base->description);
  auto policy = policy_of(app, job.model);
  if (!policy) return policy.error();

  // The production rows people labelled through feedback since the base data was made.
  auto labelled = labelled_rows_since(app, job.model, base_version, base->label);
  if (!labelled) return labelled.error();
  jl.line(std::to_string(labelled->count()) + " labelled production rows from feedback since " + labelled->since);
  if (job.trigger == "schedule" && int64_t(labelled->count()) < policy->min_new_labels) {
    jl.line("skipped: fewer new labelled rows than the policy's min_new_labels (" + std::to_string(policy->min_new_labels) + ")");
    JobOutcome skipped;
    skipped.result = {{"skipped", "no new labelled rows since the last training"}};
    return skipped;
  }
  auto table = csv::read_table(base->csv);
  if (!table) return table.error();
  if (auto st = append_rows(table.value(), labelled.value()); !st) return st.error();

  retraining::DataOptions opts;
  opts.label = base->label;
  opts.features = base_version.signature.features;
  opts.task = base_version.signature.task == "regression" ? retraining::Task::regression : retraining::Task::classification;
  auto set = retraining::make_training_set(table.value(), opts);
  if (!set) return set.error();
  jl.line("training set: " + std::to_string(set->rows()) + " rows, " + std::to_string(set->features.size()) + " features");
  json extra = {{"source", "retrain"}, {"parent_version", base_version.version}, {"base_data", base->origin},
                {"feedback_rows", labelled->count()}, {"feedback_since", labelled->since}};
  return land(app, job, jl, set.value(), spec_from(job.params, policy.value()), policy->external, extra);
}

}  // namespace

std::map<std::string, JobWork> training_job_kinds(App& app) {
  return {{"train", [&app](const registry::Job& j, JobLog& l) { return run_train(app, j, l); }},
          {"retrain", [&app](const registry::Job& j, JobLog& l) { return run_retrain(app, j, l); }}};
}

std::filesystem::path job_work_root(const std::filesystem::path& data_dir) { return data_dir / "jobs"; }

}  // namespace mlgate::app
