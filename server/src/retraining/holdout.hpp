// The holdout split every training run is tested on: deterministic for a seed (the same
// rows on every machine and library version: our own generator, not std::shuffle), and
// stratified for classification so each class keeps its share in both parts.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "mlgate/result.hpp"
#include "retraining/training_set.hpp"

namespace mlgate::retraining {

// At least this many rows to train on anything.
constexpr std::size_t kMinRows = 10;

struct Split {
  std::vector<std::size_t> train;    // row indices of the TrainingSet, ascending
  std::vector<std::size_t> holdout;  // row indices, ascending
};

// ceil(test_size × rows) rows go to the holdout (scikit-learn's rounding). Classification:
// per class, its proportional share (largest remainders first, ties to the earlier class),
// and never a class's last row, so every class is in the training part.
// Errors: 400 invalid_parameter (test_size outside (0, 1), or leaving fewer than 2 training
// rows), 422 too_few_rows (fewer than kMinRows rows, or no row that can be held out).
Result<Split> holdout_split(const TrainingSet& set, double test_size, std::uint64_t seed);

}  // namespace mlgate::retraining
