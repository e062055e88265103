// The labelled data a version is known by: what mlgate trained it on, else the CSV of its
// newest passing server test (mlgate keeps both, content-addressed). Retraining starts from
// it, and the drift reference is taken from it.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "mlgate/api_types.hpp"
#include "mlgate/result.hpp"

namespace mlgate::app {

class App;

struct VersionData {
  std::string csv;    // labelled rows
  std::string label;  // the label column
  std::string description;  // where they came from, for logs and lineage
  nlohmann::json origin = nlohmann::json::object();  // {"from": "training_data"|"test", "sha256", ...}
};

// 409 no_training_data when the version has neither.
Result<VersionData> version_data(App& app, const api::VersionInfo& version);

}  // namespace mlgate::app
