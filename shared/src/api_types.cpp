#include "mlgate/api_types.hpp"

namespace mlgate::api {
namespace {
// Absent keys keep the default: older records and newer clients stay compatible.
template <class T>
void get(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) it->get_to(out);
}
template <class T>
void get(const json& j, const char* key, std::optional<T>& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) out = it->get<T>(); else out.reset();
}
json opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
}  // namespace

void to_json(json& j, const TensorInfo& v) { j = {{"name", v.name}, {"type", v.type}, {"shape", v.shape}}; }
void from_json(const json& j, TensorInfo& v) {
  get(j, "name", v.name); get(j, "type", v.type); get(j, "shape", v.shape);
}

void to_json(json& j, const Signature& v) {
  j = {{"inputs", v.inputs}, {"outputs", v.outputs}, {"features", v.features}, {"task", v.task},
       {"classes", v.classes}, {"input_layout", v.input_layout}, {"feature_names_from", v.feature_names_from},
       {"label_output", v.label_output},
       {"probability_output", v.probability_output}, {"value_output", v.value_output},
       {"categories", v.categories}};
}
void from_json(const json& j, Signature& v) {
  get(j, "inputs", v.inputs); get(j, "outputs", v.outputs); get(j, "features", v.features);
  get(j, "task", v.task); get(j, "classes", v.classes); get(j, "input_layout", v.input_layout);
  get(j, "feature_names_from", v.feature_names_from);
  get(j, "label_output", v.label_output); get(j, "probability_output", v.probability_output);
  get(j, "value_output", v.value_output);
  get(j, "categories", v.categories);
}

bool feature_is_text(const Signature& sig, const std::string& feature) {
  if (sig.input_layout == "columns") {
    for (const auto& in : sig.inputs)
      if (in.name == feature) return in.type == "string";
    return false;
  }
  return !sig.inputs.empty() && sig.inputs[0].type == "string";
}

void to_json(json& j, const VersionInfo& v) {
  j = {{"model", v.model}, {"version", v.version}, {"stage", v.stage}, {"sha256", v.sha256},
       {"web_sha256", v.web_sha256}, {"size_bytes", v.size_bytes}, {"created_at", v.created_at},
       {"created_by", v.created_by}, {"description", v.description}, {"signature", v.signature},
       {"producer", v.producer}, {"opset", v.opset}, {"tests", v.tests}, {"lineage", v.lineage}};
}
void from_json(const json& j, VersionInfo& v) {
  get(j, "model", v.model); get(j, "version", v.version); get(j, "stage", v.stage);
  get(j, "sha256", v.sha256); get(j, "web_sha256", v.web_sha256); get(j, "size_bytes", v.size_bytes);
  get(j, "created_at", v.created_at); get(j, "created_by", v.created_by);
  get(j, "description", v.description); get(j, "signature", v.signature);
  get(j, "producer", v.producer); get(j, "opset", v.opset); get(j, "tests", v.tests);
  get(j, "lineage", v.lineage);
}

void to_json(json& j, const ModelSummary& v) {
  j = {{"name", v.name}, {"latest_version", v.latest_version},
       {"production_version", opt(v.production_version)}, {"versions_count", v.versions_count},
       {"updated_at", v.updated_at}};
}
void from_json(const json& j, ModelSummary& v) {
  get(j, "name", v.name); get(j, "latest_version", v.latest_version);
  get(j, "production_version", v.production_version); get(j, "versions_count", v.versions_count);
  get(j, "updated_at", v.updated_at);
}

void to_json(json& j, const TestRecord& v) {
  j = {{"id", v.id}, {"model", v.model}, {"version", v.version}, {"at", v.at}, {"actor", v.actor},
       {"source", v.source}, {"rows", v.rows}, {"label_column", v.label_column},
       {"data_sha256", v.data_sha256}, {"passed", v.passed}, {"thresholds", v.thresholds},
       {"metrics", v.metrics}};
}
void from_json(const json& j, TestRecord& v) {
  get(j, "id", v.id); get(j, "model", v.model); get(j, "version", v.version); get(j, "at", v.at);
  get(j, "actor", v.actor); get(j, "source", v.source); get(j, "rows", v.rows);
  get(j, "label_column", v.label_column); get(j, "data_sha256", v.data_sha256);
  get(j, "passed", v.passed); get(j, "thresholds", v.thresholds); get(j, "metrics", v.metrics);
}

void to_json(json& j, const Promotion& v) {
  j = {{"id", v.id}, {"model", v.model}, {"version", v.version}, {"status", v.status},
       {"requested_by", v.requested_by}, {"requested_at", v.requested_at}, {"reason", v.reason},
       {"decided_by", v.decided_by}, {"decided_at", v.decided_at},
       {"decision_reason", v.decision_reason}};
}
void from_json(const json& j, Promotion& v) {
  get(j, "id", v.id); get(j, "model", v.model); get(j, "version", v.version);
  get(j, "status", v.status); get(j, "requested_by", v.requested_by);
  get(j, "requested_at", v.requested_at); get(j, "reason", v.reason);
  get(j, "decided_by", v.decided_by); get(j, "decided_at", v.decided_at);
  get(j, "decision_reason", v.decision_reason);
}

void to_json(json& j, const AuditEvent& v) {
  j = {{"id", v.id}, {"at", v.at}, {"actor", v.actor}, {"action", v.action}, {"model", v.model},
       {"version", opt(v.version)}, {"from_stage", v.from_stage}, {"to_stage", v.to_stage},
       {"detail", v.detail}};
}
void from_json(const json& j, AuditEvent& v) {
  get(j, "id", v.id); get(j, "at", v.at); get(j, "actor", v.actor); get(j, "action", v.action);
  get(j, "model", v.model); get(j, "version", v.version); get(j, "from_stage", v.from_stage);
  get(j, "to_stage", v.to_stage); get(j, "detail", v.detail);
}

void to_json(json& j, const TokenInfo& v) {
  j = {{"name", v.name}, {"role", v.role}, {"created_at", v.created_at}};
}
void from_json(const json& j, TokenInfo& v) {
  get(j, "name", v.name); get(j, "role", v.role); get(j, "created_at", v.created_at);
}

}  // namespace mlgate::api
