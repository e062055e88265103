// A test scored in the browser, attached as JSON to the tests route: the server checks the
// body strictly, decides pass/fail itself, stores it as source "browser", and such a record
// opens the promotion gate like a server one.
#include <catch2/catch.hpp>

#include <functional>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/people.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;
using nlohmann::json;

namespace {
const std::string kSha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

json browser_body(const json& metrics, int64_t rows) {
  return {{"source", "browser"}, {"rows", rows}, {"label_column", "target"}, {"data_sha256", kSha}, {"metrics", metrics}};
}

// Iris metrics with one setosa row moved to "predicted versicolor": still consistent, a
// lower accuracy.
json worse(json m, int64_t rows) {
  auto& cm = m["confusion_matrix"]["matrix"];
  cm[0][0] = cm[0][0].get<int64_t>() - 1;
  cm[0][1] = cm[0][1].get<int64_t>() + 1;
  int64_t correct = 0;
  for (std::size_t i = 0; i < cm.size(); ++i) correct += cm[i][i].get<int64_t>();
  m["accuracy"] = static_cast<double>(correct) / static_cast<double>(rows);
  return m;
}
}  // namespace

TEST_CASE("a browser test record is validated, judged by the server and opens the promotion gate", "[integration]") {
  ServerProcess server({"--min-accuracy", "0.95"});
  HttpClient admin(server.port(), server.admin_token());
  HttpClient dora = person(server, "dora", "deployer");
  HttpClient val = person(server, "val", "viewer");
  auto iris = fixture("s02_iris_logreg_tensor");
  REQUIRE(dora.post("/api/v1/models/iris/versions" + iris.features_query(), read_file(iris.dir + "/model.onnx"), "application/octet-stream").status == 201);
  // The reference metrics: what the server computes for the same CSV (version 1 of a second
  // model, so iris v1 has no record of its own).
  REQUIRE(dora.post("/api/v1/models/ref/versions" + iris.features_query(), read_file(iris.dir + "/model.onnx"), "application/octet-stream").status == 201);
  auto ref = dora.post("/api/v1/models/ref/versions/1/tests?label=target", read_file(iris.dir + "/data.csv"), "text/csv");
  REQUIRE(ref.status == 201);
  const json metrics = ref.json()["metrics"];
  const int64_t rows = ref.json()["rows"];
  const std::string tests = "/api/v1/models/iris/versions/1/tests";

  SECTION("bad bodies are refused naming the field, and change nothing") {
    auto before = json{{"tests", admin.get(tests).json()}, {"audit", admin.get("/api/v1/audit?model=iris").json()}};
    using Edit = std::function<void(json&)>;
    struct Case {
      std::string what;
      Edit edit;
      int status;
      std::string code, names;
    };
    std::vector<Case> cases = {
        {"missing rows", [](json& b) { b.erase("rows"); }, 400, "invalid_test_record", "'rows'"},
        {"rows as text", [](json& b) { b["rows"] = "150"; }, 400, "invalid_test_record", "'rows'"},
        {"source server", [](json& b) { b["source"] = "server"; }, 400, "invalid_test_record", "'source'"},
        {"a client's passed", [](json& b) { b["passed"] = true; }, 400, "invalid_test_record", "'passed'"},
        {"rows in the body", [](json& b) { b["data"] = json::array({1, 2}); }, 400, "invalid_test_record", "'data'"},
        {"short hash", [](json& b) { b["data_sha256"] = "abc"; }, 400, "invalid_test_record", "'data_sha256'"},
        {"upper-case hash", [](json& b) { b["data_sha256"] = std::string(64, 'A'); }, 400, "invalid_test_record", "'data_sha256'"},
        {"empty label", [](json& b) { b["label_column"] = ""; }, 400, "invalid_test_record", "'label_column'"},
        {"metrics not an object", [](json& b) { b["metrics"] = 0.9; }, 400, "invalid_test_record", "'metrics'"},
        {"unknown metric", [](json& b) { b["metrics"]["magic"] = 1; }, 422, "invalid_metrics", "'metrics.magic'"},
        {"regression metric on a classifier", [](json& b) { b["metrics"]["rmse"] = 0.1; }, 422, "invalid_metrics", "'metrics.rmse'"},
        {"missing accuracy", [](json& b) { b["metrics"].erase("accuracy"); }, 422, "invalid_metrics", "'metrics.accuracy'"},
        {"accuracy above 1", [](json& b) { b["metrics"]["accuracy"] = 1.5; }, 422, "invalid_metrics", "'metrics.accuracy'"},
        {"accuracy the matrix does not give", [](json& b) { b["metrics"]["accuracy"] = 1.0; }, 422, "invalid_metrics", "'metrics.accuracy'"},
        {"matrix not summing to rows", [](json& b) { b["rows"] = b["rows"].get<int64_t>() + 1; }, 422, "invalid_metrics", "'metrics."},
        {"matrix not square", [](json& b) { b["metrics"]["confusion_matrix"]["matrix"][1].erase(0); }, 422, "invalid_metrics",
         "'metrics.confusion_matrix.matrix[1]'"},
        {"negative count", [](json& b) { b["metrics"]["confusion_matrix"]["matrix"][0][1] = -1; }, 422, "invalid_metrics",
         "'metrics.confusion_matrix.matrix[0][1]'"},
        {"labels not the model's classes", [](json& b) { b["metrics"]["confusion_matrix"]["labels"][0] = "setosa"; }, 422, "invalid_metrics",
         "'metrics.confusion_matrix.labels'"},
        {"per_class support off", [](json& b) { b["metrics"]["per_class"]["0"]["support"] = 1; }, 422, "invalid_metrics", "'metrics.per_class'"},
        {"log loss negative", [](json& b) { b["metrics"]["log_loss"] = -0.1; }, 422, "invalid_metrics", "'metrics.log_loss'"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.what);
      json body = browser_body(metrics, rows);
      c.edit(body);
      auto r = dora.post(tests, body.dump(), "application/json");
      CAPTURE(r.body);
      REQUIRE(r.status == c.status);
      REQUIRE(r.error_code() == c.code);
      REQUIRE_THAT(r.json()["error"]["message"].get<std::string>(), Catch::Contains(c.names));
    }
    auto syntax = dora.post(tests, "{\"source\": \"browser\",", "application/json");
    REQUIRE(syntax.status == 400);
    REQUIRE(syntax.error_code() == "invalid_json");
    REQUIRE(val.post(tests, browser_body(metrics, rows).dump(), "application/json").status == 403);
    REQUIRE(json{{"tests", admin.get(tests).json()}, {"audit", admin.get("/api/v1/audit?model=iris").json()}} == before);
  }

  SECTION("the server decides passed from the metrics and its threshold") {
    auto failing = worse(worse(worse(worse(worse(metrics, rows), rows), rows), rows), rows);  // accuracy under 0.95
    REQUIRE(failing["accuracy"].get<double>() < 0.95);
    auto r = dora.post(tests, browser_body(failing, rows).dump(), "application/json");
    REQUIRE(r.status == 201);
    REQUIRE(r.json()["passed"] == false);
    REQUIRE(r.json()["thresholds"]["min_accuracy"] == 0.95);
    REQUIRE(dora.post("/api/v1/models/iris/versions/1/promotion").error_code() == "no_passing_test");
    auto better = worse(metrics, rows);
    auto ok = dora.post(tests, browser_body(better, rows).dump(), "application/json");
    REQUIRE(ok.json()["passed"] == (better["accuracy"].get<double>() >= 0.95));
  }

  SECTION("a passing browser record is stored as such and opens the promotion gate") {
    auto r = dora.post(tests, browser_body(metrics, rows).dump(), "application/json; charset=utf-8");
    CAPTURE(r.body);
    REQUIRE(r.status == 201);
    auto listed = admin.get(tests).json()["tests"];
    REQUIRE(listed.size() == 1);
    const json& rec = listed[0];
    REQUIRE(rec["source"] == "browser");
    REQUIRE(rec["actor"] == "dora");
    REQUIRE(rec["passed"] == true);
    REQUIRE(rec["data_sha256"] == kSha);
    REQUIRE(rec["rows"] == rows);
    REQUIRE(rec["metrics"] == metrics);
    REQUIRE(dora.post("/api/v1/models/iris/versions/1/promotion").status == 202);
    auto audit = admin.get("/api/v1/audit?model=iris").json()["events"];
    bool recorded = false;
    for (const auto& e : audit) recorded |= e["action"] == "test.recorded" && e["detail"]["source"] == "browser";
    REQUIRE(recorded);
  }

  SECTION("a regressor's record takes regression metrics only") {
    auto diabetes = fixture("s05_diabetes_linear_regressor");
    REQUIRE(dora.post("/api/v1/models/diab/versions" + diabetes.features_query(), read_file(diabetes.dir + "/model.onnx"), "application/octet-stream")
                .status == 201);
    const std::string dt = "/api/v1/models/diab/versions/1/tests";
    json reg = {{"n", 10}, {"mae", 40.0}, {"mse", 2500.0}, {"rmse", 50.0}, {"r2", 0.4}};
    json body = browser_body(reg, 10);
    REQUIRE(dora.post(dt, body.dump(), "application/json").json()["passed"] == true);  // r2 0.4 >= min_r2 0 (the default)
    body["metrics"]["r2"] = -0.2;
    REQUIRE(dora.post(dt, body.dump(), "application/json").json()["passed"] == false);
    body["metrics"]["accuracy"] = 0.9;
    REQUIRE(dora.post(dt, body.dump(), "application/json").error_code() == "invalid_metrics");
    body["metrics"].erase("accuracy");
    body["metrics"]["rmse"] = 10.0;
    REQUIRE(dora.post(dt, body.dump(), "application/json").error_code() == "invalid_metrics");
  }
}
