#include "test_plots.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "mlgate/metrics.hpp"

namespace mlgate::client {
namespace {

std::string with_area(const std::string& name, const char* what, std::optional<double> area) {
  if (!area) return name;
  char buf[64];
  std::snprintf(buf, sizeof buf, " (%s %.3f)", what, *area);
  return name + buf;
}

// The trapezoid area under a precision-recall curve (recall decreasing), for the legend.
double pr_area(const metrics::PrCurve& c) {
  double a = 0;
  for (std::size_t i = 1; i < c.recall.size(); ++i) a += (c.recall[i - 1] - c.recall[i]) * (c.precision[i - 1] + c.precision[i]) / 2;
  return a;
}

}  // namespace

std::vector<PlotData> classification_plots(const std::vector<std::string>& classes, const std::vector<double>& probabilities,
                                           const std::vector<std::size_t>& true_index) {
  const std::size_t c = classes.size(), n = true_index.size();
  PlotData roc{"ROC curve", "false positive rate", "true positive rate", {}, false, false, 0, 1, 0, 1};
  PlotData pr{"precision-recall curve", "recall", "precision", {}, false, false, 0, 1, 0, 1};
  // Binary: the positive class only (as sklearn's roc_auc); else one curve per class.
  std::vector<std::size_t> which;
  if (c == 2) which = {1};
  else for (std::size_t k = 0; k < c; ++k) which.push_back(k);
  for (std::size_t k : which) {
    std::vector<double> score(n);
    std::vector<bool> positive(n);
    for (std::size_t i = 0; i < n; ++i) score[i] = probabilities[i * c + k], positive[i] = true_index[i] == k;
    std::string name = "class " + classes[k];
    if (auto r = metrics::roc_curve(score, positive); r.ok())
      roc.series.push_back({with_area(name, "AUC", metrics::roc_auc(score, positive)), r->fpr, r->tpr});
    if (auto p = metrics::precision_recall_curve(score, positive); p.ok())
      pr.series.push_back({with_area(name, "area", pr_area(p.value())), p->recall, p->precision});
  }
  // Confidence: the probability of the predicted class, in 20 bins over [0, 1].
  PlotData hist{"confidence of the predicted class", "confidence", "rows", {}, false, true, 0, 1, 0, 1};
  Series bins{"rows", {}, std::vector<double>(20, 0)};
  for (std::size_t b = 0; b < 20; ++b) bins.x.push_back((b + 0.5) / 20);
  for (std::size_t i = 0; i < n; ++i) {
    double best = *std::max_element(probabilities.begin() + long(i * c), probabilities.begin() + long(i * c + c));
    bins.y[std::min<std::size_t>(19, static_cast<std::size_t>(std::max(0.0, best) * 20))] += 1;
  }
  hist.y_max = std::max(1.0, *std::max_element(bins.y.begin(), bins.y.end()));
  hist.series.push_back(std::move(bins));
  return {roc, pr, hist};
}

std::vector<PlotData> regression_plots(const std::vector<double>& predicted, const std::vector<double>& truth) {
  PlotData scatter{"predicted vs true", "true", "predicted", {}, true, false, 0, 1, 0, 1};
  PlotData residual{"residuals", "predicted", "true - predicted", {}, true, false, 0, 1, 0, 1};
  Series s{"rows", truth, predicted}, r{"rows", predicted, {}};
  for (std::size_t i = 0; i < predicted.size(); ++i) r.y.push_back(truth[i] - predicted[i]);
  auto range = [](const std::vector<double>& v, double& lo, double& hi) {
    if (v.empty()) return;
    auto [a, b] = std::minmax_element(v.begin(), v.end());
    lo = *a, hi = *b;
    if (hi <= lo) hi = lo + 1;
  };
  double lo = 0, hi = 1;
  range(truth, lo, hi);
  double plo = 0, phi = 1;
  range(predicted, plo, phi);
  lo = std::min(lo, plo), hi = std::max(hi, phi);
  scatter.x_min = scatter.y_min = lo, scatter.x_max = scatter.y_max = hi;
  scatter.series.push_back(std::move(s));
  scatter.series.push_back({"y = x", {lo, hi}, {lo, hi}});
  range(predicted, residual.x_min, residual.x_max);
  range(r.y, residual.y_min, residual.y_max);
  residual.series.push_back(std::move(r));
  return {scatter, residual};
}

}  // namespace mlgate::client
