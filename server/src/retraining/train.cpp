#include "retraining/train.hpp"

#include <cmath>

#include "mlgate/metrics.hpp"
#include "mlgate/test_data.hpp"
#include "retraining/fitted.hpp"

namespace mlgate::retraining {
namespace {

const std::vector<const TrainerDef*>& trainers() {
  static const std::vector<const TrainerDef*> all = {&xgboost_trainer(), &linear_trainer()};
  return all;
}

const TrainerDef* find_trainer(std::string_view name) {
  for (const auto* t : trainers())
    if (name == t->name) return t;
  return nullptr;
}

Status check_set(const TrainingSet& set) {
  const std::size_t n = set.rows();
  const bool labels = set.task == Task::classification ? set.y_class.size() == n && set.classes.size() >= 2 : set.y_value.size() == n;
  if (set.features.empty() || set.x.size() != n * set.features.size() || !labels)
    return unprocessable("invalid_training_set", "the training set's features, rows and labels do not fit together");
  for (std::int32_t k : set.y_class)
    if (k < 0 || static_cast<std::size_t>(k) >= set.classes.size())
      return unprocessable("invalid_training_set", "a class index is outside the training set's classes");
  for (double v : set.y_value)
    if (!std::isfinite(v)) return unprocessable("invalid_training_set", "a regression target is not finite");
  return ok_status();
}

// The same functions the server's test records use, on the trainer's own predictions.
Result<nlohmann::json> holdout_metrics(const TrainingSet& set, const Split& split, const std::vector<double>& outputs) {
  if (set.task == Task::regression) {
    std::vector<double> y;
    for (std::size_t r : split.holdout) y.push_back(set.y_value[r]);
    auto m = metrics::regression(y, outputs);
    if (!m) return m.error();
    return metrics::to_json(m.value());
  }
  const std::size_t c = set.classes.size();
  std::vector<std::string> truth, predicted;
  std::vector<float> row(c);
  for (std::size_t i = 0; i < split.holdout.size(); ++i) {
    truth.push_back(set.classes[static_cast<std::size_t>(set.y_class[split.holdout[i]])]);
    for (std::size_t k = 0; k < c; ++k) row[k] = static_cast<float>(outputs[i * c + k]);
    predicted.push_back(set.classes[test_data::argmax_class(row.data(), c)]);
  }
  auto m = metrics::classification(set.classes, truth, predicted, outputs);
  if (!m) return m.error();
  return metrics::to_json(m.value());
}

}  // namespace

Result<TrainedModel> train(const TrainingSet& set, const TrainerSpec& spec) {
  const TrainerDef* trainer = find_trainer(spec.trainer);
  if (!trainer) return bad_request("unknown_trainer", "trainer '" + spec.trainer.substr(0, 64) + "' is not one of xgboost, linear");
  if (auto st = check_set(set); !st) return st.error();
  auto params = parse_params(trainer->name, trainer->parameters(), spec.params);
  if (!params) return params.error();
  auto split = holdout_split(set, spec.test_size, spec.seed);
  if (!split) return split.error();
  auto fitted = trainer->fit(set, split.value(), params.value(), spec.seed, spec.stop_requested);
  if (!fitted) return fitted.error();
  auto metrics = holdout_metrics(set, split.value(), fitted->holdout_outputs);
  if (!metrics) return metrics.error();

  TrainedModel m;
  m.onnx = std::move(fitted->onnx);
  m.trainer = trainer->name;
  m.parameters = std::move(fitted->parameters);
  m.parameters["seed"] = spec.seed;
  m.parameters["test_size"] = spec.test_size;
  m.task = set.task;
  m.label = set.label;
  m.features = set.features;
  m.classes = set.classes;
  m.rows = set.rows();
  m.training_rows = split->train.size();
  m.holdout_rows = split->holdout.size();
  m.data_sha256 = set.sha256;
  m.metrics = std::move(metrics.value());
  m.native_model = std::move(fitted->native_model);
  return m;
}

nlohmann::json lineage(const TrainedModel& m) {
  nlohmann::json j = {
      {"trainer", m.trainer},
      {"parameters", m.parameters},
      {"task", to_string(m.task)},
      {"label", m.label},
      {"features", m.features},
      {"data", {{"sha256", m.data_sha256}, {"rows", m.rows}, {"training_rows", m.training_rows}, {"holdout_rows", m.holdout_rows}}},
      {"metrics", m.metrics},
  };
  if (m.task == Task::classification) j["classes"] = m.classes;
  return j;
}

std::vector<std::string> trainer_names() {
  std::vector<std::string> out;
  for (const auto* t : trainers()) out.emplace_back(t->name);
  return out;
}

const std::vector<ParamDef>* trainer_parameters(std::string_view name) {
  const TrainerDef* t = find_trainer(name);
  return t ? &t->parameters() : nullptr;
}

std::vector<float> gather_rows(const TrainingSet& set, const std::vector<std::size_t>& rows) {
  const std::size_t f = set.features.size();
  std::vector<float> out;
  out.reserve(rows.size() * f);
  for (std::size_t r : rows) out.insert(out.end(), set.row(r), set.row(r) + f);
  return out;
}

}  // namespace mlgate::retraining
