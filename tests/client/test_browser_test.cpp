// The browser test job natively: the CSV a person picks, the batches handed to ONNX
// Runtime Web, and metrics from the reference probabilities of the fixture pack, which
// must equal scikit-learn's in metrics.json.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/app_state.hpp"
#include "core/browser_test.hpp"

using namespace mlgate;
using namespace mlgate::client;
using nlohmann::json;
using Catch::Matchers::WithinAbs;

namespace {
std::string read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
const std::string kIris = std::string(MLGATE_FIXTURES_DIR) + "/s02_iris_logreg_tensor/";

api::VersionInfo iris_version(bool named = true) {
  api::VersionInfo v;
  v.model = "iris";
  v.version = 1;
  v.signature.task = "classification";
  v.signature.classes = {"0", "1", "2"};
  v.signature.input_layout = "tensor";
  v.signature.inputs = {{"float_input", "float", {-1, 4}}};
  v.signature.probability_output = "probabilities";
  if (named) {
    v.signature.features = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
    v.signature.feature_names_from = "upload";
  } else {
    v.signature.features = {"f0", "f1", "f2", "f3"};
    v.signature.feature_names_from = "position";
  }
  return v;
}

// A job on `csv` against iris, started with label "target" and the model ready.
void ready(BrowserTest& t, const std::string& csv, bool named = true) {
  t.load_csv("x.csv", csv);
  t.start(iris_version(named), "target");
  t.model_ready();
}

// Feeds the job the fixture's reference probabilities, batch by batch, as the page would.
void feed_expected(BrowserTest& t) {
  auto expected = csv::read_table(read(kIris + "expected.csv")).value();
  std::vector<std::vector<double>> proba;
  for (const char* c : {"proba_0", "proba_1", "proba_2"}) proba.push_back(expected.doubles(*expected.find(c)));
  std::size_t at = 0, rows = 0;
  while (true) {
    auto batch = t.next_batch(rows);
    if (rows == 0) break;
    REQUIRE(batch.size() == rows * 4);
    std::vector<double> out;
    for (std::size_t r = at; r < at + rows; ++r)
      for (const auto& col : proba) out.push_back(static_cast<float>(col[r]));  // ONNX Runtime gives float32
    t.accept_batch(out.data(), out.size());
    at += rows;
  }
}
}  // namespace

TEST_CASE("a CSV scored in batches gives scikit-learn's metrics for the fixture") {
  BrowserTest t;
  t.load_csv("data.csv", read(kIris + "data.csv"));
  REQUIRE(t.has_csv());
  auto v = iris_version();
  REQUIRE(t.suggest_label(v.signature) == "target");
  t.start(v, "target");
  REQUIRE(t.status() == TestStatus::loading);
  std::size_t rows = 0;
  REQUIRE(t.next_batch(rows).empty());  // nothing before the model is ready
  t.model_ready();
  feed_expected(t);
  REQUIRE(t.status() == TestStatus::done);
  REQUIRE(t.rows_scored() == 45);
  json ref = json::parse(read(kIris + "metrics.json"));
  const json& m = t.metrics();
  REQUIRE_THAT(m["accuracy"].get<double>(), WithinAbs(ref["accuracy"].get<double>(), 1e-12));
  REQUIRE_THAT(m["f1_macro"].get<double>(), WithinAbs(ref["f1_macro"].get<double>(), 1e-9));
  REQUIRE(m["confusion_matrix"]["matrix"] == ref["confusion_matrix"]["rows_true_cols_pred_in_classes_order"]);
  REQUIRE_THAT(m["roc_auc"].get<double>(), WithinAbs(ref["roc_auc_ovr_macro"].get<double>(), 1e-6));
  REQUIRE(t.state_json()["status"] == "done");
}

TEST_CASE("the first batch holds the CSV's feature values in the model's order") {
  BrowserTest t;
  ready(t, "petal_width,target,sepal_length,petal_length,sepal_width\n0.2,0,5.1,1.4,3.5\n2.3,2,6.9,5.7,3.2\n");
  std::size_t rows = 0;
  auto b = t.next_batch(rows);
  REQUIRE(rows == 2);
  REQUIRE(b == std::vector<float>{5.1f, 3.5f, 1.4f, 0.2f, 6.9f, 3.2f, 5.7f, 2.3f});
  // The next batch waits for this one's outputs.
  REQUIRE(t.next_batch(rows).empty());
}

