// The monitor pane in AppState: what #/monitor/{name} asks for, how replies (and late or
// failed ones) change what is shown and published, the window selector, the 30 s
// auto-refresh, row and job selection, and Retrain now.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/app_state.hpp"
#include "monitor_samples.hpp"

using namespace mlgate::client;
using nlohmann::json;

namespace {
std::vector<std::string> paths(const std::vector<HttpRequest>& reqs) {
  std::vector<std::string> out;
  for (const auto& r : reqs) out.push_back(r.path);
  return out;
}

const HttpRequest& find(const std::vector<HttpRequest>& reqs, Resource res) {
  for (const auto& r : reqs)
    if (r.resource == res) return r;
  FAIL("no request for that resource");
  throw;
}

// A monitor pane for iris with all four views answered.
std::vector<HttpRequest> open_iris(AppState& app) {
  auto reqs = app.navigate(parse_route("#/monitor/iris"));
  app.on_response(find(reqs, Resource::monitoring), 200, monitor_samples::kClassification);
  app.on_response(find(reqs, Resource::drift), 200, monitor_samples::kDrifting);
  app.on_response(find(reqs, Resource::alerts), 200, monitor_samples::kAlerts);
  app.on_response(find(reqs, Resource::jobs), 200, monitor_samples::kJobs);
  return reqs;
}
}  // namespace

TEST_CASE("the monitor route round-trips and asks for the model's four views") {
  REQUIRE(format_route(parse_route("#/monitor/iris")) == "#/monitor/iris");
  REQUIRE(parse_route("#/monitor/iris") == Route{Pane::monitor, "iris", 0});
  REQUIRE(parse_route("#/monitor/iris/2") == Route{Pane::monitor, "iris", 0});  // no version in this pane
  AppState app;
  auto reqs = app.navigate(parse_route("#/monitor/iris"));
  REQUIRE(paths(reqs) == std::vector<std::string>{"/api/v1/models", "/api/v1/models/iris/monitoring?window=1h", "/api/v1/models/iris/drift?window=1h",
                                                  "/api/v1/alerts?model=iris&limit=50", "/api/v1/jobs?model=iris"});
  for (const auto& r : reqs) REQUIRE(r.method == "GET");
  REQUIRE(app.monitor().loading());
  // Without a model: only the picker's list.
  REQUIRE(paths(app.navigate(parse_route("#/monitor"))) == std::vector<std::string>{"/api/v1/models"});
}

TEST_CASE("the pane's figures, drift rows, alerts and jobs are published as the pane shows them") {
  AppState app;
  open_iris(app);
  REQUIRE_FALSE(app.monitor().loading());
  auto s = json::parse(app.state_json());
  REQUIRE(s["pane"] == "monitor");
  const json& m = s["monitor"];
  REQUIRE(m["model"] == "iris");
  REQUIRE(m["window"] == "1h");
  REQUIRE(m["figures"][0] == json({{"name", "requests"}, {"text", "12"}, {"value", 12.0}}));
  REQUIRE(m["figures"][8] == json({{"name", "accuracy"}, {"text", "0.9"}, {"value", 0.9}}));
  REQUIRE(m["regression"] == false);
  REQUIRE(m["buckets"] == 3);
  REQUIRE(m["plots"].size() == 4);
  REQUIRE(m["plots"][3]["series"][0] == json({{"name", "accuracy (feedback)"}, {"points", 1}, {"dashed", false}}));
  REQUIRE(m["plots"][3]["series"][1] == json({{"name", "expected (label-free)"}, {"points", 2}, {"dashed", true}}));
  REQUIRE(m["drift"]["verdict"] == "drifting: 3 of 4 features");
  REQUIRE(m["drift"]["tone"] == "bad");
  REQUIRE(m["drift"]["rows"].size() == 4);
  REQUIRE(m["drift"]["rows"][1] == json({{"feature", "petal_width"}, {"kind", "numeric"}, {"statistic", "wasserstein"}, {"value", 0.61},
                                         {"p_value", nullptr}, {"psi", 0.31}, {"status", "alert"}, {"tone", "bad"}, {"prediction", false}}));
  REQUIRE(m["drift"]["rows"][3]["prediction"] == true);
  REQUIRE(m["alerts"][0]["id"] == 5);
  REQUIRE(m["jobs"][1] == json({{"id", 5}, {"kind", "retrain"}, {"status", "succeeded"}, {"trigger", "alert"}, {"result_version", 3}}));
  REQUIRE(m["errors"]["monitoring"].is_null());
  REQUIRE(s["last_error"].is_null());
  REQUIRE(app.live_text() == "iris monitoring (1h): 12 requests, accuracy 0.9; drift: drifting: 3 of 4 features; not signed in");
}

