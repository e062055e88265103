// The planner's conversation in and out of the Chat Completions wire format:
// https://platform.openai.com/docs/api-reference/chat (messages, tool_calls, finish_reason).
#pragma once
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/planner.hpp"
#include "mlgate/result.hpp"

namespace mlgate::agent {

// History as `messages`: assistant tool calls carry their arguments as JSON text, results
// go back as role "tool" messages tied by tool_call_id.
nlohmann::json to_chat_messages(const std::vector<Message>& history);

// The first choice of a chat.completion object as a planning step. Tool calls win over text
// (some servers say finish_reason "stop" even when they call tools). Errors (502
// "llm_bad_reply", "llm_unknown_tool") name what was wrong, never echo more than a name.
Result<Step> parse_chat_reply(const nlohmann::json& completion);

}  // namespace mlgate::agent
