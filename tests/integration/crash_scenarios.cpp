#include "integration/crash_scenarios.hpp"

#include <catch2/catch.hpp>

#include "integration/fixtures.hpp"
#include "integration/server_process.hpp"

namespace mlgate::testing {
namespace {

const std::string kBase = "/api/v1/models/iris";

std::string new_token(const HttpClient& admin, const std::string& name, const std::string& role) {
  auto r = admin.post_json("/api/v1/tokens", {{"name", name}, {"role", role}});
  REQUIRE(r.status == 201);
  return r.json()["token"];
}

HttpResult upload(unsigned short port, const std::string& token, const std::string& fixture_name) {
  auto f = fixture(fixture_name);
  return HttpClient(port, token).post(kBase + "/versions" + f.features_query(), read_file(f.dir + "/model.onnx"),
                                      "application/octet-stream");
}

HttpResult record_test(unsigned short port, const std::string& token, int v, const std::string& fixture_name) {
  auto f = fixture(fixture_name);
  return HttpClient(port, token).post(kBase + "/versions/" + std::to_string(v) + "/tests?label=" + f.label,
                                      read_file(f.dir + "/data.csv"), "text/csv");
}

HttpResult request_promotion(unsigned short port, const std::string& token, int v) {
  return HttpClient(port, token).post(kBase + "/versions/" + std::to_string(v) + "/promotion");
}

int64_t pending_promotion(unsigned short port, const std::string& token) {
  auto p = HttpClient(port, token).get("/api/v1/promotions?status=pending").json()["promotions"];
  REQUIRE(p.size() == 1);
  return p[0]["id"];
}

}  // namespace

HttpResult try_request(const std::function<HttpResult()>& f) {
  try {
    return f();
  } catch (const std::exception&) {
    return HttpResult{};
  }
}

void copy_data_dir(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::create_directories(to.parent_path());
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
}

ScenarioSet build_scenarios(const std::filesystem::path& root) {
  ScenarioSet set;
  const auto live = root / "live";
  Crew& crew = set.crew;
  auto snapshot = [&](const std::string& name, std::unique_ptr<ServerProcess>& s) {
    s->stop();
    copy_data_dir(live, root / ("start-" + name));
    s = std::make_unique<ServerProcess>(std::vector<std::string>{}, std::map<std::string, std::string>{}, live);
    return root / ("start-" + name);
  };
  auto s = std::make_unique<ServerProcess>(std::vector<std::string>{}, std::map<std::string, std::string>{}, live);
  crew.admin = s->admin_token();
  HttpClient admin(s->port(), crew.admin);
  crew.deployer = new_token(admin, "dana", "deployer");
  crew.approver = new_token(admin, "avery", "approver");
  auto& out = set.scenarios;

  out.push_back({"upload", snapshot("upload", s), [](unsigned short port, const Crew& c) { return upload(port, c.deployer, "s01_iris_logreg_zipmap"); }});
  REQUIRE(upload(s->port(), crew.deployer, "s01_iris_logreg_zipmap").status == 201);

  out.push_back({"test record", snapshot("test", s),
                 [](unsigned short port, const Crew& c) { return record_test(port, c.deployer, 1, "s01_iris_logreg_zipmap"); }});
  REQUIRE(record_test(s->port(), crew.deployer, 1, "s01_iris_logreg_zipmap").status == 201);

  out.push_back({"promotion request", snapshot("request", s),
                 [](unsigned short port, const Crew& c) { return request_promotion(port, c.deployer, 1); }});
  REQUIRE(request_promotion(s->port(), crew.deployer, 1).status == 202);

  // v1 in production, v2 tested and waiting for approval: approving archives v1 in the
  // same transaction; archiving v2 cancels its request.
  {
    HttpClient approver(s->port(), crew.approver);
    REQUIRE(approver.post("/api/v1/promotions/" + std::to_string(pending_promotion(s->port(), crew.admin)) + "/approve").status == 200);
  }
  REQUIRE(upload(s->port(), crew.deployer, "s02_iris_logreg_tensor").status == 201);
  REQUIRE(record_test(s->port(), crew.deployer, 2, "s02_iris_logreg_tensor").status == 201);
  REQUIRE(request_promotion(s->port(), crew.deployer, 2).status == 202);
  const int64_t second = pending_promotion(s->port(), crew.admin);
  const auto before_approval = snapshot("approve", s);
  out.push_back({"approval", before_approval, [second](unsigned short port, const Crew& c) {
                   return HttpClient(port, c.approver).post("/api/v1/promotions/" + std::to_string(second) + "/approve");
                 }});
  out.push_back({"archive", before_approval,
                 [](unsigned short port, const Crew& c) { return HttpClient(port, c.deployer).post(kBase + "/versions/2/archive"); }});

  REQUIRE(HttpClient(s->port(), crew.approver).post("/api/v1/promotions/" + std::to_string(second) + "/approve").status == 200);
  out.push_back({"rollback", snapshot("rollback", s),
                 [](unsigned short port, const Crew& c) { return HttpClient(port, c.approver).post(kBase + "/rollback"); }});
  s->stop();
  return set;
}

}  // namespace mlgate::testing
