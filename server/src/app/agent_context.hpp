// What the planner may know of the world at the start of a turn: the models with their
// versions, stages, features and classes, and the person's uploads.
#pragma once
#include "agent/planner.hpp"
#include "http/request.hpp"

namespace mlgate::app {

class App;

Result<agent::Context> build_agent_context(App& app, const http::Identity& who);

}  // namespace mlgate::app
