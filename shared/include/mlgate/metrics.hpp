// Test metrics with scikit-learn 1.2 definitions, so a test scored in the browser and one
// scored on the server give the same numbers, and both agree with the fixtures' metrics.json.
//
// Policy where scikit-learn raises or warns instead of answering:
// - Zero division (no predictions / no support for a label) gives 0, sklearn's default value.
// - Macro averages run over the labels present in y_true or y_pred (sklearn's default label
//   set); per_class and the confusion matrix list every model class, then unknown labels.
// - Labels of y_true (or y_pred) that the model does not know are appended after the model's
//   classes and counted everywhere; roc_auc, roc_auc_ovr_weighted and log_loss are then null
//   (the probabilities have no column for them) and `unknown_labels` names them.
// - One-vs-rest AUC skips classes with no positives (or no negatives) in y_true, where
//   sklearn would raise, and averages over the rest; null when no class is left. Binary AUC
//   is null when y_true holds only one class.
// - r2 of a constant y_true is 1 for a perfect prediction and 0 otherwise (sklearn's
//   force_finite); null for fewer than two samples (sklearn returns NaN).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlgate/result.hpp"

namespace mlgate::metrics {

struct ClassScores {
  std::string label;
  double precision = 0, recall = 0, f1 = 0;
  std::int64_t support = 0;  // rows of this label in y_true
};

struct ClassificationMetrics {
  std::size_t n = 0;
  double accuracy = 0;
  double precision_macro = 0, recall_macro = 0, f1_macro = 0;
  double precision_weighted = 0, recall_weighted = 0, f1_weighted = 0;
  std::vector<ClassScores> per_class;                // in `labels` order
  std::vector<std::string> labels;                   // model classes, then unknown labels
  std::vector<std::vector<std::int64_t>> confusion;  // rows = true, columns = predicted
  std::vector<std::string> unknown_labels;
  // Binary (two classes): scores of the positive class, classes[1].
  std::optional<std::string> positive_class;
  std::optional<double> precision, recall, f1;
  // Need probabilities (and no unknown labels). roc_auc is one-vs-rest macro for multi-class.
  std::optional<double> roc_auc, roc_auc_ovr_weighted, log_loss;
};

struct RegressionMetrics {
  std::size_t n = 0;
  double mae = 0, mse = 0, rmse = 0;
  std::optional<double> r2;
};

// `classes`: the model's class labels in its order. `probabilities`: rows x classes,
// row-major, columns in `classes` order; empty when the model gives none.
// Errors (422): length mismatches, no rows, an empty label.
Result<ClassificationMetrics> classification(const std::vector<std::string>& classes,
                                             std::span<const std::string> y_true,
                                             std::span<const std::string> y_pred,
                                             std::span<const double> probabilities = {});

// Errors (422): length mismatch, no rows, a value that is not finite (with its index).
Result<RegressionMetrics> regression(std::span<const double> y_true, std::span<const double> y_pred);

// Curves as sklearn.metrics.roc_curve / precision_recall_curve (1.2) build them, without
// drop_intermediate: one point per distinct score.
struct RocCurve {
  std::vector<double> fpr, tpr, thresholds;  // thresholds[0] = max score + 1, as sklearn 1.2
};
struct PrCurve {
  std::vector<double> precision, recall, thresholds;  // precision/recall end with 1 / 0
};
// Scores must be finite and as many as labels; fpr (tpr) is NaN when there is no negative
// (positive), as sklearn's.
Result<RocCurve> roc_curve(std::span<const double> y_score, const std::vector<bool>& y_true);
Result<PrCurve> precision_recall_curve(std::span<const double> y_score, const std::vector<bool>& y_true);
// Trapezoid area under the ROC curve; null when y_true holds one class only or a score is
// not finite.
std::optional<double> roc_auc(std::span<const double> y_score, const std::vector<bool>& y_true);
// sklearn 1.2 log_loss: clip to [eps, 1-eps] (float64 epsilon), renormalise each row, mean of
// -log p(true class). `true_index[i]` is the column of row i's label.
double log_loss(std::span<const double> probabilities, std::size_t n_classes,
                std::span<const std::size_t> true_index);

// The API.md field names; absent optionals are JSON null.
nlohmann::json to_json(const ClassificationMetrics& m);
nlohmann::json to_json(const RegressionMetrics& m);

}  // namespace mlgate::metrics
