// The tool executor: arguments checked against the tool table, versions resolved, the
// person's role checked as the HTTP API would, and every tool running the same operation
// as its HTTP route, on real SQLite and real ONNX fixture models.
#include "agent_harness.hpp"
#include "app/agent_tools.hpp"

using namespace mlgate;
using namespace mlgate::testing;
using nlohmann::json;


TEST_CASE("tool calls are checked against the tool table before anything runs") {
  AgentHarness h;
  auto prep = [&](const std::string& tool, const json& args) { return app::prepare_tool_call(*h.app, h.dora, tool, args); };

  auto unknown = prep("drop_database", json::object());
  REQUIRE(unknown.error().status == 400);
  REQUIRE(unknown.error().code == "unknown_tool");
  REQUIRE(unknown.error().message.find("list_models") != std::string::npos);

  auto missing = prep("describe_model", json::object());
  REQUIRE(missing.error().code == "invalid_arguments");
  REQUIRE(missing.error().message == "describe_model: 'model' is required");

  auto extra = prep("list_models", {{"limit", 3}});
  REQUIRE(extra.error().message == "list_models: 'limit' is not an argument of this tool (it takes: none)");

  REQUIRE(prep("describe_model", {{"model", 42}}).error().message == "describe_model: 'model' must be a string");
  REQUIRE(prep("approve_promotion", {{"promotion_id", "five"}}).error().message == "approve_promotion: 'promotion_id' must be an integer");
  REQUIRE(prep("approve_promotion", {{"promotion_id", 0}}).error().message == "approve_promotion: 'promotion_id' must be at least 1");
  REQUIRE(prep("predict", {{"model", "m"}, {"features", "age 3"}}).error().message == "predict: 'features' must be an object");
  REQUIRE(prep("describe_model", {{"model", "../etc"}}).error().code == "invalid_name");
  REQUIRE(prep("describe_model", "not an object").error().message == "describe_model: arguments must be a JSON object");
  // An LLM's explicit null for an optional argument means "left out".
  REQUIRE(prep("audit_trail", {{"model", nullptr}}).ok());
}

TEST_CASE("the agent acts as the person: a role too low is refused like the HTTP route refuses it") {
  AgentHarness h;
  h.ship_fixture("titanic", kTitanic, "survived");

  auto refused = app::prepare_tool_call(*h.app, h.vic, "rollback", {{"model", "titanic"}});
  REQUIRE(refused.error().status == 403);
  REQUIRE(refused.error().code == "forbidden");
  REQUIRE(refused.error().message == "rollback needs the approver role; 'vic' has viewer");
  REQUIRE(app::prepare_tool_call(*h.app, h.dora, "approve_promotion", {{"promotion_id", 1}}).error().status == 403);
  REQUIRE(app::prepare_tool_call(*h.app, h.vic, "register_model", {{"model", "x"}, {"upload_id", "up_0"}}).error().status == 403);
  // Reads are open to viewers.
  auto listed = run(h, h.vic, "list_models", json::object());
  REQUIRE(listed.ok());
  REQUIRE(listed.value()["models"][0]["name"] == "titanic");
  REQUIRE(listed.value()["models"][0]["production_version"] == 1);
}

TEST_CASE("versions named by stage, recency or 'v3' resolve to their numbers") {
  AgentHarness h;
  REQUIRE(h.ship_fixture("titanic", kTitanic, "survived") == 1);
  // Two more staging versions (different bytes: the iris models).
  REQUIRE(h.register_fixture("titanic", "s01_iris_logreg_zipmap") == 2);
  REQUIRE(h.register_fixture("titanic", "s02_iris_logreg_tensor") == 3);
  auto resolved = [&](const json& v) {
    auto c = app::prepare_tool_call(*h.app, h.vic, "describe_model", {{"model", "titanic"}, {"version", v}});
    INFO(v.dump() << " " << (c ? "" : c.error().message));
    REQUIRE(c.ok());
    return c->arguments["version"].get<int64_t>();
  };
  REQUIRE(resolved("production") == 1);
  REQUIRE(resolved("Staging") == 3);  // the newest staging one
  REQUIRE(resolved("latest") == 3);
  REQUIRE(resolved("v2") == 2);
  REQUIRE(resolved("version 2") == 2);
  REQUIRE(resolved("2") == 2);
  REQUIRE(resolved(2) == 2);
  REQUIRE(resolved(2.0) == 2);

  auto word = app::prepare_tool_call(*h.app, h.vic, "describe_model", {{"model", "titanic"}, {"version", "the good one"}});
  REQUIRE(word.error().code == "invalid_version");
  auto none = app::prepare_tool_call(*h.app, h.vic, "describe_model", {{"model", "nope"}, {"version", "staging"}});
  REQUIRE(none.error().status == 404);
  REQUIRE(none.error().code == "model_not_found");

  SECTION("compare_versions defaults to production against the newest staging version") {
    auto cmp = run(h, h.vic, "compare_versions", {{"model", "titanic"}});
    REQUIRE(cmp.ok());
    REQUIRE(cmp.value()["card"] == "comparison");
    REQUIRE(cmp.value()["versions"][0]["version"] == 1);
    REQUIRE(cmp.value()["versions"][0]["stage"] == "production");
    REQUIRE(cmp.value()["versions"][0]["tested"] == true);
    REQUIRE(cmp.value()["versions"][0]["metrics"].contains("accuracy"));
    REQUIRE(cmp.value()["versions"][1]["version"] == 3);
    REQUIRE(cmp.value()["versions"][1]["tested"] == false);
  }
  SECTION("a version card describes the version the word named") {
    auto card = run(h, h.vic, "describe_model", {{"model", "titanic"}, {"version", "production"}});
    REQUIRE(card.ok());
    REQUIRE(card.value()["card"] == "version");
    REQUIRE(card.value()["version"] == 1);
    REQUIRE(card.value()["features"] == json({"sex", "age", "passengerClass"}));
  }
}

