// The chat pane's conversation: what was said, the tools the agent ran shown as cards, and
// the pending actions (promote, approve, roll back, delete...) that only the person's own
// Confirm carries out. No drawing and no browser calls: AppState sends what this builds.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlgate::client {

// How a tool result is drawn.
enum class CardKind { models, model, version, metrics, prediction, audit, error, generic };
CardKind card_kind(const std::string& tool, const nlohmann::json& result);
const char* card_kind_name(CardKind k);

struct ChatCard {
  std::string tool;
  nlohmann::json arguments;
  nlohmann::json result;
  CardKind kind = CardKind::generic;
};

struct ChatAction {
  std::string id, tool, summary;
  nlohmann::json arguments;
  std::string status = "pending";  // pending | sending | confirmed | cancelled | failed
  std::string outcome;             // what the server said when it was carried out or refused
  nlohmann::json result;           // the tool's result once confirmed
};

struct ChatMessage {
  std::string role;  // user | assistant | error | note
  std::string text;
  std::vector<ChatCard> cards;
  std::vector<std::string> action_ids;
};

class ChatState {
 public:
  // Records the person's message; returns the POST /api/v1/chat body.
  std::string begin_message(const std::string& text);
  // The server's reply to a message, or its error (`error_text` already phrased for people).
  void on_reply(bool ok, const std::string& body, const std::string& error_text);
  // Marks the action as sending; returns the path to POST, or "" when it is not pending.
  std::string begin_decision(const std::string& action_id, bool confirm);
  void on_decision(const std::string& action_id, bool confirm, bool ok, const std::string& body, const std::string& error_text);
  // A note from the page itself (an uploaded file the agent can now use).
  void note(const std::string& text) { messages_.push_back({"note", text, {}, {}}); }

  const std::vector<ChatMessage>& messages() const { return messages_; }
  const ChatAction* action(const std::string& id) const;
  const std::string& conversation_id() const { return conversation_id_; }
  bool waiting() const { return waiting_; }
  nlohmann::json to_json() const;  // for window.mlgate.state()

 private:
  ChatAction* find(const std::string& id);

  std::string conversation_id_;
  std::vector<ChatMessage> messages_;
  std::vector<ChatAction> actions_;
  bool waiting_ = false;
};

}  // namespace mlgate::client
