// A server-side test of a version: score every row of a labelled CSV, compute the metrics
// with shared/, decide pass/fail from the configured thresholds.
#pragma once
#include <string>
#include <string_view>

#include "app/serving.hpp"
#include "mlgate/csv.hpp"
#include "mlgate/api_types.hpp"

namespace mlgate::app {

struct PassRule {
  double min_accuracy = 0.0;
  double min_r2 = 0.0;
};

// Scores every row of `table`, its features at the columns `sources` (test_data::map_columns),
// in batches so a million-row CSV never needs a million-row tensor.
Result<inference::Predictions> score_table(const Served& served, const csv::Table& table, const std::vector<size_t>& sources);

// The record is complete but for id/at, which the store assigns. Errors: CSV syntax (400 with
// line/column), missing feature or label columns (422 naming them), bad cells (422 with
// line/column).
Result<api::TestRecord> run_server_test(const Served& served, std::string_view csv_text, const std::string& label_column,
                                        const PassRule& rule);

}  // namespace mlgate::app