TEST_CASE("predict through the agent is the predict API: same decoder, same model, same roles") {
  AgentHarness h;
  h.ship_fixture("titanic", kTitanic, "survived");
  REQUIRE(h.register_fixture("titanic", "s01_iris_logreg_zipmap") == 2);

  auto viaTool = run(h, h.vic, "predict", {{"model", "titanic"}, {"features", kPassenger}});
  REQUIRE(viaTool.ok());
  auto viaApi = app::ops::predict(*h.app, "titanic", std::nullopt, http::Role::viewer, json({{"rows", {kPassenger}}}).dump());
  REQUIRE(viaApi.ok());
  json api = json::parse(viaApi.value());
  REQUIRE(viaTool.value()["card"] == "prediction");
  REQUIRE(viaTool.value()["version"] == 1);
  REQUIRE(viaTool.value()["predictions"][0]["label"] == api["predictions"][0]["label"]);
  REQUIRE(viaTool.value()["predictions"][0]["label"] == "yes");  // a first-class woman survives in this model

  auto bad = run(h, h.vic, "predict", {{"model", "titanic"}, {"features", {{"sex", "female"}, {"age", "old"}, {"passengerClass", "1st"}}}});
  REQUIRE(bad.error().status == 422);
  REQUIRE(bad.error().message.find("age") != std::string::npos);

  auto staging = run(h, h.vic, "predict", {{"model", "titanic"}, {"version", "staging"}, {"features", kPassenger}});
  REQUIRE(staging.error().status == 403);
  REQUIRE(staging.error().message == "predicting with a non-production version needs the deployer role");
}

TEST_CASE("register and test from the person's uploads - someone else's upload does not exist for them") {
  AgentHarness h;
  auto model = h.upload(h.dora, "titanic.onnx", fixture_file(kTitanic + "/model.onnx"));
  auto data = h.upload(h.dora, "last-week.csv", fixture_file(kTitanic + "/data.csv"));
  REQUIRE(model.kind == "onnx");
  REQUIRE(data.kind == "csv");
  REQUIRE(data.columns == std::vector<std::string>{"survived", "sex", "age", "passengerClass"});

  auto reg = run(h, h.dora, "register_model", {{"model", "titanic"}, {"upload_id", model.id}, {"description", "from chat"}});
  REQUIRE(reg.ok());
  REQUIRE(reg.value()["card"] == "version");
  REQUIRE(reg.value()["version"] == 1);
  REQUIRE(reg.value()["stage"] == "staging");
  REQUIRE(h.app->store().get_version("titanic", 1)->description == "from chat");
  REQUIRE(std::filesystem::exists(app::upload_path(*h.app, model.id)));  // still there for later turns

  auto tested = run(h, h.dora, "test_model", {{"model", "titanic"}, {"version", "latest"}, {"upload_id", data.id}, {"label", "survived"}});
  REQUIRE(tested.ok());
  REQUIRE(tested.value()["card"] == "metrics");
  REQUIRE(tested.value()["passed"] == true);
  REQUIRE(tested.value()["rows"].get<int64_t>() > 0);
  REQUIRE(h.app->store().list_tests("titanic", 1)->size() == 1);

  auto others = run(h, h.ann, "test_model", {{"model", "titanic"}, {"version", 1}, {"upload_id", data.id}, {"label", "survived"}});
  REQUIRE(others.error().status == 404);
  REQUIRE(others.error().code == "upload_not_found");
  auto wrongKind = run(h, h.dora, "register_model", {{"model", "titanic"}, {"upload_id", data.id}});
  REQUIRE(wrongKind.error().code == "wrong_upload_kind");
  auto badId = run(h, h.dora, "register_model", {{"model", "titanic"}, {"upload_id", "../../mlgate.db"}});
  REQUIRE(badId.error().code == "invalid_upload_id");
}

