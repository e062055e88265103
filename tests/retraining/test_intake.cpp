// Every exported model is an ordinary upload to mlgate: intake reads its signature (feature
// names from the metadata, task, classes, tensor outputs), it loads as a LoadedModel, and
// mlgate's predict path gives ONNX Runtime's outputs; the holdout metrics train() reports are
// the ones shared/'s metrics give on those predictions, as a server test record would.
#include <catch2/catch.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

#include "datasets.hpp"
#include "inference/intake.hpp"
#include "inference/model.hpp"
#include "mlgate/metrics.hpp"
#include "mlgate/test_data.hpp"
#include "retraining_support.hpp"

using namespace mlgate;
using Catch::Matchers::WithinAbs;
using retraining::Task;

namespace {

inference::FeatureTable feature_table(const retraining::TrainingSet& set, const std::vector<std::size_t>& rows) {
  inference::FeatureTable t;
  t.rows = rows.size();
  for (std::size_t j = 0; j < set.features.size(); ++j) {
    inference::Column c;
    c.name = set.features[j];
    for (std::size_t r : rows) c.numbers.push_back(set.row(r)[j]);
    t.columns.push_back(std::move(c));
  }
  return t;
}

void check_signature(const api::Signature& sig, const retraining::TrainingSet& set) {
  CHECK(sig.features == set.features);
  CHECK(sig.feature_names_from == "metadata");
  CHECK(sig.input_layout == "tensor");
  CHECK(sig.task == retraining::to_string(set.task));
  REQUIRE(sig.inputs.size() == 1);
  CHECK(sig.inputs[0].shape == std::vector<int64_t>{-1, static_cast<int64_t>(set.features.size())});
  if (set.task == Task::classification) {
    CHECK(sig.classes == set.classes);
    CHECK(sig.label_output == "label");
    CHECK(sig.probability_output == "probabilities");
  } else {
    CHECK(sig.value_output == "value");
  }
}

}  // namespace

TEST_CASE("every exported model passes mlgate's intake and predicts through its predict path", "[retraining][intake]") {
  const std::vector<test::NamedSet> sets = {test::iris(), test::breast_cancer_missing(), test::diabetes(), test::synthetic_multiclass(),
                                            test::synthetic_regression()};
  for (const char* trainer : {"xgboost", "linear"})
    for (const auto& named : sets) {
      INFO(trainer << " on " << named.name);
      const auto& set = named.set;
      retraining::TrainerSpec spec{.trainer = trainer, .test_size = 0.3, .seed = 4};
      auto m = retraining::train(set, spec);
      INFO((m ? "" : m.error().message));
      REQUIRE(m.ok());
      CHECK(m->features == set.features);
      CHECK(m->classes == set.classes);

      auto intake = inference::intake_model(m->onnx, {});
      INFO((intake ? "" : intake.error().message));
      REQUIRE(intake.ok());
      CHECK(intake->web_bytes.empty());  // tensor outputs only: served and browsed as is
      CHECK(intake->producer == "mlgate 0.1.0");
      check_signature(intake->signature, set);

      auto loaded = inference::LoadedModel::create(m->onnx, intake->signature);
      INFO((loaded ? "" : loaded.error().message));
      REQUIRE(loaded.ok());
      std::vector<std::size_t> all(set.rows());
      for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
      auto p = loaded.value()->predict(feature_table(set, all));
      INFO((p ? "" : p.error().message));
      REQUIRE(p.ok());
      const auto direct = test::run_onnx(m->onnx, set.x, set.rows(), set.features.size());
      if (set.task == Task::classification) {
        CHECK(p->probabilities == direct.values);
        for (std::size_t r = 0; r < set.rows(); ++r)
          REQUIRE(p->labels[r] == set.classes[test_data::argmax_class(&direct.values[r * set.classes.size()], set.classes.size())]);
      } else {
        REQUIRE(p->values.size() == set.rows());
        for (std::size_t r = 0; r < set.rows(); ++r) REQUIRE(p->values[r] == static_cast<double>(direct.values[r]));
      }

      // The holdout metrics, recomputed from mlgate's predictions of the served model.
      auto split = retraining::holdout_split(set, spec.test_size, spec.seed);
      REQUIRE(split.ok());
      CHECK(m->holdout_rows == split->holdout.size());
      CHECK(m->training_rows == split->train.size());
      auto hp = loaded.value()->predict(feature_table(set, split->holdout));
      REQUIRE(hp.ok());
      if (set.task == Task::classification) {
        std::vector<std::string> truth;
        for (std::size_t r : split->holdout) truth.push_back(set.classes[static_cast<std::size_t>(set.y_class[r])]);
        std::vector<double> proba(hp->probabilities.begin(), hp->probabilities.end());
        auto served = metrics::classification(hp->classes, truth, hp->labels, proba);
        REQUIRE(served.ok());
        const auto j = metrics::to_json(served.value());
        CHECK(m->metrics["accuracy"] == j["accuracy"]);
        CHECK(m->metrics["confusion_matrix"] == j["confusion_matrix"]);
        CHECK_THAT(m->metrics["log_loss"].get<double>(), WithinAbs(j["log_loss"].get<double>(), 1e-5));
        CHECK_THAT(m->metrics["roc_auc"].get<double>(), WithinAbs(j["roc_auc"].get<double>(), 1e-3));
      } else {
        std::vector<double> truth;
        for (std::size_t r : split->holdout) truth.push_back(set.y_value[r]);
        auto served = metrics::regression(truth, hp->values);
        REQUIRE(served.ok());
        CHECK_THAT(m->metrics["r2"].get<double>(), WithinAbs(*served->r2, 1e-6));
        CHECK_THAT(m->metrics["mae"].get<double>(), WithinAbs(served->mae, 1e-4));
      }
    }
}

