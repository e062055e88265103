// Every tabular fixture: intake gives the signature of index.json, and predict() on the
// served graph (the web variant when there is one) reproduces expected.csv.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <thread>

#include <nlohmann/json.hpp>

#include "fixture_data.hpp"
#include "inference/intake.hpp"
#include "inference/model.hpp"

using namespace mlgate;
using nlohmann::json;

namespace {

json fixture_entry(const std::string& name) {
  json index = json::parse(test::read_file(test::fixture_path("index.json")));
  for (const auto& f : index["fixtures"])
    if (f["name"] == name) return f;
  FAIL("no fixture " << name);
  return {};
}

std::string text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

struct Served {
  inference::Intake intake;
  std::shared_ptr<const inference::LoadedModel> model;
};

// The fixtures carry no feature_names metadata: a single [N,F] input gets its column names
// the way a user gives them, `features=` from the fixture's input mapping.
inference::IntakeOptions options_for(const json& entry) {
  inference::IntakeOptions options;
  if (entry["input_mapping"].size() == 1)
    for (const auto& c : entry["input_mapping"].begin().value()) options.features.push_back(c);
  return options;
}

Served serve(const std::string& fixture) {
  std::string bytes = test::read_file(test::fixture_path(fixture + "/model.onnx"));
  auto intake = inference::intake_model(bytes, options_for(fixture_entry(fixture)));
  INFO(fixture << ": " << (intake ? "" : intake.error().message));
  REQUIRE(intake.ok());
  const std::string& serving = intake->web_bytes.empty() ? bytes : intake->web_bytes;
  auto model = inference::LoadedModel::create(serving, intake->signature);
  INFO((model ? "" : model.error().message));
  REQUIRE(model.ok());
  return {std::move(intake.value()), model.value()};
}

void check_against_expected(const std::string& fixture, const inference::Predictions& p, const api::Signature& sig) {
  auto expected = test::read_csv(test::fixture_path(fixture + "/expected.csv"));
  REQUIRE(p.rows == expected.rows.size());
  if (sig.task == "classification") {
    auto labels = expected.cells("expected_label");
    REQUIRE(p.labels.size() == p.rows);
    REQUIRE(p.probabilities.size() == p.rows * sig.classes.size());
    double max_diff = 0;
    for (size_t c = 0; c < sig.classes.size(); ++c) {
      auto proba = expected.numbers("proba_" + sig.classes[c]);
      for (size_t r = 0; r < p.rows; ++r)
        max_diff = std::max(max_diff, std::fabs(double(p.probabilities[r * sig.classes.size() + c]) - proba[r]));
    }
    CHECK(max_diff <= 1e-5);
    size_t mismatches = 0;
    for (size_t r = 0; r < p.rows; ++r) mismatches += p.labels[r] != labels[r];
    CHECK(mismatches == 0);
  } else {
    std::string col = expected.column("expected_value") >= 0 ? "expected_value" : "expected_variable";
    auto values = expected.numbers(col);
    REQUIRE(p.values.size() == p.rows);
    for (size_t r = 0; r < p.rows; ++r) {
      CAPTURE(r);
      CHECK(std::fabs(p.values[r] - values[r]) <= 1e-5 * std::max(1.0, std::fabs(values[r])));
    }
  }
}

}  // namespace

TEST_CASE("every tabular fixture is taken in with its signature and predicts expected.csv", "[fixtures]") {
  std::string fixture = GENERATE(as<std::string>{}, "s01_iris_logreg_zipmap", "s02_iris_logreg_tensor",
                                 "s03_breast_cancer_logreg_binary_zipmap", "s04_wine_random_forest_tensor",
                                 "s05_diabetes_linear_regressor", "s06_titanic_logreg_multi_input_zipmap",
                                 "s07_breast_cancer_xgboost_missing_tensor", "s09_onnxextended_rf_regressor");
  CAPTURE(fixture);
  json entry = fixture_entry(fixture);
  Served s = serve(fixture);
  const api::Signature& sig = s.intake.signature;

  std::vector<std::string> features;
  for (auto& [input, columns] : entry["input_mapping"].items())
    for (const auto& c : columns) features.push_back(c);
  if (sig.input_layout == "columns") {  // matched by name: order is the model's
    std::sort(features.begin(), features.end());
    auto got = sig.features;
    std::sort(got.begin(), got.end());
    CHECK(got == features);
  } else {
    CHECK(sig.input_layout == "tensor");
    CHECK(sig.features == features);
  }
  if (entry["classes"].is_null()) {
    CHECK(sig.task == "regression");
    CHECK(sig.classes.empty());
    CHECK_FALSE(sig.value_output.empty());
  } else {
    CHECK(sig.task == "classification");
    std::vector<std::string> classes;
    for (const auto& c : entry["classes"]) classes.push_back(text(c));
    CHECK(sig.classes == classes);
    CHECK_FALSE(sig.probability_output.empty());
  }

  bool zipmap = fixture.find("zipmap") != std::string::npos;
  CHECK(s.intake.web_bytes.empty() == !zipmap);
  for (const auto& o : sig.outputs) CHECK(o.type.find('<') == std::string::npos);  // the served graph is tensor-only
  if (zipmap) CHECK(sig.probability_output == "probabilities");
  CHECK_FALSE(s.intake.producer.empty());

  auto csv = test::read_csv(test::fixture_path(fixture + "/data.csv"));
  auto p = s.model->predict(test::feature_table(csv));
  INFO((p ? "" : p.error().message));
  REQUIRE(p.ok());
  CHECK(p->task == sig.task);
  check_against_expected(fixture, p.value(), sig);
}

