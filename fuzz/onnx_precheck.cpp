// The ONNX pre-check (server/src/inference/onnx_precheck.cpp): protobuf parsing with size
// and recursion limits, then the external-data and operator-domain rules. Properties: a
// rejection is a 422 with one of the pre-check's codes; an accepted model has an IR version,
// a graph, an opset when IR >= 3, no model-local function, and - checked by a second walk
// here - no tensor anywhere with external data and no node outside the allowed domains.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "inference/onnx_precheck.hpp"

using namespace mlgate;

namespace {

bool self_contained(const onnx::TensorProto& t) {
  return t.data_location() != onnx::TensorProto::EXTERNAL && t.external_data_size() == 0;
}

bool allowed(const std::string& d) { return d.empty() || d == "ai.onnx" || d == "ai.onnx.ml"; }

bool clean_graph(const onnx::GraphProto& g) {
  for (const auto& t : g.initializer())
    if (!self_contained(t)) return false;
  for (const auto& s : g.sparse_initializer())
    if (!self_contained(s.values()) || !self_contained(s.indices())) return false;
  for (const auto& n : g.node()) {
    if (!allowed(n.domain())) return false;
    for (const auto& a : n.attribute()) {
      if (a.has_t() && !self_contained(a.t())) return false;
      for (const auto& t : a.tensors())
        if (!self_contained(t)) return false;
      if (a.has_sparse_tensor() && (!self_contained(a.sparse_tensor().values()) || !self_contained(a.sparse_tensor().indices())))
        return false;
      for (const auto& s : a.sparse_tensors())
        if (!self_contained(s.values()) || !self_contained(s.indices())) return false;
      if (a.has_g() && !clean_graph(a.g())) return false;
      for (const auto& sg : a.graphs())
        if (!clean_graph(sg)) return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto model = inference::parse_checked_model(bytes);
  if (!model) {
    const Error& e = model.error();
    MLGATE_CHECK(e.status == 422, e.code);
    MLGATE_CHECK(e.code == "invalid_onnx" || e.code == "external_data_not_allowed" || e.code == "unsupported_operator", e.code);
    fuzz::check_rejection(e);
    return 0;
  }
  const onnx::ModelProto& m = model.value();
  MLGATE_CHECK(m.ir_version() > 0 && m.has_graph(), "accepted without IR version or graph");
  MLGATE_CHECK(m.ir_version() < 3 || m.opset_import_size() > 0, "accepted without opset_import");
  MLGATE_CHECK(m.functions_size() == 0, "accepted a model-local function");
  MLGATE_CHECK(clean_graph(m.graph()), "accepted external data or a foreign operator domain");
  for (const auto& ti : m.training_info())
    MLGATE_CHECK(clean_graph(ti.initialization()) && clean_graph(ti.algorithm()), "training graph");
  return 0;
}
