// The whole flow of "What a user gets", over HTTP against the real binary, for every
// fixture model: upload → staging → server-side test → promotion request → approval by
// another person → production predictions checked against the reference outputs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;
using nlohmann::json;
using Catch::Matchers::WithinAbs;

namespace {

struct People {
  HttpClient admin, alice, bob, victor;  // admin, deployer, approver, viewer
};

People make_people(const ServerProcess& s) {
  HttpClient admin(s.port(), s.admin_token());
  auto token = [&](const std::string& name, const std::string& role) {
    auto r = admin.post_json("/api/v1/tokens", {{"name", name}, {"role", role}});
    REQUIRE(r.status == 201);
    REQUIRE(r.json()["role"] == role);
    return r.json()["token"].get<std::string>();
  };
  return {admin, HttpClient(s.port(), token("alice", "deployer")), HttpClient(s.port(), token("bob", "approver")),
          HttpClient(s.port(), token("victor", "viewer"))};
}

std::vector<std::string> text_features(const json& version) {
  std::vector<std::string> out;
  const json& sig = version["signature"];
  if (sig["input_layout"] == "columns")
    for (const auto& in : sig["inputs"])
      if (in["type"] == "string") out.push_back(in["name"]);
  return out;
}

// Predictions against expected.csv to the fixture tolerances.
void check_predictions(const Fixture& f, const json& version, const json& predictions) {
  auto expected = load_csv(f.dir + "/expected.csv");
  REQUIRE(predictions.size() == expected.rows());
  const json& classes = version["signature"]["classes"];
  auto col = [&](const std::string& name) { return expected.doubles(*expected.find(name)); };
  if (version["signature"]["task"] == "classification") {
    auto labels = expected.columns[*expected.find("expected_label")].cells;
    for (size_t i = 0; i < predictions.size(); ++i) {
      CAPTURE(f.name, i);
      const json& p = predictions[i];
      REQUIRE(p["label"].get<std::string>() == labels[i]);
      for (const auto& c : classes) {
        double want = col("proba_" + c.get<std::string>())[i];
        REQUIRE_THAT(p["probabilities"][c.get<std::string>()].get<double>(), WithinAbs(want, 1e-5));
      }
      REQUIRE_THAT(p["confidence"].get<double>(), WithinAbs(p["probabilities"][labels[i]].get<double>(), 1e-12));
      REQUIRE(p["id"].get<std::string>().size() >= 16);
    }
  } else {
    std::string vcol = expected.columns[1].name;  // expected_value / expected_variable
    auto want = col(vcol);
    for (size_t i = 0; i < predictions.size(); ++i) {
      CAPTURE(f.name, i);
      double got = predictions[i]["value"].get<double>();
      REQUIRE(std::abs(got - want[i]) <= 1e-5 * std::max(1.0, std::abs(want[i])));
    }
  }
}

void check_metrics(const Fixture& f, const json& metrics) {
  json ref = json::parse(read_file(f.dir + "/metrics.json"));
  CAPTURE(f.name, metrics.dump());
  if (ref.contains("accuracy")) {
    REQUIRE_THAT(metrics["accuracy"].get<double>(), WithinAbs(ref["accuracy"].get<double>(), 1e-9));
    REQUIRE_THAT(metrics["f1_macro"].get<double>(), WithinAbs(ref["f1_macro"].get<double>(), 1e-9));
    REQUIRE_THAT(metrics["precision_macro"].get<double>(), WithinAbs(ref["precision_macro"].get<double>(), 1e-9));
    REQUIRE(metrics["confusion_matrix"]["matrix"] == ref["confusion_matrix"]["rows_true_cols_pred_in_classes_order"]);
    // Probabilities agree with the reference to 1e-5, so AUC agrees closely but not exactly.
    if (ref.contains("roc_auc")) REQUIRE_THAT(metrics["roc_auc"].get<double>(), WithinAbs(ref["roc_auc"].get<double>(), 1e-4));
    if (ref.contains("roc_auc_ovr_macro"))
      REQUIRE_THAT(metrics["roc_auc"].get<double>(), WithinAbs(ref["roc_auc_ovr_macro"].get<double>(), 1e-4));
  } else {
    for (const char* k : {"mae", "rmse", "r2"})
      REQUIRE_THAT(metrics[k].get<double>(), WithinAbs(ref[k].get<double>(), 1e-4 * std::max(1.0, std::abs(ref[k].get<double>()))));
  }
}

std::vector<std::string> audit_actions(const HttpClient& c, const std::string& model) {
  auto r = c.get("/api/v1/audit?model=" + model + "&limit=1000");
  REQUIRE(r.status == 200);
  std::vector<std::string> out;
  const auto body = r.json();
  for (const auto& e : body["events"]) out.push_back(e["action"]);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("every labelled fixture model goes from upload to production predictions", "[integration]") {
  auto fixtures = tabular_fixtures();
  auto f = GENERATE_COPY(from_range(fixtures));
  if (f.label.empty()) return;  // s09 has no ground truth: covered below
  CAPTURE(f.name);
  ServerProcess server;
  People p = make_people(server);
  const std::string m = "/api/v1/models/" + f.name;

  // Upload: a new version enters staging with the signature read from the model.
  auto up = p.alice.post(m + "/versions?description=from%20the%20fixture%20pack" + f.features_query('&'), read_file(f.dir + "/model.onnx"), "application/octet-stream");
  REQUIRE(up.status == 201);
  json version = up.json();
  REQUIRE(version["stage"] == "staging");
  REQUIRE(version["version"] == 1);
  REQUIRE(version["created_by"] == "alice");
  REQUIRE(version["description"] == "from the fixture pack");
  auto features = version["signature"]["features"].get<std::vector<std::string>>();
  if (!f.single_tensor) std::sort(features.begin(), features.end());  // index.json's object keys come sorted
  REQUIRE(features == f.features);
  REQUIRE(version["sha256"].get<std::string>().size() == 64);

  auto listed = p.victor.get("/api/v1/models");
  REQUIRE(listed.status == 200);
  REQUIRE(listed.json()["models"][0]["name"] == f.name);
  REQUIRE(listed.json()["models"][0]["production_version"].is_null());

  // Production predictions are refused until something is approved.
  REQUIRE(p.victor.post(m + "/predict", R"({"rows":[{}]})").status == 404);

  // Promotion without a passing test is refused.
  REQUIRE(p.alice.post(m + "/versions/1/promotion").error_code() == "no_passing_test");

  // Server-side test on the labelled CSV.
  auto test = p.alice.post(m + "/versions/1/tests?label=" + f.label, read_file(f.dir + "/data.csv"), "text/csv");
  REQUIRE(test.status == 201);
  json record = test.json();
  REQUIRE(record["passed"] == true);
  REQUIRE(record["source"] == "server");
  REQUIRE(record["label_column"] == f.label);
  REQUIRE(record["rows"] == load_csv(f.dir + "/data.csv").rows());
  check_metrics(f, record["metrics"]);

  auto promo = p.alice.post(m + "/versions/1/promotion", R"({"reason":"fixture test passed"})");
  REQUIRE(promo.status == 202);
  REQUIRE(promo.json()["status"] == "pending");
  int64_t pid = promo.json()["id"];

  // Separation of duties: the requester may not approve; a viewer may not either.
  auto self = p.alice.post("/api/v1/promotions/" + std::to_string(pid) + "/approve");
  REQUIRE(self.status == 403);
  REQUIRE(p.victor.post("/api/v1/promotions/" + std::to_string(pid) + "/approve").status == 403);
  auto approved = p.bob.post("/api/v1/promotions/" + std::to_string(pid) + "/approve", R"({"reason":"looks good"})");
  REQUIRE(approved.status == 200);
  REQUIRE(approved.json()["status"] == "approved");
  REQUIRE(p.bob.post("/api/v1/promotions/" + std::to_string(pid) + "/approve").error_code() == "already_decided");
  REQUIRE(p.victor.get(m + "/versions/1").json()["stage"] == "production");

  // Production predictions, row-wise and column-wise, match the reference outputs.
  auto data = load_csv(f.dir + "/data.csv");
  json rows = predict_rows(f, data, text_features(version));
  auto pred = p.victor.post_json(m + "/predict", rows);
  REQUIRE(pred.status == 200);
  REQUIRE(pred.json()["version"] == 1);
  check_predictions(f, version, pred.json()["predictions"]);
  json columns = json::object();
  for (const auto& feat : f.features) {
    columns[feat] = json::array();
    for (const auto& row : rows["rows"]) columns[feat].push_back(row[feat]);
  }
  auto pred_cols = p.victor.post_json(m + "/predict", {{"columns", columns}});
  REQUIRE(pred_cols.status == 200);
  check_predictions(f, version, pred_cols.json()["predictions"]);

  // The browser-ready variant has tensor outputs only; ZipMap models get a distinct file.
  auto web = p.victor.get(m + "/versions/1/artifact?variant=web");
  REQUIRE(web.status == 200);
  REQUIRE(web.headers["etag"] == "\"" + version["web_sha256"].get<std::string>() + "\"");
  if (f.has_tag("zipmap")) REQUIRE(version["web_sha256"] != version["sha256"]);
  auto original = p.victor.get(m + "/versions/1/artifact");
  REQUIRE(original.body == read_file(f.dir + "/model.onnx"));

  // Every step left an audit event.
  auto actions = audit_actions(p.victor, f.name);
  for (const char* a : {"version.created", "test.recorded", "promotion.requested", "promotion.approved"}) {
    CAPTURE(a);
    REQUIRE(contains(actions, a));
  }
}

TEST_CASE("a model without labels is served to deployers by version before promotion", "[integration]") {
  auto f = fixture("s09_onnxextended_rf_regressor");
  ServerProcess server;
  People p = make_people(server);
  auto up = p.alice.post("/api/v1/models/rf/versions" + f.features_query(), read_file(f.dir + "/model.onnx"), "application/octet-stream");
  REQUIRE(up.status == 201);
  REQUIRE(up.json()["signature"]["task"] == "regression");
  auto rows = predict_rows(f, load_csv(f.dir + "/data.csv"), {});
  // A viewer only sees production; a deployer may try a staging version.
  REQUIRE(p.victor.post_json("/api/v1/models/rf/predict?version=1", rows).status == 403);
  auto pred = p.alice.post_json("/api/v1/models/rf/predict?version=1", rows);
  REQUIRE(pred.status == 200);
  check_predictions(f, up.json(), pred.json()["predictions"]);
}

TEST_CASE("ONNX operator conformance models run through the Open Inference Protocol v2", "[integration]") {
  ServerProcess server;
  People p = make_people(server);
  std::string base = fixtures_dir() + "/s08_onnx_backend_ai_onnx_ml/";
  for (const char* t : {"test_ai_onnx_ml_array_feature_extractor", "test_ai_onnx_ml_binarizer", "test_ai_onnx_ml_label_encoder_string_int",
                        "test_ai_onnx_ml_label_encoder_tensor_mapping", "test_ai_onnx_ml_tree_ensemble_single_tree"}) {
    CAPTURE(t);
    std::string name = std::string(t).substr(5);
    auto up = p.alice.post("/api/v1/models/" + name + "/versions", read_file(base + t + "/model.onnx"), "application/octet-stream");
    REQUIRE(up.status == 201);
    json inputs = json::parse(read_file(base + t + "/inputs.json"))["inputs"];
    json expected = json::parse(read_file(base + t + "/expected.json"))["outputs"];
    static const std::map<std::string, std::string> dt = {{"float32", "FP32"}, {"float64", "FP64"}, {"int64", "INT64"},
                                                          {"string", "BYTES"}, {"int16", "INT16"}, {"int32", "INT32"}};
    json req = {{"inputs", json::array()}};
    for (const auto& in : inputs)
      req["inputs"].push_back({{"name", in["name"]}, {"shape", in["shape"]}, {"datatype", dt.at(in["dtype"])}, {"data", in["data"]}});
    auto res = p.alice.post_json("/v2/models/" + name + "/versions/1/infer", req);
    REQUIRE(res.status == 200);
    json outs = res.json()["outputs"];
    REQUIRE(outs.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      REQUIRE(outs[i]["name"] == expected[i]["name"]);
      REQUIRE(outs[i]["shape"] == expected[i]["shape"]);
      REQUIRE(outs[i]["datatype"] == dt.at(expected[i]["dtype"]));
      const json& got = outs[i]["data"];
      const json& want = expected[i]["data"];
      REQUIRE(got.size() == want.size());
      for (size_t k = 0; k < want.size(); ++k) {
        if (want[k].is_number()) REQUIRE(got[k].get<double>() == want[k].get<double>());
        else REQUIRE(got[k] == want[k]);
      }
    }
  }
}

TEST_CASE("an H2O MOJO zip is refused as not ONNX and changes nothing", "[integration]") {
  ServerProcess server;
  People p = make_people(server);
  auto before = audit_actions(p.admin, "mojo");
  auto r = p.alice.post("/api/v1/models/mojo/versions", read_file(fixtures_dir() + "/s10_h2o_glm_mojo_not_onnx/glm_model.zip"),
                        "application/octet-stream");
  REQUIRE(r.status == 422);
  REQUIRE(r.error_code() == "invalid_onnx");
  REQUIRE_THAT(r.json()["error"]["message"].get<std::string>(), Catch::Contains("ZIP", Catch::CaseSensitive::No));
  REQUIRE(p.victor.get("/api/v1/models").json()["models"].empty());
  REQUIRE(p.victor.get("/api/v1/models/mojo").status == 404);
  REQUIRE(audit_actions(p.admin, "mojo") == before);
}

TEST_CASE("a model without feature names reads a test CSV's columns in order", "[integration]") {
  auto f = fixture("s02_iris_logreg_tensor");
  ServerProcess server;
  People p = make_people(server);
  // No ?features= and no feature_names metadata: the signature says f0..f3, by position.
  auto up = p.alice.post("/api/v1/models/iris/versions", read_file(f.dir + "/model.onnx"), "application/octet-stream");
  REQUIRE(up.status == 201);
  const json sig = up.json()["signature"];
  REQUIRE(sig["features"] == json({"f0", "f1", "f2", "f3"}));
  REQUIRE(sig["feature_names_from"] == "position");

  auto test = p.alice.post("/api/v1/models/iris/versions/1/tests?label=" + f.label, read_file(f.dir + "/data.csv"), "text/csv");
  REQUIRE(test.status == 201);
  check_metrics(f, test.json()["metrics"]);

  // A CSV whose feature count does not fit is refused, and the message says how to fix it.
  auto narrow = p.alice.post("/api/v1/models/iris/versions/1/tests?label=target", "a,b,target\n1,2,0\n", "text/csv");
  REQUIRE(narrow.status == 422);
  REQUIRE(narrow.error_code() == "missing_column");
  REQUIRE_THAT(narrow.json()["error"]["message"].get<std::string>(), Catch::Contains("?features="));

  // Predictions name the generated features.
  auto pred = p.alice.post_json("/api/v1/models/iris/predict?version=1",
                                {{"rows", {{{"f0", 5.1}, {"f1", 3.5}, {"f2", 1.4}, {"f3", 0.2}}}}});
  REQUIRE(pred.status == 200);
  REQUIRE(pred.json()["predictions"][0]["label"] == "0");
}
