// The linear trainer's model: standardisation learnt on the training rows, coefficients on
// the standardised features, and the fitting (internal to the module; linear_trainer.cpp
// wires it as trainer "linear", linear_export.cpp writes it as ONNX).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "mlgate/result.hpp"
#include "retraining/training_set.hpp"

namespace mlgate::retraining::linear {

// z = (x − mean) × scale; a missing x is imputed with the mean (z = 0). scale = 1/σ
// (population σ over the training rows with a value), 1 for a constant column; both
// rounded to float32, the values the export holds.
struct Standardization {
  std::vector<double> mean, scale;
};
Standardization fit_standardization(const TrainingSet& set, const std::vector<std::size_t>& rows);

struct Model {
  Standardization standardization;
  // K rows × F coefficients on z, row-major, and K intercepts. Logistic binary: K = 1, the
  // margin of classes[1]; multinomial: K = C, softmax over the rows; regression: K = 1.
  std::vector<double> coefficients, intercepts;
  std::size_t rows = 0;        // K
  int iterations = 0;          // Newton steps (0 for least squares)
  double gradient_max_abs = 0; // of the objective per training row, at the solution
};

// Newton's method holds a dense Hessian of (blocks × (features + 1))² doubles: 32 MiB here.
constexpr std::size_t kMaxNewtonParameters = 2048;

// Minimises Σ log-loss + (l2/2)·||w||² (intercepts unpenalised) by Newton's method with a
// backtracking line search, until max |gradient| / rows ≤ tol. 422 training_failed when it
// does not converge in max_iter steps, or has more than kMaxNewtonParameters coefficients.
Result<Model> fit_logistic(const TrainingSet& set, const std::vector<std::size_t>& rows, double l2, int max_iter, double tol);

// Minimises Σ (y − ŷ)² + l2·||w||² (intercept unpenalised) by Householder QR. 422
// training_failed when the features are linearly dependent and l2 is 0.
Result<Model> fit_least_squares(const TrainingSet& set, const std::vector<std::size_t>& rows, double l2);

// The model's own predictions in double for one row of float features: class
// probabilities (classification) or the value.
void predict(const Model& m, Task task, std::size_t n_classes, const float* x, std::vector<double>& out);

}  // namespace mlgate::retraining::linear
