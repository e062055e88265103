// The system prompt the LLM planner sends first: what mlgate is, the rules the model
// plays by, and the registry as it stands, fenced off as data.
#pragma once
#include <string>

#include "agent/planner.hpp"

namespace mlgate::agent {

std::string llm_system_prompt(const Context& ctx);

}  // namespace mlgate::agent
