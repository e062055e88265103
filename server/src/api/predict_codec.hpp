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
// The same with the ids first_id, first_id + 1, ... reserved by reserve_prediction_ids, so
// the prediction log can name each row as the caller saw it.
std::string encode_predictions(const std::string& model, int64_t version, const inference::Predictions& p, uint64_t first_id);

// Unique across restarts: a random per-process prefix and a counter (24 hex digits).
std::string next_prediction_id();
uint64_t reserve_prediction_ids(std::size_t n);
std::string prediction_id(uint64_t n);

}  // namespace mlgate::api
