// A production artifact changed on disk while the server was down is caught at start-up:
// the model is not served, /readyz says so, and the audit log records it.
#include <fstream>

#include <catch2/catch.hpp>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/people.hpp"
#include "integration/server_process.hpp"
#include "integration/ship.hpp"

using namespace mlgate::testing;
using nlohmann::json;

TEST_CASE("a production artifact corrupted on disk is refused at start-up and reported by readyz and the audit log", "[integration]") {
  auto dir = make_temp_dir("mlgate-corrupt");
  std::string admin_token;
  {
    ServerProcess server({}, {}, dir / "data");
    ship(person(server, "dee", "deployer"), person(server, "amy", "approver"), "iris", "s02_iris_logreg_tensor");
    REQUIRE(HttpClient(server.port()).get("/readyz").status == 200);
    admin_token = server.admin_token();
    server.stop();
  }
  // One flipped byte in every stored blob (the original and its browser variant).
  size_t flipped = 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir / "data" / "artifacts" / "sha256")) {
    if (!f.is_regular_file()) continue;
    std::fstream io(f.path(), std::ios::in | std::ios::out | std::ios::binary);
    io.seekg(10);
    char c = 0;
    io.get(c);
    io.seekp(10);
    io.put(char(c ^ 0x01));
    ++flipped;
  }
  REQUIRE(flipped >= 1);

  ServerProcess again({}, {}, dir / "data");
  HttpClient admin(again.port(), admin_token);
  auto ready = HttpClient(again.port()).get("/readyz");
  CAPTURE(ready.body);
  REQUIRE(ready.status == 503);
  REQUIRE(ready.json()["status"] == "degraded");
  REQUIRE(ready.json()["models"]["iris"]["status"] == "failed");
  REQUIRE_THAT(ready.json()["models"]["iris"]["error"].get<std::string>(), Catch::Contains("SHA-256"));

  auto pred = admin.post("/api/v1/models/iris/predict", R"({"rows":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]})");
  CAPTURE(pred.body);
  REQUIRE(pred.status == 503);
  REQUIRE(pred.error_code() == "model_unavailable");
  auto artifact = admin.get("/api/v1/models/iris/versions/1/artifact");
  REQUIRE(artifact.status == 500);
  REQUIRE(artifact.error_code() == "artifact_corrupt");

  auto events = admin.get("/api/v1/audit?model=iris").json()["events"];
  size_t corrupt = 0;
  for (const auto& e : events)
    if (e["action"] == "artifact.corrupt") {
      ++corrupt;
      REQUIRE(e["version"] == 1);
      REQUIRE(e["actor"] == "mlgate");
    }
  REQUIRE(corrupt == 1);
  again.stop();
  std::filesystem::remove_all(dir);
}
