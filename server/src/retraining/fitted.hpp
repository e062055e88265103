// The contract between train() and each built-in trainer (internal).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlgate/result.hpp"
#include "retraining/holdout.hpp"
#include "retraining/parameters.hpp"
#include "retraining/training_set.hpp"

namespace mlgate::retraining {

struct Fitted {
  std::string onnx;             // the exported model
  std::string native_model;     // the trainer's own serialisation (JSON)
  nlohmann::json parameters;    // every parameter used, defaults and derived ones included
  // The trained model's own predictions for split.holdout, row-major: the probability of
  // each class (classification) or the value (regression). Holdout metrics come from these.
  std::vector<double> holdout_outputs;
};

struct TrainerDef {
  const char* name;
  const std::vector<ParamDef>& (*parameters)();
  Result<Fitted> (*fit)(const TrainingSet& set, const Split& split, Params& params, std::uint32_t seed,
                        const std::function<bool()>& stop_requested);
};

const TrainerDef& xgboost_trainer();
const TrainerDef& linear_trainer();

// Rows of the set gathered into one row-major float matrix.
std::vector<float> gather_rows(const TrainingSet& set, const std::vector<std::size_t>& rows);

}  // namespace mlgate::retraining
