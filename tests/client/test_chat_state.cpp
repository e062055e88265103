#include <catch2/catch.hpp>

#include "core/app_state.hpp"

using namespace mlgate::client;
using nlohmann::json;

namespace {
// A reply in API.md's form: a read ran, a promotion was held back for confirmation.
const char* kReply = R"({
  "conversation_id": "c-42",
  "reply": "iris v2 passed its test. Promote it? Waiting for your confirmation.",
  "tool_calls": [
    {"tool": "list_tests", "arguments": {"model": "iris", "version": 2},
     "result": {"tests": [{"id": 7, "passed": true, "metrics": {"accuracy": 0.97}}]}},
    {"tool": "request_promotion", "arguments": {"model": "iris", "version": 2},
     "result": {"card": "pending_action", "status": "awaiting_confirmation", "action_id": "a-1", "summary": "Request promotion of iris v2 to production"}}
  ],
  "pending_actions": [{"id": "a-1", "tool": "request_promotion", "arguments": {"model": "iris", "version": 2},
                       "summary": "Request promotion of iris v2 to production"}]
})";
}  // namespace

TEST_CASE("a chat reply becomes text, cards for tool results, and pending actions with buttons") {
  AppState app;
  auto sent = app.send_chat("promote iris v2");
  REQUIRE(sent.size() == 1);
  CHECK(json::parse(sent[0].body) == json{{"message", "promote iris v2"}});
  CHECK(app.conversation().waiting());
  app.on_response(sent[0], 200, kReply);
  CHECK_FALSE(app.conversation().waiting());
  REQUIRE(app.chat().size() == 2);
  const auto& m = app.chat()[1];
  CHECK(m.role == "assistant");
  CHECK(m.text.find("Waiting for your confirmation") != std::string::npos);
  // The held-back call is not drawn twice: one metrics card, one action.
  REQUIRE(m.cards.size() == 1);
  CHECK(m.cards[0].kind == CardKind::metrics);
  REQUIRE(m.action_ids == std::vector<std::string>{"a-1"});
  CHECK(app.conversation().action("a-1")->status == "pending");

  // The next message continues the same conversation.
  auto next = app.send_chat("and the audit?");
  CHECK(json::parse(next[0].body)["conversation_id"] == "c-42");
}

TEST_CASE("only a pending action can be confirmed, once - success refreshes the registry view") {
  AppState app;
  auto sent = app.send_chat("promote iris v2");
  app.on_response(sent[0], 200, kReply);
  auto confirm = app.decide_chat_action("a-1", true);
  REQUIRE(confirm.size() == 1);
  CHECK(confirm[0].method == "POST");
  CHECK(confirm[0].path == "/api/v1/chat/actions/a-1/confirm");
  CHECK(app.conversation().action("a-1")->status == "sending");
  CHECK(app.decide_chat_action("a-1", true).empty());  // a double click sends nothing
  CHECK(app.decide_chat_action("nope", true).empty());
  app.on_response(confirm[0], 200, R"({"id": "a-1", "status": "confirmed", "result": {"id": 3, "status": "pending", "model": "iris", "version": 2}})");
  CHECK(app.conversation().action("a-1")->status == "confirmed");
  CHECK(app.conversation().action("a-1")->result["id"] == 3);
  CHECK(app.take_refresh());
}

TEST_CASE("a refused confirmation and a cancel are shown on the action") {
  AppState app;
  auto sent = app.send_chat("promote iris v2");
  app.on_response(sent[0], 200, kReply);
  auto confirm = app.decide_chat_action("a-1", true);
  app.on_response(confirm[0], 403, R"({"error": {"code": "forbidden", "message": "needs the deployer role"}})");
  CHECK(app.conversation().action("a-1")->status == "failed");
  CHECK(app.conversation().action("a-1")->outcome.find("needs the deployer role") != std::string::npos);
  CHECK_FALSE(app.take_refresh());

  AppState other;
  auto s2 = other.send_chat("promote iris v2");
  other.on_response(s2[0], 200, kReply);
  auto cancel = other.decide_chat_action("a-1", false);
  CHECK(cancel[0].path == "/api/v1/chat/actions/a-1/cancel");
  other.on_response(cancel[0], 200, R"({"id": "a-1", "status": "cancelled"})");
  CHECK(other.conversation().action("a-1")->status == "cancelled");
  CHECK_FALSE(other.take_refresh());
}

TEST_CASE("tool results are drawn by what they hold") {
  CHECK(card_kind("list_models", json::parse(R"({"models": []})")) == CardKind::models);
  CHECK(card_kind("describe_model", json::parse(R"({"model": "iris", "version": 2, "stage": "staging"})")) == CardKind::version);
  CHECK(card_kind("describe_model", json::parse(R"({"name": "iris", "versions": []})")) == CardKind::model);
  CHECK(card_kind("predict", json::parse(R"({"predictions": [{"label": "setosa"}]})")) == CardKind::prediction);
  CHECK(card_kind("audit_trail", json::parse(R"({"events": []})")) == CardKind::audit);
  CHECK(card_kind("approve_promotion", json::parse(R"({"error": {"code": "x", "message": "y"}})")) == CardKind::error);
  CHECK(card_kind("whatever", json::parse(R"({"x": 1})")) == CardKind::generic);
}

TEST_CASE("the chat is in the published state: messages, cards, actions") {
  AppState app;
  auto sent = app.send_chat("promote iris v2");
  app.on_response(sent[0], 200, kReply);
  auto s = json::parse(app.state_json());
  CHECK(s["conversation_id"] == "c-42");
  REQUIRE(s["chat"].size() == 2);
  CHECK(s["chat"][1]["cards"][0]["kind"] == "metrics");
  CHECK(s["chat_actions"][0]["id"] == "a-1");
  CHECK(s["chat_actions"][0]["status"] == "pending");
}
