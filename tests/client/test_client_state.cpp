// The browser client's logic, natively: routes, and how API replies change what is shown.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/app_state.hpp"
#include "core/route.hpp"

using namespace mlgate::client;
using nlohmann::json;

TEST_CASE("every pane and selection has a fragment that reads back the same") {
  for (const char* f : {"#/chat", "#/models", "#/models/iris", "#/models/iris/2", "#/test/iris/3", "#/predict/churn", "#/monitor/churn",
                        "#/audit", "#/audit/iris"}) {
    CAPTURE(f);
    REQUIRE(format_route(parse_route(f)) == f);
  }
  REQUIRE(parse_route("#/models/iris/2") == Route{Pane::models, "iris", 2});
  REQUIRE(parse_route("models/iris") == Route{Pane::models, "iris", 0});
}

TEST_CASE("malformed fragments fall back to what is valid in them") {
  REQUIRE(parse_route("") == Route{});
  REQUIRE(parse_route("#/nowhere/x") == Route{});
  REQUIRE(parse_route("#/models/../etc") == Route{Pane::models});  // not a model name
  REQUIRE(parse_route("#/models/iris/two") == Route{Pane::models, "iris", 0});
  REQUIRE(parse_route("#/audit/iris/2") == Route{Pane::audit, "iris", 0});
  REQUIRE(parse_route("#/chat/iris") == Route{Pane::chat});
  REQUIRE(parse_route("#/predict/iris/2") == Route{Pane::predict, "iris", 0});
}

TEST_CASE("navigation asks for what the pane shows") {
  AppState app;
  auto first = app.start(parse_route("#/models/iris/1"));
  REQUIRE(first.size() == 6);
  REQUIRE(first[0].path == "/api/v1/me");
  REQUIRE(first[1].path == "/api/v1/models");
  REQUIRE(first[2].path == "/api/v1/promotions?status=pending");
  REQUIRE(first[3].path == "/api/v1/models/iris");
  REQUIRE(first[4].path == "/api/v1/models/iris/versions/1/tests");  // the version's details list its tests
  REQUIRE(first[5].path == "/api/v1/audit?limit=1000&model=iris");  // and its stage history
  REQUIRE(app.pending() == 6);
  auto audit = app.navigate(parse_route("#/audit"));
  REQUIRE(audit.size() == 1);
  REQUIRE(audit[0].path == "/api/v1/audit?limit=500");
  REQUIRE(app.navigate(parse_route("#/audit/iris"))[0].path == "/api/v1/audit?limit=500&model=iris");
  REQUIRE(app.route().pane == Pane::audit);
}

TEST_CASE("replies fill the state that window.mlgate.state() publishes") {
  AppState app;
  auto reqs = app.start(parse_route("#/models/iris/2"));
  app.on_response(reqs[0], 200, R"({"name":"alice","role":"deployer"})");
  app.on_response(reqs[1], 200, R"({"models":[{"name":"iris","latest_version":2,"production_version":1,"versions_count":2,"updated_at":"t"}]})");
  app.on_response(reqs[2], 200, R"({"promotions":[{"id":4,"model":"iris","version":2,"status":"pending"}]})");
  app.on_response(reqs[3], 200, R"({"name":"iris","versions":[{"model":"iris","version":1,"stage":"production","size_bytes":793},
                                                                {"model":"iris","version":2,"stage":"staging","size_bytes":2048}]})");
  app.on_response(reqs[4], 200, R"({"tests":[{"id":3,"source":"server","passed":false,"rows":45,"actor":"alice"},
                                             {"id":5,"source":"browser","passed":true,"rows":45,"actor":"bob"}]})");
  app.on_response(reqs[5], 200, R"({"events":[
      {"id":1,"at":"t1","actor":"alice","action":"version.created","model":"iris","version":1,"from_stage":"","to_stage":"staging"},
      {"id":2,"at":"t2","actor":"alice","action":"version.created","model":"iris","version":2,"from_stage":"","to_stage":"staging"},
      {"id":3,"at":"t3","actor":"bob","action":"promotion.approved","model":"iris","version":2,"from_stage":"staging","to_stage":"production"}]})");
  auto s = json::parse(app.state_json());
  REQUIRE(s["history"].size() == 2);  // version 2's events only, oldest first
  REQUIRE(s["history"][1] == json({{"at", "t3"}, {"actor", "bob"}, {"action", "promotion.approved"}, {"from", "staging"}, {"to", "production"}}));
  REQUIRE(s["pane"] == "models");
  REQUIRE(s["route"] == "#/models/iris/2");
  REQUIRE(s["user"]["name"] == "alice");
  REQUIRE(s["user"]["role"] == "deployer");
  REQUIRE(s["models"] == json({"iris"}));
  REQUIRE(s["versions"][1]["stage"] == "staging");
  REQUIRE(s["test"]["status"] == "idle");
  REQUIRE(s["promotions"][0]["id"] == 4);
  REQUIRE(s["tests"][1] == json({{"id", 5}, {"source", "browser"}, {"passed", true}, {"rows", 45}, {"actor", "bob"}}));
  REQUIRE(s["last_error"].is_null());
  REQUIRE(s["pending_requests"] == 0);
  REQUIRE(app.selected_version()->size_bytes == 2048);
  REQUIRE(app.live_text() == "iris version 2, staging; signed in as alice (deployer)");
}

