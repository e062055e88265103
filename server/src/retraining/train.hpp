// mlgate's built-in trainer: training data from a CSV table → a model in ONNX that mlgate's
// intake and inference take as they take any upload, with what lineage needs. It knows
// nothing of the registry, jobs or HTTP; a retraining job calls it like this:
//
//   auto table = csv::read_table(csv_text);                          // shared/'s CSV reader
//   if (!table) return table.error();
//   auto set = retraining::make_training_set(*table, {.label = "target", .features = parent.signature.features});
//   if (!set) return set.error();
//   auto model = retraining::train(*set, {.trainer = "xgboost", .test_size = 0.3, .seed = 7,
//                                         .params = {{"max_depth", "4"}, {"n_estimators", "200"}}});
//   if (!model) return model.error();                                // Error{status, code, message}
//   // model->onnx: the bytes to register as a new version (staging);
//   // retraining::lineage(*model): trainer, parameters, data hash and sizes, holdout metrics.
//
// Deterministic: the same set and spec give the same bytes. Runs on the calling thread (with
// XGBoost's own threads when nthread asks for them); no global state is changed.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlgate/result.hpp"
#include "retraining/holdout.hpp"
#include "retraining/parameters.hpp"
#include "retraining/training_set.hpp"

namespace mlgate::retraining {

struct TrainerSpec {
  // "xgboost": gradient-boosted trees (XGBoost, binary:logistic / multi:softprob /
  //   reg:squarederror), exported as TreeEnsembleClassifier / TreeEnsembleRegressor.
  // "linear": logistic regression (binary, multinomial; Newton) or least squares with a small
  //   ridge (Householder QR), exported as Imputer + Scaler + LinearClassifier / LinearRegressor.
  std::string trainer = "xgboost";
  double test_size = 0.2;   // fraction of the rows held out (stratified for classification)
  std::uint32_t seed = 0;   // the holdout split, and XGBoost's row/column sampling
  // The trainer's parameters as text, e.g. {"max_depth", "4"}; see trainer_parameters().
  // Unset ones take their defaults; unknown or invalid ones are a 400 invalid_parameter
  // naming the parameter.
  std::map<std::string, std::string> params;
  // Polled between boosting rounds: true ends the training early (503 stopped), so a server
  // that is stopping need not wait for it.
  std::function<bool()> stop_requested;
};

struct TrainedModel {
  std::string onnx;               // the model; passes inference::intake_model as is
  std::string trainer;            // "xgboost" | "linear"
  nlohmann::json parameters;      // every parameter used (defaults and derived values included), seed, test_size
  Task task = Task::regression;
  std::string label;
  std::vector<std::string> features;  // the ONNX input's columns, in order (also its feature_names metadata)
  std::vector<std::string> classes;   // classification: the model's classes, in its order
  std::size_t rows = 0, training_rows = 0, holdout_rows = 0;
  std::string data_sha256;        // of training_csv(set): every row, training and holdout
  // On the holdout rows, from the trained model's own predictions (which the ONNX model
  // reproduces to 1e-5), with shared/'s metrics: the fields of a test record's metrics.
  nlohmann::json metrics;
  // The trainer's own serialisation: XGBoost's JSON model, or the linear model (coefficients
  // on the standardised features and in original units, the standardisation) as JSON.
  std::string native_model;
};

// Errors: 400 unknown_trainer, 400 invalid_parameter (naming the parameter; test_size too),
// 422 too_few_rows, 422 invalid_training_set (a set not built by make_training_set whose
// parts disagree), 422 training_failed (XGBoost's message, no convergence, collinear
// features without l2), 500 internal (an export that cannot be written).
Result<TrainedModel> train(const TrainingSet& set, const TrainerSpec& spec);

// {"trainer", "parameters", "task", "label", "features", "classes"?, "data": {"sha256",
// "rows", "training_rows", "holdout_rows"}, "metrics"}: what a version's lineage records
// about its training (the caller adds the parent version and the job).
nlohmann::json lineage(const TrainedModel& model);

// The trainers' names, and their parameter tables (nullptr for an unknown trainer).
std::vector<std::string> trainer_names();
const std::vector<ParamDef>* trainer_parameters(std::string_view trainer);

}  // namespace mlgate::retraining
