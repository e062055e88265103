// A model's operations over a time window, in buckets, for GET .../monitoring and the
// alert rules: requests, rows, errors, latency quantiles, and from feedback accuracy and
// macro F1 (classifiers) or MAE and RMSE (regressors), with the label-free expected
// accuracy (CBPE: the mean confidence) beside the measured one.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "monitoring/prediction_log.hpp"

namespace mlgate::monitoring {

struct Figures {
  int64_t requests = 0, rows = 0, errors = 0;
  std::optional<double> error_rate;
  std::optional<double> p50_ms, p90_ms, p99_ms;
  int64_t labelled = 0;
  std::optional<double> accuracy, f1_macro, mae, rmse, expected_accuracy;
};

struct WindowReport {
  int64_t since_ms = 0, until_ms = 0, bucket_ms = 0;
  Figures totals;
  std::vector<Figures> buckets;  // in time order, all present
};

struct WindowInput {
  std::string task;  // classification | regression | "" (unknown)
  int64_t since_ms = 0, until_ms = 0;
  std::size_t buckets = 30;
  std::vector<RequestPoint> requests;
  std::vector<StoredPrediction> labelled;  // predictions with a label
  std::vector<PredictionLog::ConfidenceBucket> confidence;  // by bucket of (until-since)/buckets
};

int64_t bucket_ms_for(int64_t since_ms, int64_t until_ms, std::size_t buckets);
WindowReport window_report(const WindowInput& in);
// Linear-interpolated quantile (numpy's default) of unsorted values; nullopt when empty.
std::optional<double> quantile(std::vector<double> values, double q);
nlohmann::json figures_json(const Figures& f);

}  // namespace mlgate::monitoring
