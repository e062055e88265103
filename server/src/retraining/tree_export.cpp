#include "retraining/tree_export.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "retraining/onnx_graph.hpp"

namespace mlgate::retraining {
namespace {

// JSON whose floating-point numbers are parsed as float (strtof), so each of XGBoost's
// float32 thresholds and leaf values comes back bit for bit; through double it would be
// rounded twice.
using FloatJson = nlohmann::basic_json<std::map, std::vector, std::string, bool, std::int64_t, std::uint64_t, float>;

Error bad_model(const std::string& why) { return internal_error("exporting the XGBoost model to ONNX: " + why); }

float number(const FloatJson& v) { return v.is_number() ? v.get<float>() : std::numeric_limits<float>::quiet_NaN(); }
// Integers, and flags that some XGBoost versions write as booleans.
int64_t integer(const FloatJson& v) { return v.is_boolean() ? (v.get<bool>() ? 1 : 0) : v.get<int64_t>(); }

// XGBoost writes learner parameters as strings ("5E-1").
Result<float> param_float(const FloatJson& obj, const char* key) {
  if (!obj.contains(key) || !obj[key].is_string()) return bad_model(std::string("no ") + key);
  const std::string& s = obj[key].get_ref<const std::string&>();
  float v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return bad_model(std::string("unreadable ") + key + " '" + s + "'");
  return v;
}

// The ensemble's node and leaf attributes, in ONNX's parallel-array form.
struct Ensemble {
  std::vector<int64_t> treeids, nodeids, featureids, truenodeids, falsenodeids, missing_true;
  std::vector<std::string> modes;
  std::vector<float> values;
  std::vector<int64_t> leaf_treeids, leaf_nodeids, leaf_ids;
  std::vector<float> leaf_weights;

