// A model's alert rules: drift (on by default), and thresholds on accuracy from feedback,
// error rate and p99 latency over a window, each with a minimum of evidence so that three
// requests never page anyone; a cooldown keeps one condition from alerting every minute.
#pragma once
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "mlgate/result.hpp"

namespace mlgate::app {

struct AlertRules {
  bool drift = true;
  std::optional<double> min_accuracy;        // classifiers: accuracy from feedback below this
  int64_t min_labels = 30;                   // ... over at least this many labelled predictions
  std::optional<double> max_error_rate;      // share of failed predict requests above this
  int64_t min_requests = 20;                 // ... over at least this many requests
  std::optional<double> max_p99_latency_ms;  // server time of predict above this
  int64_t window_ms = 3600'000;              // accuracy, errors and latency are read over this
  int64_t cooldown_ms = 3600'000;            // after an alert, the same rule stays quiet this long
};

// 422 invalid_alert_rules naming the field; unknown fields refused. Durations as "30m", "1h", "2d".
Result<AlertRules> parse_alert_rules(const nlohmann::json& j);
nlohmann::json alert_rules_json(const AlertRules& r);

}  // namespace mlgate::app
