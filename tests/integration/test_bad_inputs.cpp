// Bad input gets a clear 4xx naming what and where, and changes nothing.
#include <catch2/catch.hpp>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/server_process.hpp"
#include "integration/snapshot.hpp"

using namespace mlgate::testing;
using nlohmann::json;

namespace {
std::string v2_body(const std::string& name, const std::string& datatype, const std::string& shape, const std::string& data) {
  return R"({"inputs":[{"name":")" + name + R"(","datatype":")" + datatype + R"(","shape":)" + shape + R"(,"data":)" + data + "}]}";
}

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
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
  json before = snapshot(server, admin);
  REQUIRE(before["blobs"] == 1);
  REQUIRE(before["temp_files"] == 0);

  const std::string header = "sepal_length,sepal_width,petal_length,petal_width,target\n";
  const std::string tests = "/api/v1/models/iris/versions/1/tests?label=target";
  const std::string infer = "/v2/models/iris/versions/1/infer";
  std::string many_columns;  // 10,001 with the label: one past the CSV reader's column limit
  for (int i = 0; i < 10000; ++i) many_columns += "c" + std::to_string(i) + ",";
  struct Case {
    std::string what, method, target, body, content_type;
    int status;
    std::string code;
    std::string message = {};  // a part of the message that says what and where
    std::map<std::string, std::string> headers = {};
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
      // Numbers nlohmann cannot hold, on a DOM-parsed body (it throws out_of_range, not parse_error).
      {"a number past a double", "POST", "/api/v1/tokens", R"({"name":"x","role":1e400})", "application/json", 400, "invalid_json", "number overflow parsing '1e400'"},
      {"a v2 number past a double", "POST", infer, v2_body("float_input", "FP32", "[1,1]", "[1e400]"), "application/json", 400, "invalid_json", "1e400"},
      {"a v2 INT64 at 2^63", "POST", infer, v2_body("float_input", "INT64", "[1,2]", "[1,9223372036854775808]"), "application/json", 422,
       "invalid_tensor", "inputs[0].data[1]: 9223372036854775808 is out of range for INT64"},
      {"a v2 INT64 nested past 2^63", "POST", infer, v2_body("float_input", "INT64", "[1,2]", "[[1],[18446744073709551615]]"), "application/json",
       422, "invalid_tensor", "inputs[0].data[1][0]"},
      {"v2 strings for FP32", "POST", infer, v2_body("float_input", "FP32", "[1,1]", R"(["a"])"), "application/json", 422, "invalid_tensor",
       "inputs[0].data[0]: FP32 data must be numbers"},
      {"v2 unknown input", "POST", infer, v2_body("x", "FP32", "[1,4]", "[1,2,3,4]"), "application/json", 422, "unknown_input", "inputs[0].name: 'x'"},
      {"v2 shape and data disagree", "POST", infer, v2_body("float_input", "FP32", "[2,4]", "[1,2,3,4]"), "application/json", 422,
       "invalid_tensor", "inputs[0].data: 4 values for shape of 8 elements"},
      {"v2 without shape", "POST", infer, R"({"inputs":[{"name":"float_input","datatype":"FP32","data":[1,2,3,4]}]})", "application/json", 422,
       "invalid_tensor", "inputs[0].shape"},
      // Two readers of a body with a repeated key could disagree on its value: refused everywhere.
      {"duplicate key", "POST", "/api/v1/tokens", R"({"name":"x","role":"viewer","name":"y"})", "application/json", 400, "invalid_json",
       "key \"name\" is given twice in the top-level object"},
      {"nested duplicate key", "POST", infer,
       R"({"inputs":[{"name":"float_input","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]},{"name":"a","name":"b"}]})", "application/json",
       400, "invalid_json", "in the object at inputs[1]"},
      {"deep objects", "POST", "/api/v1/models/iris/versions/1/promotion", repeat("{\"a\":", 10000), "application/json", 400, "json_too_deep",
       "deeper than 64"},
      {"gzip body", "POST", "/api/v1/models/iris/versions", model, "application/octet-stream", 415, "unsupported_media_type",
       "Content-Encoding 'gzip'", {{"Content-Encoding", "gzip"}}},
      {"deflate JSON", "POST", "/api/v1/tokens", R"({"name":"x","role":"viewer"})", "application/json", 415, "unsupported_media_type",
       "Content-Encoding 'deflate'", {{"Content-Encoding", "deflate"}}},
      // Names are never paths (artifacts are stored by their SHA-256), so only the syntax rule applies.
      {"encoded dot-dot name", "GET", "/api/v1/models/%2e%2e", "", "", 400, "invalid_name"},
      {"variant with a NUL", "GET", "/api/v1/models/iris/versions/1/artifact?variant=web%00", "", "", 400, "invalid_variant"},
      {"description over 4096 bytes", "POST", "/api/v1/models/iris/versions" + iris.features_query() + "&description=" + std::string(4097, 'd'),
       model, "application/octet-stream", 422, "invalid_description", "4096"},
      {"CSV ragged row", "POST", tests, header + "5.1,3.5,1.4,0.2,0\n5.1,3.5,1.4,0\n", "text/csv", 400, "csv_ragged", "line 3 has 4 fields, header has 5"},
      {"CSV duplicate header", "POST", tests, "sepal_length,sepal_length,target\n1,2,0\n", "text/csv", 400, "csv_header",
       "duplicate header name \"sepal_length\" in columns 1 and 2"},
      {"CSV header only", "POST", tests, header, "text/csv", 400, "csv_empty", "no data rows"},
      {"CSV Latin-1 byte", "POST", tests, header + "5.1,3.5,1.4,0.2,caf\xE9\n", "text/csv", 400, "csv_encoding", "line 2"},
      {"CSV NUL byte", "POST", tests, header + "5.1,3.5,1.4,0.2,0\n5.1,3.5" + std::string(1, '\0') + ",1.4,0.2,0\n", "text/csv", 400,
       "csv_encoding", "NUL byte at line 3"},
      {"CSV number past a double", "POST", tests, header + "5.1,1e309,1.4,0.2,0\n", "text/csv", 422, "invalid_feature",
       "line 2, column 2 ('sepal_width')"},
      {"CSV with too many columns", "POST", tests, many_columns + "target\n", "text/csv", 413, "csv_limit", "max_columns"},
      // A bearer token is the only scheme; a malformed one is refused like a missing one.
      {"Basic scheme", "GET", "/api/v1/models", "", "", 401, "unauthorized", "", {{"Authorization", "Basic " + server.admin_token()}}},
      {"empty bearer", "GET", "/api/v1/models", "", "", 401, "unauthorized", "", {{"Authorization", "Bearer "}}},
      {"bearer of 513 bytes", "GET", "/api/v1/models", "", "", 401, "unauthorized", "invalid token",
       {{"Authorization", "Bearer " + std::string(513, 'a')}}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    auto r = admin.request(c.method, c.target, c.body, c.content_type, c.headers);
    CAPTURE(r.body);
    REQUIRE(r.status == c.status);
    REQUIRE(r.error_code() == c.code);
    REQUIRE_FALSE(r.json()["error"]["message"].get<std::string>().empty());
    REQUIRE_THAT(r.json()["error"]["message"].get<std::string>(), Catch::Contains(c.message));
    REQUIRE_FALSE(r.headers.count("set-cookie"));
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
    before = snapshot(server, admin);  // the revocation is a change of its own; what follows must not be
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
  SECTION("a description with control characters is stored as data and read back byte for byte") {
    auto up = admin.post("/api/v1/models/described/versions" + iris.features_query() + "&description=a%01%1B%5B31m%0Ab", model,
                         "application/octet-stream");
    CAPTURE(up.body);
    REQUIRE(up.status == 201);
    auto v = admin.get("/api/v1/models/described/versions/1");
    REQUIRE(v.json()["description"] == std::string("a\x01\x1b[31m\nb"));
    REQUIRE(v.body.find('\x1b') == std::string::npos);  // escaped in the JSON text
    before = snapshot(server, admin);  // that upload was meant to change things
  }
  SECTION("headers over the limit get 431") {
    std::string raw = "GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
    REQUIRE(status_of(admin.raw(raw)) == 431);
  }
  SECTION("request smuggling shapes are refused") {
    std::string raw = "POST /api/v1/models/iris/versions/1/promotion HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    REQUIRE(status_of(admin.raw(raw)) == 400);
  }
  REQUIRE(snapshot(server, admin) == before);
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
      {R"({"rows":[{"sepal_length":1e400,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]})", 400, "invalid_json", "1e400"},
      {R"({"rows":[{"sepal_length":NaN,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]})", 400, "invalid_json", "byte"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    auto r = admin.post("/api/v1/models/iris/predict", c.body);
    CAPTURE(r.body);
    REQUIRE(r.status == c.status);
    REQUIRE(r.error_code() == c.code);
    REQUIRE_THAT(r.json()["error"]["message"].get<std::string>(), Catch::Contains(c.message));
  }
  // -0 is a number like any other.
  REQUIRE(admin.post("/api/v1/models/iris/predict", R"({"rows":[{"sepal_length":-0,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]})").status == 200);
  // null is a missing value (NaN), not an error.
  auto ok = admin.post("/api/v1/models/iris/predict", R"({"rows":[{"sepal_length":null,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]})");
  REQUIRE(ok.status == 200);
}