TEST_CASE("errors are shown plainly, with the server's code and message") {
  AppState app;
  auto reqs = app.start(parse_route("#/models"));
  app.on_response(reqs[0], 401, R"({"error":{"code":"unauthorized","message":"missing bearer token"}})");
  REQUIRE_THAT(app.last_error(), Catch::Contains("not signed in") && Catch::Contains("missing bearer token") && Catch::Contains("?token="));
  auto chat = app.send_chat("promote iris");
  app.on_response(chat[0], 501, R"({"error":{"code":"agent_unavailable","message":"the chat agent is not built yet"}})");
  REQUIRE(app.chat().size() == 2);
  REQUIRE(app.chat()[1].role == "error");
  REQUIRE_THAT(app.chat()[1].text, Catch::Contains("agent_unavailable"));
  app.on_response(reqs[1], 0, "");
  REQUIRE_THAT(app.last_error(), Catch::Contains("cannot be reached"));
  REQUIRE(json::parse(app.state_json())["last_error"].is_string());
  app.navigate(parse_route("#/models/iris"));  // same pane: the message stays
  REQUIRE_FALSE(app.last_error().empty());
  app.navigate(parse_route("#/audit"));  // another pane: it goes
  REQUIRE(app.last_error().empty());
}

TEST_CASE("sizes read as people read them") {
  REQUIRE(human_bytes(793) == "793 B");
  REQUIRE(human_bytes(2048) == "2.0 KB");
  REQUIRE(human_bytes(5 * 1024 * 1024 + 300000) == "5.3 MB");
}

TEST_CASE("actions report their outcome and refresh the pane once") {
  AppState app;
  auto reqs = app.start(parse_route("#/models/iris/1"));
  app.on_response(reqs[0], 200, R"({"name":"bob","role":"approver"})");
  REQUIRE(app.can("deployer"));
  REQUIRE(app.can("approver"));
  REQUIRE_FALSE(app.can("admin"));
  auto act = app.act("POST", "/api/v1/promotions/3/approve", "approve promotion 3");
  REQUIRE(act.size() == 1);
  REQUIRE(act[0].body.empty());  // the description is not sent
  app.on_response(act[0], 200, R"({"id":3,"status":"approved"})");
  REQUIRE(app.notice() == "approve promotion 3: done");
  REQUIRE(app.take_refresh());
  REQUIRE_FALSE(app.take_refresh());
  auto again = app.act("POST", "/api/v1/promotions/3/approve", "approve promotion 3");
  app.on_response(again[0], 409, R"({"error":{"code":"already_decided","message":"promotion 3 is approved"}})");
  REQUIRE(app.notice().empty());
  REQUIRE_THAT(app.last_error(), Catch::StartsWith("approve promotion 3: HTTP 409: already_decided"));
  REQUIRE_FALSE(app.take_refresh());
}

TEST_CASE("an upload says which version it made, or why it was refused") {
  AppState app;
  app.upload_started("iris");
  REQUIRE(app.uploading());
  app.upload_progress(0.5);
  REQUIRE(json::parse(app.state_json())["upload"]["progress"] == 0.5);
  app.upload_done(201, R"({"model":"iris","version":2,"stage":"staging"})");
  REQUIRE_FALSE(app.uploading());
  REQUIRE(app.notice() == "iris v2 uploaded, in staging");
  REQUIRE(app.take_refresh());
  app.upload_started("iris");
  app.upload_done(422, R"({"error":{"code":"invalid_onnx","message":"not an ONNX model: a ZIP archive"}})");
  REQUIRE_THAT(app.last_error(), Catch::Contains("invalid_onnx") && Catch::Contains("ZIP"));
}

