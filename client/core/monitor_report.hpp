// GET /api/v1/models/{name}/monitoring?window=: totals and per-bucket figures, parsed into
// view structs. Any figure may be null (nothing to compute it from): nullopt here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlgate::client {

// One bucket's figures, or the window's totals (the same fields).
struct MonitorFigures {
  int64_t requests = 0, rows = 0, errors = 0, labelled = 0;
  std::optional<double> error_rate;
  std::optional<double> p50_ms, p90_ms, p99_ms;
  std::optional<double> accuracy, f1_macro, expected_accuracy;  // classifiers
  std::optional<double> mae, rmse;                              // regressors
};

struct MonitorBucket {
  std::string start;                  // RFC 3339, as sent
  std::optional<int64_t> start_ms;    // parsed; nullopt if it did not parse
  MonitorFigures figures;
};

struct MonitoringReport {
  std::string model, task, window;  // task: "classification", "regression" or "" (unknown)
  int64_t window_ms = 0, bucket_ms = 0;
  std::string since, until;
  MonitorFigures totals;
  std::vector<MonitorBucket> buckets;  // in time order, empty ones included
  int64_t dropped_rows = 0;
  std::optional<double> sample_rate;
};

struct MonitoringParse {
  std::optional<MonitoringReport> report;
  std::string error;  // why the reply could not be read
};
MonitoringParse parse_monitoring(const std::string& body);

// Regressors get MAE and RMSE where classifiers get accuracy. The task says which; without
// one (no production version known), figures the reply holds decide.
bool is_regression(const MonitoringReport& r);

}  // namespace mlgate::client