TEST_CASE("the training data's canonical CSV is a test CSV for the new version", "[retraining][intake]") {
  // A caller may keep training_csv(set) as the version's training data: it maps onto the
  // signature as the server's test path maps a CSV, with the same true labels.
  auto named = test::synthetic_multiclass();
  const auto& set = named.set;
  auto m = retraining::train(set, {.trainer = "xgboost", .params = {{"n_estimators", "5"}}});
  REQUIRE(m.ok());
  auto intake = inference::intake_model(m->onnx, {});
  REQUIRE(intake.ok());
  auto table = test::table_of(retraining::training_csv(set));
  auto label = table.find(set.label);
  REQUIRE(label);
  auto sources = test_data::map_columns(table, intake->signature, *label);
  REQUIRE(sources.ok());
  auto x = test_data::feature_matrix(table, sources.value(), 0, table.rows());
  REQUIRE(x.ok());
  for (std::size_t i = 0; i < set.x.size(); ++i) REQUIRE((x.value()[i] == set.x[i] || (std::isnan(x.value()[i]) && std::isnan(set.x[i]))));
  auto truth = test_data::class_labels(table, *label, intake->signature.classes);
  REQUIRE(truth.ok());
  for (std::size_t r = 0; r < set.rows(); ++r) REQUIRE(truth.value()[r] == set.classes[static_cast<std::size_t>(set.y_class[r])]);
}

TEST_CASE("a trained model carries its lineage: trainer, parameters, data hash and sizes, holdout metrics", "[retraining][intake]") {
  auto named = test::iris();
  auto m = retraining::train(named.set, {.trainer = "xgboost", .test_size = 0.3, .seed = 9, .params = {{"eta", "0.2"}}});
  REQUIRE(m.ok());
  const auto j = retraining::lineage(m.value());
  CHECK(j["trainer"] == "xgboost");
  CHECK(j["task"] == "classification");
  CHECK(j["label"] == "target");
  CHECK(j["classes"] == nlohmann::json({"0", "1", "2"}));
  CHECK(j["features"] == nlohmann::json(named.set.features));
  CHECK(j["parameters"]["learning_rate"] == 0.2);    // given through its alias
  CHECK(j["parameters"]["n_estimators"] == 100);     // a default
  CHECK(j["parameters"]["base_score"] == 0.5);       // derived (multi-class)
  CHECK(j["parameters"]["objective"] == "multi:softprob");
  CHECK(j["parameters"]["seed"] == 9);
  CHECK(j["parameters"]["test_size"] == 0.3);
  CHECK(j["data"]["sha256"] == named.set.sha256);
  CHECK(j["data"]["rows"] == 45);
  CHECK(j["data"]["holdout_rows"] == 14);
  CHECK(j["data"]["training_rows"] == 31);
  CHECK(j["metrics"]["accuracy"].get<double>() > 0.8);
  CHECK(j["metrics"]["confusion_matrix"]["labels"] == nlohmann::json({"0", "1", "2"}));
}

TEST_CASE("a hand-made training set whose parts disagree is refused", "[retraining][intake]") {
  auto set = test::iris().set;
  set.y_class[3] = 7;
  auto m = retraining::train(set, {});
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().code == "invalid_training_set");
}
