// Training and retraining on the real binary: a CSV becomes a tested staging version with
// its lineage and a promotion request; a retrain of the production version compares itself
// with production on the same holdout rows; a team's own trainer command does the same; a
// job interrupted by a kill is failed, not lost, and its trainer and copy of the data do
// not outlive the restart; and bad requests change nothing.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/people.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;
using nlohmann::json;

namespace {
// Waits for the job to end (never a timing assertion: the deadline only stops a hung test).
json finished(const HttpClient& who, int64_t id) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  json j;
  while (std::chrono::steady_clock::now() < deadline) {
    j = who.get("/api/v1/jobs/" + std::to_string(id)).json();
    if (j["status"] == "succeeded" || j["status"] == "failed") return j;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL("job " << id << " did not finish: " << j.dump());
  return j;
}

const std::string kBreastCancer = "s03_breast_cancer_logreg_binary_zipmap";

// Model "cancer" v1 (the fixture) tested and in production, as a retrain needs; returns its
// deployer, dora.
// Whether a process runs (a zombie no longer does: it waits for its new parent to reap it).
bool alive(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string skip, state;
  return stat >> skip >> skip >> state && state != "Z";
}

HttpClient cancer_in_production(const ServerProcess& server) {
  HttpClient dora = person(server, "dora", "deployer");
  HttpClient abe = person(server, "abe", "approver");
  auto f = fixture(kBreastCancer);
  REQUIRE(dora.post("/api/v1/models/cancer/versions" + f.features_query(), read_file(f.dir + "/model.onnx"), "application/octet-stream")
              .status == 201);
  REQUIRE(dora.post("/api/v1/models/cancer/versions/1/tests?label=" + f.label, read_file(f.dir + "/data.csv"), "text/csv").status == 201);
  auto p = dora.post("/api/v1/models/cancer/versions/1/promotion");
  REQUIRE(p.status == 202);
  REQUIRE(abe.post("/api/v1/promotions/" + std::to_string(p.json()["id"].get<int64_t>()) + "/approve").status == 200);
  return dora;
}

// Cancer's policy set to a trainer command that writes its shell's pid to `pid_file`, then
// sleeps 120 s (its timeout `timeout_s`), and a retrain queued: the job's id.
int64_t retrain_with_sleeper(const HttpClient& admin, const HttpClient& dora, const std::filesystem::path& pid_file,
                             int timeout_s) {
  const std::string command = "echo $$ > '" + pid_file.string() + "'; sleep 120; cp {data} {output}";
  json policy = {{"trainer", "external"}, {"schedule", "off"}, {"external", {{"command", command}, {"timeout_s", timeout_s}}}};
  REQUIRE(admin.request("PUT", "/api/v1/models/cancer/retraining", policy.dump()).status == 200);
  auto r = dora.post("/api/v1/models/cancer/retrain");
  REQUIRE(r.status == 202);
  return r.json()["id"];
}

// Waits until the job runs and its log says `what`, and, given a pid file, its trainer has
// written its pid there (never a timing assertion: the deadline only stops a hung test).
void wait_until_running(const HttpClient& who, int64_t id, const std::string& what, const std::filesystem::path& pid_file = {}) {
  auto runs = [&] {
    json j = who.get("/api/v1/jobs/" + std::to_string(id)).json();
    std::error_code ec;
    const auto pid_bytes = pid_file.empty() ? 2 : std::filesystem::file_size(pid_file, ec);
    return j["status"] == "running" && j["log"].get<std::string>().find(what) != std::string::npos && !ec && pid_bytes > 1;
  };
  for (int i = 0; i < 1200 && !runs(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(runs());
}
}  // namespace

TEST_CASE("a CSV trained by mlgate lands in staging, tested on its holdout, with lineage and a promotion request",
          "[integration][training]") {
  ServerProcess server;
  HttpClient dora = person(server, "dora", "deployer");
  HttpClient abe = person(server, "abe", "approver");
  const std::string csv = read_file(fixture(kBreastCancer).dir + "/data.csv");
  const size_t rows = load_csv(fixture(kBreastCancer).dir + "/data.csv").rows();

  auto queued = dora.post("/api/v1/models/cancer/train?label=diagnosis&trainer=xgboost&n_estimators=30&max_depth=3&filename=bc.csv",
                          csv, "text/csv");
  INFO(queued.body);
  REQUIRE(queued.status == 202);
  REQUIRE(queued.json()["status"] == "queued");
  REQUIRE(queued.json()["kind"] == "train");
  json job = finished(dora, queued.json()["id"]);
  INFO(job.dump(2));
  REQUIRE(job["status"] == "succeeded");
  REQUIRE(job["result_version"] == 1);
  REQUIRE_THAT(job["log"].get<std::string>(), Catch::Contains("tested on the " + std::to_string((rows + 4) / 5) + " holdout rows"));

  json v = dora.get("/api/v1/models/cancer/versions/1").json();
  REQUIRE(v["stage"] == "staging");
  REQUIRE(v["created_by"] == "dora");
  REQUIRE(v["signature"]["task"] == "classification");
  REQUIRE(v["signature"]["features"].size() == 30);
  REQUIRE(v["lineage"]["source"] == "train");
  REQUIRE(v["lineage"]["trainer"] == "xgboost");
  REQUIRE(v["lineage"]["parameters"]["n_estimators"] == 30);
  REQUIRE(v["lineage"]["job"] == job["id"]);
  REQUIRE(v["lineage"]["data"]["rows"] == rows);
  REQUIRE(v["lineage"]["data"]["holdout_rows"] == (rows + 4) / 5);

  // The holdout test is a server test record, and its metrics are the trainer's own.
  json tests = dora.get("/api/v1/models/cancer/versions/1/tests").json()["tests"];
  REQUIRE(tests.size() == 1);
  REQUIRE(tests[0]["source"] == "server");
  REQUIRE(tests[0]["rows"] == (rows + 4) / 5);
  REQUIRE(tests[0]["id"] == job["result"]["test_id"]);
  REQUIRE(tests[0]["metrics"]["accuracy"].get<double>() ==
          Approx(v["lineage"]["metrics"]["accuracy"].get<double>()).margin(1e-9));
  REQUIRE(tests[0]["metrics"]["confusion_matrix"] == v["lineage"]["metrics"]["confusion_matrix"]);

  json promos = dora.get("/api/v1/promotions?status=pending").json()["promotions"];
  REQUIRE(promos.size() == 1);
  REQUIRE(promos[0]["version"] == 1);
  REQUIRE(promos[0]["requested_by"] == "dora");
  REQUIRE_THAT(promos[0]["reason"].get<std::string>(), Catch::Contains("holdout accuracy"));

  SECTION("a retrain of production is compared with it on the same holdout rows") {
    REQUIRE(abe.post("/api/v1/promotions/" + std::to_string(promos[0]["id"].get<int64_t>()) + "/approve").status == 200);
    auto r = dora.post_json("/api/v1/models/cancer/retrain", {{"trainer", "linear"}, {"test_size", 0.3}});
    INFO(r.body);
    REQUIRE(r.status == 202);
    json rj = finished(dora, r.json()["id"]);
    INFO(rj.dump(2));
    REQUIRE(rj["status"] == "succeeded");
    REQUIRE(rj["trigger"] == "api");
    REQUIRE(rj["result_version"] == 2);
    json v2 = dora.get("/api/v1/models/cancer/versions/2").json();
    REQUIRE(v2["stage"] == "staging");
    REQUIRE(v2["lineage"]["source"] == "retrain");
    REQUIRE(v2["lineage"]["trainer"] == "linear");
    REQUIRE(v2["lineage"]["parent_version"] == 1);
    REQUIRE(v2["lineage"]["base_data"]["from"] == "training_data");
    REQUIRE(v2["lineage"]["base_data"]["sha256"] == v["lineage"]["data"]["sha256"]);
    REQUIRE(v2["signature"]["features"] == v["signature"]["features"]);
    REQUIRE(rj["result"]["production"]["version"] == 1);
    REQUIRE(rj["result"]["production"]["metrics"].contains("accuracy"));
    json pending = dora.get("/api/v1/promotions?status=pending").json()["promotions"];
    REQUIRE(pending.size() == 1);
    REQUIRE(pending[0]["version"] == 2);
    REQUIRE_THAT(pending[0]["reason"].get<std::string>(), Catch::Contains("production v1"));
    REQUIRE(dora.get("/api/v1/models/cancer/versions/1").json()["stage"] == "production");  // never without approval
  }
  SECTION("the jobs are listed newest first, by model") {
    auto listed = dora.get("/api/v1/jobs?model=cancer").json()["jobs"];
    REQUIRE(listed.size() == 1);
    REQUIRE(listed[0]["id"] == job["id"]);
    REQUIRE(listed[0]["duration_s"].is_number());
    REQUIRE(dora.get("/api/v1/jobs?model=other").json()["jobs"].empty());
  }
}

TEST_CASE("bad training requests are refused before anything is queued", "[integration][training]") {
  ServerProcess server;
  HttpClient dora = person(server, "dora", "deployer");
  HttpClient vic = person(server, "vic", "viewer");
  const std::string csv = read_file(fixture(kBreastCancer).dir + "/data.csv");
  CHECK(dora.post("/api/v1/models/m/train", csv, "text/csv").error_code() == "missing_label");
  CHECK(dora.post("/api/v1/models/m/train?label=diagnosis&trainer=sklearn", csv, "text/csv").error_code() == "unknown_trainer");
  auto bad_param = dora.post("/api/v1/models/m/train?label=diagnosis&max_depth=deep", csv, "text/csv");
  CHECK(bad_param.error_code() == "invalid_parameter");
  CHECK_THAT(bad_param.json()["error"]["message"].get<std::string>(), Catch::Contains("max_depth"));
  CHECK(dora.post("/api/v1/models/m/train?label=nope", csv, "text/csv").error_code() == "missing_label");
  CHECK(dora.post("/api/v1/models/m/train?label=diagnosis", "a,b\n1,\"2\n", "text/csv").status == 400);
  CHECK(vic.post("/api/v1/models/m/train?label=diagnosis", csv, "text/csv").status == 403);
  CHECK(dora.post_json("/api/v1/models/nothing/retrain", json::object()).status == 404);
  CHECK(dora.post_json("/api/v1/models/m/retrain", {{"test_size", 2}}).error_code() == "invalid_policy");
  CHECK(dora.get("/api/v1/jobs").json()["jobs"].empty());
  CHECK(dora.get("/api/v1/jobs/12").error_code() == "job_not_found");
  CHECK(dora.get("/api/v1/jobs/x").error_code() == "invalid_job_id");
}

TEST_CASE("a retraining policy: defaults shown, mistakes refused, an external command only from an admin",
          "[integration][training]") {
  ServerProcess server;
  HttpClient admin(server.port(), server.admin_token());
  HttpClient dora = person(server, "dora", "deployer");
  auto f = fixture("s02_iris_logreg_tensor");
  REQUIRE(dora.post("/api/v1/models/iris/versions" + f.features_query(), read_file(f.dir + "/model.onnx"), "application/octet-stream")
              .status == 201);
  json shown = dora.get("/api/v1/models/iris/retraining").json();
  REQUIRE(shown["policy"]["schedule"] == "@weekly");
  REQUIRE(shown["policy"]["trainer"] == "xgboost");
  REQUIRE(shown["next_run_at"].is_string());
  REQUIRE(dora.request("PUT", "/api/v1/models/iris/retraining", json({{"schedule", "0 3 * * 1"}}).dump()).status == 200);
  REQUIRE(dora.get("/api/v1/models/iris/retraining").json()["policy"]["schedule"] == "0 3 * * 1");
  auto typo = dora.request("PUT", "/api/v1/models/iris/retraining", json({{"schedul", "@daily"}}).dump());
  REQUIRE(typo.error_code() == "invalid_policy");
  json external = {{"trainer", "external"}, {"external", {{"command", "cp model.onnx {output}"}}}};
  REQUIRE(dora.request("PUT", "/api/v1/models/iris/retraining", external.dump()).status == 403);
  REQUIRE(admin.request("PUT", "/api/v1/models/iris/retraining", external.dump()).status == 200);
  REQUIRE(dora.request("PUT", "/api/v1/models/nothing/retraining", "{}").status == 404);
  // Each change is in the audit log, by its author.
  auto events = admin.get("/api/v1/audit?model=iris").json()["events"];
  int changes = 0;
  for (const auto& e : events) changes += e["action"] == "retrain_policy.set";
  REQUIRE(changes == 2);
}

TEST_CASE("a team's own trainer command retrains the model, its output in the job's log", "[integration][training]") {
  ServerProcess server;
  HttpClient admin(server.port(), server.admin_token());
  HttpClient dora = cancer_in_production(server);
  auto f = fixture(kBreastCancer);

  // The "team's trainer": counts the rows it was given and writes its model (the fixture's).
  std::string command = "echo rows: $(($(wc -l < {data}) - 1)); echo label {label} for {model}; cp '" + f.dir + "/model.onnx' {output}";
  json policy = {{"trainer", "external"}, {"schedule", "off"}, {"external", {{"command", command}, {"timeout_s", 60}}}};
  REQUIRE(admin.request("PUT", "/api/v1/models/cancer/retraining", policy.dump()).status == 200);
  auto r = dora.post("/api/v1/models/cancer/retrain");
  REQUIRE(r.status == 202);
  json job = finished(dora, r.json()["id"]);
  INFO(job.dump(2));
  REQUIRE(job["status"] == "succeeded");
  const size_t rows = load_csv(f.dir + "/data.csv").rows();
  const size_t holdout = (rows + 4) / 5;
  const std::string log = job["log"];
  REQUIRE_THAT(log, Catch::Contains("| rows: " + std::to_string(rows - holdout)));  // the holdout stays unseen
  REQUIRE_THAT(log, Catch::Contains("| label " + f.label + " for cancer"));
  // The same bytes as v1: nothing new is registered, and the job says so.
  REQUIRE(job["result_version"] == 1);
  REQUIRE(job["result"]["created"] == false);
}

TEST_CASE("a job running when the server is killed is failed after the restart, with its log", "[integration][training]") {
  const std::filesystem::path dir = make_temp_dir("mlgate-kill") / "data";
  int64_t id = 0;
  {
    ServerProcess server({}, {}, dir);
    HttpClient dora = person(server, "dora", "deployer");
    // Enough rounds on enough rows to be still running when the kill comes.
    std::string csv = read_file(fixture(kBreastCancer).dir + "/data.csv");
    std::string body = csv;
    const std::string rows = csv.substr(csv.find('\n') + 1);
    for (int i = 0; i < 60; ++i) body += rows;
    auto q = dora.post("/api/v1/models/slow/train?label=diagnosis&n_estimators=5000&max_depth=8&learning_rate=0.01", body, "text/csv");
    REQUIRE(q.status == 202);
    id = q.json()["id"];
    // Killed once it is training (its log has said so), not while it waits in the queue.
    auto training = [&] {
      json j = dora.get("/api/v1/jobs/" + std::to_string(id)).json();
      return j["status"] == "running" && j["log"].get<std::string>().find("training data") != std::string::npos;
    };
    for (int i = 0; i < 1200 && !training(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(training());
    server.kill_hard();
  }
  ServerProcess again({}, {}, dir);
  HttpClient admin(again.port(), again.admin_token());
  json job = admin.get("/api/v1/jobs/" + std::to_string(id)).json();
  REQUIRE(job["status"] == "failed");
  REQUIRE_THAT(job["error"].get<std::string>(), Catch::Contains("stopped while the job ran"));
  REQUIRE_THAT(job["log"].get<std::string>(), Catch::Contains("training data"));
  REQUIRE(admin.get("/api/v1/models/slow").status == 404);  // nothing half-made
  again.stop();
  std::filesystem::remove_all(dir.parent_path());
}

TEST_CASE("a team's trainer killed with the server is ended at the restart, and leaves no copy of its training rows",
          "[integration][training]") {
  const std::filesystem::path dir = make_temp_dir("mlgate-kill") / "data";
  const auto work = dir / "jobs";
  const auto pid_file = dir.parent_path() / "trainer.pid";
  int64_t id = 0;
  pid_t bystander = -1;
  {
    ServerProcess server({}, {}, dir);
    HttpClient admin(server.port(), server.admin_token());
    HttpClient dora = cancer_in_production(server);
    // A trainer still running when the kill comes (it runs on, in its own process group).
    id = retrain_with_sleeper(admin, dora, pid_file, 300);
    wait_until_running(dora, id, "running the external trainer", pid_file);
    // The copy the trainer was given: the rows a team may not want left lying around.
    const auto data = work / std::to_string(id) / "data.csv";
    REQUIRE(std::filesystem::exists(data));
    REQUIRE(read_file(data.string()).find("diagnosis") != std::string::npos);
    // A bystander in the job's folder (a shell someone opened there, say) is not a trainer.
    bystander = fork();
    if (bystander == 0) {
      if (chdir((work / std::to_string(id)).c_str()) == 0) execlp("sleep", "sleep", "120", nullptr);
      _exit(127);
    }
    server.kill_hard();
  }
  const int trainer = std::stoi(read_file(pid_file.string()));
  REQUIRE(alive(trainer));  // the kill left it running
  ServerProcess again({}, {}, dir);
  HttpClient admin(again.port(), again.admin_token());
  json job = admin.get("/api/v1/jobs/" + std::to_string(id)).json();
  REQUIRE(job["status"] == "failed");
  CHECK(!std::filesystem::exists(work));
  // Ended by the start-up, not by its own timeout: a SIGKILL takes effect at once, the wait
  // only covers its delivery.
  for (int i = 0; i < 100 && alive(trainer); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(!alive(trainer));
  if (alive(trainer)) ::kill(-trainer, SIGKILL);  // a failed run leaves no sleeper behind
  CHECK(alive(bystander));
  ::kill(bystander, SIGKILL);
  waitpid(bystander, nullptr, 0);
  CHECK_THAT(again.log(), Catch::Contains("ended 1 trainer process group(s) a killed server left running"));
  again.stop();
  std::filesystem::remove_all(dir.parent_path());
}

TEST_CASE("a server stopped while a job runs stops at once, the job failed as interrupted and its trainer ended",
          "[integration][training]") {
  const std::filesystem::path dir = make_temp_dir("mlgate-stop") / "data";
  const auto pid_file = dir.parent_path() / "trainer.pid";
  int64_t id = 0;
  bool external = false;
  {
    ServerProcess server({}, {}, dir);
    HttpClient admin(server.port(), server.admin_token());
    HttpClient dora(server.port());
    SECTION("a team's trainer command, with a week's timeout") {
      external = true;
      dora = cancer_in_production(server);
      id = retrain_with_sleeper(admin, dora, pid_file, 604800);
      wait_until_running(dora, id, "running the external trainer", pid_file);
    }
    SECTION("mlgate's own trainer, 10,000 boosting rounds") {
      dora = person(server, "dora", "deployer");
      std::string csv = read_file(fixture(kBreastCancer).dir + "/data.csv");
      std::string body = csv;
      const std::string rows = csv.substr(csv.find('\n') + 1);
      for (int i = 0; i < 60; ++i) body += rows;
      auto q = dora.post("/api/v1/models/slow/train?label=diagnosis&n_estimators=10000&max_depth=8&learning_rate=0.01", body,
                         "text/csv");
      REQUIRE(q.status == 202);
      id = q.json()["id"];
      wait_until_running(dora, id, "training data");
    }
    // The SIGTERM alone ends it, within ServerProcess's 5 s grace: not after the job's end.
    CHECK(server.stop());
  }
  if (external) {
    const int trainer = std::stoi(read_file(pid_file.string()));
    CHECK(!alive(trainer));
    if (alive(trainer)) ::kill(-trainer, SIGKILL);
  }
  ServerProcess again({}, {}, dir);
  HttpClient admin(again.port(), again.admin_token());
  json job = admin.get("/api/v1/jobs/" + std::to_string(id)).json();
  INFO(job.dump(2));
  REQUIRE(job["status"] == "failed");
  CHECK_THAT(job["error"].get<std::string>(), Catch::StartsWith("interrupted: mlgate stopped while the job ran ("));
  CHECK_THAT(job["log"].get<std::string>(), Catch::Contains("failed: interrupted: mlgate stopped while the job ran"));
  CHECK(!std::filesystem::exists(dir / "jobs"));
  again.stop();
  std::filesystem::remove_all(dir.parent_path());
}
