#include "inference/web_variant.hpp"

#include <set>

namespace mlgate::inference {
namespace {

constexpr const char* kProbabilities = "probabilities";

std::set<std::string> names_in(const onnx::GraphProto& g) {
  std::set<std::string> names;
  for (const auto& v : g.input()) names.insert(v.name());
  for (const auto& v : g.output()) names.insert(v.name());
  for (const auto& v : g.value_info()) names.insert(v.name());
  for (const auto& t : g.initializer()) names.insert(t.name());
  for (const auto& n : g.node()) {
    names.insert(n.input().begin(), n.input().end());
    names.insert(n.output().begin(), n.output().end());
  }
  return names;
}

std::string unique_name(const std::set<std::string>& taken, const std::string& base) {
  if (!taken.count(base)) return base;
  for (int i = 1;; ++i)
    if (auto n = base + "_" + std::to_string(i); !taken.count(n)) return n;
}

void rename_tensor(onnx::GraphProto& g, const std::string& from, const std::string& to) {
  for (auto& n : *g.mutable_node()) {
    for (auto& s : *n.mutable_input())
      if (s == from) s = to;
    for (auto& s : *n.mutable_output())
      if (s == from) s = to;
  }
  for (auto& v : *g.mutable_value_info())
    if (v.name() == from) v.set_name(to);
}

int64_t class_count(const onnx::NodeProto& zipmap) {
  for (const auto& a : zipmap.attribute())
    if (a.name() == "classlabels_strings") return a.strings_size();
    else if (a.name() == "classlabels_int64s") return a.ints_size();
  return -1;
}

}  // namespace

Result<WebVariant> build_web_variant(const onnx::ModelProto& model) {
  const auto& outs = model.graph().output();
  bool all_tensors = true;
  for (const auto& o : outs) all_tensors = all_tensors && o.type().has_tensor_type();
  if (all_tensors) return WebVariant{};

  WebVariant web;
  onnx::ModelProto copy = model;
  onnx::GraphProto& g = *copy.mutable_graph();
  // The batch dimension of the new output: the label output's when it has one.
  onnx::TensorShapeProto_Dimension batch;
  batch.set_dim_param("N");
  for (const auto& o : outs)
    if (o.type().has_tensor_type() && o.type().tensor_type().shape().dim_size() >= 1)
      batch = o.type().tensor_type().shape().dim(0);

  for (int oi = 0; oi < g.output_size(); ++oi) {
    onnx::ValueInfoProto& out = *g.mutable_output(oi);
    if (out.type().has_tensor_type()) continue;
    int zi = -1;
    for (int ni = 0; ni < g.node_size(); ++ni)
      for (const auto& o : g.node(ni).output())
        if (o == out.name()) zi = ni;
    if (zi < 0 || g.node(zi).op_type() != "ZipMap" || g.node(zi).input_size() != 1)
      return unprocessable("unsupported_outputs", "output '" + out.name() +
                                                      "' is not a tensor and does not come from a ZipMap: mlgate serves tensor outputs only");
    const std::string source = g.node(zi).input(0);
    const int64_t classes = class_count(g.node(zi));
    g.mutable_node()->DeleteSubrange(zi, 1);
    std::string name = source;
    if (source != kProbabilities) {
      name = unique_name(names_in(g), kProbabilities);
      rename_tensor(g, source, name);
    }
    out.Clear();
    out.set_name(name);
    auto* tt = out.mutable_type()->mutable_tensor_type();
    tt->set_elem_type(onnx::TensorProto::FLOAT);
    *tt->mutable_shape()->add_dim() = batch;
    auto* c = tt->mutable_shape()->add_dim();
    if (classes >= 0) c->set_dim_value(classes);
    else c->set_dim_param("C");
    if (web.probability_output.empty()) web.probability_output = name;
  }
  if (!copy.SerializeToString(&web.bytes)) return internal_error("could not serialize the web variant");
  return web;
}

}  // namespace mlgate::inference
