// Metrics on the wire: the field names of API.md's test record.
#include "mlgate/metrics.hpp"

namespace mlgate::metrics {
namespace {

nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json to_json(const ClassificationMetrics& m) {
  nlohmann::json per_class = nlohmann::json::object();
  for (const auto& s : m.per_class)
    per_class[s.label] = {{"precision", s.precision}, {"recall", s.recall}, {"f1", s.f1}, {"support", s.support}};
  nlohmann::json j = {
      {"n", m.n},
      {"accuracy", m.accuracy},
      {"precision_macro", m.precision_macro},
      {"recall_macro", m.recall_macro},
      {"f1_macro", m.f1_macro},
      {"precision_weighted", m.precision_weighted},
      {"recall_weighted", m.recall_weighted},
      {"f1_weighted", m.f1_weighted},
      {"per_class", std::move(per_class)},
      {"confusion_matrix", {{"labels", m.labels}, {"matrix", m.confusion}}},
      {"roc_auc", opt(m.roc_auc)},
      {"log_loss", opt(m.log_loss)},
      {"unknown_labels", m.unknown_labels},
  };
  if (m.positive_class) {
    j["positive_class"] = *m.positive_class;
    j["precision"] = opt(m.precision);
    j["recall"] = opt(m.recall);
    j["f1"] = opt(m.f1);
  } else {
    j["roc_auc_ovr_weighted"] = opt(m.roc_auc_ovr_weighted);
  }
  return j;
}

nlohmann::json to_json(const RegressionMetrics& m) {
  return {{"n", m.n}, {"mae", m.mae}, {"mse", m.mse}, {"rmse", m.rmse}, {"r2", opt(m.r2)}};
}

}  // namespace mlgate::metrics
