// The agent's rows in the registry database: uploads, conversations, messages, actions.
#include "core/clock.hpp"
#include "registry/agent_store.hpp"
#include "registry/schema.hpp"
#include "registry/sqlite_db.hpp"

namespace mlgate::registry {
using nlohmann::json;

namespace {

constexpr const char* kUploadColumns = "id, owner, filename, kind, size_bytes, sha256, columns, created_at";
constexpr const char* kActionColumns =
    "id, conversation_id, owner, tool, arguments, summary, status, result, created_at, decided_at";

UploadRecord read_upload(const sql::Stmt& s) {
  UploadRecord u;
  u.id = s.text(0);
  u.owner = s.text(1);
  u.filename = s.text(2);
  u.kind = s.text(3);
  u.size_bytes = s.i64(4);
  u.sha256 = s.text(5);
  u.columns = json::parse(s.text(6)).get<std::vector<std::string>>();
  u.created_at = s.text(7);
  return u;
}

ChatAction read_action(const sql::Stmt& s) {
  ChatAction a;
  a.id = s.text(0);
  a.conversation_id = s.text(1);
  a.owner = s.text(2);
  a.tool = s.text(3);
  a.arguments = json::parse(s.text(4));
  a.summary = s.text(5);
  a.status = s.text(6);
  a.result = json::parse(s.text(7));
  a.created_at = s.text(8);
  a.decided_at = s.text(9);
  return a;
}

Error conversation_not_found(const std::string& id) {
  return not_found("conversation_not_found", "no conversation '" + id + "'");
}
Error action_not_found(const std::string& id) { return not_found("action_not_found", "no pending action '" + id + "'"); }

class SqliteAgentStore final : public AgentStore {
 public:
  explicit SqliteAgentStore(std::unique_ptr<sql::Db> db) : db_(std::move(db)) {}