TEST_CASE("errors are shown plainly, per view and on the page's error line") {
  AppState app;
  auto reqs = app.navigate(parse_route("#/monitor/ghost"));
  app.on_response(find(reqs, Resource::monitoring), 404, R"({"error":{"code":"not_found","message":"no model 'ghost'"}})");
  REQUIRE(app.monitor().monitoring.error == "HTTP 404: not_found: no model 'ghost'");
  REQUIRE_FALSE(app.monitor().monitoring.data);
  REQUIRE_FALSE(app.monitor().monitoring.loading);
  REQUIRE(app.last_error() == "GET /api/v1/models/ghost/monitoring?window=1h: HTTP 404: not_found: no model 'ghost'");
  app.on_response(find(reqs, Resource::drift), 403, R"({"error":{"code":"forbidden","message":"needs viewer"}})");
  REQUIRE(app.monitor().drift.error == "not allowed: forbidden: needs viewer");
  app.on_response(find(reqs, Resource::alerts), 401, "");
  REQUIRE(app.monitor().alerts.error.rfind("not signed in (401)", 0) == 0);
  app.on_response(find(reqs, Resource::jobs), 200, "not json");
  REQUIRE(app.monitor().jobs.error == "the jobs reply has no jobs list");
  auto m = json::parse(app.state_json())["monitor"];
  REQUIRE(m["errors"]["monitoring"] == "HTTP 404: not_found: no model 'ghost'");
  REQUIRE(m["figures"].empty());
  REQUIRE(app.live_text().rfind("Error: GET /api/v1/alerts?model=ghost&limit=50: not signed in (401)", 0) == 0);  // the latest failure
  REQUIRE(app.monitor().live_text() == "ghost monitoring (1h): HTTP 404: not_found: no model 'ghost'");
}

TEST_CASE("a failed refresh replaces what was shown; it never lingers as if current") {
  AppState app;
  open_iris(app);
  auto again = app.refresh_monitor();
  app.on_response(find(again, Resource::monitoring), 500, R"({"error":{"code":"internal","message":"disk full"}})");
  REQUIRE_FALSE(app.monitor().monitoring.data);
  REQUIRE(app.monitor().plots().empty());
  REQUIRE(app.monitor().monitoring.error == "HTTP 500: internal: disk full");
}

TEST_CASE("the window selector asks again for the windowed views only") {
  AppState app;
  open_iris(app);
  REQUIRE(app.set_monitor_window(MonitorWindow::hour).empty());  // unchanged
  auto reqs = app.set_monitor_window(MonitorWindow::day);
  REQUIRE(paths(reqs) == std::vector<std::string>{"/api/v1/models/iris/monitoring?window=24h", "/api/v1/models/iris/drift?window=24h"});
  REQUIRE(std::string(window_param(MonitorWindow::week)) == "7d");
  REQUIRE(std::string(window_param(MonitorWindow::month)) == "30d");
  // The window is kept when another model is chosen.
  auto other = app.navigate(parse_route("#/monitor/wine"));
  REQUIRE(find(other, Resource::monitoring).path == "/api/v1/models/wine/monitoring?window=24h");
}

