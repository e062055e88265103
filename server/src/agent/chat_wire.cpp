#include "agent/chat_wire.hpp"

#include "agent/tool_specs.hpp"
#include "core/json_depth.hpp"

namespace mlgate::agent {
using nlohmann::json;

namespace {
Error bad_reply(const std::string& what) { return {502, "llm_bad_reply", "the LLM provider's reply is malformed: " + what}; }

const char* role_name(Message::Role r) {
  switch (r) {
    case Message::Role::system: return "system";
    case Message::Role::user: return "user";
    case Message::Role::assistant: return "assistant";
    case Message::Role::tool: return "tool";
  }
  return "user";
}

// Names come from the model: quote them bounded and printable.
std::string quoted_name(const std::string& name) {
  std::string out;
  for (char c : name.substr(0, 64)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return "'" + out + (name.size() > 64 ? "...'" : "'");
}

Result<ToolCall> parse_tool_call(const json& call, std::size_t index) {
  const std::string where = "tool_calls[" + std::to_string(index) + "]";
  if (!call.is_object()) return bad_reply(where + " is not an object");
  if (call.contains("type") && call["type"] != "function") return bad_reply(where + ".type is not \"function\"");
  if (!call.contains("function") || !call["function"].is_object()) return bad_reply(where + " has no function");
  const auto& fn = call["function"];
  if (!fn.contains("name") || !fn["name"].is_string()) return bad_reply(where + ".function has no name");
  ToolCall tc;
  tc.name = fn["name"].get<std::string>();
  if (!find_tool_spec(tc.name))
    return Error{502, "llm_unknown_tool", "the LLM asked for a tool mlgate does not have: " + quoted_name(tc.name)};
  tc.id = call.contains("id") && call["id"].is_string() && !call["id"].get<std::string>().empty() ? call["id"].get<std::string>()
                                                                                                  : "call_" + std::to_string(index);
  // The documented form is a JSON string; a few local servers send the object itself.
  const json args = fn.value("arguments", json());
  if (args.is_string()) {
    const auto& text = args.get_ref<const std::string&>();
    if (json_depth(text, kMaxJsonDepth) > kMaxJsonDepth)
      return bad_reply(where + " (" + quoted_name(tc.name) + ") has arguments nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    tc.arguments = text.find_first_not_of(" \t\r\n") == std::string::npos ? json::object() : json::parse(text, nullptr, false);
    if (tc.arguments.is_discarded()) return bad_reply(where + " (" + quoted_name(tc.name) + ") has arguments that are not valid JSON");
  } else if (args.is_object() || args.is_null()) {
    tc.arguments = args.is_null() ? json::object() : args;
  } else {
    return bad_reply(where + ".function.arguments is neither a JSON string nor an object");
  }
  if (!tc.arguments.is_object()) return bad_reply(where + " (" + quoted_name(tc.name) + ") has arguments that are not a JSON object");
  return tc;
}
}  // namespace

json to_chat_messages(const std::vector<Message>& history) {
  json messages = json::array();
  for (const auto& m : history) {
    json out = {{"role", role_name(m.role)}};
    if (m.role == Message::Role::assistant && !m.tool_calls.empty()) {
      out["content"] = m.content.empty() ? json() : json(m.content);
      json calls = json::array();
      for (const auto& c : m.tool_calls)
        calls.push_back({{"id", c.id}, {"type", "function"}, {"function", {{"name", c.name}, {"arguments", c.arguments.dump()}}}});
      out["tool_calls"] = std::move(calls);
    } else {
      out["content"] = m.content;
    }
    if (m.role == Message::Role::tool) out["tool_call_id"] = m.tool_call_id;
    messages.push_back(std::move(out));
  }
  return messages;
}

Result<Step> parse_chat_reply(const json& completion) {
  if (!completion.contains("choices") || !completion["choices"].is_array() || completion["choices"].empty())
    return bad_reply("no choices");
  const auto& choice = completion["choices"][0];
  if (!choice.is_object() || !choice.contains("message") || !choice["message"].is_object()) return bad_reply("choices[0] has no message");
  const auto& msg = choice["message"];
  const std::string finish = choice.contains("finish_reason") && choice["finish_reason"].is_string() ? choice["finish_reason"].get<std::string>() : "";
  Step step;
  if (msg.contains("tool_calls") && !msg["tool_calls"].is_null()) {
    if (!msg["tool_calls"].is_array()) return bad_reply("message.tool_calls is not an array");
    for (std::size_t i = 0; i < msg["tool_calls"].size(); ++i) {
      auto tc = parse_tool_call(msg["tool_calls"][i], i);
      if (!tc) return tc.error();
      step.tool_calls.push_back(std::move(tc).value());
    }
  }
  if (!step.tool_calls.empty()) return step;
  if (finish == "tool_calls") return bad_reply("finish_reason is \"tool_calls\" but the message has none");
  if (finish == "content_filter") return Error{502, "llm_refused", "the LLM provider's content filter stopped the reply"};
  if (msg.contains("content") && msg["content"].is_string()) step.reply = msg["content"].get<std::string>();
  if (step.reply.empty() && msg.contains("refusal") && msg["refusal"].is_string()) step.reply = msg["refusal"].get<std::string>();
  if (step.reply.empty()) {
    if (finish == "length") return Error{502, "llm_bad_reply", "the LLM's reply was cut off at its length limit before saying anything"};
    return bad_reply("the message has neither text nor tool calls");
  }
  return step;
}

}  // namespace mlgate::agent
