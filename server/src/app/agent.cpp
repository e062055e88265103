#include "app/agent.hpp"

#include <array>
#include <functional>
#include <mutex>
#include <set>

#include "app/agent_context.hpp"
#include "app/agent_tools.hpp"
#include "app/app.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "core/random_id.hpp"
#include "registry/audit_origin.hpp"

namespace mlgate::app {
using nlohmann::json;
using registry::ChatMessage;

namespace {
constexpr size_t kMaxPlannerStateBytes = 256 * 1024;

const char* role_text(agent::Message::Role r) {
  switch (r) {
    case agent::Message::Role::system: return "system";
    case agent::Message::Role::user: return "user";
    case agent::Message::Role::assistant: return "assistant";
    case agent::Message::Role::tool: return "tool";
  }
  return "user";
}

agent::Message to_planner(const ChatMessage& m) {
  agent::Message out;
  out.role = m.role == "assistant" ? agent::Message::Role::assistant
             : m.role == "tool"    ? agent::Message::Role::tool
                                   : agent::Message::Role::user;
  out.content = m.content;
  out.tool_call_id = m.tool_call_id;
  for (const auto& c : m.tool_calls) out.tool_calls.push_back({c.value("id", ""), c.value("name", ""), c.value("arguments", json::object())});
  return out;
}

ChatMessage to_stored(const agent::Message& m) {
  ChatMessage out;
  out.role = role_text(m.role);
  out.content = m.content;
  out.tool_call_id = m.tool_call_id;
  for (const auto& c : m.tool_calls) out.tool_calls.push_back({{"id", c.id}, {"name", c.name}, {"arguments", c.arguments}});
  return out;
}

agent::Message tool_message(const std::string& call_id, const json& result) {
  agent::Message m;
  m.role = agent::Message::Role::tool;
  m.tool_call_id = call_id;
  m.content = result.dump();
  return m;
}

agent::Message assistant(std::string content, std::vector<agent::ToolCall> calls = {}) {
  agent::Message m;
  m.role = agent::Message::Role::assistant;
  m.content = std::move(content);
  m.tool_calls = std::move(calls);
  return m;
}

// A planner's failure is the provider's problem, not the caller's: never pass on a 401 or a
// 429 from an LLM as if the person's own request were at fault.
Error planner_error(const Error& e) {
  int status = (e.status == 503 || e.status == 504) ? e.status : 502;
  return {status, e.code.empty() ? "planner_failed" : e.code, "the agent's planner failed: " + e.message};
}

json action_json(const registry::ChatAction& a) {
  return {{"id", a.id}, {"tool", a.tool}, {"arguments", a.arguments}, {"summary", a.summary}};
}

// A pending action can be confirmed for --action-minutes after it was proposed: a confirm
// button left open for hours should not carry out what its person no longer has in mind.
// (An unreadable created_at counts as long ago: expired is the safe side.)
int64_t expiry_seconds(const App& app, const registry::ChatAction& a) {
  return epoch_seconds_of(a.created_at).value_or(0) + int64_t(app.config().action_minutes) * 60;
}

// The person's action as it may still be settled. Once past its time a pending action is
// settled as expired (with a line in its conversation) and refused, then and every time
// after: 409 action_expired, and nothing of it runs.
Result<registry::ChatAction> action_to_settle(App& app, const http::Identity& who, const std::string& action_id) {
  if (!is_random_id(action_id, "act_")) return bad_request("invalid_action_id", "action id must be 'act_' followed by 32 hex digits");
  auto a = app.agent_store().get_action(action_id, who.name);
  if (!a) return a.error();
  bool due = a->status == "pending" && now_epoch_seconds() >= expiry_seconds(app, *a);
  if (due) {
    std::string said = "Expired: " + a->summary + ". It was not confirmed within " + std::to_string(app.config().action_minutes) +
                       " minutes; ask again if it is still wanted.";
    auto settled = app.agent_store().settle_action(action_id, who.name, "pending", "expired", nullptr, {to_stored(assistant(said))});
    if (!settled) return settled.error();  // settled meanwhile: 409 action_not_pending
  }
  if (due || a->status == "expired")
    return conflict("action_expired", "action '" + action_id + "' (" + a->summary + ") expired at " +
                                          rfc3339_of(expiry_seconds(app, *a)) + ", " + std::to_string(app.config().action_minutes) +
                                          " minutes after it was proposed; nothing was run");
  return a;
}

Status check_conversation_id(const std::string& id) {
  if (!is_random_id(id, "c_")) return bad_request("invalid_conversation_id", "conversation id must be 'c_' followed by 32 hex digits");
  return ok_status();
}

// Two turns of one conversation at once (a double-clicked Send) would interleave their
// messages; turns of the same conversation take one of these locks in turn.
std::mutex& conversation_lock(const std::string& id) {
  static std::array<std::mutex, 64> locks;
  return locks[std::hash<std::string>{}(id) % locks.size()];
}

// One turn in progress: what the planner sees, what will be stored, what the reply shows.
struct TurnState {
  std::vector<agent::Message> history;
  std::set<std::string> call_ids;
  registry::Turn stored;
  json tool_calls = json::array();
  json pending = json::array();

