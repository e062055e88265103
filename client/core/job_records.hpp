// GET /api/v1/jobs?model= (newest first) and the 202 job of POST .../retrain.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "route.hpp"

namespace mlgate::client {

struct JobRecord {
  int64_t id = 0;
  std::string model, kind, status, trigger, actor;  // kind "train"|"retrain"; status "queued"|"running"|"succeeded"|"failed"
  std::string created_at, started_at, finished_at;
  std::string log, error;
  std::optional<int64_t> result_version;
  std::optional<double> duration_s;
};

// One job object (the retrain reply), or nullopt if it is not one.
std::optional<JobRecord> parse_job(const std::string& body);
struct JobsParse {
  std::optional<std::vector<JobRecord>> jobs;
  std::string error;
};
JobsParse parse_jobs(const std::string& body);

// Where the job's result version is shown: #/models/{name}/{version}; nullopt without one.
std::optional<Route> result_route(const JobRecord& j);

}  // namespace mlgate::client
