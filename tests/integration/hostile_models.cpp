#include "integration/hostile_models.hpp"

#include <initializer_list>
#include <vector>

#ifndef ONNX_ML
#define ONNX_ML 1
#endif
#ifndef ONNX_NAMESPACE
#define ONNX_NAMESPACE onnx
#endif
#include <onnx/onnx_pb.h>

namespace mlgate::testing {
namespace {

struct Builder {
  onnx::ModelProto m;
  onnx::GraphProto* g;

  Builder() : g(m.mutable_graph()) {
    m.set_ir_version(8);
    m.add_opset_import()->set_version(13);
    g->set_name("hostile");
  }
  onnx::NodeProto* node(const char* op, std::initializer_list<const char*> in, const char* out) {
    auto* n = g->add_node();
    n->set_op_type(op);
    n->set_name(std::string(op) + "_" + out);
    for (const char* i : in) n->add_input(i);
    n->add_output(out);
    return n;
  }
  void value(onnx::ValueInfoProto* v, const char* name, std::vector<int64_t> dims) {
    v->set_name(name);
    auto* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    if (dims.empty()) return;
    for (auto d : dims) t->mutable_shape()->add_dim()->set_dim_value(d);
  }
  void int64s(const char* name, std::vector<int64_t> values) {
    auto* t = g->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(static_cast<int64_t>(values.size()));
    for (auto v : values) t->add_int64_data(v);
  }
  // y = x + ConstantOfShape(shape) of ones: the constant is folded when the session is made.
  void ones(const char* shape, const char* out) {
    auto* a = node("ConstantOfShape", {shape}, out)->add_attribute();
    a->set_name("value");
    a->set_type(onnx::AttributeProto::TENSOR);
    a->mutable_t()->set_data_type(onnx::TensorProto::FLOAT);
    a->mutable_t()->add_dims(1);
    a->mutable_t()->add_float_data(1.0f);
  }
  std::string bytes(std::vector<int64_t> in_dims) {
    value(g->add_input(), "x", in_dims);
    value(g->add_output(), "y", {});
    std::string s;
    m.SerializeToString(&s);
    return s;
  }
};

}  // namespace

std::string model_crashing_at_load() {
  Builder b;
  auto* w = b.g->add_initializer();
  w->set_name("W");
  w->set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : {1, 1, 2, 2}) w->add_dims(d);
  for (int i = 0; i < 4; ++i) w->add_float_data(1.0f);
  auto* strides = b.node("Conv", {"x", "W"}, "y")->add_attribute();
  strides->set_name("strides");
  strides->set_type(onnx::AttributeProto::INTS);
  strides->add_ints(0);
  strides->add_ints(0);
  return b.bytes({1, 1, 4, 4});
}

std::string model_exhausting_memory_at_load() {
  Builder b;
  b.int64s("shape", {40000, 40000});
  b.ones("shape", "c");
  b.node("Add", {"x", "c"}, "y");
  return b.bytes({1});
}

std::string model_slow_to_load() {
  Builder b;
  b.int64s("shape", {6000, 6000});
  b.ones("shape", "a");
  b.node("MatMul", {"a", "a"}, "b");
  b.node("MatMul", {"b", "b"}, "c");
  b.node("Add", {"x", "c"}, "y");
  return b.bytes({1});
}

}  // namespace mlgate::testing
