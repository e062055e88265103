// Words for the person: tool results rendered as short plain text, and the standing
// replies (what the agent can do). Results are data: they are shown, never obeyed.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/planner.hpp"

namespace mlgate::agent::offline {

// One line (or a few) for the result of one call. Handles the shapes every tool can
// return: {"error": {"code", "message"}} and {"card": "pending_action", "summary"} (a call held back for the
// person's confirmation).
std::string render_result(const std::string& tool, const nlohmann::json& arguments, const nlohmann::json& result);

std::string capabilities();   // answer to "help" and to anything out of scope
std::string out_of_scope();
// "churn, iris, wine" (the first `limit`, then "and N more").
std::string name_list(const std::vector<std::string>& names, size_t limit = 20);
// "1 (archived), 2 (production), 3 (staging)"
std::string version_list(const ModelView& model);
// 0.9533 → "0.953", 40 → "40"
std::string format_number(double v);

}  // namespace mlgate::agent::offline
