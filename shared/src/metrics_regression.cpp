// Regression metrics as sklearn 1.2's mean_absolute_error, mean_squared_error and r2_score.
#include <cmath>

#include "mlgate/metrics.hpp"

namespace mlgate::metrics {

Result<RegressionMetrics> regression(std::span<const double> y_true, std::span<const double> y_pred) {
  const std::size_t n = y_true.size();
  if (y_pred.size() != n)
    return unprocessable("length_mismatch", std::to_string(y_pred.size()) + " predictions for " +
                                                std::to_string(n) + " labels");
  if (n == 0) return unprocessable("no_rows", "no rows to score");
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(y_true[i]))
      return unprocessable("not_finite", "label " + std::to_string(i + 1) + " is missing or not finite");
    if (!std::isfinite(y_pred[i]))
      return unprocessable("not_finite", "prediction " + std::to_string(i + 1) + " is missing or not finite");
  }
  const double dn = static_cast<double>(n);
  double abs_sum = 0, sq_sum = 0, mean = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double d = y_true[i] - y_pred[i];
    abs_sum += std::fabs(d);
    sq_sum += d * d;
    mean += y_true[i];
  }
  mean /= dn;
  double total = 0;
  for (double y : y_true) total += (y - mean) * (y - mean);

  RegressionMetrics m;
  m.n = n;
  m.mae = abs_sum / dn;
  m.mse = sq_sum / dn;
  m.rmse = std::sqrt(m.mse);
  if (n >= 2) {
    if (total != 0) m.r2 = 1 - sq_sum / total;
    else m.r2 = sq_sum == 0 ? 1.0 : 0.0;  // sklearn's force_finite for a constant y_true
  }
  return m;
}

}  // namespace mlgate::metrics