  void add(agent::Message m) {
    stored.messages.push_back(to_stored(m));
    history.push_back(std::move(m));
  }
};

// Runs (or holds back) one proposed call and records it in the turn.
void handle_call(App& app, const http::Identity& who, const agent::ToolCall& call, TurnState& t) {
  json shown_args = call.arguments;
  json result;
  auto prepared = prepare_tool_call(app, who, call.name, call.arguments);
  if (!prepared) {
    result = tool_error_json(prepared.error());
  } else if (prepared->needs_confirmation) {
    registry::ChatAction a;
    a.id = random_id("act_");
    a.tool = call.name;
    a.arguments = prepared->arguments;
    a.summary = prepared->summary;
    shown_args = a.arguments;
    result = {{"card", "pending_action"},
              {"status", "awaiting_confirmation"},
              {"action_id", a.id},
              {"summary", a.summary},
              {"note", "Nothing has been done yet; it runs only when the person confirms it."}};
    t.pending.push_back(action_json(a));
    t.stored.actions.push_back(std::move(a));
  } else {
    shown_args = prepared->arguments;
    auto r = run_tool_call(app, who, prepared.value());
    result = r ? r.value() : tool_error_json(r.error());
  }
  t.tool_calls.push_back({{"tool", call.name}, {"arguments", shown_args}, {"result", result}});
  t.add(tool_message(call.id, result));
}

// Planners may leave ids out or repeat them; results must still be tied to their call.
void give_ids(std::vector<agent::ToolCall>& calls, TurnState& t) {
  for (auto& c : calls) {
    if (c.id.empty() || t.call_ids.count(c.id)) c.id = random_id("call_");
    t.call_ids.insert(c.id);
  }
}

}  // namespace

Result<json> chat(App& app, const http::Identity& who, const std::optional<std::string>& conversation_id,
                  const std::string& message) {
  agent::Planner* planner = app.planner();
  if (!planner)
    return Error{503, "agent_unavailable", "no planner configured: the chat agent is not available on this server; use the registry API"};
  if (message.find_first_not_of(" \t\r\n") == std::string::npos) return bad_request("empty_message", "'message' is empty");
  if (message.size() > kMaxChatMessageBytes)
    return too_large("'message' is " + std::to_string(message.size()) + " bytes; the limit is " + std::to_string(kMaxChatMessageBytes));

  TurnState t;
  t.stored.owner = who.name;
  t.stored.planner = planner->name();
  std::unique_lock<std::mutex> turn_lock;
  if (conversation_id) {
    if (auto st = check_conversation_id(*conversation_id); !st) return st.error();
    turn_lock = std::unique_lock(conversation_lock(*conversation_id));
    auto conv = app.agent_store().get_conversation(*conversation_id, who.name);
    if (!conv) return conv.error();
    if (conv->messages.size() >= kMaxConversationMessages)
      return bad_request("conversation_too_long", "this conversation has " + std::to_string(conv->messages.size()) +
                                                      " messages, the most one may hold; start a new conversation");
    t.stored.conversation_id = conv->id;
    t.stored.state = conv->state;
    for (const auto& m : conv->messages) {
      t.history.push_back(to_planner(m));
      for (const auto& c : m.tool_calls) t.call_ids.insert(c.value("id", ""));
    }
  } else {
    t.stored.conversation_id = random_id("c_");
    t.stored.create = true;
  }
  auto ctx = build_agent_context(app, who);
  if (!ctx) return ctx.error();

  agent::Message user;
  user.content = message;
  t.add(std::move(user));

  // Whatever the registry records during this turn was done by the agent for this person.
  registry::AuditOrigin origin(json{{"via", "agent"}, {"conversation", t.stored.conversation_id}});
  std::optional<std::string> reply;
  for (int step = 0; step < kMaxPlannerSteps && !reply; ++step) {
    auto next = planner->next(t.history, ctx.value(), t.stored.state);
    if (!next) {
      Error e = planner_error(next.error());
      log::warn("agent", e.message);
      // Calls already made stay on record, so the conversation tells what really happened.
      if (!t.tool_calls.empty()) {
        t.add(assistant("I could not finish: " + e.message));
        if (auto st = app.agent_store().save_turn(t.stored); !st) log::error("agent", "could not save a turn: " + st.error().message);
      }
      return e;
    }
    if (next->tool_calls.empty()) {
      reply = next->reply;
      break;
    }
    if (next->tool_calls.size() > kMaxCallsPerStep) {
      next->tool_calls.resize(kMaxCallsPerStep);
      log::warn("agent", "the planner proposed more than " + std::to_string(kMaxCallsPerStep) + " calls in one step; the rest were dropped");
    }
    give_ids(next->tool_calls, t);
    t.add(assistant(next->reply, next->tool_calls));
    for (const auto& call : next->tool_calls) handle_call(app, who, call, t);
  }
  if (!reply)
    reply = "I stopped after " + std::to_string(kMaxPlannerSteps) +
            " steps without finishing. The results so far are above; please ask again more specifically.";
  t.add(assistant(*reply));

  if (t.stored.state.is_null() || t.stored.state.dump().size() > kMaxPlannerStateBytes) {
    log::warn("agent", "planner state missing or larger than " + std::to_string(kMaxPlannerStateBytes) + " bytes; reset");
    t.stored.state = json::object();
  }
  if (auto st = app.agent_store().save_turn(t.stored); !st) return st.error();
  return json{{"conversation_id", t.stored.conversation_id}, {"reply", *reply},       {"planner", t.stored.planner},
              {"tool_calls", t.tool_calls},                  {"pending_actions", t.pending}};
}

Result<json> conversation_json(App& app, const http::Identity& who, const std::string& conversation_id) {
  if (auto st = check_conversation_id(conversation_id); !st) return st.error();
  auto c = app.agent_store().get_conversation(conversation_id, who.name);
  if (!c) return c.error();
  json messages = json::array();
  for (const auto& m : c->messages) {
    json j = {{"role", m.role}, {"content", m.content}, {"at", m.at}};
    if (!m.tool_calls.empty()) j["tool_calls"] = m.tool_calls;
    if (!m.tool_call_id.empty()) j["tool_call_id"] = m.tool_call_id;
    messages.push_back(std::move(j));
  }
  json actions = json::array();
  for (const auto& a : c->actions) {
    json j = action_json(a);
    j.update({{"status", a.status}, {"result", a.result}, {"created_at", a.created_at}, {"expires_at", rfc3339_of(expiry_seconds(app, a))},
              {"decided_at", a.decided_at}});
    actions.push_back(std::move(j));
  }
  return json{{"conversation_id", c->id}, {"created_at", c->created_at}, {"updated_at", c->updated_at},
              {"planner", c->planner},    {"messages", messages},        {"actions", actions}};
}

Result<json> confirm_action(App& app, const http::Identity& who, const std::string& action_id) {
  if (auto a = action_to_settle(app, who, action_id); !a) return a.error();
  // Claimed first, in its own transaction: a second confirm (even a concurrent one) gets 409.
  auto claimed = app.agent_store().settle_action(action_id, who.name, "pending", "running", nullptr, {});
  if (!claimed) return claimed.error();
  const registry::ChatAction& a = claimed.value();

  Result<json> outcome = Error{};
  {
    registry::AuditOrigin origin(json{{"via", "agent"}, {"conversation", a.conversation_id}, {"action", a.id}});
    // Checked again as the person is now (a token's role may have changed since).
    auto prepared = prepare_tool_call(app, who, a.tool, a.arguments);
    outcome = prepared ? run_tool_call(app, who, prepared.value()) : Result<json>(prepared.error());
  }
  json result = outcome ? outcome.value() : tool_error_json(outcome.error());
  std::string call_id = "call_" + a.id;
  std::string said = outcome ? "Done: " + a.summary + "." : "Could not carry out \"" + a.summary + "\": " + outcome.error().message;
  std::vector<ChatMessage> messages = {to_stored(assistant("", {{call_id, a.tool, a.arguments}})),
                                       to_stored(tool_message(call_id, result)), to_stored(assistant(said))};
  auto settled = app.agent_store().settle_action(a.id, who.name, "running", outcome ? "done" : "failed", result, messages);
  if (!settled) return settled.error();
  if (!outcome) return outcome.error();
  json out = action_json(settled.value());
  out.update({{"status", settled->status}, {"result", result}, {"conversation_id", a.conversation_id}, {"reply", said}});
  return out;
}

Result<json> cancel_action(App& app, const http::Identity& who, const std::string& action_id) {
  auto a = action_to_settle(app, who, action_id);
  if (!a) return a.error();
  std::string said = "Cancelled: " + a->summary + ".";
  auto settled = app.agent_store().settle_action(action_id, who.name, "pending", "cancelled", nullptr, {to_stored(assistant(said))});
  if (!settled) return settled.error();
  json out = action_json(settled.value());
  out.update({{"status", "cancelled"}, {"conversation_id", settled->conversation_id}, {"reply", said}});
  return out;
}

}  // namespace mlgate::app