  Status add_upload(const UploadRecord& u) override {
    return db_->transaction<Unit>(true, [&]() -> Result<Unit> {
      db_->prepare("INSERT INTO uploads (id, owner, filename, kind, size_bytes, sha256, columns, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          .bind(u.id, u.owner, u.filename, u.kind, u.size_bytes, u.sha256, json(u.columns).dump(), u.created_at)
          .run();
      return Unit{};
    });
  }

  Result<std::vector<UploadRecord>> list_uploads(const std::string& owner) override {
    return db_->transaction<std::vector<UploadRecord>>(false, [&]() -> Result<std::vector<UploadRecord>> {
      // By rowid, the order they were added in: a clock that stands still or goes backwards
      // cannot reorder them (BAD-INPUTS.md 2.5). Likewise the actions below.
      static const std::string q =
          std::string("SELECT ") + kUploadColumns + " FROM uploads WHERE owner = ? ORDER BY rowid DESC";
      auto s = db_->prepare(q.c_str());
      s.bind(owner);
      std::vector<UploadRecord> out;
      while (s.step()) out.push_back(read_upload(s));
      return out;
    });
  }

  Result<UploadRecord> get_upload(const std::string& id, const std::string& owner) override {
    return db_->transaction<UploadRecord>(false, [&]() -> Result<UploadRecord> {
      static const std::string q = std::string("SELECT ") + kUploadColumns + " FROM uploads WHERE id = ? AND owner = ?";
      auto s = db_->prepare(q.c_str());
      if (!s.bind(id, owner).step()) return not_found("upload_not_found", "no upload '" + id + "'");
      return read_upload(s);
    });
  }

  Result<std::vector<std::string>> remove_uploads_before(const std::string& cutoff) override {
    return db_->transaction<std::vector<std::string>>(true, [&]() -> Result<std::vector<std::string>> {
      std::vector<std::string> ids;
      {
        auto s = db_->prepare("SELECT id FROM uploads WHERE created_at < ?");
        s.bind(cutoff);
        while (s.step()) ids.push_back(s.text(0));
      }
      db_->prepare("DELETE FROM uploads WHERE created_at < ?").bind(cutoff).run();
      return ids;
    });
  }

  Result<Conversation> get_conversation(const std::string& id, const std::string& owner) override {
    return db_->transaction<Conversation>(false, [&]() -> Result<Conversation> {
      Conversation c;
      {
        auto s = db_->prepare("SELECT id, owner, created_at, updated_at, planner, state FROM conversations WHERE id = ? AND owner = ?");
        if (!s.bind(id, owner).step()) return conversation_not_found(id);
        c.id = s.text(0);
        c.owner = s.text(1);
        c.created_at = s.text(2);
        c.updated_at = s.text(3);
        c.planner = s.text(4);
        c.state = json::parse(s.text(5));
      }
      {
        auto s = db_->prepare(
            "SELECT at, role, content, tool_calls, tool_call_id FROM chat_messages WHERE conversation_id = ? ORDER BY id");
        s.bind(id);
        while (s.step()) c.messages.push_back({s.text(0), s.text(1), s.text(2), json::parse(s.text(3)), s.text(4)});
      }
      {
        static const std::string q =
            std::string("SELECT ") + kActionColumns + " FROM chat_actions WHERE conversation_id = ? ORDER BY rowid";
        auto s = db_->prepare(q.c_str());
        s.bind(id);
        while (s.step()) c.actions.push_back(read_action(s));
      }
      return c;
    });
  }

  Status save_turn(const Turn& t) override {
    return db_->transaction<Unit>(true, [&]() -> Result<Unit> {
      auto at = now_rfc3339();
      if (t.create) {
        db_->prepare("INSERT INTO conversations (id, owner, created_at, updated_at, planner, state) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(t.conversation_id, t.owner, at, at, t.planner, t.state.dump())
            .run();
      } else {
        db_->prepare("UPDATE conversations SET updated_at = ?, planner = ?, state = ? WHERE id = ? AND owner = ?")
            .bind(at, t.planner, t.state.dump(), t.conversation_id, t.owner)
            .run();
        if (db_->changes() == 0) return conversation_not_found(t.conversation_id);
      }
      append(t.conversation_id, t.messages, at);
      for (const auto& a : t.actions)
        db_->prepare("INSERT INTO chat_actions (id, conversation_id, owner, tool, arguments, summary, status, result, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, 'pending', 'null', ?)")
            .bind(a.id, t.conversation_id, t.owner, a.tool, a.arguments.dump(), a.summary, at)
            .run();
      return Unit{};
    });
  }

  Result<ChatAction> get_action(const std::string& id, const std::string& owner) override {
    return db_->transaction<ChatAction>(false, [&]() -> Result<ChatAction> { return find_action(id, owner); });
  }

  Result<ChatAction> settle_action(const std::string& id, const std::string& owner, const std::string& from,
                                   const std::string& to, const json& result, const std::vector<ChatMessage>& messages) override {
    return db_->transaction<ChatAction>(true, [&]() -> Result<ChatAction> {
      auto a = find_action(id, owner);
      if (!a) return a;
      if (a->status != from)
        return conflict("action_not_pending", "action '" + id + "' is already " + a->status + "; it runs at most once");
      auto at = now_rfc3339();
      db_->prepare("UPDATE chat_actions SET status = ?, result = ?, decided_at = ? WHERE id = ? AND status = ?")
          .bind(to, result.dump(), at, id, from)
          .run();
      append(a->conversation_id, messages, at);
      if (!messages.empty())
        db_->prepare("UPDATE conversations SET updated_at = ? WHERE id = ?").bind(at, a->conversation_id).run();
      a->status = to;
      a->result = result;
      a->decided_at = at;
      return a;
    });
  }

 private:
  // Inside a transaction.
  Result<ChatAction> find_action(const std::string& id, const std::string& owner) {
    static const std::string q = std::string("SELECT ") + kActionColumns + " FROM chat_actions WHERE id = ? AND owner = ?";
    auto s = db_->prepare(q.c_str());
    if (!s.bind(id, owner).step()) return action_not_found(id);
    return read_action(s);
  }

  void append(const std::string& conversation_id, const std::vector<ChatMessage>& messages, const std::string& at) {
    for (const auto& m : messages)
      db_->prepare("INSERT INTO chat_messages (conversation_id, at, role, content, tool_calls, tool_call_id) VALUES (?, ?, ?, ?, ?, ?)")
          .bind(conversation_id, m.at.empty() ? at : m.at, m.role, m.content, m.tool_calls.dump(), m.tool_call_id)
          .run();
  }

  std::unique_ptr<sql::Db> db_;
};

}  // namespace

Result<std::unique_ptr<AgentStore>> open_sqlite_agent_store(const std::filesystem::path& db_file) {
  auto db = sql::open_migrated(db_file);
  if (!db) return db.error();
  return std::unique_ptr<AgentStore>(new SqliteAgentStore(std::move(db.value())));
}

}  // namespace mlgate::registry