  void node(int64_t tree, int64_t id, const char* mode, int64_t feature, float threshold, int64_t if_true, int64_t if_false, bool missing_true_) {
    treeids.push_back(tree);
    nodeids.push_back(id);
    modes.emplace_back(mode);
    featureids.push_back(feature);
    values.push_back(threshold);
    truenodeids.push_back(if_true);
    falsenodeids.push_back(if_false);
    missing_true.push_back(missing_true_ ? 1 : 0);
  }
  void leaf(int64_t tree, int64_t id, int64_t target, float weight) {
    node(tree, id, "LEAF", 0, 0, 0, 0, false);
    leaf_treeids.push_back(tree);
    leaf_nodeids.push_back(id);
    leaf_ids.push_back(target);
    leaf_weights.push_back(weight);
  }
};

// One tree, nodes renumbered 0.. in depth-first order from the root: XGBoost may keep
// deleted nodes in its arrays, and they are never reached.
Status add_tree(const FloatJson& tree, int64_t tree_id, int64_t target, std::size_t n_features, Ensemble& e) {
  const auto& left = tree.at("left_children");
  const auto& right = tree.at("right_children");
  const auto& cond = tree.at("split_conditions");
  const auto& index = tree.at("split_indices");
  const auto& dleft = tree.at("default_left");
  const FloatJson* types = tree.contains("split_type") ? &tree["split_type"] : nullptr;
  const std::size_t n = left.size();
  if (n == 0 || right.size() != n || cond.size() != n || index.size() != n || dleft.size() != n) return bad_model("a tree's arrays disagree");

  std::vector<int64_t> order, id(n, -1);
  std::vector<int64_t> stack{0};
  while (!stack.empty()) {
    const int64_t v = stack.back();
    stack.pop_back();
    if (v < 0 || static_cast<std::size_t>(v) >= n || id[static_cast<std::size_t>(v)] >= 0) return bad_model("a tree is not a tree");
    id[static_cast<std::size_t>(v)] = static_cast<int64_t>(order.size());
    order.push_back(v);
    if (integer(left[static_cast<std::size_t>(v)]) >= 0) {
      stack.push_back(integer(right[static_cast<std::size_t>(v)]));
      stack.push_back(integer(left[static_cast<std::size_t>(v)]));
    }
  }
  for (int64_t v : order) {
    const auto u = static_cast<std::size_t>(v);
    const int64_t l = integer(left[u]);
    if (l < 0) {
      e.leaf(tree_id, id[u], target, number(cond[u]));
      continue;
    }
    if (types && integer((*types)[u]) != 0) return bad_model("categorical splits are not exported");
    const int64_t f = integer(index[u]);
    if (f < 0 || static_cast<std::size_t>(f) >= n_features) return bad_model("split on feature " + std::to_string(f));
    e.node(tree_id, id[u], "BRANCH_LT", f, number(cond[u]), id[static_cast<std::size_t>(l)], id[static_cast<std::size_t>(integer(right[u]))],
           integer(dleft[u]) != 0);
  }
  return ok_status();
}

// ONNX Runtime's binary TreeEnsembleClassifier reads the summed leaf weights as a
// probability when no weight is negative (it then writes [1 - s, s] instead of applying
// LOGISTIC). A last one-leaf tree worth the smallest negative normal float keeps the margin
// path: adding it changes no margin beyond 1e-30 in magnitude, and none below that changes
// the probability of 0.5.
void keep_logistic_path(Ensemble& e, int64_t next_tree) {
  for (float w : e.leaf_weights)
    if (w < 0) return;
  e.leaf(next_tree, 0, 0, -std::numeric_limits<float>::min());
}

void set_nodes(onnx::NodeProto& node, const Ensemble& e) {
  using onnx_graph::set_attr;
  set_attr(node, "nodes_treeids", e.treeids);
  set_attr(node, "nodes_nodeids", e.nodeids);
  set_attr(node, "nodes_featureids", e.featureids);
  set_attr(node, "nodes_modes", e.modes);
  set_attr(node, "nodes_values", e.values);
  set_attr(node, "nodes_truenodeids", e.truenodeids);
  set_attr(node, "nodes_falsenodeids", e.falsenodeids);
  set_attr(node, "nodes_missing_value_tracks_true", e.missing_true);
}

}  // namespace

Result<std::string> export_xgboost(std::string_view model_json, const TrainingSet& set, const std::string& doc) {
  FloatJson j = FloatJson::parse(model_json.begin(), model_json.end(), nullptr, false);
  if (j.is_discarded() || !j.contains("learner")) return bad_model("not an XGBoost JSON model");
  try {
    const auto& learner = j["learner"];
    const std::string objective = learner.at("objective").at("name").get<std::string>();
    const auto& lmp = learner.at("learner_model_param");
    auto base_score = param_float(lmp, "base_score");
    if (!base_score) return base_score.error();
    const auto& gb = learner.at("gradient_booster");
    if (gb.at("name").get<std::string>() != "gbtree") return bad_model("booster '" + gb["name"].get<std::string>() + "' is not gbtree");
    const auto& model = gb.at("model");
    const auto& trees = model.at("trees");
    const auto& tree_info = model.at("tree_info");
    if (tree_info.size() != trees.size()) return bad_model("tree_info does not match the trees");

    const std::size_t n_classes = set.task == Task::classification ? set.classes.size() : 1;
    const bool binary = objective == "binary:logistic";
    if (set.task == Task::classification ? !((binary && n_classes == 2) || (objective == "multi:softprob" && n_classes > 2))
                                         : objective != "reg:squarederror")
      return bad_model("objective '" + objective + "' does not fit the task");

    // XGBoost's ProbToMargin, in float as XGBoost computes it. XGBoost starts each output
    // from this margin and adds the trees to it one by one in float32; ONNX Runtime adds
    // base_values after the trees, and that other order of float32 additions drifts by up to
    // 2e-5 where trees cancel a large base (a regression target around 50 predicted near 0).
    // So the margin is a first one-leaf tree per output, and base_values stay unset.
    const float margin = binary ? -std::log(1.0f / base_score.value() - 1.0f) : base_score.value();
    const std::size_t groups = binary ? 1 : n_classes;
    Ensemble e;
    for (std::size_t g = 0; g < groups; ++g) e.leaf(static_cast<int64_t>(g), 0, static_cast<int64_t>(g), margin);
    for (std::size_t t = 0; t < trees.size(); ++t) {
      const int64_t group = integer(tree_info[t]);
      if (group < 0 || static_cast<std::size_t>(group) >= groups) return bad_model("tree of output group " + std::to_string(group));
      if (auto st = add_tree(trees[t], static_cast<int64_t>(groups + t), group, set.features.size(), e); !st) return st.error();
    }
    auto m = onnx_graph::new_model("mlgate_xgboost", set.features, "xgboost", doc);
    using onnx_graph::set_attr;
    if (set.task == Task::classification) {
      if (binary) keep_logistic_path(e, static_cast<int64_t>(groups + trees.size()));
      auto& node = onnx_graph::add_node(m, "TreeEnsembleClassifier", {onnx_graph::kInput}, {onnx_graph::kLabel, onnx_graph::kProbabilities});
      set_nodes(node, e);
      set_attr(node, "class_treeids", e.leaf_treeids);
      set_attr(node, "class_nodeids", e.leaf_nodeids);
      set_attr(node, "class_ids", e.leaf_ids);
      set_attr(node, "class_weights", e.leaf_weights);
      set_attr(node, "post_transform", std::string(binary ? "LOGISTIC" : "SOFTMAX"));
      onnx_graph::set_class_labels(node, "classlabels_int64s", set.classes, set.integer_classes);
      onnx_graph::add_classifier_outputs(m, set.integer_classes, n_classes);
    } else {
      auto& node = onnx_graph::add_node(m, "TreeEnsembleRegressor", {onnx_graph::kInput}, {onnx_graph::kValue});
      set_nodes(node, e);
      set_attr(node, "target_treeids", e.leaf_treeids);
      set_attr(node, "target_nodeids", e.leaf_nodeids);
      set_attr(node, "target_ids", e.leaf_ids);
      set_attr(node, "target_weights", e.leaf_weights);
      set_attr(node, "n_targets", int64_t{1});
      set_attr(node, "aggregate_function", std::string("SUM"));
      set_attr(node, "post_transform", std::string("NONE"));
      onnx_graph::add_output(m, onnx_graph::kValue, onnx::TensorProto_DataType_FLOAT, {-1, 1});
    }
    return onnx_graph::serialize(m);
  } catch (const FloatJson::exception& ex) {
    return bad_model(ex.what());
  }
}

}  // namespace mlgate::retraining