TEST_CASE("a file attached in the chat becomes a note naming its upload id, or a plain error") {
  AppState app;
  app.chat_upload_started("churn.onnx");
  REQUIRE(app.uploading());
  app.chat_upload_done(201, R"({"upload_id":"up_7f3a","filename":"churn.onnx","kind":"onnx","size_bytes":10})");
  REQUIRE_FALSE(app.uploading());
  REQUIRE(app.chat().size() == 1);
  REQUIRE(app.chat()[0].role == "note");
  REQUIRE_THAT(app.chat()[0].text, Catch::Contains("up_7f3a") && Catch::Contains("register"));
  app.chat_upload_started("data.csv");
  app.chat_upload_done(201, R"({"upload_id":"up_8","filename":"data.csv","kind":"csv","columns":["a","label"]})");
  REQUIRE_THAT(app.chat()[1].text, Catch::Contains("a CSV") && Catch::Contains("test"));
  app.chat_upload_started("big.csv");
  app.chat_upload_done(413, R"({"error":{"code":"body_too_large","message":"at most 256 MiB"}})");
  REQUIRE(app.chat().size() == 2);
  REQUIRE_THAT(app.last_error(), Catch::Contains("big.csv") && Catch::Contains("body_too_large"));
}

TEST_CASE("the predict form sends one row typed as the signature says, and refuses a non-number") {
  AppState app;
  auto reqs = app.start(parse_route("#/predict/titanic"));
  REQUIRE(reqs.back().path == "/api/v1/models/titanic");
  json sig = {{"features", {"age", "sex"}}, {"input_layout", "columns"}, {"task", "classification"},
              {"inputs", {{{"name", "age"}, {"type", "float"}, {"shape", {-1, 1}}}, {{"name", "sex"}, {"type", "string"}, {"shape", {-1, 1}}}}}};
  json model = {{"name", "titanic"},
                {"versions", {{{"model", "titanic"}, {"version", 1}, {"stage", "archived"}},
                              {{"model", "titanic"}, {"version", 2}, {"stage", "production"}, {"signature", sig}}}}};
  app.on_response(reqs.back(), 200, model.dump());
  REQUIRE(app.production_version()->version == 2);
  app.predict_input("age") = "";
  app.predict_input("sex") = "female";
  auto p = app.send_predict();
  REQUIRE(p.size() == 1);
  REQUIRE(p[0].path == "/api/v1/models/titanic/predict");
  REQUIRE(json::parse(p[0].body) == json::parse(R"({"rows":[{"age":null,"sex":"female"}]})"));
  app.on_response(p[0], 200, R"({"model":"titanic","version":2,"predictions":[{"id":"x","label":"1","confidence":0.7,"probabilities":{"0":0.3,"1":0.7}}]})");
  REQUIRE(app.prediction()["label"] == "1");
  REQUIRE(app.live_text().rfind("prediction: 1, confidence 0.7", 0) == 0);

  app.predict_input("age") = "forty";
  REQUIRE(app.send_predict().empty());
  REQUIRE(app.last_error() == "'age': 'forty' is not a number");
}

TEST_CASE("test on server: the label is pre-selected from the header, the upload goes to the tests route") {
  AppState app;
  auto reqs = app.start(parse_route("#/models/iris/1"));
  app.on_response(reqs[3], 200, R"({"name":"iris","versions":[{"model":"iris","version":1,"stage":"staging",
      "signature":{"features":["sepal length","petal_width"],"task":"classification"}}]})");
  app.server_csv_chosen("data.csv", "sepal length,petal_width,kind of iris\n5.1,0.2,setosa\n");
  REQUIRE(app.server_test().columns == std::vector<std::string>{"sepal length", "petal_width", "kind of iris"});
  REQUIRE(app.server_test().label == "kind of iris");  // the one column that is not a feature
  REQUIRE(app.server_test_path() == "/api/v1/models/iris/versions/1/tests?label=kind%20of%20iris");
  app.server_test_started();
  app.server_test_progress(0.5);
  REQUIRE(json::parse(app.state_json())["server_test"]["uploading"] == true);
  app.server_test_done(422, R"({"error":{"code":"missing_column","message":"the CSV has no column 'sepal length'"}})");
  REQUIRE_THAT(app.last_error(), Catch::Contains("missing_column"));
  REQUIRE_FALSE(app.take_refresh());
  app.server_test_done(201, R"({"id":9,"source":"server","passed":true})");
  REQUIRE(app.server_test().record["id"] == 9);
  REQUIRE(app.notice() == "server test 9 of data.csv: passed");
  REQUIRE(app.take_refresh());  // the tests list is fetched again
}