TEST_CASE("late replies for another model or window are dropped") {
  AppState app;
  auto iris = app.navigate(parse_route("#/monitor/iris"));
  auto wine = app.navigate(parse_route("#/monitor/wine"));
  REQUIRE_FALSE(app.monitor().monitoring.data);  // iris's data is not drawn under wine
  app.on_response(find(iris, Resource::monitoring), 200, monitor_samples::kClassification);
  REQUIRE_FALSE(app.monitor().monitoring.data);
  REQUIRE(app.monitor().monitoring.loading);  // still waiting for wine's
  app.on_response(find(iris, Resource::drift), 404, "");
  REQUIRE(app.last_error() == "");

  auto day = app.set_monitor_window(MonitorWindow::day);
  app.on_response(find(wine, Resource::monitoring), 200, monitor_samples::kClassification);  // asked for 1h
  REQUIRE_FALSE(app.monitor().monitoring.data);
  app.on_response(find(day, Resource::monitoring), 200, monitor_samples::kClassification);
  REQUIRE(app.monitor().monitoring.data);
}

TEST_CASE("the pane refreshes itself every 30 s while it is shown, never over a fetch still out") {
  AppState app;
  open_iris(app);
  REQUIRE(app.monitor_tick(100.0).empty());  // the clock starts at the first frame after a fetch
  REQUIRE(app.monitor_tick(129.9).empty());
  auto due = app.monitor_tick(130.0);
  REQUIRE(due.size() == 4);
  REQUIRE(app.monitor_tick(200.0).empty());  // the refresh is still out
  for (const auto& r : due) app.on_response(r, 200, r.resource == Resource::monitoring ? monitor_samples::kClassification
                                                    : r.resource == Resource::drift   ? monitor_samples::kDrifting
                                                    : r.resource == Resource::alerts  ? monitor_samples::kAlerts
                                                                                      : monitor_samples::kJobs);
  REQUIRE(app.monitor_tick(201.0).empty());  // restarted from the refresh
  REQUIRE(app.monitor_tick(231.0).size() == 4);

  app.navigate(parse_route("#/audit"));
  REQUIRE(app.monitor_tick(1000.0).empty());  // not while another pane is shown
}

TEST_CASE("selecting a drift row shows its histograms; selecting a job shows its log") {
  AppState app;
  open_iris(app);
  MonitorState& m = app.monitor();
  REQUIRE(m.selected_row() == nullptr);
  m.select_feature("colour");
  REQUIRE(m.selected_row()->feature == "colour");
  m.select_feature("colour");
  REQUIRE(m.selected_row() == nullptr);
  m.select_feature("prediction");
  REQUIRE(m.selected_row()->is_prediction);
  REQUIRE(json::parse(app.state_json())["monitor"]["drift"]["selected"] == "prediction");
  // The next reply has no such row (too little data now): the selection goes.
  auto again = app.refresh_monitor();
  app.on_response(find(again, Resource::drift), 200, monitor_samples::kInsufficient);
  REQUIRE(m.selected_feature() == "");
  REQUIRE(json::parse(app.state_json())["monitor"]["drift"]["verdict"] == "12 rows in this window; drift needs at least 100");

  m.select_job(5);
  REQUIRE(m.selected_job()->log == "trained xgboost\nholdout accuracy 0.95\n");
  m.select_job(5);
  REQUIRE(m.selected_job() == nullptr);
}

TEST_CASE("Retrain now posts {} and shows the 202 job, then lists it; a refusal is shown plainly") {
  AppState app;
  open_iris(app);
  auto post = app.retrain();
  REQUIRE(post.size() == 1);
  REQUIRE(post[0].method == "POST");
  REQUIRE(post[0].path == "/api/v1/models/iris/retrain");
  REQUIRE(post[0].body == "{}");
  REQUIRE(app.monitor().retrain().sending);
  REQUIRE(app.retrain().empty());  // one at a time
  app.on_response(post[0], 202, monitor_samples::kRetrainAccepted);
  REQUIRE_FALSE(app.monitor().retrain().sending);
  REQUIRE(app.monitor().retrain().job->id == 7);
  REQUIRE(app.take_refresh());  // the jobs table is fetched again
  REQUIRE(json::parse(app.state_json())["monitor"]["retrain"] == json({{"sending", false}, {"job", 7}, {"error", nullptr}}));

  auto refused = app.retrain();
  app.on_response(refused[0], 403, R"({"error":{"code":"forbidden","message":"retrain needs the deployer role"}})");
  REQUIRE(app.monitor().retrain().error == "not allowed: forbidden: retrain needs the deployer role");
  REQUIRE_FALSE(app.monitor().retrain().job);
  REQUIRE_FALSE(app.take_refresh());
}
