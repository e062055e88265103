// Training and retraining jobs, and each model's retraining policy. Jobs are rows, not
// threads: a queued job survives a restart and runs after it; a job that was running when
// the process died is marked failed at the next start (its log says so), never lost.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlgate/result.hpp"

namespace mlgate::registry {

struct Job {
  int64_t id = 0;
  std::string model;
  std::string kind;     // train (a new version from a CSV) | retrain (from the model's data and feedback)
  std::string status;   // queued | running | succeeded | failed
  std::string trigger;  // api | schedule | alert | agent
  std::string actor;    // who asked; "mlgate" for the scheduler and alerts
  nlohmann::json params = nlohmann::json::object();
  std::string created_at, started_at, finished_at;
  std::string log;  // what the job printed, the tail kept when long
  std::string error;
  std::optional<int64_t> result_version;
  nlohmann::json result = nlohmann::json::object();
};

struct NewJob {
  std::string model, kind, trigger, actor;
  nlohmann::json params = nlohmann::json::object();
};

struct RetrainPolicy {
  std::string model;
  nlohmann::json policy = nlohmann::json::object();  // validated by app/retrain_policy.cpp
  std::string updated_at, updated_by;
  std::string last_scheduled_at;  // when the schedule last queued a job ("" never)
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  virtual Result<Job> create_job(const NewJob& j) = 0;
  // The oldest queued job, now running; nothing when none is queued.
  virtual Result<std::optional<Job>> claim_next() = 0;
  virtual Status append_log(int64_t id, const std::string& text) = 0;
  virtual Result<Job> finish_job(int64_t id, bool succeeded, std::optional<int64_t> result_version,
                                 const nlohmann::json& result, const std::string& error) = 0;
  virtual Result<Job> get_job(int64_t id) = 0;  // 404 job_not_found
  virtual Result<std::vector<Job>> list_jobs(const std::optional<std::string>& model, int64_t limit) = 0;  // newest first
  // At start: every job left running by a dead process becomes failed. Returns how many.
  virtual Result<int64_t> fail_interrupted() = 0;

  virtual Result<std::optional<RetrainPolicy>> get_policy(const std::string& model) = 0;
  virtual Result<RetrainPolicy> put_policy(const std::string& model, const nlohmann::json& policy, const std::string& actor) = 0;
  virtual Result<std::vector<RetrainPolicy>> list_policies() = 0;
  virtual Status mark_scheduled(const std::string& model, const std::string& at) = 0;
};

// On the registry's SQLite file, with its own connection.
Result<std::unique_ptr<JobStore>> open_sqlite_job_store(const std::filesystem::path& db_file);

}  // namespace mlgate::registry
