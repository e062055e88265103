#include "chat_state.hpp"

namespace mlgate::client {
using nlohmann::json;

CardKind card_kind(const std::string& tool, const json& result) {
  if (!result.is_object()) return CardKind::generic;
  if (result.contains("error")) return CardKind::error;
  if (tool == "predict" || result.contains("predictions")) return CardKind::prediction;
  if (result.contains("metrics") || result.contains("tests") || tool == "compare_versions") return CardKind::metrics;
  if (result.contains("models")) return CardKind::models;
  if (result.contains("events")) return CardKind::audit;
  if (result.contains("versions")) return CardKind::model;
  if (result.contains("stage") && result.contains("version")) return CardKind::version;
  return CardKind::generic;
}

const char* card_kind_name(CardKind k) {
  switch (k) {
    case CardKind::models: return "models";
    case CardKind::model: return "model";
    case CardKind::version: return "version";
    case CardKind::metrics: return "metrics";
    case CardKind::prediction: return "prediction";
    case CardKind::audit: return "audit";
    case CardKind::error: return "error";
    case CardKind::generic: return "generic";
  }
  return "generic";
}

std::string ChatState::begin_message(const std::string& text) {
  messages_.push_back({"user", text, {}, {}});
  waiting_ = true;
  json body = {{"message", text}};
  if (!conversation_id_.empty()) body["conversation_id"] = conversation_id_;
  return body.dump();
}

void ChatState::on_reply(bool ok, const std::string& body, const std::string& error_text) {
  waiting_ = false;
  auto j = json::parse(body, nullptr, false);
  if (!ok || !j.is_object()) {
    messages_.push_back({"error", ok ? "the reply is not JSON" : error_text, {}, {}});
    return;
  }
  if (j.contains("conversation_id") && j["conversation_id"].is_string()) conversation_id_ = j["conversation_id"];
  ChatMessage m{"assistant", j.value("reply", ""), {}, {}};
  for (const auto& call : j.value("tool_calls", json::array())) {
    if (!call.is_object()) continue;
    ChatCard card{call.value("tool", ""), call.value("arguments", json::object()), call.value("result", json(nullptr))};
    // A held-back action is drawn once, as its own card with the buttons.
    if (card.result.is_object() && card.result.value("card", "") == "pending_action") continue;
    card.kind = card_kind(card.tool, card.result);
    m.cards.push_back(std::move(card));
  }
  for (const auto& a : j.value("pending_actions", json::array())) {
    if (!a.is_object() || !a.contains("id")) continue;
    ChatAction action{a["id"].is_string() ? a["id"].get<std::string>() : a["id"].dump(), a.value("tool", ""), a.value("summary", ""),
                      a.value("arguments", json::object()), "pending", "", nullptr};
    m.action_ids.push_back(action.id);
    if (!find(action.id)) actions_.push_back(std::move(action));
  }
  messages_.push_back(std::move(m));
}

std::string ChatState::begin_decision(const std::string& action_id, bool confirm) {
  ChatAction* a = find(action_id);
  if (!a || a->status != "pending") return "";
  a->status = "sending";
  return "/api/v1/chat/actions/" + action_id + (confirm ? "/confirm" : "/cancel");
}

void ChatState::on_decision(const std::string& action_id, bool confirm, bool ok, const std::string& body, const std::string& error_text) {
  ChatAction* a = find(action_id);
  if (!a) return;
  if (!ok) {
    a->status = "failed";
    a->outcome = error_text;
    return;
  }
  a->status = confirm ? "confirmed" : "cancelled";
  auto j = json::parse(body, nullptr, false);
  if (j.is_object()) {
    a->result = j.contains("result") ? j["result"] : j;
    if (j.contains("reply") && j["reply"].is_string()) a->outcome = j["reply"];
  }
  if (a->outcome.empty()) a->outcome = confirm ? "done" : "cancelled";
}

const ChatAction* ChatState::action(const std::string& id) const {
  for (const auto& a : actions_)
    if (a.id == id) return &a;
  return nullptr;
}

ChatAction* ChatState::find(const std::string& id) { return const_cast<ChatAction*>(static_cast<const ChatState*>(this)->action(id)); }

json ChatState::to_json() const {
  json messages = json::array();
  for (const auto& m : messages_) {
    json cards = json::array();
    for (const auto& c : m.cards) cards.push_back({{"tool", c.tool}, {"kind", card_kind_name(c.kind)}, {"arguments", c.arguments}});
    messages.push_back({{"role", m.role}, {"text", m.text}, {"cards", cards}, {"actions", m.action_ids}});
  }
  json actions = json::array();
  for (const auto& a : actions_)
    actions.push_back({{"id", a.id}, {"tool", a.tool}, {"summary", a.summary}, {"status", a.status}, {"outcome", a.outcome}});
  return {{"conversation_id", conversation_id_.empty() ? json(nullptr) : json(conversation_id_)},
          {"waiting", waiting_},
          {"messages", messages},
          {"actions", actions}};
}

}  // namespace mlgate::client
