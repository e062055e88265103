// What the monitor pane plots: line series over the report's buckets (request rate,
// latency quantiles, error rate, and accuracy against the label-free expected accuracy,
// or MAE and RMSE for regressors), and a drift row's two histograms as paired bars.
#pragma once
#include <vector>

#include "drift_report.hpp"
#include "monitor_report.hpp"
#include "test_plots.hpp"

namespace mlgate::client {

// The time axis: how long before the window's end each bucket's middle is, in minutes
// (1h window), hours (24h) or days (7d, 30d). The axis runs from the window's start on
// the left to 0 ("now") on the right.
struct TimeAxis {
  double unit_ms = 60000;
  const char* label = "minutes ago";
};
TimeAxis time_axis(int64_t window_ms);
std::vector<double> bucket_x(const MonitoringReport& r, const TimeAxis& axis);

// Four plots, in this order: requests per minute, latency (p50, p90, p99), error rate,
// and quality (accuracy + expected accuracy dashed, or MAE + RMSE).
std::vector<PlotData> monitoring_plots(const MonitoringReport& r);

// Reference and current shares as bars side by side, one pair per bin (pair_bins).
PlotData histogram_plot(const DriftRow& row);

}  // namespace mlgate::client
