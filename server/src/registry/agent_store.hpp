// What the deployment agent keeps: uploads handed to it, conversations with their messages
// and planner state, and actions waiting for the person's confirmation. Everything belongs to
// one identity; asking for someone else's row answers 404, as if it did not exist.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlgate/result.hpp"

namespace mlgate::registry {

struct UploadRecord {
  std::string id;
  std::string owner;
  std::string filename;  // as the person named it; shown, never used as a path
  std::string kind;      // onnx | csv
  int64_t size_bytes = 0;
  std::string sha256;
  std::vector<std::string> columns;  // csv header
  std::string created_at;
};

struct ChatMessage {
  std::string at;
  std::string role;  // user | assistant | tool
  std::string content;
  nlohmann::json tool_calls = nlohmann::json::array();  // [{"id", "name", "arguments"}]
  std::string tool_call_id;
};

struct ChatAction {
  std::string id;
  std::string conversation_id;
  std::string owner;
  std::string tool;
  nlohmann::json arguments = nlohmann::json::object();
  std::string summary;
  std::string status;  // pending | running | done | failed | cancelled | expired
  nlohmann::json result;
  std::string created_at;
  std::string decided_at;
};

struct Conversation {
  std::string id;
  std::string owner;
  std::string created_at;
  std::string updated_at;
  std::string planner;
  nlohmann::json state = nlohmann::json::object();
  std::vector<ChatMessage> messages;  // in order
  std::vector<ChatAction> actions;    // in creation order
};

// One turn of a conversation, written in one transaction: the messages it added, the
// planner's new state and the actions it left pending.
struct Turn {
  std::string conversation_id;
  std::string owner;
  bool create = false;  // a new conversation
  std::string planner;
  nlohmann::json state = nlohmann::json::object();
  std::vector<ChatMessage> messages;
  std::vector<ChatAction> actions;
};

class AgentStore {
 public:
  virtual ~AgentStore() = default;

  virtual Status add_upload(const UploadRecord& u) = 0;
  virtual Result<std::vector<UploadRecord>> list_uploads(const std::string& owner) = 0;  // newest first
  virtual Result<UploadRecord> get_upload(const std::string& id, const std::string& owner) = 0;
  // Forgets uploads created before `cutoff` (RFC 3339); returns their ids so the files go too.
  virtual Result<std::vector<std::string>> remove_uploads_before(const std::string& cutoff) = 0;

  virtual Result<Conversation> get_conversation(const std::string& id, const std::string& owner) = 0;
  virtual Status save_turn(const Turn& t) = 0;

  virtual Result<ChatAction> get_action(const std::string& id, const std::string& owner) = 0;
  // Moves an action from `from` to `to` status only if it is still in `from` (409 otherwise),
  // records its result and appends `messages` to its conversation, all at once: this is what
  // makes a confirmation run at most once.
  virtual Result<ChatAction> settle_action(const std::string& id, const std::string& owner, const std::string& from,
                                           const std::string& to, const nlohmann::json& result,
                                           const std::vector<ChatMessage>& messages) = 0;
};

// On the registry's SQLite file (its own connection; the schema is migrated by the store).
Result<std::unique_ptr<AgentStore>> open_sqlite_agent_store(const std::filesystem::path& db_file);

}  // namespace mlgate::registry
