// JSON ⇄ inference types for POST /api/v1/models/{name}/predict: the engine never sees JSON.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "inference/model.hpp"
#include "mlgate/api_types.hpp"
#include "mlgate/result.hpp"

namespace mlgate::api {

// Row-wise {"rows": [{feature: value}]} or column-wise {"columns": {feature: [values]}}.
// null / absent optional → missing. 422 naming the field (JSON path) for anything else.
Result<inference::FeatureTable> decode_predict_body(const nlohmann::json& body, const Signature& sig);

// {"model", "version", "predictions": [...]} with a fresh id per prediction.
std::string encode_predictions(const std::string& model, int64_t version, const inference::Predictions& p);

// Unique across restarts: a random per-process prefix and a counter.
std::string next_prediction_id();

}  // namespace mlgate::api
