// Training data for the built-in trainers: a parsed CSV table and a label column turned into
// a float32 feature matrix (what the exported ONNX model reads) and labels.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mlgate/csv.hpp"
#include "mlgate/result.hpp"

namespace mlgate::retraining {

enum class Task { classification, regression };
const char* to_string(Task task);  // "classification" | "regression", the signature's words

struct DataOptions {
  std::string label;                   // the label column (required)
  // Unset: inferred. Labels that are not all numbers → classification; numbers that are all
  // integers with at most kMaxInferredClasses distinct values (0/1, 0/1/2, ...) →
  // classification; any other numbers → regression.
  std::optional<Task> task;
  // The feature columns, in the order the model reads them (a retrained version passes its
  // parent's signature features). Empty: every column but the label, in CSV order.
  std::vector<std::string> features;
};

constexpr std::size_t kMaxInferredClasses = 20;

struct TrainingSet {
  std::vector<std::string> features;
  std::string label;
  Task task = Task::regression;
  // Classification: the class labels in the model's order, which is the order of its
  // probability columns, of the ONNX classlabels and of mlgate's metrics. Integer labels
  // ("0", "1.0", "2") are classes sorted by value and written as integers ("0", "1", "2"),
  // exported as int64 labels; other labels are sorted by their UTF-8 bytes, exported as strings.
  std::vector<std::string> classes;
  bool integer_classes = false;
  std::vector<float> x;              // rows × features, row-major; NaN = missing
  std::vector<std::int32_t> y_class; // classification: index into `classes`, per row
  std::vector<double> y_value;       // regression: the target, per row
  std::vector<std::size_t> lines;    // the CSV line of each row, for messages
  // SHA-256 (hex) of training_csv(*this): the data a model was trained on, for lineage.
  std::string sha256;

  std::size_t rows() const { return lines.size(); }
  const float* row(std::size_t r) const { return x.data() + r * features.size(); }
};

// Errors (422): missing_label (no such column, or an empty label cell, with its line),
// missing_column (a requested feature is not in the header), invalid_column_name (a name
// mlgate cannot record in feature_names: empty, with a comma, with surrounding spaces, twice),
// invalid_feature (a cell that is not a finite float32 number, naming line, column and header),
// empty_feature (a column with no value at all), single_class (a classification label with
// one distinct value), not_a_number / invalid_label (a regression label that is not a
// number, or beyond float32).
Result<TrainingSet> make_training_set(const csv::Table& table, const DataOptions& options);

// The set as a canonical CSV: the features in order then the label, LF line ends, numbers in
// their shortest round-trip form (features as float32), missing values empty, RFC 4180
// quoting where needed. Its SHA-256 is TrainingSet::sha256; a caller keeping the training
// data of a version can store exactly these bytes.
std::string training_csv(const TrainingSet& set);

}  // namespace mlgate::retraining
