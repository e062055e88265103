#include "retraining/onnx_graph.hpp"

#include <cstdlib>

namespace mlgate::retraining::onnx_graph {
namespace {

onnx::AttributeProto& new_attr(onnx::NodeProto& node, const std::string& name, onnx::AttributeProto_AttributeType type) {
  onnx::AttributeProto& a = *node.add_attribute();
  a.set_name(name);
  a.set_type(type);
  return a;
}

void set_dims(onnx::TypeProto_Tensor& t, const std::vector<int64_t>& dims) {
  auto& shape = *t.mutable_shape();
  for (int64_t d : dims) {
    auto& dim = *shape.add_dim();
    if (d < 0) dim.set_dim_param("N");
    else dim.set_dim_value(d);
  }
}

}  // namespace

onnx::ModelProto new_model(const std::string& graph_name, const std::vector<std::string>& features, const std::string& trainer,
                           const std::string& doc) {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.set_producer_name("mlgate");
  m.set_producer_version(MLGATE_VERSION);
  m.set_doc_string(doc);
  auto* op = m.add_opset_import();
  op->set_domain("");
  op->set_version(15);
  op = m.add_opset_import();
  op->set_domain(kMlDomain);
  op->set_version(3);

  std::string names;
  for (const auto& f : features) names += (names.empty() ? "" : ",") + f;
  auto* p = m.add_metadata_props();
  p->set_key("feature_names");
  p->set_value(names);
  p = m.add_metadata_props();
  p->set_key("mlgate_trainer");
  p->set_value(trainer);

  auto& g = *m.mutable_graph();
  g.set_name(graph_name);
  auto& in = *g.add_input();
  in.set_name(kInput);
  auto& t = *in.mutable_type()->mutable_tensor_type();
  t.set_elem_type(onnx::TensorProto_DataType_FLOAT);
  set_dims(t, {-1, static_cast<int64_t>(features.size())});
  return m;
}

onnx::NodeProto& add_node(onnx::ModelProto& model, const std::string& op_type, const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs) {
  onnx::NodeProto& n = *model.mutable_graph()->add_node();
  n.set_op_type(op_type);
  n.set_name(op_type);
  n.set_domain(kMlDomain);
  for (const auto& i : inputs) n.add_input(i);
  for (const auto& o : outputs) n.add_output(o);
  return n;
}

void set_attr(onnx::NodeProto& node, const std::string& name, int64_t value) {
  new_attr(node, name, onnx::AttributeProto_AttributeType_INT).set_i(value);
}
void set_attr(onnx::NodeProto& node, const std::string& name, float value) {
  new_attr(node, name, onnx::AttributeProto_AttributeType_FLOAT).set_f(value);
}
void set_attr(onnx::NodeProto& node, const std::string& name, const std::string& value) {
  new_attr(node, name, onnx::AttributeProto_AttributeType_STRING).set_s(value);
}
void set_attr(onnx::NodeProto& node, const std::string& name, const std::vector<int64_t>& values) {
  auto& a = new_attr(node, name, onnx::AttributeProto_AttributeType_INTS);
  a.mutable_ints()->Add(values.begin(), values.end());
}
void set_attr(onnx::NodeProto& node, const std::string& name, const std::vector<float>& values) {
  auto& a = new_attr(node, name, onnx::AttributeProto_AttributeType_FLOATS);
  a.mutable_floats()->Add(values.begin(), values.end());
}
void set_attr(onnx::NodeProto& node, const std::string& name, const std::vector<std::string>& values) {
  auto& a = new_attr(node, name, onnx::AttributeProto_AttributeType_STRINGS);
  for (const auto& v : values) a.add_strings(v);
}

void add_output(onnx::ModelProto& model, const std::string& name, onnx::TensorProto_DataType type, const std::vector<int64_t>& dims) {
  auto& o = *model.mutable_graph()->add_output();
  o.set_name(name);
  auto& t = *o.mutable_type()->mutable_tensor_type();
  t.set_elem_type(type);
  set_dims(t, dims);
}

void add_classifier_outputs(onnx::ModelProto& model, bool integer_classes, std::size_t classes) {
  add_output(model, kLabel, integer_classes ? onnx::TensorProto_DataType_INT64 : onnx::TensorProto_DataType_STRING, {-1});
  add_output(model, kProbabilities, onnx::TensorProto_DataType_FLOAT, {-1, static_cast<int64_t>(classes)});
}

void set_class_labels(onnx::NodeProto& node, const std::string& int_attribute, const std::vector<std::string>& classes,
                      bool integer_classes) {
  if (!integer_classes) return set_attr(node, "classlabels_strings", classes);
  std::vector<int64_t> ids;
  for (const auto& c : classes) ids.push_back(std::strtoll(c.c_str(), nullptr, 10));
  set_attr(node, int_attribute, ids);
}

std::string serialize(const onnx::ModelProto& model) {
  std::string out;
  model.SerializeToString(&out);
  return out;
}

}  // namespace mlgate::retraining::onnx_graph
