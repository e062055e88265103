// The monitor pane's state: the model and window shown, the four views' replies (each
// loading, loaded or failed on its own), the selected drift row and job, the retrain
// outcome, and the auto-refresh clock. AppState builds the requests and hands the replies
// in; the UI draws from here.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "alert_records.hpp"
#include "drift_report.hpp"
#include "job_records.hpp"
#include "monitor_report.hpp"
#include "test_plots.hpp"

namespace mlgate::client {

enum class MonitorWindow { hour, day, week, month };
inline constexpr MonitorWindow kMonitorWindows[] = {MonitorWindow::hour, MonitorWindow::day, MonitorWindow::week, MonitorWindow::month};
const char* window_param(MonitorWindow w);  // "1h", "24h", "7d", "30d"

// One view's reply: not asked yet, loading, loaded (data) or failed (error).
template <class T>
struct Fetched {
  std::optional<T> data;
  bool loading = false;
  std::string error;
  void start() { loading = true; }
  void fail(std::string why) { data.reset(), loading = false, error = std::move(why); }
  void set(T value) { data = std::move(value), loading = false, error.clear(); }
};

struct RetrainOutcome {
  bool sending = false;
  std::optional<JobRecord> job;  // the 202 reply's job
  std::string error;
};

class MonitorState {
 public:
  static constexpr double kRefreshSeconds = 30;

  // Shows `model`: another model's data is dropped so that nothing stale is drawn under
  // the new name.
  void show(const std::string& model);
  const std::string& model() const { return model_; }
  MonitorWindow window() const { return window_; }
  void set_window(MonitorWindow w) { window_ = w; }

  std::string monitoring_path() const;
  std::string drift_path() const;
  std::string alerts_path() const;
  std::string jobs_path() const;
  std::string retrain_path() const;

  // Replies: `error` is the plain description of a failed request ("" when it succeeded).
  void on_monitoring(const std::string& body, const std::string& error);
  void on_drift(const std::string& body, const std::string& error);
  void on_alerts(const std::string& body, const std::string& error);
  void on_jobs(const std::string& body, const std::string& error);
  void retrain_sent();
  void on_retrain(const std::string& body, const std::string& error);

  Fetched<MonitoringReport> monitoring;
  Fetched<DriftReport> drift;
  Fetched<std::vector<AlertRecord>> alerts;
  Fetched<std::vector<JobRecord>> jobs;
  const RetrainOutcome& retrain() const { return retrain_; }
  // The plots of the loaded report, built once per reply.
  const std::vector<PlotData>& plots() const { return plots_; }
  bool loading() const { return monitoring.loading || drift.loading || alerts.loading || jobs.loading; }

  // Selecting a drift row shows its histograms; selecting it again hides them. A feature
  // that the next reply no longer has is deselected.
  void select_feature(const std::string& feature);
  const std::string& selected_feature() const { return selected_feature_; }
  const DriftRow* selected_row() const;
  // Selecting a job shows its log; again hides it.
  void select_job(int64_t id) { selected_job_ = selected_job_ == id ? 0 : id; }
  const JobRecord* selected_job() const;

  // Auto-refresh: the first tick after a fetch starts the clock (the UI's clock, seconds);
  // due() is true once kRefreshSeconds later, and restarts it.
  void restart_clock() { clock_started_ = false; }
  bool due(double now_s);

  // For window.mlgate.state().monitor: what the pane shows, as the pane shows it.
  nlohmann::json to_json() const;
  // For the aria-live line.
  std::string live_text() const;

 private:
  std::string model_;
  MonitorWindow window_ = MonitorWindow::hour;
  std::vector<PlotData> plots_;
  RetrainOutcome retrain_;
  std::string selected_feature_;
  int64_t selected_job_ = 0;
  bool clock_started_ = false;
  double last_fetch_s_ = 0;
};

}  // namespace mlgate::client
