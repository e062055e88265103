// Which planner the agent uses, decided once at start from the configuration.
#pragma once
#include <memory>

#include "agent/planner.hpp"
#include "app/config.hpp"

namespace mlgate::app {

// nullptr: no planner, and POST /api/v1/chat answers 503 agent_unavailable.
std::unique_ptr<agent::Planner> choose_planner(const Config& config);

}  // namespace mlgate::app
