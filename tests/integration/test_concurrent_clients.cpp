// Many people on one server at once, on every kind of route: reads of the registry, REST and
// OIP v2 predictions, test records written to SQLite, chat turns, the metrics. Each answer
// must be the one it would be alone, and the counts afterwards must add up. Under the tsan
// preset this is the test that makes the server's threads meet (the others mostly take turns),
// so a data race in the handlers, the registry, the model cache or the metrics is reported.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/metrics_text.hpp"
#include "integration/people.hpp"
#include "integration/server_process.hpp"
#include "integration/ship.hpp"

using namespace mlgate::testing;
using nlohmann::json;

namespace {

constexpr int kClients = 6;
constexpr int kRounds = 12;

const char* kRows = R"({"rows":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2},
                                {"sepal_length":6.7,"sepal_width":3.0,"petal_length":5.2,"petal_width":2.3}]})";
const char* kV2 = R"({"inputs":[{"name":"float_input","datatype":"FP32","shape":[1,4],"data":[5.9,3.0,5.1,1.8]}]})";

// What a prediction answer says apart from its per-request ids.
json labels_and_confidences(const json& body) {
  json out = json::array();
  for (const auto& p : body["predictions"]) out.push_back({p["label"], p["confidence"]});
  return out;
}

}  // namespace

TEST_CASE("six clients at once on every kind of route get the answers they would get alone, and the counts add up",
          "[integration][concurrency]") {
  ServerProcess server;
  HttpClient admin(server.port(), server.admin_token());
  HttpClient dora = person(server, "dora", "deployer");
  HttpClient abe = person(server, "abe", "approver");
  HttpClient vera = person(server, "vera", "viewer");
  auto iris = fixture("s02_iris_logreg_tensor");
  REQUIRE(ship(dora, abe, "iris", "s02_iris_logreg_tensor") == 1);
  const std::string csv = read_file(iris.dir + "/data.csv");

  // The answers alone, before anyone else is on the server.
  auto alone = vera.post("/api/v1/models/iris/predict", kRows);
  REQUIRE(alone.status == 200);
  const json expected = labels_and_confidences(alone.json());
  auto alone_v2 = vera.post("/v2/models/iris/infer", kV2);
  REQUIRE(alone_v2.status == 200);
  const json expected_v2 = alone_v2.json()["outputs"];
  const std::size_t tests_before = dora.get("/api/v1/models/iris/versions/1/tests").json()["tests"].size();

  std::mutex failures_lock;
  std::vector<std::string> failures;
  auto expect = [&](bool ok, const std::string& what, const HttpResult& r) {
    if (ok) return;
    std::lock_guard<std::mutex> l(failures_lock);
    failures.push_back(what + ": " + std::to_string(r.status) + " " + r.body.substr(0, 300));
  };
  std::atomic<int> tests_written{0};

  auto one_client = [&](int c) {
    HttpClient viewer(server.port(), vera.token());
    HttpClient deployer(server.port(), dora.token());
    for (int round = 0; round < kRounds; ++round) {
      auto p = viewer.post("/api/v1/models/iris/predict", kRows);
      expect(p.status == 200 && labels_and_confidences(p.json()) == expected, "predict", p);
      auto v2 = viewer.post("/v2/models/iris/infer", kV2);
      expect(v2.status == 200 && v2.json()["outputs"] == expected_v2, "v2 infer", v2);
      for (const char* read : {"/api/v1/models", "/api/v1/models/iris", "/api/v1/models/iris/versions/1",
                               "/api/v1/audit?limit=20", "/api/v1/models/iris/monitoring", "/v2/models/iris/ready"}) {
        auto r = viewer.get(read);
        expect(r.status == 200 && r.json().is_object(), read, r);
      }
      switch ((c + round) % 3) {
        case 0: {  // a test record: a write to the registry beside everyone's reads
          auto t = deployer.post("/api/v1/models/iris/versions/1/tests?label=" + iris.label, csv, "text/csv");
          expect(t.status == 201, "test record", t);
          if (t.status == 201) ++tests_written;
          break;
        }
        case 1: {  // a chat turn on the offline planner, which reads the registry through its tools
          auto t = viewer.post_json("/api/v1/chat", {{"message", "list the models"}});
          expect(t.status == 200 && t.json().contains("reply"), "chat", t);
          break;
        }
        default: {
          auto m = admin.get("/metrics");
          expect(m.status == 200, "metrics", m);
        }
      }
    }
  };
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      try {
        one_client(c);
      } catch (const std::exception& e) {  // the server went away (a sanitizer ending it, say)
        std::lock_guard<std::mutex> l(failures_lock);
        failures.push_back("client " + std::to_string(c) + ": " + e.what());
      }
    });
  }
  for (auto& t : clients) t.join();
  if (!failures.empty()) {
    server.stop();  // a race report in the server's log fails the test here, with the report
    FAIL(failures.size() << " failures, the first: " << failures.front());
  }

  // Every request counted once: the counters and the registry add up to what was sent.
  const std::string m = admin.get("/metrics").body;
  CHECK(sample(m, R"(mlgate_http_requests_total{route="/api/v1/models/{name}/predict",method="POST",status="200"})") ==
        1 + kClients * kRounds);
  CHECK(sample(m, R"(mlgate_predictions_total{model="iris",version="1"})") == 2 * (1 + kClients * kRounds));
  CHECK(sample(m, R"(mlgate_rows_scored_total{model="iris",version="1"})") == 2 * (1 + kClients * kRounds) + 1 + kClients * kRounds);
  CHECK(sample(m, R"(mlgate_http_requests_total{route="/api/v1/models",method="GET",status="200"})") == kClients * kRounds);
  auto tests = dora.get("/api/v1/models/iris/versions/1/tests");
  REQUIRE(tests.status == 200);
  CHECK(tests.json()["tests"].size() == tests_before + static_cast<std::size_t>(tests_written.load()));
  CHECK(tests_written.load() == kClients * kRounds / 3);
  server.stop();  // and a race report in the server's log fails the test here
}
