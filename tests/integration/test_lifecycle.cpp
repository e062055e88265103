// Lifecycle over HTTP: two versions, supersede, rollback, archive, delete, restart.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <atomic>
#include <thread>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/people.hpp"
#include "integration/server_process.hpp"
#include "integration/ship.hpp"

using namespace mlgate::testing;
using nlohmann::json;

namespace {
const std::string kIris = "s02_iris_logreg_tensor";
const std::string kIrisZipmap = "s01_iris_logreg_zipmap";

struct Staff {
  HttpClient admin, deployer, approver;
};

Staff staff(const ServerProcess& s) {
  return {HttpClient(s.port(), s.admin_token()), person(s, "dora", "deployer"), person(s, "abe", "approver")};
}

int64_t ship(const Staff& st, const std::string& model, const std::string& fixture_name) {
  return mlgate::testing::ship(st.deployer, st.approver, model, fixture_name);
}

const char* kSetosa = R"({"rows":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]})";
}  // namespace

TEST_CASE("promoting a second version archives the first, and rollback restores it", "[integration]") {
  ServerProcess server;
  Staff st = staff(server);
  REQUIRE(ship(st, "iris", kIrisZipmap) == 1);
  REQUIRE(ship(st, "iris", kIris) == 2);
  auto v1 = st.admin.get("/api/v1/models/iris/versions/1").json();
  REQUIRE(v1["stage"] == "archived");
  REQUIRE(st.admin.get("/api/v1/models/iris/versions/2").json()["stage"] == "production");
  REQUIRE(st.admin.post("/api/v1/models/iris/predict", kSetosa).json()["version"] == 2);

  SECTION("rollback needs the approver role") {
    REQUIRE(st.deployer.post("/api/v1/models/iris/rollback").status == 403);
  }
  SECTION("rollback restores version 1 and serves it at once") {
    auto rb = st.approver.post("/api/v1/models/iris/rollback", R"({"reason":"v2 misbehaves"})");
    REQUIRE(rb.status == 200);
    REQUIRE(rb.json()["version"] == 1);
    REQUIRE(rb.json()["stage"] == "production");
    REQUIRE(st.admin.get("/api/v1/models/iris/versions/2").json()["stage"] == "archived");
    auto pred = st.admin.post("/api/v1/models/iris/predict", kSetosa);
    REQUIRE(pred.json()["version"] == 1);
    REQUIRE(pred.json()["predictions"][0]["label"] == "0");
    auto listed = st.admin.get("/api/v1/models").json()["models"][0];
    REQUIRE(listed["production_version"] == 1);
    REQUIRE(listed["latest_version"] == 2);
  }
  SECTION("the production version cannot be deleted; an archived one can") {
    auto del = st.deployer.del("/api/v1/models/iris/versions/2");
    REQUIRE(del.status == 409);
    REQUIRE(st.deployer.del("/api/v1/models/iris/versions/1").status == 204);
    REQUIRE(st.admin.get("/api/v1/models/iris/versions/1").status == 404);
    REQUIRE(st.admin.get("/api/v1/models/iris/versions/2").json()["stage"] == "production");
  }
}

TEST_CASE("the same bytes uploaded twice give the same version", "[integration]") {
  ServerProcess server;
  Staff st = staff(server);
  auto f = fixture(kIris);
  auto bytes = read_file(f.dir + "/model.onnx");
  auto a = st.deployer.post("/api/v1/models/iris/versions" + f.features_query(), bytes, "application/octet-stream");
  auto b = st.deployer.post("/api/v1/models/iris/versions" + f.features_query(), bytes, "application/octet-stream");
  REQUIRE(a.status == 201);
  REQUIRE(b.status == 200);
  REQUIRE(b.json()["version"] == 1);
  REQUIRE(st.admin.get("/api/v1/models/iris").json()["versions"].size() == 1);
}

TEST_CASE("a restart keeps every acknowledged write and serves production again", "[integration]") {
  auto dir = make_temp_dir("mlgate-restart");
  std::string admin_token;
  {
    ServerProcess server({}, {}, dir / "data");
    Staff st = staff(server);
    ship(st, "iris", kIris);
    admin_token = server.admin_token();
    server.kill_hard();  // no clean shutdown
  }
  struct stat sb {};
  REQUIRE(stat((dir / "data" / "admin.token").c_str(), &sb) == 0);
  REQUIRE((sb.st_mode & 0777) == 0600);
  ServerProcess again({}, {{"MLGATE_ADMIN_TOKEN", "ignored-after-first-start-xxxx"}}, dir / "data");
  // The first token is still the admin token and is not printed again.
  REQUIRE(again.banner().find(admin_token) == std::string::npos);
  HttpClient admin(again.port(), admin_token);
  REQUIRE(admin.get("/api/v1/me").json()["role"] == "admin");
  REQUIRE(HttpClient(again.port(), "ignored-after-first-start-xxxx").get("/api/v1/me").status == 401);
  auto ready = admin.get("/readyz");
  REQUIRE(ready.status == 200);
  REQUIRE(ready.json()["models"]["iris"]["version"] == 1);
  auto pred = admin.post("/api/v1/models/iris/predict", kSetosa);
  REQUIRE(pred.status == 200);
  REQUIRE(pred.json()["predictions"][0]["label"] == "0");
  auto actions = admin.get("/api/v1/audit?model=iris").json()["events"];
  REQUIRE(actions.size() >= 4);
  std::filesystem::remove_all(dir);
}

TEST_CASE("promotion swaps the production model without failing a request", "[integration]") {
  ServerProcess server;
  Staff st = staff(server);
  ship(st, "iris", kIrisZipmap);
  auto f = fixture(kIris);
  auto up = st.deployer.post("/api/v1/models/iris/versions" + f.features_query(), read_file(f.dir + "/model.onnx"), "application/octet-stream");
  REQUIRE(st.deployer.post("/api/v1/models/iris/versions/2/tests?label=target", read_file(f.dir + "/data.csv"), "text/csv").status == 201);
  auto promo = st.deployer.post("/api/v1/models/iris/versions/2/promotion");

  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, served_v2{0}, total{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&] {
      HttpClient c(server.port(), server.admin_token());
      while (!stop) {
        auto r = c.post("/api/v1/models/iris/predict", kSetosa);
        ++total;
        if (r.status != 200) ++failures;
        else if (r.json()["version"] == 2) ++served_v2;
      }
    });
  while (total < 50) std::this_thread::yield();
  REQUIRE(st.approver.post("/api/v1/promotions/" + std::to_string(promo.json()["id"].get<int64_t>()) + "/approve").status == 200);
  int after = total + 50;
  while (total < after) std::this_thread::yield();
  stop = true;
  for (auto& c : clients) c.join();
  REQUIRE(failures == 0);
  REQUIRE(served_v2 > 0);
}
