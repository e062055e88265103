// The application core the HTTP handlers reach: stores, serving, identity, configuration.
#pragma once
#include <memory>
#include <string>

#include "app/alert_evaluator.hpp"
#include "app/authenticator.hpp"
#include "app/job_runner.hpp"
#include "app/launch_token.hpp"
#include "app/config.hpp"
#include "app/ops_metrics.hpp"
#include "agent/planner.hpp"
#include "app/serving.hpp"
#include "monitoring/prediction_log.hpp"
#include "registry/agent_store.hpp"
#include "registry/alert_store.hpp"
#include "registry/artifact_store.hpp"
#include "registry/job_store.hpp"
#include "registry/metadata_store.hpp"

namespace mlgate::app {

// The name of the admin token made at first start; the printed sign-in link signs in as it.
inline constexpr const char* kFirstAdminName = "admin";

class App {
 public:
  // Opens (or creates) the data directory: SQLite store, artifact store, temp sweep,
  // orphan-artifact GC, expired agent uploads, the first admin token, production models,
  // and the agent's planner (choose_planner in agent_planner_choice.cpp).
  static Result<std::unique_ptr<App>> open(const Config& config);
  ~App();

  const Config& config() const { return config_; }
  registry::MetadataStore& store() { return *store_; }
  registry::ArtifactStore& artifacts() { return *artifacts_; }
  Serving& serving() { return *serving_; }
  Authenticator& auth() { return *auth_; }
  OpsMetrics& ops() { return ops_; }
  registry::AgentStore& agent_store() { return *agent_store_; }
  // Training and retraining jobs, and the thread that runs them (and the schedule).
  registry::JobStore& jobs() { return *jobs_; }
  JobRunner& job_runner() { return *job_runner_; }
  // Every predict request and its sampled rows, and the feedback joined to them.
  monitoring::PredictionLog& prediction_log() { return *prediction_log_; }
  // Alert rules and fired alerts, and the thread that evaluates the rules.
  registry::AlertStore& alerts() { return *alerts_; }
  AlertEvaluator& alert_evaluator() { return *alert_evaluator_; }
  // Files people handed to the agent, named by their upload id.
  std::filesystem::path uploads_dir() const { return config_.data_dir / "uploads"; }
  // The agent's planner; nullptr when none is configured (chat answers 503). Set before the
  // server starts; next() is then called from several HTTP threads at once.
  agent::Planner* planner() { return planner_.get(); }
  void set_planner(std::unique_ptr<agent::Planner> planner) { planner_ = std::move(planner); }
  // Set when this start created the first admin token (printed once, never again).
  const std::string& first_admin_token() const { return first_admin_token_; }
  // The one-time sign-in link's secret, minted at every start (printed by main, redeemed by
  // POST /api/v1/launch for a session of the first admin token, "admin").
  LaunchToken& launch_token() { return launch_token_; }

 private:
  App() = default;
  Status ensure_admin_token();

  Config config_;
  std::unique_ptr<registry::MetadataStore> store_;
  std::unique_ptr<registry::ArtifactStore> artifacts_;
  std::unique_ptr<Serving> serving_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<registry::AgentStore> agent_store_;
  std::unique_ptr<agent::Planner> planner_;
  std::unique_ptr<monitoring::PredictionLog> prediction_log_;
  std::unique_ptr<registry::JobStore> jobs_;
  std::unique_ptr<registry::AlertStore> alerts_;
  std::unique_ptr<JobRunner> job_runner_;  // the threads last: stopped first, while everything they use lives
  std::unique_ptr<AlertEvaluator> alert_evaluator_;
  std::string first_admin_token_;
  LaunchToken launch_token_;
  OpsMetrics ops_;
};

}  // namespace mlgate::app
