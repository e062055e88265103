// GET /metrics against the real binary: Prometheus text with the requests just made, their
// latency, and per model version the predictions, rows and inference time.
#include <catch2/catch.hpp>

#include <regex>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/metrics_text.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;

TEST_CASE("/metrics counts requests by route and status, and predictions by model version") {
  ServerProcess server;
  HttpClient admin(server.port(), server.admin_token());
  auto f = fixture("s02_iris_logreg_tensor");
  auto up = admin.post("/api/v1/models/iris/versions" + f.features_query(), read_file(f.dir + "/model.onnx"), "application/octet-stream");
  REQUIRE(up.status == 201);
  REQUIRE(admin.post("/api/v1/models/iris/versions/1/tests?label=" + f.label, read_file(f.dir + "/data.csv"), "text/csv").status == 201);
  auto promo = admin.post("/api/v1/models/iris/versions/1/promotion");
  REQUIRE(promo.status == 202);
  // The admin requested it; approval by someone else.
  auto approver = admin.post_json("/api/v1/tokens", {{"name", "abe"}, {"role", "approver"}});
  HttpClient abe(server.port(), approver.json()["token"].get<std::string>());
  REQUIRE(abe.post("/api/v1/promotions/" + std::to_string(promo.json()["id"].get<int64_t>()) + "/approve").status == 200);

  const char* two_rows = R"({"rows":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2},
                                      {"sepal_length":6.7,"sepal_width":3.0,"petal_length":5.2,"petal_width":2.3}]})";
  for (int i = 0; i < 3; ++i) REQUIRE(admin.post("/api/v1/models/iris/predict", two_rows).status == 200);
  REQUIRE(admin.post("/api/v1/models/iris/predict", R"({"rows":[{"sepal_length":"x"}]})").status == 422);
  REQUIRE(admin.get("/api/v1/models/nope").status == 404);

  REQUIRE(HttpClient(server.port()).get("/metrics").status == 401);  // like the rest of the API
  auto m = admin.get("/metrics");
  REQUIRE(m.status == 200);
  CHECK(m.headers["content-type"].find("text/plain; version=0.0.4") == 0);
  const std::string& t = m.body;
  INFO(t);
  CHECK(sample(t, R"(mlgate_http_requests_total{route="/api/v1/models/{name}/predict",method="POST",status="200"})") == 3);
  CHECK(sample(t, R"(mlgate_http_requests_total{route="/api/v1/models/{name}/predict",method="POST",status="422"})") == 1);
  CHECK(sample(t, R"(mlgate_http_requests_total{route="/api/v1/models/{name}",method="GET",status="404"})") == 1);
  CHECK(sample(t, R"(mlgate_http_request_duration_seconds_count{route="/api/v1/models/{name}/predict",method="POST"})") == 4);
  CHECK(sample(t, R"(mlgate_predictions_total{model="iris",version="1"})") == 3);
  CHECK(sample(t, R"(mlgate_rows_scored_total{model="iris",version="1"})") == 6);
  CHECK(sample(t, R"(mlgate_inference_duration_seconds_count{model="iris",version="1"})") == 3);
  CHECK(sample(t, R"(mlgate_inference_duration_seconds_bucket{model="iris",version="1",le="+Inf"})") == 3);
  CHECK(sample(t, R"(mlgate_prediction_errors_total{model="iris",status="422"})") == 1);
  CHECK(sample(t, "mlgate_loaded_models") >= 1);
  CHECK(sample(t, "mlgate_uptime_seconds") > 0);
  CHECK(sample(t, R"(mlgate_build_info{version="0.1.0"})") == 1);
  // Raw paths never become labels: the unknown model's name is not in the output.
  CHECK(t.find("nope") == std::string::npos);
  // No secret leaks into the figures.
  CHECK(t.find(server.admin_token()) == std::string::npos);
}
