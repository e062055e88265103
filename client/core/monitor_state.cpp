#include "monitor_state.hpp"

#include <cmath>

#include "monitor_format.hpp"
#include "monitor_plots.hpp"
#include "monitor_summary.hpp"
#include "status_tone.hpp"

namespace mlgate::client {
using nlohmann::json;

const char* window_param(MonitorWindow w) {
  switch (w) {
    case MonitorWindow::hour: return "1h";
    case MonitorWindow::day: return "24h";
    case MonitorWindow::week: return "7d";
    case MonitorWindow::month: return "30d";
  }
  return "1h";
}

void MonitorState::show(const std::string& model) {
  if (model == model_) return;
  const MonitorWindow w = window_;  // the window is the person's choice, kept across models
  *this = MonitorState{};
  model_ = model;
  window_ = w;
}

std::string MonitorState::monitoring_path() const { return "/api/v1/models/" + model_ + "/monitoring?window=" + window_param(window_); }
std::string MonitorState::drift_path() const { return "/api/v1/models/" + model_ + "/drift?window=" + window_param(window_); }
std::string MonitorState::alerts_path() const { return "/api/v1/alerts?model=" + model_ + "&limit=50"; }
std::string MonitorState::jobs_path() const { return "/api/v1/jobs?model=" + model_; }
std::string MonitorState::retrain_path() const { return "/api/v1/models/" + model_ + "/retrain"; }

void MonitorState::on_monitoring(const std::string& body, const std::string& error) {
  plots_.clear();
  if (!error.empty()) return monitoring.fail(error);
  auto parsed = parse_monitoring(body);
  if (!parsed.report) return monitoring.fail(parsed.error);
  plots_ = monitoring_plots(*parsed.report);
  monitoring.set(std::move(*parsed.report));
}

void MonitorState::on_drift(const std::string& body, const std::string& error) {
  if (!error.empty()) return drift.fail(error);
  auto parsed = parse_drift(body);
  if (!parsed.report) return drift.fail(parsed.error);
  drift.set(std::move(*parsed.report));
  if (!selected_row()) selected_feature_.clear();
}

void MonitorState::on_alerts(const std::string& body, const std::string& error) {
  if (!error.empty()) return alerts.fail(error);
  auto parsed = parse_alerts(body);
  if (!parsed.alerts) return alerts.fail(parsed.error);
  alerts.set(std::move(*parsed.alerts));
}

void MonitorState::on_jobs(const std::string& body, const std::string& error) {
  if (!error.empty()) return jobs.fail(error);
  auto parsed = parse_jobs(body);
  if (!parsed.jobs) return jobs.fail(parsed.error);
  jobs.set(std::move(*parsed.jobs));
}

void MonitorState::retrain_sent() { retrain_ = RetrainOutcome{true, std::nullopt, ""}; }

void MonitorState::on_retrain(const std::string& body, const std::string& error) {
  retrain_.sending = false;
  if (!error.empty()) {
    retrain_.error = error;
    return;
  }
  retrain_.job = parse_job(body);
  if (!retrain_.job) retrain_.error = "the retrain reply is not a job";
}

void MonitorState::select_feature(const std::string& feature) { selected_feature_ = selected_feature_ == feature ? "" : feature; }

const DriftRow* MonitorState::selected_row() const {
  if (!drift.data || selected_feature_.empty()) return nullptr;
  for (const DriftRow* r : drift_rows(*drift.data))
    if (r->feature == selected_feature_) return r;
  return nullptr;
}

const JobRecord* MonitorState::selected_job() const {
  if (!jobs.data || selected_job_ == 0) return nullptr;
  for (const auto& j : *jobs.data)
    if (j.id == selected_job_) return &j;
  return nullptr;
}

bool MonitorState::due(double now_s) {
  if (!clock_started_) {
    clock_started_ = true;
    last_fetch_s_ = now_s;
    return false;
  }
  if (now_s - last_fetch_s_ < kRefreshSeconds) return false;
  last_fetch_s_ = now_s;
  return true;
}

namespace {
json optional_number(std::optional<double> v) { return v && std::isfinite(*v) ? json(*v) : json(nullptr); }
json error_or_null(const std::string& e) { return e.empty() ? json(nullptr) : json(e); }
}  // namespace

json MonitorState::to_json() const {
  json s = {{"model", model_}, {"window", window_param(window_)}, {"loading", loading()}};
  s["errors"] = {{"monitoring", error_or_null(monitoring.error)}, {"drift", error_or_null(drift.error)},
                 {"alerts", error_or_null(alerts.error)}, {"jobs", error_or_null(jobs.error)}};
  s["figures"] = json::array();
  s["plots"] = json::array();
  s["regression"] = nullptr;
  if (monitoring.data) {
    s["regression"] = is_regression(*monitoring.data);
    s["buckets"] = monitoring.data->buckets.size();
    for (const auto& f : summary_figures(*monitoring.data))
      s["figures"].push_back({{"name", f.name}, {"text", f.text}, {"value", optional_number(f.value)}});
    for (const auto& p : plots_) {
      json series = json::array();
      for (const auto& ser : p.series) {
        int points = 0;
        for (double y : ser.y) points += std::isfinite(y) ? 1 : 0;
        series.push_back({{"name", ser.name}, {"points", points}, {"dashed", ser.dashed}});
      }
      s["plots"].push_back({{"title", p.title}, {"series", series}});
    }
  }
  s["drift"] = nullptr;
  if (drift.data) {
    json rows = json::array();
    for (const DriftRow* r : drift_rows(*drift.data))
      rows.push_back({{"feature", r->feature}, {"kind", r->kind}, {"statistic", r->statistic}, {"value", optional_number(r->value)},
                      {"p_value", optional_number(r->p_value)}, {"psi", optional_number(r->psi)}, {"status", r->status},
                      {"tone", tone_name(drift_tone(r->status))}, {"prediction", r->is_prediction}});
    s["drift"] = {{"status", drift.data->status}, {"verdict", drift_verdict(*drift.data)}, {"tone", tone_name(drift_tone(drift.data->status))},
                  {"rows", rows}, {"selected", selected_feature_.empty() ? json(nullptr) : json(selected_feature_)}};
  }
  s["alerts"] = json::array();
  if (alerts.data)
    for (const auto& a : *alerts.data) s["alerts"].push_back({{"id", a.id}, {"rule", a.rule}, {"fired_at", a.fired_at}, {"delivery", a.delivery}});
  s["jobs"] = json::array();
  if (jobs.data)
    for (const auto& j : *jobs.data)
      s["jobs"].push_back({{"id", j.id}, {"kind", j.kind}, {"status", j.status}, {"trigger", j.trigger},
                           {"result_version", j.result_version ? json(*j.result_version) : json(nullptr)}});
  s["selected_job"] = selected_job_ ? json(selected_job_) : json(nullptr);
  s["retrain"] = {{"sending", retrain_.sending}, {"job", retrain_.job ? json(retrain_.job->id) : json(nullptr)}, {"error", error_or_null(retrain_.error)}};
  return s;
}

std::string MonitorState::live_text() const {
  if (model_.empty()) return "monitor: choose a model";
  std::string out = model_ + " monitoring (" + window_param(window_) + ")";
  if (monitoring.data) {
    out += ": " + std::to_string(monitoring.data->totals.requests) + " requests";
    const auto& t = monitoring.data->totals;
    if (is_regression(*monitoring.data)) out += ", MAE " + format_number(t.mae);
    else out += ", accuracy " + format_number(t.accuracy);
  } else if (!monitoring.error.empty()) {
    out += ": " + monitoring.error;
  }
  if (drift.data) out += "; drift: " + drift_verdict(*drift.data);
  return out;
}

}  // namespace mlgate::client
