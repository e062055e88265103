// Alerts: each model's rules (one JSON document, like its retraining policy) and the alerts
// that fired, with how their webhook delivery went. Firing is recorded with its audit event
// in one transaction, and only when no alert of the same rule fired within the cooldown, so
// that two evaluators (or a restart) never send the same alert twice.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlgate/result.hpp"

namespace mlgate::registry {

struct Alert {
  int64_t id = 0;
  std::string model;
  int64_t version = 0;
  std::string rule;  // drift | accuracy | error_rate | latency_p99
  double value = 0, threshold = 0;
  std::string message;
  nlohmann::json detail = nlohmann::json::object();
  std::string fired_at;
  std::string delivery;  // "" (no webhook) | delivered | failed: <why>
};

struct NewAlert {
  std::string model;
  int64_t version = 0;
  std::string rule;
  double value = 0, threshold = 0;
  std::string message;
  nlohmann::json detail = nlohmann::json::object();
};

class AlertStore {
 public:
  virtual ~AlertStore() = default;
  virtual Result<std::optional<nlohmann::json>> get_rules(const std::string& model) = 0;
  virtual Status put_rules(const std::string& model, const nlohmann::json& rules, const std::string& actor) = 0;
  // The alert, unless one of the same model and rule fired after `cooldown_since` (RFC 3339):
  // then nothing. Audited as "alert.fired" by "mlgate" in the same transaction.
  virtual Result<std::optional<Alert>> fire(const NewAlert& a, const std::string& cooldown_since) = 0;
  virtual Status set_delivery(int64_t id, const std::string& delivery) = 0;
  virtual Result<std::vector<Alert>> list_alerts(const std::optional<std::string>& model, int64_t limit) = 0;  // newest first
};

Result<std::unique_ptr<AlertStore>> open_sqlite_alert_store(const std::filesystem::path& db_file);

}  // namespace mlgate::registry
