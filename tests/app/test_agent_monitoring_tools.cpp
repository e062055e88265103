// The monitoring and retraining tools of the agent on a real App: the monitoring report
// counts what the predict path logged, the drift report says plainly when there is too
// little to judge, retrain queues a job as the person with the parameters checked the way
// the API checks them, and list_jobs shows it.
#include "agent_harness.hpp"
#include "app/agent_tools.hpp"

using namespace mlgate;
using namespace mlgate::testing;
using nlohmann::json;


TEST_CASE("monitoring_report and drift_report read what the predict path logged") {
  AgentHarness h;
  h.ship_fixture("titanic", kTitanic, "survived");
  for (int i = 0; i < 3; ++i)
    REQUIRE(app::ops::predict(*h.app, "titanic", std::nullopt, http::Role::viewer, json({{"rows", {kPassenger, kPassenger}}}).dump()).ok());

  auto m = run(h, h.vic, "monitoring_report", {{"model", "titanic"}, {"window", "1h"}});
  REQUIRE(m.ok());
  REQUIRE(m.value()["card"] == "monitoring");
  REQUIRE(m.value()["window"] == "1h");
  REQUIRE(m.value()["totals"]["requests"] == 3);
  REQUIRE(m.value()["totals"]["rows"] == 6);
  REQUIRE(m.value()["totals"]["labelled"] == 0);
  REQUIRE(run(h, h.vic, "monitoring_report", {{"model", "titanic"}, {"window", "forever"}}).error().status == 422);

  auto d = run(h, h.vic, "drift_report", {{"model", "titanic"}});
  REQUIRE(d.ok());
  REQUIRE(d.value()["card"] == "drift");
  REQUIRE(d.value()["status"] == "insufficient_data");
  REQUIRE(d.value()["current_rows"] == 6);
  REQUIRE_THAT(d.value()["message"].get<std::string>(), Catch::Contains("at least 100"));
}

TEST_CASE("retrain queues a job as the person, checked like the API - list_jobs shows it") {
  AgentHarness h;
  h.ship_fixture("titanic", kTitanic, "survived");
  REQUIRE(app::prepare_tool_call(*h.app, h.vic, "retrain", {{"model", "titanic"}}).error().status == 403);
  REQUIRE(app::prepare_tool_call(*h.app, h.dora, "retrain", {{"model", "titanic"}, {"trainer", "magic"}}).error().status >= 400);
  REQUIRE(app::prepare_tool_call(*h.app, h.dora, "retrain", {{"model", "titanic"}, {"test_size", "lots"}}).error().status >= 400);
  REQUIRE(run(h, h.dora, "retrain", {{"model", "titanic"}, {"test_size", 1.5}}).error().status == 422);

  auto queued = run(h, h.dora, "retrain", {{"model", "titanic"}, {"test_size", 0.3}});
  REQUIRE(queued.ok());
  REQUIRE(queued.value()["card"] == "job");
  REQUIRE(queued.value()["kind"] == "retrain");
  REQUIRE(queued.value()["trigger"] == "agent");
  REQUIRE(queued.value()["params"]["test_size"] == 0.3);

  auto jobs = run(h, h.vic, "list_jobs", {{"model", "titanic"}});
  REQUIRE(jobs.ok());
  REQUIRE(jobs.value()["card"] == "jobs");
  REQUIRE(jobs.value()["jobs"].size() >= 1);
  REQUIRE(jobs.value()["jobs"][0]["id"] == queued.value()["id"]);
  auto stored = h.app->jobs().get_job(queued.value()["id"].get<int64_t>());
  REQUIRE(stored.ok());
  REQUIRE(stored->actor == "dora");
  REQUIRE(stored->params["test_size"] == 0.3);
}
