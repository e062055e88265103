// The API's JSON types (API.md), defined once and used by the server and the client.
// Field names here are the wire contract.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlgate::api {

using nlohmann::json;

struct TensorInfo {
  std::string name;
  std::string type;            // "float", "double", "int64", "int32", "string", "bool", ... or
                               // "sequence<map<int64,float>>" / "sequence<map<string,float>>"
  std::vector<int64_t> shape;  // -1 for a dynamic dimension
};

struct Signature {
  std::vector<TensorInfo> inputs;
  std::vector<TensorInfo> outputs;
  std::vector<std::string> features;  // CSV/JSON column names in the order the model reads them
  std::string task;                   // "classification" | "regression"
  std::vector<std::string> classes;   // class labels as text, in the model's order
  // How mlgate feeds and reads the model (extra fields, allowed by API.md):
  std::string input_layout;           // "tensor" (one [N,F] input) | "columns" (one input per feature)
  // Where `features` came from: "inputs" (one input per column), "metadata" (the model's
  // feature_names), "upload" (?features=) or "position" (generated f0..: a test CSV's
  // feature columns are then taken in the order they appear).
  std::string feature_names_from;
  std::string label_output;           // classifier label output name ("" if none)
  std::string probability_output;     // tensor probabilities [N,C] in the serving graph ("" if none)
  std::string value_output;           // regressor output name ("" if none)
  // Categorical inputs whose values the graph fixes (an encoder's categories), as text in
  // the encoder's order: {feature: [values...]}. The predict form offers them as a drop-down.
  std::map<std::string, std::vector<std::string>> categories;
};

// Whether the model reads `feature` as text (a string input) rather than as a number.
bool feature_is_text(const Signature& sig, const std::string& feature);

struct VersionInfo {
  std::string model;
  int64_t version = 0;
  std::string stage;  // "staging" | "production" | "archived"
  std::string sha256;
  std::string web_sha256;  // browser-ready variant; equals sha256 when the original is already tensor-only
  int64_t size_bytes = 0;
  std::string created_at;  // RFC 3339 UTC
  std::string created_by;
  std::string description;
  Signature signature;
  std::string producer;
  int64_t opset = 0;
  std::vector<int64_t> tests;
  json lineage = json::object();
};

struct ModelSummary {
  std::string name;
  int64_t latest_version = 0;
  std::optional<int64_t> production_version;
  int64_t versions_count = 0;
  std::string updated_at;
};

struct TestRecord {
  int64_t id = 0;
  std::string model;
  int64_t version = 0;
  std::string at;
  std::string actor;
  std::string source;  // "server" | "browser"
  int64_t rows = 0;
  std::string label_column;
  std::string data_sha256;
  bool passed = false;
  json thresholds = json::object();
  json metrics = json::object();
};

struct Promotion {
  int64_t id = 0;
  std::string model;
  int64_t version = 0;
  std::string status;  // "pending" | "approved" | "rejected"
  std::string requested_by;
  std::string requested_at;
  std::string reason;
  std::string decided_by;
  std::string decided_at;
  std::string decision_reason;
};

struct AuditEvent {
  int64_t id = 0;
  std::string at;
  std::string actor;
  std::string action;
  std::string model;
  std::optional<int64_t> version;
  std::string from_stage;
  std::string to_stage;
  json detail = json::object();
};

struct TokenInfo {
  std::string name;
  std::string role;  // "viewer" | "deployer" | "approver" | "admin"
  std::string created_at;
};

void to_json(json& j, const TensorInfo& v);
void from_json(const json& j, TensorInfo& v);
void to_json(json& j, const Signature& v);
void from_json(const json& j, Signature& v);
void to_json(json& j, const VersionInfo& v);
void from_json(const json& j, VersionInfo& v);
void to_json(json& j, const ModelSummary& v);
void from_json(const json& j, ModelSummary& v);
void to_json(json& j, const TestRecord& v);
void from_json(const json& j, TestRecord& v);
void to_json(json& j, const Promotion& v);
void from_json(const json& j, Promotion& v);
void to_json(json& j, const AuditEvent& v);
void from_json(const json& j, AuditEvent& v);
void to_json(json& j, const TokenInfo& v);
void from_json(const json& j, TokenInfo& v);

}  // namespace mlgate::api
