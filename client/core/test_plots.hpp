// What the test pane plots, computed from a finished browser test with shared/'s curves:
// ROC and precision-recall (binary: the positive class; multi-class: one-vs-rest per
// class), a histogram of confidences, and for regressors residuals and predicted vs true.
#pragma once
#include <string>
#include <vector>

namespace mlgate::client {

struct Series {
  std::string name;  // legend text, e.g. "class 2 (AUC 0.981)"
  std::vector<double> x, y;  // a non-finite y is a gap in a line (no data there)
  bool dashed = false;       // a line that is an estimate beside a measured one
};

struct PlotData {
  std::string title, x_label, y_label;
  std::vector<Series> series;
  bool points = false;  // scatter rather than lines
  bool bars = false;    // histogram: x are bin centres, y counts; several series side by side
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;  // x_min > x_max runs the axis right to left
  // Per point index: a name for the tooltip (a bucket's start time); for bars, the bins'
  // labels written under the axis in place of numeric ticks.
  std::vector<std::string> point_names = {};
};

// Classification: probabilities rows x classes (row-major), true class index per row.
std::vector<PlotData> classification_plots(const std::vector<std::string>& classes, const std::vector<double>& probabilities,
                                           const std::vector<std::size_t>& true_index);
// Regression: predicted and true values per row.
std::vector<PlotData> regression_plots(const std::vector<double>& predicted, const std::vector<double>& truth);

}  // namespace mlgate::client
