// A model's retraining policy: when (a cron schedule, and whether alerts trigger it), with
// which trainer and parameters, and for teams that train in their own stack the command
// that does it. Stored as one JSON document; what is not set takes the defaults below.
#pragma once
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cron.hpp"
#include "mlgate/result.hpp"

namespace mlgate::app {

struct ExternalTrainer {
  // Run by /bin/sh in an empty working directory; {data} (the training CSV), {output} (where
  // to write the ONNX file), {label} and {model} are replaced by shell-quoted values.
  std::string command;
  std::chrono::seconds timeout{3600};
};

struct RetrainPolicy {
  std::optional<CronSchedule> schedule;  // none: "off"
  bool on_alert = true;                  // a drift or accuracy alert queues a retrain
  std::string trainer = "xgboost";       // xgboost | linear | external
  std::map<std::string, std::string> params;
  double test_size = 0.2;
  int64_t min_new_labels = 1;            // a scheduled run with fewer new labelled rows is skipped
  std::optional<ExternalTrainer> external;
};

inline constexpr const char* kDefaultSchedule = "@weekly";

// 422 invalid_policy naming the field; unknown fields are refused too (a typo would
// otherwise silently keep a default).
Result<RetrainPolicy> parse_policy(const nlohmann::json& j);
// The policy with every default filled in, as the API shows it.
nlohmann::json policy_json(const RetrainPolicy& p);

}  // namespace mlgate::app
