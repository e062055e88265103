#include "job_records.hpp"

#include <nlohmann/json.hpp>

#include "json_read.hpp"

namespace mlgate::client {
namespace {
using nlohmann::json;
using namespace json_read;

JobRecord read_job(const json& j) {
  JobRecord r;
  r.id = integer(j, "id").value_or(0);
  r.model = text(j, "model");
  r.kind = text(j, "kind");
  r.status = text(j, "status");
  r.trigger = text(j, "trigger");
  r.actor = text(j, "actor");
  r.created_at = text(j, "created_at");
  r.started_at = text(j, "started_at");
  r.finished_at = text(j, "finished_at");
  r.log = text(j, "log");
  r.error = text(j, "error");
  r.result_version = integer(j, "result_version");
  r.duration_s = number(j, "duration_s");
  return r;
}

}  // namespace

std::optional<JobRecord> parse_job(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !integer(j, "id")) return std::nullopt;
  return read_job(j);
}

JobsParse parse_jobs(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  const json* list = field(j, "jobs");
  if (!list || !list->is_array()) return {std::nullopt, "the jobs reply has no jobs list"};
  std::vector<JobRecord> out;
  for (const auto& job : *list) out.push_back(read_job(job));
  return {std::move(out), ""};
}

std::optional<Route> result_route(const JobRecord& j) {
  if (!j.result_version || *j.result_version <= 0 || j.model.empty()) return std::nullopt;
  return Route{Pane::models, j.model, *j.result_version};
}

}  // namespace mlgate::client
