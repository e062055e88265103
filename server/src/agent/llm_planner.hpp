// The planner backed by an OpenAI-compatible LLM: the conversation goes out as Chat
// Completions messages with the tool table as `tools`; the reply comes back as tool
// calls to run or as the turn's final text.
#pragma once
#include <memory>

#include "agent/llm_config.hpp"
#include "agent/planner.hpp"
#include "mlgate/result.hpp"

namespace mlgate::agent {

// Fails only when the config cannot work (no key, unreadable CA file). Errors of next():
// those of OpenAiClient::complete (502/503/504 with "llm_*" codes) and of parse_chat_reply,
// including 502 "llm_unknown_tool" when the model names a tool outside the table.
Result<std::unique_ptr<Planner>> make_llm_planner(LlmConfig config);

}  // namespace mlgate::agent
