// Bad input gets a clear 4xx naming what and where, and changes nothing.
#include <catch2/catch.hpp>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;
using nlohmann::json;

namespace {
// Everything a rejected request could have changed.
json snapshot(const HttpClient& admin) {
  return {{"models", admin.get("/api/v1/models").json()},
          {"iris", admin.get("/api/v1/models/iris").json()},
          {"audit", admin.get("/api/v1/audit?limit=1000").json()},
          {"promotions", admin.get("/api/v1/promotions").json()}};
}

int status_of(const std::string& raw) {
  if (raw.size() < 12) return 0;
  return std::stoi(raw.substr(9, 3));
}
}  // namespace

TEST_CASE("bad requests are refused with the documented error and change nothing", "[integration]") {
  ServerProcess server({"--max-model-bytes", "1000000"});
  HttpClient admin(server.port(), server.admin_token());
  auto tok = admin.post_json("/api/v1/tokens", {{"name", "val"}, {"role", "viewer"}});
  HttpClient viewer(server.port(), tok.json()["token"].get<std::string>());
  auto iris = fixture("s02_iris_logreg_tensor");
  std::string model = read_file(iris.dir + "/model.onnx");
  REQUIRE(admin.post("/api/v1/models/iris/versions" + iris.features_query(), model, "application/octet-stream").status == 201);
  json before = snapshot(admin);

  struct Case {
    std::string what, method, target, body, content_type;
    int status;
    std::string code;
  };
  std::vector<Case> cases = {
      {"truncated ONNX", "POST", "/api/v1/models/iris/versions", model.substr(0, model.size() / 2), "application/octet-stream", 422, "invalid_onnx"},
      {"non-ONNX bytes", "POST", "/api/v1/models/iris/versions", std::string("\x89PNG\r\n\x1a\n garbage", 17), "application/octet-stream", 422, "invalid_onnx"},
      {"empty upload", "POST", "/api/v1/models/iris/versions", "", "application/octet-stream", 422, "invalid_onnx"},
      {"malformed JSON", "POST", "/api/v1/models/iris/versions/1/promotion", "{\"reason\": ", "application/json", 400, "invalid_json"},
      {"deep JSON", "POST", "/api/v1/models/iris/versions/1/promotion", std::string(10000, '['), "application/json", 400, "json_too_deep"},
      {"CSV with wrong columns", "POST", "/api/v1/models/iris/versions/1/tests?label=target", "a,b,target\n1,2,0\n", "text/csv", 422, "missing_column"},
      {"CSV without the label", "POST", "/api/v1/models/iris/versions/1/tests?label=nope", read_file(iris.dir + "/data.csv"), "text/csv", 422, "missing_label"},
      {"CSV syntax", "POST", "/api/v1/models/iris/versions/1/tests?label=target", "sepal_length,target\n\"1,0\n", "text/csv", 400, "csv_syntax"},
      {"CSV with a text cell", "POST", "/api/v1/models/iris/versions/1/tests?label=target",
       "sepal_length,sepal_width,petal_length,petal_width,target\n5.1,abc,1.4,0.2,0\n", "text/csv", 422, "invalid_feature"},
      {"unknown model", "GET", "/api/v1/models/nosuch", "", "", 404, "model_not_found"},
      {"unknown version", "GET", "/api/v1/models/iris/versions/7", "", "", 404, "version_not_found"},
      {"bad version", "GET", "/api/v1/models/iris/versions/1e3", "", "", 400, "invalid_version"},
      {"huge version", "GET", "/api/v1/models/iris/versions/99999999999999999999", "", "", 400, "invalid_version"},
      {"traversal name", "GET", "/api/v1/models/..%2f..%2fetc", "", "", 400, "invalid_name"},
      {"dot name", "POST", "/api/v1/models/../versions", model, "application/octet-stream", 400, "invalid_name"},
      {"bad variant", "GET", "/api/v1/models/iris/versions/1/artifact?variant=..%2F..%2Fetc%2Fpasswd", "", "", 400, "invalid_variant"},
      {"predict without production", "POST", "/api/v1/models/iris/predict", R"({"rows":[{}]})", "application/json", 404, "no_production_version"},
      {"unknown promotion", "POST", "/api/v1/promotions/42/approve", "", "", 404, "promotion_not_found"},
      {"promotion without a test", "POST", "/api/v1/models/iris/versions/1/promotion", "", "", 409, "no_passing_test"},
      {"bad role", "POST", "/api/v1/tokens", R"({"name":"x","role":"root"})", "application/json", 422, "invalid_role"},
      {"unknown route", "GET", "/api/v1/nothing", "", "", 404, "not_found"},
      {"wrong method", "PUT", "/api/v1/models", "", "", 405, "method_not_allowed"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    auto r = admin.request(c.method, c.target, c.body, c.content_type);
    CAPTURE(r.body);
    REQUIRE(r.status == c.status);
    REQUIRE(r.error_code() == c.code);
    REQUIRE_FALSE(r.json()["error"]["message"].get<std::string>().empty());
  }

  SECTION("a syntax error names its line and column") {
    auto r = admin.post("/api/v1/models/iris/versions/1/tests?label=target", "sepal_length,target\n1,0\n\"2,1\n", "text/csv");
    REQUIRE_THAT(r.json()["error"]["message"].get<std::string>(), Catch::StartsWith("line 3, column 1"));
  }
  SECTION("roles: none, wrong and revoked tokens") {
    HttpClient anonymous(server.port());
    REQUIRE(anonymous.get("/api/v1/models").status == 401);
    REQUIRE(HttpClient(server.port(), "not-a-token").get("/api/v1/models").status == 401);
    auto up = viewer.post("/api/v1/models/iris/versions", model, "application/octet-stream");
    REQUIRE(up.status == 403);
    REQUIRE_THAT(up.json()["error"]["message"].get<std::string>(), Catch::Contains("deployer"));
    REQUIRE(viewer.post_json("/api/v1/tokens", {{"name", "y"}, {"role", "admin"}}).status == 403);
    REQUIRE(admin.del("/api/v1/tokens/val").status == 204);
    before = snapshot(admin);  // the revocation is a change of its own; what follows must not be
    REQUIRE(viewer.get("/api/v1/models").status == 401);
  }
  SECTION("a body over the limit is refused from its header, before it is read") {
    std::string raw = "POST /api/v1/models/iris/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.admin_token() +
                      "\r\nContent-Type: application/octet-stream\r\nContent-Length: 600000000\r\n\r\n";
    auto reply = admin.raw(raw);
    REQUIRE(status_of(reply) == 413);
  }
  SECTION("an oversized upload sent in full is refused too") {
    auto r = admin.post("/api/v1/models/iris/versions", std::string(1200000, 'x'), "application/octet-stream");
    REQUIRE(r.status == 413);
    REQUIRE(r.error_code() == "payload_too_large");
  }
  SECTION("headers over the limit get 431") {
    std::string raw = "GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
    REQUIRE(status_of(admin.raw(raw)) == 431);
  }
  SECTION("request smuggling shapes are refused") {
    std::string raw = "POST /api/v1/models/iris/versions/1/promotion HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    REQUIRE(status_of(admin.raw(raw)) == 400);
  }
  REQUIRE(snapshot(admin) == before);
  // Probes need no token; the server is still up after all of the above.
  REQUIRE(HttpClient(server.port()).get("/livez").status == 200);
}

TEST_CASE("predict names missing, unknown and ill-typed features", "[integration]") {
  ServerProcess server({"--allow-self-approval", "true"});
  HttpClient admin(server.port(), server.admin_token());
  auto iris = fixture("s02_iris_logreg_tensor");
  REQUIRE(admin.post("/api/v1/models/iris/versions" + iris.features_query(), read_file(iris.dir + "/model.onnx"), "application/octet-stream").status == 201);
  REQUIRE(admin.post("/api/v1/models/iris/versions/1/tests?label=target", read_file(iris.dir + "/data.csv"), "text/csv").status == 201);
  auto promo = admin.post("/api/v1/models/iris/versions/1/promotion");
  // Self-approval is allowed by configuration here.
  REQUIRE(admin.post("/api/v1/promotions/" + std::to_string(promo.json()["id"].get<int64_t>()) + "/approve").status == 200);

  struct Case {
    std::string body;
    int status;
    std::string code, message;
  };
  std::vector<Case> cases = {
      {R"({"rows":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4}]})", 422, "missing_feature", "'petal_width'"},
      {R"({"rows":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2,"colour":1}]})", 422, "unknown_feature", "rows[0].colour"},
      {R"({"rows":[{"sepal_length":"big","sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]})", 422, "invalid_feature", "rows[0].sepal_length"},
      {R"({"columns":{"sepal_length":[1,2],"sepal_width":[1],"petal_length":[1,2],"petal_width":[1,2]}})", 422, "ragged_columns", "columns.sepal_width"},
      {R"({"rows":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}],"columns":{}})", 422, "invalid_body", "exactly one"},
      {R"({"rows":[]})", 422, "invalid_body", "at least one row"},
      {R"({"rows":[{"sepal_length":5.1,"sepal_length":5.2,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]})", 422, "invalid_body", "rows[0].sepal_length: given twice"},
      {R"({"rows":[{"sepal_length":[5.1],"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]})", 422, "invalid_feature", "rows[0].sepal_length: expected a number"},
      {R"({"columns":{"sepal_length":[1,true],"sepal_width":[1,2],"petal_length":[1,2],"petal_width":[1,2]}})", 422, "invalid_feature", "columns.sepal_length[1]"},
      {R"({"columns":{"sepal_length":[1],"sepal_width":[1]}})", 422, "missing_feature", "'petal_length', 'petal_width'"},
      {"{\"meta\":" + std::string(100, '[') + std::string(100, ']') + "}", 400, "json_too_deep", "deeper than 64"},
      {R"([1,2,3])", 422, "invalid_body", "JSON object"},
      {R"({"rows":[{"sepal_length":5.1,)", 400, "invalid_json", "byte"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    auto r = admin.post("/api/v1/models/iris/predict", c.body);
    CAPTURE(r.body);
    REQUIRE(r.status == c.status);
    REQUIRE(r.error_code() == c.code);
    REQUIRE_THAT(r.json()["error"]["message"].get<std::string>(), Catch::Contains(c.message));
  }
  // null is a missing value (NaN), not an error.
  auto ok = admin.post("/api/v1/models/iris/predict", R"({"rows":[{"sepal_length":null,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]})");
  REQUIRE(ok.status == 200);
}
