// The row of summary figures over the monitor pane's plots: the window's totals.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "monitor_report.hpp"

namespace mlgate::client {

struct SummaryFigure {
  std::string name;             // "requests", "accuracy", ...
  std::string text;             // as drawn: "120", "0.9333", "n/a"
  std::optional<double> value;  // the server's figure, nullopt when it sent null
};

// Requests, rows, errors and error rate, latency quantiles, labelled rows, then accuracy,
// expected accuracy and F1 (classifiers) or MAE and RMSE (regressors).
std::vector<SummaryFigure> summary_figures(const MonitoringReport& r);

}  // namespace mlgate::client
