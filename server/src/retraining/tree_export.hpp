// XGBoost's JSON model → an ai.onnx.ml TreeEnsembleClassifier / TreeEnsembleRegressor that
// ONNX Runtime evaluates to XGBoost's own predictions:
// - a split sends x < threshold to the true branch (BRANCH_LT) and a missing value the
//   way XGBoost's default_left says (missing_value_tracks_true); thresholds and leaf values
//   are XGBoost's float32 numbers, read as float32 straight from the JSON text;
// - base_score is taken to margin space (logit(base_score) for binary:logistic, as is for
//   multi:softprob and reg:squarederror) and exported as a first one-leaf tree per output
//   rather than as base_values, so that ONNX Runtime adds up each output in XGBoost's
//   order (base first, then the trees) and gets the same float32 sums;
// - binary: one weight per leaf with post_transform LOGISTIC; multi-class: each tree's
//   leaves vote for the class in XGBoost's tree_info, SOFTMAX; regression: NONE, output [N, 1].
#pragma once
#include <string>
#include <string_view>

#include "mlgate/result.hpp"
#include "retraining/training_set.hpp"

namespace mlgate::retraining {

// `set` gives the feature names, the task and the classes (in the order XGBoost was given
// their indices). 500 internal when the model is not what the trainer produces (another
// objective, categorical splits, a feature index out of range).
Result<std::string> export_xgboost(std::string_view model_json, const TrainingSet& set, const std::string& doc);

}  // namespace mlgate::retraining
