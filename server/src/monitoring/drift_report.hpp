// GET .../drift: the logged inputs (and predictions) of a version over a window against its
// reference, column by column with shared/'s statistics, as the API's JSON.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "monitoring/drift_reference.hpp"
#include "monitoring/prediction_log.hpp"

namespace mlgate::monitoring {

struct DriftInput {
  std::string model;
  int64_t version = 0;
  std::string window;  // as asked, e.g. "24h"
  std::vector<std::string> features;  // the version's, in signature order
  const Reference* reference = nullptr;  // null: no reference could be taken
  std::string no_reference_reason;
  std::vector<StoredPrediction> current;  // the window's logged rows
  std::size_t min_rows = 100;
};

// The current columns from the logged rows' inputs, in the version's feature order.
std::vector<drift::Column> current_columns(const std::vector<StoredPrediction>& rows, const std::vector<std::string>& features);
// shared/'s dataset_drift with the columns judged on every core; `current` is in
// `reference`'s order.
drift::DatasetDrift parallel_drift(const std::vector<drift::Column>& reference, const std::vector<drift::Column>& current,
                                   const std::optional<drift::Column>& reference_prediction,
                                   const std::optional<drift::Column>& current_prediction);
nlohmann::json column_json(const drift::ColumnDrift& d);
nlohmann::json drift_report_json(const DriftInput& in);

}  // namespace mlgate::monitoring
