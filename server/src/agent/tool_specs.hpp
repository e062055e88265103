// The one table of the agent's tools: names, arguments (JSON Schema), the role each needs
// and whether it waits for the person's confirmation. It feeds the LLM (`tools`), the
// offline planner and the executor, so the three can never disagree.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlgate::agent {

enum class Confirm {
  never,            // reads, and writes that stay in staging
  always,           // changes production or deletes
  when_production,  // archive: only when the version is the production one
};

struct ToolSpec {
  std::string name;
  std::string description;
  nlohmann::json parameters;  // JSON Schema object
  std::string role;           // least role: viewer | deployer | approver | admin
  Confirm confirm = Confirm::never;
};

const std::vector<ToolSpec>& tool_specs();
const ToolSpec* find_tool_spec(std::string_view name);
// The table in the Chat Completions `tools` form: [{"type": "function", "function": {...}}].
nlohmann::json openai_tools();

}  // namespace mlgate::agent
