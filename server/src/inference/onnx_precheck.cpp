// ONNX Runtime 1.21 predates the upstream fixes for external-data path traversal, so any
// tensor that points outside the file is refused here, wherever it hides.
#include "inference/onnx_precheck.hpp"

#include <climits>
#include <set>
#include <string>

#include <google/protobuf/io/coded_stream.h>

#include "inference/intake.hpp"

namespace mlgate::inference {
namespace {

constexpr int kRecursionLimit = 64;

Error invalid(const std::string& why) { return unprocessable("invalid_onnx", "not an ONNX ModelProto: " + why); }

Status check_tensor(const onnx::TensorProto& t, const std::string& where) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL || t.external_data_size() > 0) {
    std::string location;
    for (const auto& kv : t.external_data())
      if (kv.key() == "location") location = kv.value();
    std::string msg = "tensor '" + t.name() + "' (" + where + ") references external data";
    if (!location.empty()) msg += " at '" + location + "'";
    msg += "; mlgate accepts only self-contained ONNX files";
    return unprocessable("external_data_not_allowed", msg);
  }
  return ok_status();
}

Status check_sparse(const onnx::SparseTensorProto& s, const std::string& where) {
  if (auto st = check_tensor(s.values(), where); !st) return st;
  return check_tensor(s.indices(), where);
}

Status check_graph(const onnx::GraphProto& g, const std::string& where);

// Operators of the standard and ai.onnx.ml domains only: contrib and custom domains
// (com.microsoft's Attention, MatMulNBits, ...) are where ONNX Runtime's memory-safety
// advisories concentrate, and tabular models do not need them.
bool allowed_domain(const std::string& d) { return d.empty() || d == "ai.onnx" || d == "ai.onnx.ml"; }

Status check_nodes(const google::protobuf::RepeatedPtrField<onnx::NodeProto>& nodes, const std::string& where) {
  for (const auto& node : nodes) {
    if (!allowed_domain(node.domain()))
      return unprocessable("unsupported_operator", "node '" + node.name() + "' in " + where + " uses operator '" + node.op_type() +
                                                       "' of domain '" + node.domain() +
                                                       "'; mlgate accepts the standard ONNX and ai.onnx.ml operators only");
    for (const auto& a : node.attribute()) {
      const std::string at = "attribute '" + a.name() + "' of node '" + node.name() + "' (" + node.op_type() + ") in " + where;
      if (a.has_t())
        if (auto st = check_tensor(a.t(), at); !st) return st;
      for (const auto& t : a.tensors())
        if (auto st = check_tensor(t, at); !st) return st;
      if (a.has_sparse_tensor())
        if (auto st = check_sparse(a.sparse_tensor(), at); !st) return st;
      for (const auto& s : a.sparse_tensors())
        if (auto st = check_sparse(s, at); !st) return st;
      if (a.has_g())
        if (auto st = check_graph(a.g(), "subgraph of " + at); !st) return st;
      for (const auto& sg : a.graphs())
        if (auto st = check_graph(sg, "subgraph of " + at); !st) return st;
    }
  }
  return ok_status();
}

Status check_graph(const onnx::GraphProto& g, const std::string& where) {
  for (const auto& t : g.initializer())
    if (auto st = check_tensor(t, "initializer of " + where); !st) return st;
  for (const auto& s : g.sparse_initializer())
    if (auto st = check_sparse(s, "sparse initializer of " + where); !st) return st;
  return check_nodes(g.node(), where);
}

// The first node, in the graph or a subgraph, whose domain the model imports no opset for:
// ONNX leaves that node's operator version undefined (ONNX Runtime guesses), and a model cut
// just before its last opset_import entry looks exactly like that.
const onnx::NodeProto* node_without_opset(const onnx::GraphProto& g, const std::set<std::string>& imported) {
  for (const auto& n : g.node()) {
    if (!imported.count(n.domain() == "ai.onnx" ? std::string() : n.domain())) return &n;
    for (const auto& a : n.attribute()) {
      if (a.has_g())
        if (const auto* m = node_without_opset(a.g(), imported)) return m;
      for (const auto& sg : a.graphs())
        if (const auto* m = node_without_opset(sg, imported)) return m;
    }
  }
  return nullptr;
}

}  // namespace

Result<onnx::ModelProto> parse_checked_model(std::string_view bytes) {
  if (bytes.empty()) return invalid("the file is empty");
  if (bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4))
    return invalid("this is a ZIP archive (e.g. an H2O MOJO or a pickled bundle), not an ONNX model");
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return invalid("larger than the 2 GiB protobuf limit");

  onnx::ModelProto model;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
  in.SetTotalBytesLimit(static_cast<int>(bytes.size()));
  in.SetRecursionLimit(kRecursionLimit);
  // Where the reader stopped is where the bytes stopped making sense (protobuf gives no finer
  // position); a truncated file stops at its end.
  if (!model.ParseFromCodedStream(&in) || !in.ConsumedEntireMessage())
    return invalid("protobuf parse failed at byte " + std::to_string(in.CurrentPosition()) + " of " + std::to_string(bytes.size()));
  if (model.ir_version() <= 0) return invalid("ir_version is missing");
  if (!model.has_graph()) return invalid("it has no graph");
  if (model.ir_version() >= 3 && model.opset_import_size() == 0) return invalid("it has no opset_import");

  const std::string main_graph = "graph '" + model.graph().name() + "'";
  if (auto st = check_graph(model.graph(), main_graph); !st) return st.error();
  // A model-local function would let a node of an allowed domain name arbitrary code paths.
  for (const auto& f : model.functions())
    return unprocessable("unsupported_operator", "the model defines its own function '" + f.name() + "' (domain '" + f.domain() +
                                                     "'); mlgate accepts the standard ONNX and ai.onnx.ml operators only");
  for (const auto& ti : model.training_info()) {
    if (auto st = check_graph(ti.initialization(), "training initialization graph"); !st) return st.error();
    if (auto st = check_graph(ti.algorithm(), "training algorithm graph"); !st) return st.error();
  }
  if (model.ir_version() >= 3) {
    std::set<std::string> imported;
    for (const auto& o : model.opset_import()) imported.insert(o.domain() == "ai.onnx" ? std::string() : o.domain());
    if (const auto* n = node_without_opset(model.graph(), imported))
      return invalid("node '" + n->name() + "' (" + n->op_type() + ") uses domain '" + (n->domain().empty() ? "ai.onnx" : n->domain()) +
                     "', which has no opset_import entry");
  }
  return model;
}

Status precheck_onnx(std::string_view bytes) {
  auto parsed = parse_checked_model(bytes);
  if (!parsed) return parsed.error();
  return ok_status();
}

}  // namespace mlgate::inference
