// The body of POST /api/v1/chat as a value: pure, so the fuzz harness (fuzz/json_chat.cpp)
// reaches it without an App.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "mlgate/result.hpp"

namespace mlgate::api {

struct ChatRequest {
  std::string message;
  std::optional<std::string> conversation_id;  // absent or null: a new conversation
};

// {"message": "...", "conversation_id": "..." | null}; other keys ignored. 400 invalid_json,
// missing_message or invalid_conversation_id.
Result<ChatRequest> decode_chat_request(std::string_view body);

}  // namespace mlgate::api
