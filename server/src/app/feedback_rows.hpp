// The production rows people labelled through feedback, as rows of a training CSV: what a
// retrain learns from beyond the data the current version was made with.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "mlgate/api_types.hpp"
#include "mlgate/csv.hpp"
#include "mlgate/result.hpp"

namespace mlgate::app {

class App;

struct LabelledRows {
  std::vector<std::string> columns;             // the version's features, then the label column
  std::vector<std::vector<std::string>> rows;  // cells as CSV text ("" = missing)
  std::size_t count() const { return rows.size(); }
  std::string since;  // RFC 3339: rows logged after this (when `base` was created)
};

// Rows predicted by any version of `model` since `base` was created, joined with their
// feedback labels (the latest label of each prediction).
Result<LabelledRows> labelled_rows_since(App& app, const std::string& model, const api::VersionInfo& base, const std::string& label);
// Appends them to `table` by column name; 422 when the table lacks one of their columns.
Status append_rows(csv::Table& table, const LabelledRows& rows);

}  // namespace mlgate::app
