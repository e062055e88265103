// The deployment agent's loop: a person's message → the planner proposes tool calls → the
// executor runs them as that person (holding back what changes production or deletes as a
// pending action) → the results go back to the planner → … → a reply. Conversations,
// messages, planner state and pending actions are stored; a pending action runs only when
// the same person confirms it, and only once.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/request.hpp"
#include "mlgate/result.hpp"

namespace mlgate::app {

class App;

inline constexpr size_t kMaxChatMessageBytes = 8 * 1024;
inline constexpr size_t kMaxConversationMessages = 500;
inline constexpr int kMaxPlannerSteps = 8;
inline constexpr size_t kMaxCallsPerStep = 16;

// {"conversation_id", "reply", "planner", "tool_calls": [{"tool", "arguments", "result"}],
//  "pending_actions": [{"id", "tool", "arguments", "summary"}]}. Errors: 503 agent_unavailable
// (no planner), 400 empty_message / invalid_conversation_id / conversation_too_long, 413 for a
// message over 8 KiB, 404 for someone else's conversation, 502/503/504 when the planner fails.
Result<nlohmann::json> chat(App& app, const http::Identity& who, const std::optional<std::string>& conversation_id,
                            const std::string& message);

// The whole conversation: messages in order and its actions with their status.
Result<nlohmann::json> conversation_json(App& app, const http::Identity& who, const std::string& conversation_id);

// Runs a pending action of `who` (once; 409 action_not_pending after) and appends the result
// to its conversation. Another person's action is 404. Past Config::action_minutes it is
// recorded as expired and refused (409 action_expired), as is cancelling it. The call is
// checked again as `who` is now: a role lowered since the proposal gets 403, and the failure
// is recorded like any failed run, its error returned.
Result<nlohmann::json> confirm_action(App& app, const http::Identity& who, const std::string& action_id);
Result<nlohmann::json> cancel_action(App& app, const http::Identity& who, const std::string& action_id);

}  // namespace mlgate::app
