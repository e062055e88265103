// The test-CSV route with real files: what it reads (columns by name, missing values) and
// the limits it enforces, with the defaults and a small --max-csv-bytes.
#include <catch2/catch.hpp>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/raw_connection.hpp"
#include "integration/server_process.hpp"
#include "integration/snapshot.hpp"

using namespace mlgate::testing;
using nlohmann::json;

namespace {
// Each line of a CSV with `suffix(line number)` appended.
template <class F>
std::string with_column(const std::string& csv, F suffix) {
  std::string out;
  size_t start = 0, line = 1;
  while (start < csv.size()) {
    size_t end = csv.find('\n', start);
    if (end == std::string::npos) end = csv.size();
    out += csv.substr(start, end - start) + suffix(line++) + "\n";
    start = end + 1;
  }
  return out;
}

// The CSV with the cell at (line, column) - both 1-based, line 1 the header - replaced.
std::string with_cell(const std::string& csv, size_t line, size_t column, const std::string& value) {
  size_t start = 0;
  for (size_t l = 1; l < line; ++l) start = csv.find('\n', start) + 1;
  for (size_t c = 1; c < column; ++c) start = csv.find(',', start) + 1;
  size_t end = csv.find_first_of(",\n", start);
  return csv.substr(0, start) + value + csv.substr(end);
}
}  // namespace

TEST_CASE("a test CSV is read by column name: extra columns are ignored and NaN or empty cells are missing values", "[integration]") {
  ServerProcess server;
  HttpClient admin(server.port(), server.admin_token());
  auto iris = fixture("s02_iris_logreg_tensor");
  REQUIRE(admin.post("/api/v1/models/iris/versions" + iris.features_query(), read_file(iris.dir + "/model.onnx"), "application/octet-stream").status == 201);
  const std::string tests = "/api/v1/models/iris/versions/1/tests?label=target";
  const std::string data = read_file(iris.dir + "/data.csv");

  auto plain = admin.post(tests, data, "text/csv");
  REQUIRE(plain.status == 201);
  auto extra = admin.post(tests, with_column(data, [](size_t line) { return line == 1 ? std::string(",note") : ",row " + std::to_string(line); }),
                          "text/csv");
  CAPTURE(extra.body);
  REQUIRE(extra.status == 201);
  REQUIRE(extra.json()["metrics"] == plain.json()["metrics"]);

  auto missing = admin.post(tests, with_cell(with_cell(data, 2, 2, "NaN"), 3, 3, ""), "text/csv");
  CAPTURE(missing.body);
  REQUIRE(missing.status == 201);
}

TEST_CASE("test CSVs over the route's limits are refused with 413 and change nothing", "[integration]") {
  ServerProcess server({"--max-csv-bytes", "20000000"});
  HttpClient admin(server.port(), server.admin_token());
  auto iris = fixture("s02_iris_logreg_tensor");
  REQUIRE(admin.post("/api/v1/models/iris/versions" + iris.features_query(), read_file(iris.dir + "/model.onnx"), "application/octet-stream").status == 201);
  const std::string tests = "/api/v1/models/iris/versions/1/tests?label=target";
  json before = snapshot(server, admin);

  SECTION("a body over --max-csv-bytes is refused from its header") {
    RawConnection c(server.port());
    c.send("POST " + tests + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.admin_token() +
           "\r\nContent-Type: text/csv\r\nContent-Length: 20000001\r\n\r\n");
    auto r = c.read_response();
    REQUIRE(r.status == 413);
    REQUIRE_THAT(r.body, Catch::Contains("payload_too_large") && Catch::Contains("20000000"));
  }
  SECTION("a field over 16 MiB is 413 csv_limit naming the limit and where") {
    std::string csv = "sepal_length,sepal_width,petal_length,petal_width,target\n5.1,\"" + std::string((16u << 20) + 10, 'x') + "\",1.4,0.2,0\n";
    auto r = admin.post(tests, csv, "text/csv");
    REQUIRE(r.status == 413);
    REQUIRE(r.error_code() == "csv_limit");
    REQUIRE_THAT(r.json()["error"]["message"].get<std::string>(), Catch::Contains("max_field_bytes exceeded: line 2, column 2"));
  }
  REQUIRE(snapshot(server, admin) == before);
}
