// The agent's tool executor: each tool of agent/tool_specs runs AS the person talking, through
// the same operations and role checks as the HTTP API. A call is first prepared (arguments
// checked against the tool's schema, versions like "staging" resolved to numbers, role
// checked, and whether it must wait for the person's confirmation decided), then run.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "agent/tool_specs.hpp"
#include "http/request.hpp"
#include "mlgate/result.hpp"

namespace mlgate::app {

class App;

struct PreparedCall {
  const agent::ToolSpec* spec = nullptr;
  nlohmann::json arguments;         // validated; versions as numbers
  bool needs_confirmation = false;  // Confirm::always, or when_production on the production version
  std::string summary;              // one line, e.g. "Request promotion of churn v3 to production"
};

// 400 unknown_tool / invalid_arguments, 403 forbidden (the person's role is too low), 404 for
// a model, version, upload or promotion that does not exist.
Result<PreparedCall> prepare_tool_call(App& app, const http::Identity& who, const std::string& tool,
                                       const nlohmann::json& arguments);

// Runs a prepared call (whatever its confirmation policy: the caller decides). The result is
// compact JSON for the UI's cards; "card" says which one (models, model, version, comparison,
// metrics, tests, promotion, prediction, audit, deleted).
Result<nlohmann::json> run_tool_call(App& app, const http::Identity& who, const PreparedCall& call);

// {"error": {"status", "code", "message"}}: how a refused or failed call reads to the planner.
nlohmann::json tool_error_json(const Error& e);

}  // namespace mlgate::app
