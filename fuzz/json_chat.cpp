// The chat request decoder (server/src/api/chat_request.cpp). Properties: ok only for a
// JSON object whose "message" is a string, decoded to exactly that string (and likewise the
// conversation id); a rejection is a 400 with a code.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/chat_request.hpp"
#include "check.hpp"

using namespace mlgate;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto decoded = api::decode_chat_request(body);
  if (!decoded) {
    fuzz::check_rejection(decoded.error());
    MLGATE_CHECK(decoded.error().status == 400, decoded.error().code);
    return 0;
  }
  // A second, independent reading of the same text (non-throwing DOM parse).
  auto j = nlohmann::json::parse(body, nullptr, false);
  MLGATE_CHECK(!j.is_discarded() && j.is_object(), "ok for a body that is not a JSON object");
  MLGATE_CHECK(j["message"].is_string() && j["message"].get<std::string>() == decoded->message, decoded->message);
  const bool has_conv = j.contains("conversation_id") && !j["conversation_id"].is_null();
  MLGATE_CHECK(has_conv == decoded->conversation_id.has_value(), "conversation_id");
  if (has_conv) MLGATE_CHECK(j["conversation_id"].get<std::string>() == *decoded->conversation_id, *decoded->conversation_id);
  return 0;
}
