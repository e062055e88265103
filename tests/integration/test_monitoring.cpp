// Monitoring on the real binary, end to end: every prediction is logged with its id, feedback
// joins true labels to them, the monitoring report counts requests, errors and accuracy and
// gives the label-free expected accuracy; inputs shifted on two features drift on exactly
// those; the accuracy and drift rules fire once within their cooldown, reach the webhook
// signed with HMAC-SHA256 (checked here with OpenSSL directly), and the accuracy alert
// retrains the model into staging with the feedback rows in its lineage and a promotion
// request waiting; the log survives a restart.
#include <catch2/catch.hpp>

#include <openssl/hmac.h>

#include <chrono>
#include <optional>
#include <set>
#include <thread>

#include "agent/fake_openai.hpp"
#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/people.hpp"
#include "integration/server_process.hpp"
#include "integration/ship.hpp"

using namespace mlgate::testing;
using nlohmann::json;

namespace {

const std::string kIris = "s01_iris_logreg_zipmap";
const std::string kSecret = "whsec-monitoring-test-0123456789";

std::string hmac_hex(const std::string& key, const std::string& msg) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out, &n);
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned i = 0; i < n; ++i) {
    s += hex[out[i] >> 4];
    s += hex[out[i] & 15];
  }
  return s;
}

// Polls until `pred` holds (the deadline only stops a hung test; nothing here is timed).
template <class F>
json wait_for(const char* what, F&& get) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
  json last;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto j = get()) return *j;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  FAIL("timed out waiting for " << what);
  return last;
}

json alerts_of(const HttpClient& c, const std::string& rule) {
  json out = json::array();
  const json alerts = c.get("/api/v1/alerts?model=iris").json();  // kept: a range over a temporary's member dangles
  for (const auto& a : alerts["alerts"])
    if (a["rule"] == rule) out.push_back(a);
  return out;
}

struct Predicted {
  std::string id, label;
  double confidence;
};

// The fixture's rows, in requests of 15, with `shift` added to the named features.
std::vector<Predicted> predict_all(const HttpClient& c, const mlgate::csv::Table& data, const std::set<std::string>& shifted, double shift) {
  std::vector<Predicted> out;
  json rows = json::array();
  auto send = [&] {
    auto r = c.post_json("/api/v1/models/iris/predict", {{"rows", rows}});
    REQUIRE(r.status == 200);
    const json body = r.json();
    for (const auto& p : body["predictions"]) out.push_back({p["id"], p["label"], p["confidence"]});
    rows = json::array();
  };
  for (size_t i = 0; i < data.rows(); ++i) {
    json row = json::object();
    for (const auto& col : data.columns) {
      if (col.name == "target") continue;
      double v = std::stod(col.cells[i]);
      row[col.name] = shifted.count(col.name) ? v + shift : v;
    }
    rows.push_back(row);
    if (rows.size() == 15) send();
  }
  if (!rows.empty()) send();
  return out;
}

}  // namespace