TEST_CASE("a model without feature names reads the CSV's other columns in order") {
  BrowserTest t;
  ready(t, "a,b,target,c,d\n1,2,0,3,4\n", false);
  std::size_t rows = 0;
  REQUIRE(t.next_batch(rows) == std::vector<float>{1, 2, 3, 4});
}

TEST_CASE("what the model cannot take fails the job with the column and line, before anything is scored") {
  BrowserTest t;
  t.load_csv("x.csv", "sepal_length,sepal_width,petal_length,target\n1,2,3,0\n");
  t.start(iris_version(), "target");
  REQUIRE(t.status() == TestStatus::failed);
  REQUIRE_THAT(t.error(), Catch::Contains("'petal_width'"));

  ready(t, "sepal_length,sepal_width,petal_length,petal_width,target\n1,2,3,4,0\n1,two,3,4,1\n");
  std::size_t rows = 0;
  REQUIRE(t.next_batch(rows).empty());
  REQUIRE(t.status() == TestStatus::failed);
  REQUIRE_THAT(t.error(), Catch::Contains("line 3, column 2 ('sepal_width'): 'two' is not a number"));

  t.load_csv("bad.csv", "a,b\n\"1,2\n");
  REQUIRE(t.status() == TestStatus::failed);
  REQUIRE_THAT(t.error(), Catch::StartsWith("bad.csv: line"));
}

TEST_CASE("outputs of the wrong size fail the job - cancel stops it") {
  BrowserTest t;
  ready(t, "sepal_length,sepal_width,petal_length,petal_width,target\n1,2,3,4,0\n");
  std::size_t rows = 0;
  t.next_batch(rows);
  double two[2] = {0.5, 0.5};
  t.accept_batch(two, 2);
  REQUIRE(t.status() == TestStatus::failed);
  REQUIRE_THAT(t.error(), Catch::Contains("expected 3"));

  t.start(iris_version(), "target");
  t.cancel();
  REQUIRE(t.status() == TestStatus::cancelled);
  REQUIRE(t.state_json()["status"] == "cancelled");
}

TEST_CASE("on the test pane a chosen CSV starts scoring as soon as the version is known") {
  AppState app;
  auto reqs = app.start(parse_route("#/test/iris/1"));
  REQUIRE(reqs.back().path == "/api/v1/models/iris");
  app.on_csv("data.csv", read(kIris + "data.csv"));
  REQUIRE(app.test().status() == TestStatus::idle);  // the version is not loaded yet
  json model = {{"name", "iris"}, {"versions", json::array({iris_version()})}};
  app.on_response(reqs.back(), 200, model.dump());
  REQUIRE(app.test().status() == TestStatus::loading);
  REQUIRE(app.test().label() == "target");
  auto s = json::parse(app.state_json());
  REQUIRE(s["test"]["status"] == "loading");
  REQUIRE(s["test"]["rows_total"] == 45);
}

TEST_CASE("a finished test has its ROC, precision-recall and confidence plots") {
  BrowserTest t;
  t.load_csv("data.csv", read(kIris + "data.csv"));
  t.start(iris_version(), "target");
  t.model_ready();
  feed_expected(t);
  REQUIRE(t.status() == TestStatus::done);
  const auto& plots = t.plots();
  REQUIRE(plots.size() == 3);
  REQUIRE(plots[0].title == "ROC curve");
  REQUIRE(plots[0].series.size() == 3);  // one-vs-rest for three classes
  REQUIRE_THAT(plots[0].series[0].name, Catch::StartsWith("class 0 (AUC 1.000)"));
  REQUIRE(plots[0].series[0].x.front() == 0.0);
  REQUIRE(plots[0].series[0].y.back() == 1.0);
  REQUIRE(plots[1].series.size() == 3);
  double rows = 0;
  for (double c : plots[2].series[0].y) rows += c;
  REQUIRE(rows == 45);
}

TEST_CASE("binary classifiers plot the positive class - regressors their residuals") {
  auto bin = classification_plots({"no", "yes"}, {0.9, 0.1, 0.2, 0.8, 0.6, 0.4}, {0, 1, 1});
  REQUIRE(bin[0].series.size() == 1);
  // P(yes): 0.1 for the "no" row, 0.8 and 0.4 for the "yes" rows: every positive ranks first.
  REQUIRE_THAT(bin[0].series[0].name, Catch::StartsWith("class yes (AUC 1.000)"));
  auto reg = regression_plots({1.0, 2.5}, {1.5, 2.0});
  REQUIRE(reg[0].title == "predicted vs true");
  REQUIRE(reg[1].series[0].y == std::vector<double>{0.5, -0.5});
  REQUIRE(reg[0].x_min == 1.0);
  REQUIRE(reg[0].x_max == 2.5);
}

