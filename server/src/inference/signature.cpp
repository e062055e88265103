#include "inference/signature.hpp"

#include <algorithm>
#include <set>

#include "core/log.hpp"
#include "inference/categories.hpp"
#include "inference/tensor_types.hpp"

namespace mlgate::inference {
namespace {

std::string describe_type(const Ort::TypeInfo& info) {
  switch (info.GetONNXType()) {
    case ONNX_TYPE_TENSOR:
      return std::string(element_type_name(info.GetTensorTypeAndShapeInfo().GetElementType()));
    case ONNX_TYPE_SEQUENCE: {
      auto elem = info.GetSequenceTypeInfo().GetSequenceElementType();
      return "sequence<" + describe_type(elem) + ">";
    }
    case ONNX_TYPE_MAP: {
      auto m = info.GetMapTypeInfo();
      return "map<" + std::string(element_type_name(m.GetMapKeyType())) + "," + describe_type(m.GetMapValueType()) + ">";
    }
    default:
      return "unknown";
  }
}

api::TensorInfo describe(const std::string& name, const Ort::TypeInfo& info) {
  api::TensorInfo t;
  t.name = name;
  t.type = describe_type(info);
  if (info.GetONNXType() == ONNX_TYPE_TENSOR) {
    t.shape = info.GetTensorTypeAndShapeInfo().GetShape();
    for (auto& d : t.shape)
      if (d < 0) d = -1;
  }
  return t;
}

bool is_tensor_type(const std::string& type) { return type.find('<') == std::string::npos && type != "unknown"; }
bool is_real(const std::string& type) { return type == "float" || type == "double"; }
bool is_feature_type(const std::string& type) {
  return type == "float" || type == "double" || type == "int64" || type == "int32" || type == "string";
}
// [N], [N,1]: one value per row.
bool one_per_row(const api::TensorInfo& t) { return t.shape.size() == 1 || (t.shape.size() == 2 && t.shape[1] == 1); }

std::vector<std::string> split_names(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    std::string part = s.substr(start, end - start);
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    out.push_back(part);
    start = end + 1;
  }
  return out;
}

bool valid_names(const std::vector<std::string>& names) {
  std::set<std::string> seen;
  for (const auto& n : names)
    if (n.empty() || !seen.insert(n).second) return false;
  return true;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Class labels from a ZipMap, else from the classifier node (LinearClassifier,
// TreeEnsembleClassifier, SVMClassifier, ...): the model's own order.
std::vector<std::string> find_classes(const onnx::GraphProto& g) {
  const onnx::NodeProto* source = nullptr;
  for (const auto& n : g.node())
    if (n.op_type() == "ZipMap") source = &n;
  if (!source)
    for (const auto& n : g.node())
      if (n.domain() == "ai.onnx.ml" && n.op_type().size() > 10 &&
          n.op_type().compare(n.op_type().size() - 10, 10, "Classifier") == 0)
        source = &n;
  std::vector<std::string> classes;
  if (!source) return classes;
  for (const auto& a : source->attribute()) {
    if (a.name() == "classlabels_strings")
      for (const auto& s : a.strings()) classes.push_back(s);
    else if (a.name() == "classlabels_ints" || a.name() == "classlabels_int64s")
      for (auto v : a.ints()) classes.push_back(std::to_string(v));
  }
  return classes;
}

Status choose_features(api::Signature& sig, const onnx::ModelProto& model, const IntakeOptions& options) {
  const auto& ins = sig.inputs;
  bool single_matrix = ins.size() == 1 && ins[0].shape.size() == 2 && is_feature_type(ins[0].type) && ins[0].type != "string";
  bool all_columns = !ins.empty() && std::all_of(ins.begin(), ins.end(), [](const api::TensorInfo& t) {
    return is_feature_type(t.type) && one_per_row(t);
  });

  if (single_matrix) {
    const auto& in = ins[0];
    int64_t f = in.shape[1];
    if (!options.features.empty()) {
      if (!valid_names(options.features))
        return unprocessable("invalid_features", "features must be distinct, non-empty column names");
      if (f >= 0 && static_cast<int64_t>(options.features.size()) != f)
        return unprocessable("invalid_features", "features lists " + std::to_string(options.features.size()) +
                                                     " names but input '" + in.name + "' has " + std::to_string(f) + " features");
      sig.features = options.features;
      sig.feature_names_from = "upload";
    } else {
      for (const auto& p : model.metadata_props())
        if (p.key() == "feature_names") {
          auto names = split_names(p.value());
          if (valid_names(names) && (f < 0 || static_cast<int64_t>(names.size()) == f)) {
            sig.features = names;
            sig.feature_names_from = "metadata";
          }
          else log::warn("inference", "metadata feature_names does not fit input '" + in.name + "': using f0..");
        }
      if (sig.features.empty() && f >= 0) {
        for (int64_t i = 0; i < f; ++i) sig.features.push_back("f" + std::to_string(i));
        sig.feature_names_from = "position";
      }
    }
    if (!sig.features.empty()) sig.input_layout = "tensor";
    return ok_status();
  }
  if (!options.features.empty()) {
    std::vector<std::string> names;
    for (const auto& in : ins) names.push_back(in.name);
    if (!all_columns || std::set<std::string>(names.begin(), names.end()) !=
                            std::set<std::string>(options.features.begin(), options.features.end()))
      return unprocessable("invalid_features", "features= applies to a model with one [N,F] input; this model's inputs are " + join(names) +
                                                   (all_columns ? " (one per column, matched by name)" : ""));
  }
  if (all_columns) {
    sig.input_layout = "columns";
    sig.feature_names_from = "inputs";
    for (const auto& in : ins) sig.features.push_back(in.name);
  }
  return ok_status();
}

void choose_task(api::Signature& sig, const onnx::ModelProto& model, const std::string& probability_output) {
  if (sig.input_layout.empty()) return;  // not tabular: served through /v2 only
  auto classes = find_classes(model.graph());
  if (!classes.empty()) {
    for (const auto& o : sig.outputs) {
      if (!is_tensor_type(o.type)) continue;
      if (sig.label_output.empty() && (o.type == "int64" || o.type == "string" || o.type == "int32") && one_per_row(o))
        sig.label_output = o.name;
      else if (probability_output.empty() && sig.probability_output.empty() && is_real(o.type) && o.shape.size() == 2 &&
               (o.shape[1] < 0 || o.shape[1] == static_cast<int64_t>(classes.size())))
        sig.probability_output = o.name;
    }
    if (!probability_output.empty()) sig.probability_output = probability_output;
    if (sig.label_output.empty() && sig.probability_output.empty()) return;
    sig.task = "classification";
    sig.classes = std::move(classes);
    return;
  }
  const api::TensorInfo* value = nullptr;
  int reals = 0;
  for (const auto& o : sig.outputs)
    if (is_real(o.type)) {
      ++reals;
      value = &o;
    }
  if (reals == 1 && one_per_row(*value)) {
    sig.task = "regression";
    sig.value_output = value->name;
  }
}

std::vector<api::TensorInfo> describe_all(const Ort::Session& s, bool inputs) {
  Ort::AllocatorWithDefaultOptions alloc;
  std::vector<api::TensorInfo> out;
  size_t n = inputs ? s.GetInputCount() : s.GetOutputCount();
  for (size_t i = 0; i < n; ++i) {
    if (inputs) out.push_back(describe(s.GetInputNameAllocated(i, alloc).get(), s.GetInputTypeInfo(i)));
    else out.push_back(describe(s.GetOutputNameAllocated(i, alloc).get(), s.GetOutputTypeInfo(i)));
  }
  return out;
}

}  // namespace

std::vector<api::TensorInfo> session_inputs(const Ort::Session& session) { return describe_all(session, true); }
std::vector<api::TensorInfo> session_outputs(const Ort::Session& session) { return describe_all(session, false); }

Result<api::Signature> extract_signature(const Ort::Session& serving, const onnx::ModelProto& model,
                                         const IntakeOptions& options, const std::string& probability_output) {
  api::Signature sig;
  try {
    sig.inputs = session_inputs(serving);
    sig.outputs = session_outputs(serving);
  } catch (const Ort::Exception& e) {
    return unprocessable("model_load_failed", e.what());
  }
  if (auto st = choose_features(sig, model, options); !st) return st.error();
  choose_task(sig, model, probability_output);
  if (sig.input_layout == "columns") sig.categories = fixed_categories(model.graph(), sig.inputs);
  return sig;
}

}  // namespace mlgate::inference
