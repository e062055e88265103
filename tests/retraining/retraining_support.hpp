// Test support for the trainer suite: data (fixture CSVs, synthetic sets with missing
// values), and the two independent references an exported model is held to: ONNX Runtime
// running the exported bytes, and XGBoost predicting from its own saved model.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mlgate/csv.hpp"
#include "retraining/train.hpp"

namespace mlgate::test {

std::string fixture_text(const std::string& relative);
csv::Table table_of(const std::string& csv_text);
retraining::TrainingSet set_of(const csv::Table& table, const retraining::DataOptions& options);
retraining::TrainingSet set_of(const std::string& csv_text, const retraining::DataOptions& options);

// `rows` rows of `features` standard-normal columns (the first with an offset of
// `offset`), a `missing` fraction of feature cells left empty; the label is a noisy
// function of the features: `classes` classes (0: a regression target), named
// "class_a".. when string_labels.
std::string synthetic_csv(std::size_t rows, std::size_t features, double missing, int classes, std::uint64_t seed,
                          bool string_labels = false, double offset = 0);

// Empties a `fraction` of the cells of every column but `label` (deterministic for a seed).
void blank_cells(csv::Table& table, const std::string& label, double fraction, std::uint64_t seed);

struct OnnxOutputs {
  std::vector<std::string> labels;  // classifiers: the label output, as text
  std::vector<float> values;        // probabilities [N, C] or values [N, 1], row-major
  std::size_t width = 0;            // C or 1
};
// A real ONNX Runtime session (mlgate's settings) on the bytes, fed x [rows, cols].
OnnxOutputs run_onnx(const std::string& onnx, const std::vector<float>& x, std::size_t rows, std::size_t cols);

// XGBoost's own predictions from its saved JSON model: P(class 1) per row (binary),
// probabilities [N, C] (multi-class) or values.
std::vector<float> xgboost_predict(const std::string& native_model, const std::vector<float>& x, std::size_t rows, std::size_t cols);

// Largest |a − b| and largest |a − b| / max(1, |b|) (regression, as the fixture pack).
double max_abs_diff(const std::vector<float>& a, const std::vector<double>& b);
double max_rel_diff(const std::vector<float>& a, const std::vector<double>& b);

}  // namespace mlgate::test
