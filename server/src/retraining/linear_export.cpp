#include "retraining/linear_export.hpp"

#include <limits>

#include "retraining/onnx_graph.hpp"

namespace mlgate::retraining::linear {
namespace {

std::vector<float> floats(const std::vector<double>& v, double sign = 1) {
  std::vector<float> out;
  out.reserve(v.size());
  for (double x : v) out.push_back(static_cast<float>(sign * x));
  return out;
}

}  // namespace

std::string export_onnx(const Model& model, const TrainingSet& set, const std::string& doc) {
  using onnx_graph::set_attr;
  auto m = onnx_graph::new_model("mlgate_linear", set.features, "linear", doc);
  auto& imputer = onnx_graph::add_node(m, "Imputer", {onnx_graph::kInput}, {"imputed"});
  set_attr(imputer, "imputed_value_floats", floats(model.standardization.mean));
  set_attr(imputer, "replaced_value_float", std::numeric_limits<float>::quiet_NaN());
  auto& scaler = onnx_graph::add_node(m, "Scaler", {"imputed"}, {"standardized"});
  set_attr(scaler, "offset", floats(model.standardization.mean));
  set_attr(scaler, "scale", floats(model.standardization.scale));

  if (set.task == Task::regression) {
    auto& lr = onnx_graph::add_node(m, "LinearRegressor", {"standardized"}, {onnx_graph::kValue});
    set_attr(lr, "coefficients", floats(model.coefficients));
    set_attr(lr, "intercepts", floats(model.intercepts));
    set_attr(lr, "targets", int64_t{1});
    onnx_graph::add_output(m, onnx_graph::kValue, onnx::TensorProto_DataType_FLOAT, {-1, 1});
    return onnx_graph::serialize(m);
  }

  const bool binary = set.classes.size() == 2;
  auto& lc = onnx_graph::add_node(m, "LinearClassifier", {"standardized"}, {onnx_graph::kLabel, onnx_graph::kProbabilities});
  std::vector<float> coef = floats(model.coefficients), icpt = floats(model.intercepts);
  if (binary) {
    std::vector<float> neg = floats(model.coefficients, -1);
    coef.insert(coef.begin(), neg.begin(), neg.end());
    icpt.insert(icpt.begin(), static_cast<float>(-model.intercepts[0]));
  }
  set_attr(lc, "coefficients", coef);
  set_attr(lc, "intercepts", icpt);
  set_attr(lc, "multi_class", int64_t{0});
  set_attr(lc, "post_transform", std::string(binary ? "LOGISTIC" : "SOFTMAX"));
  onnx_graph::set_class_labels(lc, "classlabels_ints", set.classes, set.integer_classes);
  onnx_graph::add_classifier_outputs(m, set.integer_classes, set.classes.size());
  return onnx_graph::serialize(m);
}

}  // namespace mlgate::retraining::linear
