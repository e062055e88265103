#include "app/app.hpp"

#include <sys/stat.h>

#include "app/agent_planner_choice.hpp"
#include "app/agent_uploads.hpp"
#include "app/external_trainer.hpp"
#include "app/retrain_scheduler.hpp"
#include "app/training.hpp"
#include "core/clock.hpp"
#include "core/fs.hpp"
#include "core/log.hpp"
#include "core/sha256.hpp"
#include "registry/file_artifact_store.hpp"
#include "registry/sqlite_store.hpp"

namespace mlgate::app {

Result<std::unique_ptr<App>> App::open(const Config& config) {
  if (config.probe_executable.empty() || !std::filesystem::exists(config.probe_executable))
    return internal_error("no model probe executable (the mlgate binary) at '" + config.probe_executable.string() + "'");
  std::unique_ptr<App> app(new App());
  app->config_ = config;
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return internal_error("cannot create data directory " + config.data_dir.string() + ": " + ec.message());
  ::chmod(config.data_dir.c_str(), 0700);

  auto store = registry::open_sqlite_store(config.data_dir / "mlgate.db");
  if (!store) return store.error();
  app->store_ = std::move(store.value());
  auto artifacts = registry::open_file_artifact_store(config.data_dir / "artifacts");
  if (!artifacts) return artifacts.error();
  app->artifacts_ = std::move(artifacts.value());

  // A kill may leave temp uploads and blobs whose version row never committed.
  if (auto swept = app->artifacts_->sweep_temp(); swept && swept.value() > 0)
    log::info("registry", "removed " + std::to_string(swept.value()) + " leftover temp files");
  if (auto keep = app->store_->referenced_artifacts(); keep) {
    if (auto gc = app->artifacts_->collect_garbage(keep.value()); gc && gc.value() > 0)
      log::info("registry", "removed " + std::to_string(gc.value()) + " unreferenced artifacts");
  }

  auto agent_store = registry::open_sqlite_agent_store(config.data_dir / "mlgate.db");
  if (!agent_store) return agent_store.error();
  app->agent_store_ = std::move(agent_store.value());
  if (auto swept = sweep_uploads(*app, kUploadRetention); swept && swept.value() > 0)
    log::info("agent", "removed " + std::to_string(swept.value()) + " expired uploads");

  // A kill inside the first start's write of admin.token leaves its temp file, which holds a
  // secret that never became a token.
  if (auto swept = fs::remove_temp_files(config.data_dir); swept && swept.value() > 0)
    log::info("app", "removed " + std::to_string(swept.value()) + " leftover temp files");
  app->auth_ = std::make_unique<Authenticator>(*app->store_);
  if (auto st = app->ensure_admin_token(); !st) return st.error();

  app->serving_ = std::make_unique<Serving>(*app->store_, *app->artifacts_);
  app->serving_->load_production();
  app->ops_.registry().gauge("mlgate_loaded_models", "Model versions loaded in ONNX Runtime",
                             [serving = app->serving_.get()] { return static_cast<double>(serving->loaded_count()); });
  app->planner_ = choose_planner(config);

  monitoring::LogOptions log_options;
  log_options.sample_rate = config.log_sample_rate;
  log_options.retention_ms = int64_t(config.log_retention_days) * 86'400'000;
  log_options.max_rows = int64_t(config.log_max_rows);
  auto plog = monitoring::PredictionLog::open(config.data_dir / "monitoring.db", log_options);
  if (!plog) return plog.error();
  app->prediction_log_ = std::move(plog.value());
  app->ops_.registry().gauge("mlgate_prediction_log_dropped_rows", "Predicted rows the log dropped because its queue was full",
                             [log = app->prediction_log_.get()] { return static_cast<double>(log->dropped_rows()); });

  auto jobs = registry::open_sqlite_job_store(config.data_dir / "mlgate.db");
  if (!jobs) return jobs.error();
  app->jobs_ = std::move(jobs.value());
  if (auto failed = app->jobs_->fail_interrupted(); failed && failed.value() > 0)
    log::warn("jobs", std::to_string(failed.value()) + " jobs were running when mlgate stopped; they are marked failed");
  // Their trainers and work folders (a copy of the training rows) go with them: no job runs
  // before the runner starts below. No jobs folder, no trainer ever ran: no /proc scan.
  if (const auto jobs_root = job_work_root(config.data_dir); std::filesystem::exists(jobs_root)) {
    if (size_t ended = end_orphaned_trainers(jobs_root); ended > 0)
      log::warn("jobs", "ended " + std::to_string(ended) + " trainer process group(s) a killed server left running");
    std::error_code no_jobs;
    std::filesystem::remove_all(jobs_root, no_jobs);
  }
  App* self = app.get();
  app->job_runner_ = std::make_unique<JobRunner>(*app->jobs_, training_job_kinds(*self), [self] {
    if (auto due = queue_due_retrains(*self, now_epoch_seconds()); !due)
      log::error("retrain", "cannot check the retraining schedules: " + due.error().message);
  });
  app->job_runner_->start();

  auto alerts = registry::open_sqlite_alert_store(config.data_dir / "mlgate.db");
  if (!alerts) return alerts.error();
  app->alerts_ = std::move(alerts.value());
  app->alert_evaluator_ = std::make_unique<AlertEvaluator>(*self);
  app->alert_evaluator_->start();
  return app;
}

App::~App() {
  if (alert_evaluator_) alert_evaluator_->stop();
  if (job_runner_) job_runner_->stop();
}

Status App::ensure_admin_token() {
  auto tokens = store_->list_tokens();
  if (!tokens) return tokens.error();
  if (!tokens.value().empty()) return ok_status();
  std::string secret = config_.admin_token.empty() ? Authenticator::new_secret() : config_.admin_token;
  if (secret.size() < 16) return bad_request("weak_token", "MLGATE_ADMIN_TOKEN must be at least 16 characters");
  // File first: if we die before the row commits, the next start makes a new token and file.
  if (auto st = fs::write_file_atomic(config_.data_dir / "admin.token", secret + "\n", 0600); !st) return st;
  if (auto st = store_->create_token(kFirstAdminName, "admin", sha256_hex(secret), "system"); !st) return st;
  first_admin_token_ = secret;
  return ok_status();
}

}  // namespace mlgate::app