TEST_CASE("predictions are logged and joined to feedback - drift, signed alerts within a cooldown, and a retrain by alert",
          "[integration][monitoring]") {
  mlgate::test::FakeOpenAi hook;
  hook.always({200, "{}", {}, {}});
  const auto data_dir = make_temp_dir("mlgate-monitoring");
  const std::vector<std::string> args = {"--alert-interval", "1", "--alert-webhook", "http://127.0.0.1:" + std::to_string(hook.port()) + "/hooks/mlgate"};
  const std::map<std::string, std::string> env = {{"MLGATE_ALERT_WEBHOOK_SECRET", kSecret}};
  std::optional<ServerProcess> server;
  server.emplace(args, env, data_dir);
  HttpClient dora = person(*server, "dora", "deployer");
  HttpClient abe = person(*server, "abe", "approver");
  HttpClient vera = person(*server, "vera", "viewer");
  REQUIRE(ship(dora, abe, "iris", kIris) == 1);
  const mlgate::csv::Table data = load_csv(fixture(kIris).dir + "/data.csv");
  REQUIRE(data.rows() == 45);

  auto rules = dora.request("PUT", "/api/v1/models/iris/alert-rules",
                            json{{"drift", true}, {"min_accuracy", 0.9}, {"min_labels", 30}, {"window", "1h"}, {"cooldown", "1h"}}.dump());
  INFO(rules.body);
  REQUIRE(rules.status == 200);
  REQUIRE(vera.request("PUT", "/api/v1/models/iris/alert-rules", "{}").status == 403);
  REQUIRE(dora.request("PUT", "/api/v1/models/iris/alert-rules", R"({"min_acuracy": 0.9})").status == 422);
  REQUIRE(dora.get("/api/v1/models/iris/alert-rules").json()["min_accuracy"] == 0.9);

  // Three passes over the data, nine requests of 15 rows, and one request that fails.
  std::vector<Predicted> preds;
  for (int pass = 0; pass < 3; ++pass) {
    auto p = predict_all(vera, data, {}, 0);
    preds.insert(preds.end(), p.begin(), p.end());
  }
  REQUIRE(preds.size() == 135);
  REQUIRE(vera.post_json("/api/v1/models/iris/predict", {{"rows", {{{"sepal_length", 5.1}}}}}).status == 422);

  double confidence_sum = 0;
  for (const auto& p : preds) confidence_sum += p.confidence;
  json m = vera.get("/api/v1/models/iris/monitoring?window=1h&buckets=12").json();
  INFO(m.dump(2));
  REQUIRE(m["task"] == "classification");
  REQUIRE(m["buckets"].size() == 12);
  REQUIRE(m["totals"]["requests"] == 10);
  REQUIRE(m["totals"]["errors"] == 1);
  REQUIRE(m["totals"]["error_rate"].get<double>() == Approx(0.1));
  REQUIRE(m["totals"]["rows"] == 135);
  REQUIRE(m["totals"]["labelled"] == 0);
  REQUIRE(m["totals"]["accuracy"].is_null());
  REQUIRE(m["totals"]["latency_ms"]["p99"].get<double>() >= m["totals"]["latency_ms"]["p50"].get<double>());
  REQUIRE(m["totals"]["expected_accuracy"].get<double>() == Approx(confidence_sum / 135).margin(1e-6));

  // The same distribution as the reference: no feature drifts.
  json d = vera.get("/api/v1/models/iris/drift").json();
  INFO(d.dump(2));
  REQUIRE(d["status"] == "ok");
  REQUIRE(d["reference"]["source"] == "test");
  REQUIRE(d["reference"]["rows"] == 45);
  REQUIRE(d["current_rows"] == 135);
  REQUIRE(d["features"].size() == 4);
  REQUIRE(d["drifted_features"] == 0);

  SECTION("feedback that names an unknown prediction changes nothing") {
    auto bad = vera.post_json("/api/v1/feedback", {{"items", {{{"prediction_id", preds[0].id}, {"label", preds[0].label}},
                                                              {{"prediction_id", "nope"}, {"label", "1"}}}}});
    REQUIRE(bad.status == 404);
    REQUIRE_THAT(bad.body, Catch::Contains("items[1]"));
    REQUIRE(vera.post_json("/api/v1/feedback", {{"prediction_id", preds[0].id}}).status == 422);
    REQUIRE(vera.get("/api/v1/models/iris/monitoring").json()["totals"]["labelled"] == 0);
  }

  SECTION("feedback lowers accuracy, alerts once, signed, and retrains into staging; drift on two shifted features alerts too") {
    // 60 labels, every other one wrong: accuracy 0.5.
    json items = json::array();
    for (size_t i = 0; i < 60; ++i) {
      std::string label = preds[i].label;
      if (i % 2 == 0) label = std::to_string((std::stoi(label) + 1) % 3);
      items.push_back({{"prediction_id", preds[i].id}, {"label", label}});
    }
    auto fb = vera.post_json("/api/v1/feedback", {{"items", items}});
    INFO(fb.body);
    REQUIRE(fb.status == 200);
    REQUIRE(fb.json()["accepted"] == 60);
    json t = vera.get("/api/v1/models/iris/monitoring").json()["totals"];
    REQUIRE(t["labelled"] == 60);
    REQUIRE(t["accuracy"].get<double>() == Approx(0.5));

    json acc = wait_for("the accuracy alert", [&]() -> std::optional<json> {
      json a = alerts_of(vera, "accuracy");
      return a.empty() ? std::nullopt : std::optional<json>(a[0]);
    });
    REQUIRE(acc["value"].get<double>() == Approx(0.5));
    REQUIRE(acc["threshold"] == 0.9);
    REQUIRE(acc["version"] == 1);

    // The alert queued a retrain: v2 in staging, its lineage naming v1 and the feedback rows.
    json job = wait_for("the retrain by alert", [&]() -> std::optional<json> {
      const json jobs = vera.get("/api/v1/jobs?model=iris").json();
      for (const auto& j : jobs["jobs"])
        if (j["trigger"] == "alert" && (j["status"] == "succeeded" || j["status"] == "failed")) return j;
      return std::nullopt;
    });
    INFO(job.dump(2));
    REQUIRE(job["status"] == "succeeded");
    REQUIRE(job["result_version"] == 2);
    json v2 = vera.get("/api/v1/models/iris/versions/2").json();
    REQUIRE(v2["stage"] == "staging");
    REQUIRE(v2["lineage"]["parent_version"] == 1);
    REQUIRE(v2["lineage"]["feedback_rows"] == 60);
    REQUIRE(v2["lineage"]["data"]["rows"] == 45 + 60);
    json pending = vera.get("/api/v1/promotions?status=pending").json()["promotions"];
    REQUIRE(pending.size() == 1);
    REQUIRE(pending[0]["version"] == 2);
    REQUIRE(vera.get("/api/v1/models/iris/versions/1").json()["stage"] == "production");

    // Two features shifted far from anything in the reference.
    auto shifted = predict_all(vera, data, {"sepal_width", "petal_width"}, 4.0);
    REQUIRE(shifted.size() == 45);
    d = vera.get("/api/v1/models/iris/drift?window=24h").json();
    INFO(d.dump(2));
    REQUIRE(d["current_rows"] == 180);
    std::set<std::string> drifted;
    for (const auto& f : d["features"]) {
      REQUIRE(f["statistic"] == "ks");  // a small reference of numeric columns
      REQUIRE(f["reference"]["bins"] == f["current"]["bins"]);
      if (f["drifted"] == true) {
        drifted.insert(f["feature"]);
        REQUIRE(f["p_value"].get<double>() < 0.05);
        REQUIRE(f["status"] == "alert");
      }
    }
    REQUIRE(drifted == std::set<std::string>{"sepal_width", "petal_width"});
    REQUIRE(d["drifting"] == true);
    REQUIRE(d["status"] == "drifting");

    json drift_alert = wait_for("the drift alert", [&]() -> std::optional<json> {
      json a = alerts_of(vera, "drift");
      return a.empty() ? std::nullopt : std::optional<json>(a[0]);
    });
    REQUIRE(drift_alert["detail"]["drifted_features"].size() == 2);

    // Both reached the webhook, each signed over its timestamp and body.
    auto hooks = wait_for("two webhook deliveries", [&]() -> std::optional<json> {
      return hook.requests().size() >= 2 ? std::optional<json>(json(hook.requests().size())) : std::nullopt;
    });
    std::set<std::string> rules_sent;
    for (const auto& r : hook.requests()) {
      REQUIRE(r.method == "POST");
      REQUIRE(r.target == "/hooks/mlgate");
      const std::string ts = r.headers.at("x-mlgate-timestamp");
      REQUIRE(r.headers.at("x-mlgate-signature") == "sha256=" + hmac_hex(kSecret, ts + "." + r.body));
      REQUIRE(r.headers.at("x-mlgate-signature") != "sha256=" + hmac_hex("another secret", ts + "." + r.body));
      REQUIRE(r.body.find(kSecret) == std::string::npos);
      rules_sent.insert(r.json()["alert"]["rule"]);
    }
    REQUIRE(rules_sent == std::set<std::string>{"accuracy", "drift"});
    wait_for("the deliveries recorded", [&]() -> std::optional<json> {
      json a = alerts_of(vera, "drift");
      return a[0]["delivery"] == "delivered" ? std::optional<json>(a) : std::nullopt;
    });

    // Both conditions still hold; over several more evaluations the cooldown keeps them quiet.
    std::this_thread::sleep_for(std::chrono::seconds(4));
    REQUIRE(alerts_of(vera, "accuracy").size() == 1);
    REQUIRE(alerts_of(vera, "drift").size() == 1);
    REQUIRE(hook.requests().size() == 2);
    json audit = vera.get("/api/v1/audit?model=iris").json();
    size_t fired = 0;
    for (const auto& e : audit["events"])
      if (e["action"] == "alert.fired") ++fired;
    REQUIRE(fired == 2);

    // The log, the feedback and the alerts survive a restart.
    server.reset();
    server.emplace(args, env, data_dir);
    HttpClient again(server->port(), server->admin_token());
    json after = again.get("/api/v1/models/iris/monitoring").json()["totals"];
    REQUIRE(after["requests"] == 13);
    REQUIRE(after["labelled"] == 60);
    REQUIRE(after["accuracy"].get<double>() == Approx(0.5));
    REQUIRE(alerts_of(again, "drift").size() == 1);
  }
}

TEST_CASE("monitoring requests with bad parameters are refused plainly", "[integration][monitoring]") {
  ServerProcess server;
  HttpClient admin(server.port(), server.admin_token());
  REQUIRE(admin.get("/api/v1/models/iris/monitoring?window=soon").status == 400);
  REQUIRE(admin.get("/api/v1/models/iris/monitoring?window=1s").status == 400);
  REQUIRE(admin.get("/api/v1/models/nope/monitoring").status == 404);
  REQUIRE(admin.get("/api/v1/models/nope/drift").status == 404);
  REQUIRE(admin.get("/api/v1/alerts?model=..").status == 400);
  REQUIRE(admin.post("/api/v1/feedback", "[1]").status == 400);
  REQUIRE(admin.post("/api/v1/feedback", R"({"items": []})").status == 400);
}