TEST_CASE("attaching a finished test sends its metrics and the file's hash, never its rows") {
  AppState app;
  auto reqs = app.start(parse_route("#/test/iris/1"));
  const std::string sha(64, 'a');
  app.on_csv("data.csv", read(kIris + "data.csv"), sha);
  REQUIRE(app.attach_test().empty());  // nothing finished yet
  app.on_response(reqs.back(), 200, json{{"name", "iris"}, {"versions", json::array({iris_version()})}}.dump());
  app.test().model_ready();
  feed_expected(app.test());
  REQUIRE(app.test().status() == TestStatus::done);

  auto attach = app.attach_test();
  REQUIRE(attach.size() == 1);
  REQUIRE(attach[0].method == "POST");
  REQUIRE(attach[0].path == "/api/v1/models/iris/versions/1/tests");
  // Exactly these five fields: no rows travel.
  json body = json::parse(attach[0].body);
  REQUIRE(body == json{{"source", "browser"}, {"rows", 45}, {"label_column", "target"}, {"data_sha256", sha}, {"metrics", app.test().metrics()}});

  json stored = {{"id", 7}, {"model", "iris"}, {"version", 1}, {"source", "browser"}, {"passed", true}};
  app.on_response(attach[0], 201, stored.dump());
  REQUIRE(json::parse(app.state_json())["attached"]["id"] == 7);
  // A new CSV is a new test: the old record is no longer "this test's".
  app.on_csv("data.csv", read(kIris + "data.csv"), sha);
  REQUIRE(json::parse(app.state_json())["attached"].is_null());
}

TEST_CASE("a model with one input per column gets one typed feed per input, and scikit-learn's metrics") {
  const std::string dir = std::string(MLGATE_FIXTURES_DIR) + "/s06_titanic_logreg_multi_input_zipmap/";
  api::VersionInfo v;
  v.model = "titanic";
  v.version = 1;
  v.signature.task = "classification";
  v.signature.classes = {"no", "yes"};
  v.signature.input_layout = "columns";
  v.signature.features = {"sex", "age", "passengerClass"};
  v.signature.inputs = {{"sex", "string", {-1, 1}}, {"age", "float", {-1, 1}}, {"passengerClass", "string", {-1}}};
  v.signature.probability_output = "probabilities";
  BrowserTest t;
  t.load_csv("data.csv", read(dir + "data.csv"));
  REQUIRE(t.suggest_label(v.signature) == "survived");
  t.start(v, "survived");
  t.model_ready();
  std::size_t rows = 0;
  json feeds = t.next_feeds(rows);
  REQUIRE(rows == 393);
  REQUIRE(feeds["inputs"].size() == 3);
  const json& sex = feeds["inputs"][0];
  REQUIRE(sex["name"] == "sex");
  REQUIRE(sex["type"] == "string");
  REQUIRE(sex["shape"] == json({393, 1}));
  REQUIRE(sex["data"][0] == "male");
  const json& age = feeds["inputs"][1];
  REQUIRE(age["data"][0] == 16.0);
  REQUIRE(age["data"][1].is_null());  // an empty cell is a missing value (NaN in the page)
  REQUIRE(feeds["inputs"][2]["shape"] == json({393}));  // a rank-1 input keeps rank 1
  REQUIRE(feeds["inputs"][2]["data"][0] == "3rd");
  REQUIRE(t.next_feeds(rows).is_null());  // the next batch waits for this one's outputs

  auto expected = csv::read_table(read(dir + "expected.csv")).value();
  auto no = expected.doubles(*expected.find("proba_no")), yes = expected.doubles(*expected.find("proba_yes"));
  std::vector<double> out;
  for (std::size_t r = 0; r < no.size(); ++r) out.push_back(static_cast<float>(no[r])), out.push_back(static_cast<float>(yes[r]));
  t.accept_batch(out.data(), out.size());
  REQUIRE(t.status() == TestStatus::done);
  json ref = json::parse(read(dir + "metrics.json"));
  REQUIRE(t.metrics()["confusion_matrix"]["matrix"] == ref["confusion_matrix"]["rows_true_cols_pred_in_classes_order"]);
  REQUIRE_THAT(t.metrics()["roc_auc"].get<double>(), WithinAbs(ref["roc_auc"].get<double>(), 1e-6));
}