TEST_CASE("which calls wait for confirmation: production changes and deletes, and archiving the production version") {
  AgentHarness h;
  h.ship_fixture("titanic", kTitanic, "survived");
  REQUIRE(h.register_fixture("titanic", "s01_iris_logreg_zipmap") == 2);
  auto prep = [&](const http::Identity& who, const std::string& tool, const json& args) {
    auto c = app::prepare_tool_call(*h.app, who, tool, args);
    INFO((c ? "" : c.error().message));
    REQUIRE(c.ok());
    return c.value();
  };
  auto req = prep(h.dora, "request_promotion", {{"model", "titanic"}, {"version", "staging"}});
  REQUIRE(req.needs_confirmation);
  REQUIRE(req.summary == "Request promotion of titanic v2 to production");
  REQUIRE(prep(h.dora, "archive_version", {{"model", "titanic"}, {"version", 1}}).summary ==
          "Archive titanic v1, the production version");
  REQUIRE_FALSE(prep(h.dora, "archive_version", {{"model", "titanic"}, {"version", 2}}).needs_confirmation);
  REQUIRE(prep(h.dora, "delete_version", {{"model", "titanic"}, {"version", 2}}).summary == "Delete titanic v2");
  REQUIRE(prep(h.abe, "rollback", {{"model", "titanic"}}).needs_confirmation);
  REQUIRE(prep(h.abe, "approve_promotion", {{"promotion_id", 1}}).summary == "Approve promotion #1 (titanic v1 to production)");
  REQUIRE_FALSE(prep(h.dora, "predict", {{"model", "titanic"}, {"features", kPassenger}}).needs_confirmation);
  // A promotion that does not exist is reported now, not at confirmation.
  REQUIRE(app::prepare_tool_call(*h.app, h.abe, "approve_promotion", {{"promotion_id", 99}}).error().status == 404);
}

TEST_CASE("the remaining tools each run their operation and return their card") {
  AgentHarness h;
  REQUIRE(h.ship_fixture("titanic", kTitanic, "survived") == 1);
  REQUIRE(h.register_fixture("titanic", "s01_iris_logreg_zipmap") == 2);
  REQUIRE(h.register_fixture("titanic", "s02_iris_logreg_tensor") == 3);

  auto tests = run(h, h.vic, "list_tests", {{"model", "titanic"}});
  REQUIRE(tests.value()["card"] == "tests");
  REQUIRE(tests.value()["tests"].size() == 1);
  REQUIRE(tests.value()["tests"][0]["version"] == 1);
  REQUIRE(run(h, h.vic, "list_tests", {{"model", "titanic"}, {"version", 2}}).value()["tests"].empty());

  auto described = run(h, h.vic, "describe_model", {{"model", "titanic"}});
  REQUIRE(described.value()["card"] == "model");
  REQUIRE(described.value()["versions"].size() == 3);

  auto archived = run(h, h.dora, "archive_version", {{"model", "titanic"}, {"version", 2}});
  REQUIRE(archived.value()["stage"] == "archived");
  REQUIRE(h.stage("titanic", 2) == "archived");

  auto deleted = run(h, h.dora, "delete_version", {{"model", "titanic"}, {"version", 3}});
  REQUIRE(deleted.value()["card"] == "deleted");
  REQUIRE(h.app->store().get_version("titanic", 3).error().status == 404);
  REQUIRE(run(h, h.dora, "delete_version", {{"model", "titanic"}, {"version", 1}}).error().status == 409);  // production

  auto audit = run(h, h.vic, "audit_trail", {{"model", "titanic"}});
  REQUIRE(audit.value()["card"] == "audit");
  REQUIRE(audit.value()["events"].back()["action"] == "version.deleted");

  auto promo = h.app->store().list_promotions(std::nullopt).value().at(0);
  auto rejected = run(h, h.abe, "reject_promotion", {{"promotion_id", promo.id}});
  REQUIRE(rejected.error().status == 409);  // already approved: the store's own rule, unchanged
}
