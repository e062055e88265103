// A labelled CSV turned into what a model reads and what its predictions are scored
// against, the same way on the server (POST .../tests) and in the browser's test pane, so
// that both give the same metrics for the same file.
#pragma once
#include <string>
#include <vector>

#include "mlgate/api_types.hpp"
#include "mlgate/csv.hpp"
#include "mlgate/result.hpp"

namespace mlgate::test_data {

// The CSV column feeding each of the model's features: by name; for a signature whose
// names were generated (feature_names_from "position"), the CSV's non-label columns in
// order when the count fits. 422 missing_column naming what is absent.
Result<std::vector<std::size_t>> map_columns(const csv::Table& table, const api::Signature& sig, std::size_t label_column);

// A feature cell as a number: missing → NaN; text → 422 invalid_feature naming its line,
// column and header.
Result<double> feature_number(const csv::Table& table, std::size_t column, std::size_t row);

// Rows [begin, end) of the mapped features as a row-major float32 matrix (the browser's
// input tensor).
Result<std::vector<float>> feature_matrix(const csv::Table& table, const std::vector<std::size_t>& sources, std::size_t begin,
                                          std::size_t end);

// True labels for a classifier, written as the model writes its classes ("1.0" → "1" when
// the classes are integers); 422 missing_label naming the line of an empty one.
Result<std::vector<std::string>> class_labels(const csv::Table& table, std::size_t label_column, const std::vector<std::string>& classes);
// True values for a regressor; 422 missing_label naming the line of an empty or non-finite one.
Result<std::vector<double>> target_values(const csv::Table& table, std::size_t label_column);

// The predicted class for a row of probabilities: the argmax, ties to the first class
// (DESIGN.md: ONNX Runtime's own label is wrong for some binary tree ensembles).
std::size_t argmax_class(const float* probabilities, std::size_t n_classes);

}  // namespace mlgate::test_data
