// The one place that picks the agent's planner. The offline parser and the LLM planner are
// written on other branches; until they are merged here, no planner is configured and the
// chat endpoint says so (503 agent_unavailable) instead of pretending.
#include "app/agent_planner_choice.hpp"

namespace mlgate::app {

std::unique_ptr<agent::Planner> choose_planner(const Config&) { return nullptr; }

}  // namespace mlgate::app
