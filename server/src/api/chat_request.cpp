#include "api/chat_request.hpp"

#include "api/json_body.hpp"

namespace mlgate::api {

Result<ChatRequest> decode_chat_request(std::string_view body) {
  auto parsed = parse_json_body(body);
  if (!parsed) return parsed.error();
  const nlohmann::json& j = parsed.value();
  if (!j.is_object()) return bad_request("invalid_json", "request body must be a JSON object");
  auto msg = j.find("message");
  if (msg == j.end() || !msg->is_string())
    return bad_request("missing_message", "'message' is required and must be a string");
  ChatRequest out;
  out.message = msg->get<std::string>();
  if (auto c = j.find("conversation_id"); c != j.end() && !c->is_null()) {
    if (!c->is_string()) return bad_request("invalid_conversation_id", "'conversation_id' must be a string");
    out.conversation_id = c->get<std::string>();
  }
  return out;
}

}  // namespace mlgate::api
