#include <set>

#include <catch2/catch.hpp>

#include "agent/tool_specs.hpp"

using namespace mlgate::agent;

TEST_CASE("every tool in the API contract is in the table, with a schema whose required arguments exist") {
  for (const char* name : {"list_models", "describe_model", "compare_versions", "register_model", "test_model", "list_tests",
                           "request_promotion", "approve_promotion", "reject_promotion", "archive_version", "delete_version",
                           "rollback", "predict", "audit_trail"}) {
    const ToolSpec* spec = find_tool_spec(name);
    INFO(name);
    REQUIRE(spec);
    CHECK(spec->parameters["type"] == "object");
    for (const auto& req : spec->parameters.value("required", nlohmann::json::array()))
      CHECK(spec->parameters["properties"].contains(req.get<std::string>()));
  }
  CHECK(find_tool_spec("drop_database") == nullptr);
}

TEST_CASE("whatever changes production or deletes waits for confirmation") {
  for (const char* name : {"request_promotion", "approve_promotion", "reject_promotion", "delete_version", "rollback"})
    CHECK(find_tool_spec(name)->confirm == Confirm::always);
  CHECK(find_tool_spec("archive_version")->confirm == Confirm::when_production);
  for (const char* name : {"list_models", "describe_model", "predict", "register_model", "test_model"})
    CHECK(find_tool_spec(name)->confirm == Confirm::never);
}

TEST_CASE("the Chat Completions tools list carries every spec as a function") {
  auto tools = openai_tools();
  REQUIRE(tools.size() == tool_specs().size());
  CHECK(tools[0]["type"] == "function");
  CHECK(tools[0]["function"]["name"] == tool_specs()[0].name);
  CHECK(tools[0]["function"]["parameters"] == tool_specs()[0].parameters);
}

TEST_CASE("the tool table holds exactly the documented tools, so no open-ended one (fetch a URL, read a file) slips in") {
  std::set<std::string> names;
  for (const auto& spec : tool_specs()) names.insert(spec.name);
  // Adding a tool is a decision to review: every one here acts only through mlgate's own API.
  const std::set<std::string> documented = {"list_models",     "describe_model",  "compare_versions",  "register_model",
                                            "test_model",      "list_tests",      "request_promotion", "approve_promotion",
                                            "reject_promotion", "archive_version", "delete_version",    "rollback",
                                            "predict",         "audit_trail",     "monitoring_report", "drift_report",
                                            "retrain",         "list_jobs"};
  CHECK(names == documented);
  CHECK(names.size() == tool_specs().size());  // no name twice
}
