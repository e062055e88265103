// GET /api/v1/alerts?model=: the alerts fired for a model, newest first.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlgate::client {

struct AlertRecord {
  int64_t id = 0;
  std::string model;
  int64_t version = 0;
  std::string rule;  // "drift"|"accuracy"|"error_rate"|"latency_p99"
  std::optional<double> value, threshold;
  std::string message, fired_at;
  std::string delivery;  // "" (nowhere to deliver), "delivered" or "failed: ..."
};

struct AlertsParse {
  std::optional<std::vector<AlertRecord>> alerts;
  std::string error;
};
// Sorted newest first by fired_at (ties: higher id first), whatever order the reply has.
AlertsParse parse_alerts(const std::string& body);

// "0.7 vs 0.9": the value that fired the rule against the rule's threshold.
std::string value_vs_threshold(const AlertRecord& a);

}  // namespace mlgate::client
