// Clock skew (BAD-INPUTS.md 2.5): with the server's clock standing still or going backwards,
// everything that has an order keeps the order things happened in, by id, never by timestamp:
// the audit log, the production history that rollback walks, uploads, chat messages and actions.
#include <chrono>

#include "core/held_clock.hpp"
#include "registry/agent_store.hpp"
#include "registry_fixtures.hpp"

using namespace mlgate;
using namespace mlgate::registry;
using namespace mlgate::registry::testing;
using mlgate::testing::HeldClock;
using namespace std::chrono_literals;

TEST_CASE("production history, rollback and the audit log follow ids when timestamps are equal or go backwards") {
  HeldClock clock;
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  REQUIRE(promoted_version(*s, "iris", "one") == 1);
  REQUIRE(promoted_version(*s, "iris", "two") == 2);  // the same instant as v1
  clock.advance(-1h);
  REQUIRE(promoted_version(*s, "iris", "three") == 3);  // an hour "before" both

  // Rollback walks back the order of promotion: 3 → 2 → 1, whatever the timestamps say.
  auto back = s->rollback("iris", "bad", "appr");
  REQUIRE(back.ok());
  REQUIRE(back->version == 2);
  clock.advance(-1h);
  back = s->rollback("iris", "worse", "appr");
  REQUIRE(back.ok());
  REQUIRE(back->version == 1);
  REQUIRE(s->get_version("iris", 1)->stage == "production");
  REQUIRE(s->get_version("iris", 3)->stage != "production");

  // The audit log reads in the order of events: ids ascending, the approvals 1, 2, 3 and then
  // the two rollbacks, although the last events carry the earliest timestamps.
  auto events = s->audit({std::string("iris"), std::nullopt, 1000}).value();
  std::vector<std::string> story;
  for (size_t i = 0; i < events.size(); ++i) {
    if (i > 0) REQUIRE(events[i - 1].id < events[i].id);
    if (events[i].action == "promotion.approved" || events[i].action == "version.rolled_back")
      story.push_back(events[i].action + " " + std::to_string(events[i].version.value_or(0)));
  }
  REQUIRE(story == std::vector<std::string>{"promotion.approved 1", "promotion.approved 2", "promotion.approved 3",
                                            "version.rolled_back 2", "version.rolled_back 1"});
  REQUIRE(events.back().at < events.front().at);  // the clock really went backwards
  // Paging by id is not thrown off either.
  auto after = s->audit({std::string("iris"), events[events.size() - 3].id, 1000}).value();
  REQUIRE(after.size() == 2);
  REQUIRE(after[0].id == events[events.size() - 2].id);
}

TEST_CASE("uploads, chat messages and pending actions keep the order they were made in when timestamps are equal or go backwards") {
  HeldClock clock;
  TempDir dir;
  auto file = dir.path / "r.db";
  open_store(file);  // creates and migrates the schema
  auto opened = open_sqlite_agent_store(file);
  REQUIRE(opened.ok());
  AgentStore& store = *opened.value();

  // Uploads: newest first, by the order they were added, with equal and then earlier times.
  const std::vector<std::string> times = {"2026-12-07T10:00:00.000Z", "2026-12-07T10:00:00.000Z", "2026-12-07T09:00:00.000Z",
                                          "2026-12-07T09:00:00.000Z", "2026-12-07T08:00:00.000Z"};
  for (size_t i = 0; i < times.size(); ++i) {
    UploadRecord u;
    u.id = "up_" + std::string(1, char('a' + (4 - i)));  // ids not in insertion order either
    u.owner = "dora";
    u.filename = "f" + std::to_string(i) + ".csv";
    u.kind = "csv";
    u.sha256 = sha256_hex(u.filename);
    u.created_at = times[i];
    REQUIRE(store.add_upload(u).ok());
  }
  auto uploads = store.list_uploads("dora").value();
  REQUIRE(uploads.size() == 5);
  for (size_t i = 0; i < uploads.size(); ++i) REQUIRE(uploads[i].filename == "f" + std::to_string(4 - i) + ".csv");

  // A conversation whose turns happen at one instant and then an hour "earlier": messages and
  // actions read back in the order they were made.
  Turn first;
  first.conversation_id = "c_0123456789abcdef0123456789abcdef";
  first.owner = "dora";
  first.create = true;
  first.planner = "scripted";
  for (int i = 0; i < 3; ++i) {
    first.messages.push_back({now_rfc3339(), i % 2 ? "assistant" : "user", "m" + std::to_string(i), nlohmann::json::array(), ""});
    ChatAction a;
    a.id = "act_" + std::string(1, char('z' - i)) + "123456789abcdef0123456789abcdef";
    a.tool = "archive_version";
    a.arguments = {{"model", "iris"}, {"version", i + 1}};
    a.summary = "a" + std::to_string(i);
    first.actions.push_back(a);
  }
  REQUIRE(store.save_turn(first).ok());
  clock.advance(-1h);
  Turn second = first;
  second.create = false;
  second.messages = {{now_rfc3339(), "user", "m3", nlohmann::json::array(), ""}};
  second.actions.resize(1);
  second.actions[0].id = "act_0000000000000000000000000000000";
  second.actions[0].summary = "a3";
  REQUIRE(store.save_turn(second).ok());

  auto c = store.get_conversation(first.conversation_id, "dora").value();
  REQUIRE(c.messages.size() == 4);
  REQUIRE(c.actions.size() == 4);
  for (size_t i = 0; i < 4; ++i) {
    REQUIRE(c.messages[i].content == "m" + std::to_string(i));
    REQUIRE(c.actions[i].summary == "a" + std::to_string(i));
  }
  REQUIRE(c.actions[3].created_at < c.actions[0].created_at);  // the clock really went backwards
}
