// Trainer "xgboost": gradient-boosted trees through XGBoost's C API, exported by tree_export.
#include <cmath>
#include <limits>

#include <xgboost/c_api.h>

#include "retraining/fitted.hpp"
#include "retraining/tree_export.hpp"
#include "retraining/xgboost_api.hpp"

namespace mlgate::retraining {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMax = std::numeric_limits<double>::max();

const std::vector<ParamDef>& parameters() {
  using K = ParamDef::Kind;
  static const std::vector<ParamDef> defs = {
      {"n_estimators", {"num_round", "num_boost_round"}, K::integer, 1, 10000, false, false, {}, "100", "boosting rounds"},
      {"max_depth", {}, K::integer, 1, 24, false, false, {}, "6", "depth of each tree"},
      {"learning_rate", {"eta"}, K::real, 0, 1, true, false, {}, "0.3", "shrinkage of each tree's leaf values"},
      {"subsample", {}, K::real, 0, 1, true, false, {}, "1", "fraction of the training rows each tree sees"},
      {"colsample_bytree", {}, K::real, 0, 1, true, false, {}, "1", "fraction of the features each tree sees"},
      {"min_child_weight", {}, K::real, 0, kInf, false, false, {}, "1", "smallest hessian sum in a leaf"},
      {"reg_lambda", {"lambda"}, K::real, 0, kInf, false, false, {}, "1", "L2 penalty on leaf values"},
      {"reg_alpha", {"alpha"}, K::real, 0, kInf, false, false, {}, "0", "L1 penalty on leaf values"},
      {"gamma", {"min_split_loss"}, K::real, 0, kInf, false, false, {}, "0", "smallest loss reduction for a split"},
      {"max_bin", {}, K::integer, 2, 1024, false, false, {}, "256", "histogram bins per feature (hist, approx)"},
      {"tree_method", {}, K::choice, 0, 0, false, false, {"hist", "approx", "exact"}, "hist", "split finding"},
      {"base_score", {}, K::real, -kMax, kMax, false, false, {}, "",
       "initial prediction; default: the training mean (regression), the positive-class rate (binary), 0.5 (multi-class)"},
      {"nthread", {}, K::integer, 0, 256, false, false, {}, "1", "training threads (0: all cores)"},
  };
  return defs;
}

std::string xgboost_version() {
  int major = 0, minor = 0, patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::string objective_for(const TrainingSet& set) {
  if (set.task == Task::regression) return "reg:squarederror";
  return set.classes.size() == 2 ? "binary:logistic" : "multi:softprob";
}

Status choose_base_score(const TrainingSet& set, const Split& split, Params& params) {
  const bool binary = set.task == Task::classification && set.classes.size() == 2;
  if (params.given("base_score")) {
    const double b = params.real("base_score");
    if (binary && !(b > 0 && b < 1))
      return bad_request("invalid_parameter", "parameter 'base_score' of trainer xgboost: " + format_number(b) +
                                                  " is out of range: a binary classifier's base_score is a probability in (0, 1)");
    return ok_status();
  }
  double sum = 0;
  for (std::size_t r : split.train) sum += set.task == Task::regression ? set.y_value[r] : (set.y_class[r] == 1 ? 1.0 : 0.0);
  const double mean = sum / static_cast<double>(split.train.size());
  // The split keeps both classes in training, so a binary mean is inside (0, 1).
  params.set_real("base_score", set.task == Task::classification && !binary ? 0.5 : mean);
  return ok_status();
}

Status configure(xgb::Booster& b, const TrainingSet& set, const Params& p, std::uint32_t seed) {
  const std::string objective = objective_for(set);
  std::vector<std::pair<std::string, std::string>> settings = {
      {"objective", objective},
      {"eta", p.text("learning_rate")},
      {"max_depth", p.text("max_depth")},
      {"subsample", p.text("subsample")},
      {"colsample_bytree", p.text("colsample_bytree")},
      {"min_child_weight", p.text("min_child_weight")},
      {"lambda", p.text("reg_lambda")},
      {"alpha", p.text("reg_alpha")},
      {"gamma", p.text("gamma")},
      {"max_bin", p.text("max_bin")},
      {"tree_method", p.text("tree_method")},
      {"base_score", p.text("base_score")},
      {"nthread", p.text("nthread")},
      {"seed", std::to_string(seed)},
      {"verbosity", "0"},
  };
  if (objective == "multi:softprob") settings.emplace_back("num_class", std::to_string(set.classes.size()));
  for (const auto& [name, value] : settings)
    if (auto st = b.set(name, value); !st) return st;
  return ok_status();
}

std::vector<float> labels_of(const TrainingSet& set, const std::vector<std::size_t>& rows) {
  std::vector<float> y;
  y.reserve(rows.size());
  for (std::size_t r : rows) y.push_back(set.task == Task::classification ? static_cast<float>(set.y_class[r]) : static_cast<float>(set.y_value[r]));
  return y;
}

// XGBoost's predictions as the holdout outputs: P(class 1) becomes [1 - p, p].
std::vector<double> outputs_from(const std::vector<float>& pred, const TrainingSet& set) {
  if (set.task == Task::classification && set.classes.size() == 2) {
    std::vector<double> out;
    out.reserve(pred.size() * 2);
    for (float p : pred) {
      out.push_back(1.0 - static_cast<double>(p));
      out.push_back(p);
    }
    return out;
  }
  return {pred.begin(), pred.end()};
}

Result<Fitted> fit(const TrainingSet& set, const Split& split, Params& params, std::uint32_t seed,
                   const std::function<bool()>& stop_requested) {
  if (auto st = choose_base_score(set, split, params); !st) return st.error();
  const std::size_t f = set.features.size();
  auto train = xgb::Matrix::dense(gather_rows(set, split.train), split.train.size(), f, labels_of(set, split.train));
  if (!train) return train.error();
  auto booster = xgb::Booster::create(train.value());
  if (!booster) return booster.error();
  if (auto st = configure(booster.value(), set, params, seed); !st) return st.error();
  const long long rounds = params.integer("n_estimators");
  for (long long i = 0; i < rounds; ++i) {
    if (stop_requested && stop_requested())
      return Error{503, "stopped", "training stopped after " + std::to_string(i) + " of " + std::to_string(rounds) + " rounds"};
    if (auto st = booster->update(static_cast<int>(i), train.value()); !st) return st.error();
  }

  Fitted out;
  auto native = booster->save_json();
  if (!native) return native.error();
  out.native_model = std::move(native.value());
  out.parameters = params.to_json();
  out.parameters["objective"] = objective_for(set);

  const std::string doc = "XGBoost " + xgboost_version() + " gradient-boosted trees (" + objective_for(set) + ", " + std::to_string(rounds) +
                          " rounds, max_depth " + params.text("max_depth") + ", learning_rate " + params.text("learning_rate") +
                          ") trained by mlgate on " + std::to_string(split.train.size()) + " rows; label '" + set.label + "'";
  auto onnx = export_xgboost(out.native_model, set, doc);
  if (!onnx) return onnx.error();
  out.onnx = std::move(onnx.value());

  auto holdout = xgb::Matrix::dense(gather_rows(set, split.holdout), split.holdout.size(), f, {});
  if (!holdout) return holdout.error();
  std::vector<std::size_t> shape;
  auto pred = booster->predict(holdout.value(), shape);
  if (!pred) return pred.error();
  out.holdout_outputs = outputs_from(pred.value(), set);
  return out;
}

}  // namespace

const TrainerDef& xgboost_trainer() {
  static const TrainerDef def{"xgboost", &parameters, &fit};
  return def;
}

}  // namespace mlgate::retraining
