// Where monitoring meets the registry and serving: what the predict path logs, the drift
// reference taken at promotion, feedback checked against the logged predictions, and the
// reports behind GET .../monitoring and GET .../drift.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/serving.hpp"
#include "inference/model.hpp"
#include "mlgate/result.hpp"

namespace mlgate::app {

class App;

// Queues the request (and its sampled rows, ids first_id...) for the log; never blocks.
void log_prediction(App& app, const Served& served, const inference::FeatureTable& table, const inference::Predictions& p,
                    uint64_t first_id, double latency_ms);
// A request without logged rows (Open Inference Protocol v2 carries no prediction ids).
void log_request(App& app, const std::string& model, int64_t version, int64_t rows, int status, double latency_ms);
// A failed request to a served model: counted in /metrics and logged.
void prediction_failed(App& app, const std::string& model, int64_t version, int status, double latency_ms);

// Takes and stores the version's drift reference from the data it was trained or tested on
// (app/version_data.hpp) and its predictions on those rows. 409 no_training_data without.
Status capture_reference(App& app, const Served& served);

// {"prediction_id", "label"} or {"items": [...]}: all items are checked (the prediction is
// logged; the label fits its model: a number for a regressor) before any is stored.
Result<nlohmann::json> record_feedback(App& app, const nlohmann::json& body, const std::string& actor);

// GET .../monitoring?window=: the model's figures over the window, in buckets.
Result<nlohmann::json> monitoring_report(App& app, const std::string& model, int64_t window_ms, std::size_t buckets);
// GET .../drift?window=: a version (default: production) against its reference.
Result<nlohmann::json> drift_report(App& app, const std::string& model, std::optional<int64_t> version, int64_t window_ms);

}  // namespace mlgate::app
