// Schema version 4 lets a chat action be recorded as expired; a version 3 database (whose
// CHECK has no 'expired') is upgraded in place without losing an action.
#include <sqlite3.h>

#include "registry/agent_store.hpp"
#include "registry/schema.hpp"
#include "registry_fixtures.hpp"

using namespace mlgate;
using namespace mlgate::registry;
using namespace mlgate::registry::testing;

namespace {
void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  INFO(sql << ": " << (err ? err : ""));
  sqlite3_free(err);
  REQUIRE(rc == SQLITE_OK);
}

std::string column_text(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  std::string out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return out;
}

// Puts chat_actions back as version 3 had it: the same table without 'expired', rows kept.
void downgrade_to_v3(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  std::string create = column_text(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'chat_actions'");
  auto at = create.find(", 'expired'");
  REQUIRE(at != std::string::npos);
  create.erase(at, std::string(", 'expired'").size());
  exec(db, "ALTER TABLE chat_actions RENAME TO chat_actions_old");
  exec(db, create);
  exec(db, "INSERT INTO chat_actions SELECT * FROM chat_actions_old; DROP TABLE chat_actions_old; PRAGMA user_version = 3");
  // Version 3 refuses the new status: the upgrade below is what allows it.
  REQUIRE(sqlite3_exec(db, "UPDATE chat_actions SET status = 'expired'", nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
  sqlite3_close(db);
}
}  // namespace

TEST_CASE("a version 3 database keeps its pending actions through the upgrade, which lets one be recorded as expired") {
  TempDir dir;
  auto file = dir.path / "registry.db";
  Turn t;
  t.conversation_id = "c_0123456789abcdef0123456789abcdef";
  t.owner = "dora";
  t.create = true;
  t.planner = "scripted";
  ChatAction a;
  a.id = "act_0123456789abcdef0123456789abcdef";
  a.tool = "delete_version";
  a.arguments = {{"model", "iris"}, {"version", 1}};
  a.summary = "Delete iris v1";
  t.actions.push_back(a);
  {
    auto store = open_sqlite_agent_store(file);
    REQUIRE(store.ok());
    REQUIRE(store.value()->save_turn(t).ok());
  }
  downgrade_to_v3(file);

  auto store = open_sqlite_agent_store(file);
  REQUIRE(store.ok());
  auto kept = store.value()->get_action(a.id, "dora");
  REQUIRE(kept.ok());
  REQUIRE(kept->status == "pending");
  REQUIRE(kept->summary == "Delete iris v1");
  REQUIRE(kept->arguments == a.arguments);
  REQUIRE(kept->conversation_id == t.conversation_id);
  auto expired = store.value()->settle_action(a.id, "dora", "pending", "expired", nullptr, {});
  INFO((expired ? "" : expired.error().message));
  REQUIRE(expired.ok());
  REQUIRE(store.value()->get_action(a.id, "dora")->status == "expired");
  REQUIRE(store.value()->get_conversation(t.conversation_id, "dora")->actions.size() == 1);
}
