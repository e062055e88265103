#include "agent/tool_specs.hpp"

namespace mlgate::agent {
using nlohmann::json;

namespace {
json str(const char* description) { return {{"type", "string"}, {"description", description}}; }
json version(const char* description) { return {{"type", "integer"}, {"minimum", 1}, {"description", description}}; }

json object(json properties, std::vector<std::string> required = {}) {
  json o = {{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) o["required"] = required;
  return o;
}

const json kModel = str("Model name as listed by list_models");
const json kVersion = version("Version number (resolve 'staging', 'production' or 'latest' to its number first)");
const json kReason = str("Why, in the user's words; recorded in the audit log");

std::vector<ToolSpec> build() {
  return {
      {"list_models", "List the registered models with their latest and production versions.", object(json::object()), "viewer"},
      {"describe_model", "Describe a model, or one of its versions: stage, signature (features, classes), tests, creator.",
       object({{"model", kModel}, {"version", kVersion}}, {"model"}), "viewer"},
      {"compare_versions",
       "Compare two versions of a model: stages and test metrics side by side. Default: production against the newest staging version.",
       object({{"model", kModel}, {"version_a", kVersion}, {"version_b", kVersion}}, {"model"}), "viewer"},
      {"register_model", "Register an ONNX file the user uploaded as a new version (it enters staging).",
       object({{"model", kModel}, {"upload_id", str("Id of an uploaded .onnx file")}, {"description", str("What the model is for")}},
              {"model", "upload_id"}),
       "deployer"},
      {"test_model", "Test a version on an uploaded CSV with a label column; records the metrics.",
       object({{"model", kModel}, {"version", kVersion}, {"upload_id", str("Id of an uploaded CSV file")},
               {"label", str("Name of the CSV column holding the true label")}},
              {"model", "version", "upload_id", "label"}),
       "deployer"},
      {"list_tests", "List the test records of a model, or of one version, with their metrics.",
       object({{"model", kModel}, {"version", kVersion}}, {"model"}), "viewer"},
      {"request_promotion", "Ask for a staging version to go to production; an approver must then approve it.",
       object({{"model", kModel}, {"version", kVersion}, {"reason", kReason}}, {"model", "version"}), "deployer", Confirm::always},
      {"approve_promotion", "Approve a pending promotion request: the version goes to production.",
       object({{"promotion_id", {{"type", "integer"}, {"minimum", 1}}}, {"reason", kReason}}, {"promotion_id"}), "approver",
       Confirm::always},
      {"reject_promotion", "Reject a pending promotion request.",
       object({{"promotion_id", {{"type", "integer"}, {"minimum", 1}}}, {"reason", kReason}}, {"promotion_id"}), "approver",
       Confirm::always},
      {"archive_version", "Archive a version (it stops being a candidate for production).",
       object({{"model", kModel}, {"version", kVersion}}, {"model", "version"}), "deployer", Confirm::when_production},
      {"delete_version", "Delete a version that is not in production.", object({{"model", kModel}, {"version", kVersion}}, {"model", "version"}),
       "deployer", Confirm::always},
      {"rollback", "Put the previous production version of a model back into production.",
       object({{"model", kModel}, {"reason", kReason}}, {"model"}), "approver", Confirm::always},
      {"predict", "Predict with a model from feature values. Uses the production version unless a version is given.",
       object({{"model", kModel},
               {"features", {{"type", "object"}, {"description", "Feature name to value, names as in the model's signature"}}},
               {"version", kVersion}},
              {"model", "features"}),
       "viewer"},
      {"audit_trail", "Show the audit log, optionally for one model.", object({{"model", kModel}}), "viewer"},
      {"monitoring_report",
       "How a model is doing in production over a time window: requests, errors, latency quantiles, accuracy from feedback "
       "and the label-free expected accuracy.",
       object({{"model", kModel}, {"window", str("Time window such as 1h, 24h or 7d (default 24h)")}}, {"model"}), "viewer"},
      {"drift_report",
       "Whether a model's production inputs and predictions have drifted from its reference data, feature by feature.",
       object({{"model", kModel}, {"window", str("Time window such as 24h or 7d (default 24h)")}}, {"model"}), "viewer"},
      {"retrain",
       "Retrain a model on its training data plus the production rows labelled by feedback; the new version lands in staging "
       "with a promotion request.",
       object({{"model", kModel},
               {"test_size", {{"type", "number"}, {"exclusiveMinimum", 0}, {"exclusiveMaximum", 1}, {"description", "Share of rows held out for the test, e.g. 0.2"}}},
               {"trainer", {{"type", "string"}, {"enum", {"xgboost", "linear"}}, {"description", "Built-in trainer (default: the model's policy)"}}},
               {"params", {{"type", "object"}, {"description", "Trainer parameters by name, e.g. {\"max_depth\": 4}"}}}},
              {"model"}),
       "deployer"},
      {"list_jobs", "List training and retraining jobs with their status, optionally for one model.", object({{"model", kModel}}), "viewer"},
  };
}
}  // namespace

const std::vector<ToolSpec>& tool_specs() {
  static const std::vector<ToolSpec> specs = build();
  return specs;
}

const ToolSpec* find_tool_spec(std::string_view name) {
  for (const auto& s : tool_specs())
    if (s.name == name) return &s;
  return nullptr;
}

json openai_tools() {
  json tools = json::array();
  for (const auto& s : tool_specs())
    tools.push_back({{"type", "function"}, {"function", {{"name", s.name}, {"description", s.description}, {"parameters", s.parameters}}}});
  return tools;
}

}  // namespace mlgate::agent
