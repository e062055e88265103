#include "inference/categories.hpp"

#include <set>

namespace mlgate::inference {
namespace {

bool passes_values_through(const onnx::NodeProto& n) {
  return n.domain().empty() && (n.op_type() == "Identity" || n.op_type() == "Cast" || n.op_type() == "Reshape");
}

// The categories an encoder node knows, or empty when `n` is not one.
std::vector<std::string> encoder_categories(const onnx::NodeProto& n) {
  std::vector<std::string> out;
  if (n.domain() != "ai.onnx.ml" || (n.op_type() != "OneHotEncoder" && n.op_type() != "LabelEncoder")) return out;
  const bool one_hot = n.op_type() == "OneHotEncoder";
  for (const auto& a : n.attribute()) {
    if (a.name() == (one_hot ? "cats_strings" : "keys_strings"))
      for (const auto& s : a.strings()) out.push_back(s);
    else if (a.name() == (one_hot ? "cats_int64s" : "keys_int64s"))
      for (auto v : a.ints()) out.push_back(std::to_string(v));
  }
  return out;
}

// Breadth-first from `input` along first inputs of pass-through nodes to the first encoder.
std::vector<std::string> categories_of(const onnx::GraphProto& g, const std::string& input) {
  std::vector<std::string> frontier = {input};
  std::set<std::string> seen = {input};
  while (!frontier.empty()) {
    std::vector<std::string> next;
    for (const auto& value : frontier)
      for (const auto& n : g.node()) {
        if (n.input_size() == 0 || n.input(0) != value) continue;
        if (auto cats = encoder_categories(n); !cats.empty()) return cats;
        if (passes_values_through(n))
          for (const auto& o : n.output())
            if (seen.insert(o).second) next.push_back(o);
      }
    frontier = std::move(next);
  }
  return {};
}

}  // namespace

std::map<std::string, std::vector<std::string>> fixed_categories(const onnx::GraphProto& g, const std::vector<api::TensorInfo>& inputs) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& in : inputs) {
    if (in.type != "string" && in.type != "int64") continue;
    if (auto cats = categories_of(g, in.name); !cats.empty()) out[in.name] = std::move(cats);
  }
  return out;
}

}  // namespace mlgate::inference