TEST_CASE("the ZipMap model and its tensor twin give the same numbers", "[fixtures]") {
  Served zip = serve("s01_iris_logreg_zipmap"), tensor = serve("s02_iris_logreg_tensor");
  auto table = test::feature_table(test::read_csv(test::fixture_path("s01_iris_logreg_zipmap/data.csv")));
  auto a = zip.model->predict(table), b = tensor.model->predict(table);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->labels == b->labels);
  CHECK(a->probabilities == b->probabilities);
}

TEST_CASE("intake reports producer and default-domain opset", "[intake]") {
  Served s = serve("s09_onnxextended_rf_regressor");
  CHECK(s.intake.producer == "skl2onnx 1.16.1");
  CHECK(s.intake.opset == 17);
  CHECK(s.intake.signature.value_output == "variable");
}

TEST_CASE("features= names the columns of a single [N,F] input", "[intake]") {
  std::string bytes = test::read_file(test::fixture_path("s02_iris_logreg_tensor/model.onnx"));
  SECTION("without names or metadata the columns are f0..f{F-1}") {
    auto r = inference::intake_model(bytes, {});
    REQUIRE(r.ok());
    CHECK(r->signature.features == std::vector<std::string>{"f0", "f1", "f2", "f3"});
  }
  SECTION("as many names as features") {
    auto r = inference::intake_model(bytes, {{"a", "b", "c", "d"}});
    REQUIRE(r.ok());
    CHECK(r->signature.features == std::vector<std::string>{"a", "b", "c", "d"});
  }
  SECTION("a wrong count is refused") {
    auto r = inference::intake_model(bytes, {{"a", "b"}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().status == 422);
    CHECK(r.error().code == "invalid_features");
    CHECK(r.error().message == "features lists 2 names but input 'float_input' has 4 features");
  }
}

TEST_CASE("predict errors name the feature and the row", "[predict]") {
  Served s = serve("s02_iris_logreg_tensor");
  inference::FeatureTable t;
  t.rows = 2;
  auto num = [](std::string name, std::vector<double> v) {
    inference::Column c;
    c.name = std::move(name);
    c.numbers = std::move(v);
    return c;
  };
  t.columns.push_back(num("sepal_length", {5.1, 6.0}));
  t.columns.push_back(num("petal_length", {1.4, 4.5}));

  SECTION("all missing features are named") {
    auto r = s.model->predict(t);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().status == 422);
    CHECK(r.error().code == "missing_feature");
    CHECK(r.error().message == "missing feature columns: 'sepal_width', 'petal_width'");
  }
  SECTION("text that is not a number in a float feature") {
    t.columns.push_back(num("sepal_width", {3.5, 3.0}));
    inference::Column c;
    c.name = "petal_width";
    c.is_text = true;
    c.texts = {"0.2", "abc"};
    t.columns.push_back(c);
    auto r = s.model->predict(t);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "invalid_feature");
    CHECK(r.error().message == "feature 'petal_width' row 1: 'abc' is not a number");
  }
  SECTION("numbers given as text are read, extra columns ignored") {
    t.columns.push_back(num("sepal_width", {3.5, 3.0}));
    inference::Column c;
    c.name = "petal_width";
    c.is_text = true;
    c.texts = {"0.2", " 1.5"};
    t.columns.push_back(c);
    t.columns.push_back(num("unused", {1, 2}));
    auto r = s.model->predict(t);
    REQUIRE(r.ok());
    CHECK(r->labels == std::vector<std::string>{"0", "1"});
  }
}

TEST_CASE("a model that is neither classifier nor regressor is not predictable", "[predict]") {
  std::string bytes = test::read_file(test::fixture_path("s08_onnx_backend_ai_onnx_ml/test_ai_onnx_ml_binarizer/model.onnx"));
  auto intake = inference::intake_model(bytes, {});
  REQUIRE(intake.ok());
  CHECK(intake->signature.task.empty());
  auto model = inference::LoadedModel::create(bytes, intake->signature);
  REQUIRE(model.ok());
  auto r = model.value()->predict({});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "not_predictable");
}

TEST_CASE("eight threads predicting on one model get identical results", "[concurrency]") {
  Served s = serve("s06_titanic_logreg_multi_input_zipmap");
  auto table = test::feature_table(test::read_csv(test::fixture_path("s06_titanic_logreg_multi_input_zipmap/data.csv")));
  auto reference = s.model->predict(table);
  REQUIRE(reference.ok());
  std::vector<int> same(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      int ok = 1;
      for (int i = 0; i < 50; ++i) {
        auto p = s.model->predict(table);
        ok &= p.ok() && p->labels == reference->labels && p->probabilities == reference->probabilities;
      }
      same[size_t(t)] = ok;
    });
  for (auto& th : threads) th.join();
  CHECK(same == std::vector<int>(8, 1));
}
