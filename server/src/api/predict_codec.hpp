// JSON ⇄ inference types for POST /api/v1/models/{name}/predict: the engine never sees JSON.
// This is the hot path (tens of thousands of requests a second), so the body is decoded
// with nlohmann's SAX parser straight into feature columns, and the reply is written
// straight into a string: no JSON document is built either way.
#pragma once
#include <string>
#include <string_view>

#include "inference/model.hpp"
#include "mlgate/api_types.hpp"
#include "mlgate/result.hpp"

namespace mlgate::api {

// Row-wise {"rows": [{feature: value}]} or column-wise {"columns": {feature: [values]}}.
// null / absent optional → missing. 400 for JSON syntax or depth; 422 naming the field
// (JSON path, e.g. rows[3].age) for anything else. Other top-level keys are ignored.
Result<inference::FeatureTable> decode_predict_body(std::string_view body, const Signature& sig);

// {"model", "version", "predictions": [...]} with a fresh id per prediction.
std::string encode_predictions(const std::string& model, int64_t version, const inference::Predictions& p);

// Unique across restarts: a random per-process prefix and a counter (24 hex digits).
std::string next_prediction_id();

}  // namespace mlgate::api
