#include "app/agent_monitoring_tools.hpp"

#include "app/app.hpp"
#include "app/monitoring_ops.hpp"
#include "app/retrain_policy.hpp"
#include "app/retrain_scheduler.hpp"
#include "core/duration.hpp"

namespace mlgate::app {
using nlohmann::json;

namespace {

constexpr std::size_t kJobsShown = 10;

Result<int64_t> window_of(const json& a) {
  if (!a.contains("window")) return int64_t(86'400'000);
  auto ms = a["window"].is_string() ? parse_duration_ms(a["window"].get<std::string>()) : std::nullopt;
  if (!ms || *ms < 60'000 || *ms > 90LL * 86'400'000)
    return unprocessable("invalid_window", "window must be a duration from 1m to 90d such as 1h, 24h or 7d");
  return *ms;
}

json job_summary(const registry::Job& j) {
  return {{"id", j.id},           {"model", j.model},     {"kind", j.kind},         {"status", j.status},
          {"trigger", j.trigger}, {"created_at", j.created_at}, {"finished_at", j.finished_at}, {"error", j.error},
          {"result_version", j.result_version ? json(*j.result_version) : json(nullptr)}};
}

}  // namespace

Result<json> monitoring_report_tool(App& app, const http::Identity&, const json& a) {
  auto window = window_of(a);
  if (!window) return window.error();
  auto r = monitoring_report(app, a.at("model"), window.value(), 1);
  if (!r) return r.error();
  return json{{"card", "monitoring"}, {"model", (*r)["model"]}, {"task", (*r)["task"]}, {"window", (*r)["window"]},
              {"totals", (*r)["totals"]}};
}

Result<json> drift_report_tool(App& app, const http::Identity&, const json& a) {
  auto window = window_of(a);
  if (!window) return window.error();
  auto r = drift_report(app, a.at("model"), std::nullopt, window.value());
  if (!r) return r.error();
  json features = json::array();
  for (const auto& f : (*r)["features"]) {
    json row = {{"feature", f["feature"]}, {"statistic", f["statistic"]}, {"value", f["value"]}, {"status", f["status"]},
                {"drifted", f["drifted"]}, {"psi", f["psi"]}};
    if (f.contains("p_value")) row["p_value"] = f["p_value"];
    features.push_back(std::move(row));
  }
  return json{{"card", "drift"},       {"model", (*r)["model"]},     {"version", (*r)["version"]},
              {"window", (*r)["window"]}, {"status", (*r)["status"]}, {"message", r->value("message", "")},
              {"drifting", (*r)["drifting"]}, {"current_rows", (*r)["current_rows"]}, {"features", features}};
}

Result<json> retrain_tool(App& app, const http::Identity& who, const json& a) {
  // The same fields a policy has for the trainer, checked the same way as the API.
  json params = json::object();
  for (const char* k : {"trainer", "test_size", "params"})
    if (a.contains(k)) params[k] = a[k];
  if (auto p = parse_policy(params); !p) return p.error();
  const std::string& model = a.at("model").get_ref<const std::string&>();
  if (auto v = app.store().list_versions(model); !v) return v.error();
  auto job = queue_retrain(app, model, "agent", who.name, params);
  if (!job) return job.error();
  json card = job_summary(job.value());
  card["card"] = "job";
  card["params"] = params;
  return card;
}

Result<json> list_jobs_tool(App& app, const http::Identity&, const json& a) {
  std::optional<std::string> model;
  if (a.contains("model")) model = a["model"].get<std::string>();
  auto jobs = app.jobs().list_jobs(model, kJobsShown);
  if (!jobs) return jobs.error();
  json list = json::array();
  for (const auto& j : jobs.value()) list.push_back(job_summary(j));
  return json{{"card", "jobs"}, {"model", model ? json(*model) : json(nullptr)}, {"jobs", list}};
}

}  // namespace mlgate::app
