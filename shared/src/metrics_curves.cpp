// Threshold curves, ROC AUC and log loss, transcribed from sklearn 1.2's _binary_clf_curve,
// roc_curve, precision_recall_curve, auc and log_loss so that ties and edge cases match.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "mlgate/metrics.hpp"

namespace mlgate::metrics {
namespace {

// Cumulative false/true positives at each distinct score, highest score first.
struct ClfCurve {
  std::vector<double> fps, tps, thresholds;
};

Result<ClfCurve> binary_clf_curve(std::span<const double> score, const std::vector<bool>& truth) {
  if (score.size() != truth.size())
    return unprocessable("length_mismatch", std::to_string(score.size()) + " scores for " +
                                                std::to_string(truth.size()) + " labels");
  if (score.empty()) return unprocessable("no_rows", "no scores");
  for (std::size_t i = 0; i < score.size(); ++i)
    if (!std::isfinite(score[i]))
      return unprocessable("not_finite", "score " + std::to_string(i) + " is not finite");
  std::vector<std::size_t> order(score.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  ClfCurve c;
  double tp = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    tp += truth[order[k]] ? 1 : 0;
    bool last_of_value = (k + 1 == order.size()) || score[order[k + 1]] != score[order[k]];
    if (!last_of_value) continue;
    c.tps.push_back(tp);
    c.fps.push_back(static_cast<double>(k + 1) - tp);
    c.thresholds.push_back(score[order[k]]);
  }
  return c;
}

}  // namespace

Result<RocCurve> roc_curve(std::span<const double> y_score, const std::vector<bool>& y_true) {
  auto clf = binary_clf_curve(y_score, y_true);
  if (!clf) return clf.error();
  RocCurve r;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double neg = clf->fps.back(), pos = clf->tps.back();
  r.fpr.push_back(neg > 0 ? 0.0 : nan);
  r.tpr.push_back(pos > 0 ? 0.0 : nan);
  r.thresholds.push_back(clf->thresholds.front() + 1);
  for (std::size_t i = 0; i < clf->fps.size(); ++i) {
    r.fpr.push_back(neg > 0 ? clf->fps[i] / neg : nan);
    r.tpr.push_back(pos > 0 ? clf->tps[i] / pos : nan);
    r.thresholds.push_back(clf->thresholds[i]);
  }
  return r;
}

Result<PrCurve> precision_recall_curve(std::span<const double> y_score, const std::vector<bool>& y_true) {
  auto clf = binary_clf_curve(y_score, y_true);
  if (!clf) return clf.error();
  PrCurve p;
  const double pos = clf->tps.back();
  // Reversed so recall decreases, as sklearn returns it.
  for (std::size_t k = clf->tps.size(); k-- > 0;) {
    double predicted = clf->tps[k] + clf->fps[k];
    p.precision.push_back(predicted != 0 ? clf->tps[k] / predicted : 0.0);
    p.recall.push_back(pos > 0 ? clf->tps[k] / pos : 1.0);  // no positives: recall 1 everywhere
    p.thresholds.push_back(clf->thresholds[k]);
  }
  p.precision.push_back(1.0);
  p.recall.push_back(0.0);
  return p;
}

std::optional<double> roc_auc(std::span<const double> y_score, const std::vector<bool>& y_true) {
  auto curve = roc_curve(y_score, y_true);
  if (!curve) return std::nullopt;
  if (std::isnan(curve->fpr.back()) || std::isnan(curve->tpr.back())) return std::nullopt;
  double area = 0;
  for (std::size_t i = 1; i < curve->fpr.size(); ++i)
    area += (curve->fpr[i] - curve->fpr[i - 1]) * (curve->tpr[i] + curve->tpr[i - 1]) / 2;
  return area;
}

double log_loss(std::span<const double> probabilities, std::size_t n_classes,
                std::span<const std::size_t> true_index) {
  const double eps = std::numeric_limits<double>::epsilon();
  const std::size_t n = true_index.size();
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double* row = probabilities.data() + i * n_classes;
    double sum = 0;
    for (std::size_t k = 0; k < n_classes; ++k) sum += std::clamp(row[k], eps, 1 - eps);
    total += -std::log(std::clamp(row[true_index[i]], eps, 1 - eps) / sum);
  }
  return total / static_cast<double>(n);
}

}  // namespace mlgate::metrics
