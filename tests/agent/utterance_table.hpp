// The utterance table (utterances.json): a fixed Context and what people type, with the
// call each conversation must end in. Shared by the accuracy test and bench/planner_bench.
#pragma once
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/planner.hpp"

namespace mlgate::test {

struct UtteranceCase {
  std::vector<std::string> say;
  std::optional<agent::ToolCall> call;  // nothing: the last message must get a reply, no call
  std::string ask;                      // that reply contains this
};

struct UtteranceTable {
  agent::Context context;
  std::vector<UtteranceCase> cases;
};

inline UtteranceTable load_utterance_table(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str());
  UtteranceTable t;
  const auto& c = j["context"];
  t.context.user = c["user"];
  t.context.role = c["role"];
  for (const auto& m : c["models"]) {
    agent::ModelView v{m["name"], m["task"], m["features"], m["classes"], {}};
    for (const auto& ver : m["versions"]) v.versions.push_back({ver["number"].get<int64_t>(), ver["stage"]});
    t.context.models.push_back(std::move(v));
  }
  for (const auto& u : c["uploads"]) t.context.uploads.push_back({u["id"], u["filename"], u["kind"], u["columns"]});
  for (const auto& p : c.value("pending_promotions", nlohmann::json::array()))
    t.context.pending_promotions.push_back({p["id"], p["model"], p["version"], p["requested_by"]});
  for (const auto& k : j["cases"]) {
    UtteranceCase uc;
    uc.say = k["say"].get<std::vector<std::string>>();
    if (!k["call"].is_null()) uc.call = agent::ToolCall{"", k["call"]["name"], k["call"]["arguments"]};
    uc.ask = k.value("ask", "");
    t.cases.push_back(std::move(uc));
  }
  return t;
}

// What the executor would hand back, enough for the planner to carry on: a registered
// version is the model's newest, anything else just succeeds.
inline nlohmann::json canned_result(const agent::ToolCall& call, const agent::Context& ctx) {
  if (call.name == "register_model") {
    int64_t v = 1;
    for (const auto& m : ctx.models)
      if (m.name == call.arguments.value("model", "") && !m.versions.empty()) v = m.versions.back().number;
    return {{"model", call.arguments["model"]}, {"version", v}, {"stage", "staging"}};
  }
  return {{"status", "ok"}};
}

// Plays one conversation; returns the planner's step for the last message. Calls made on
// the way are answered with canned results so the planner can finish those turns.
template <class OnStep>
agent::Step converse(agent::Planner& planner, const agent::Context& ctx, const std::vector<std::string>& say, nlohmann::json& state,
                     OnStep&& timed) {
  std::vector<agent::Message> history;
  agent::Step last;
  for (size_t i = 0; i < say.size(); ++i) {
    history.push_back({agent::Message::Role::user, say[i], {}, {}});
    auto step = timed([&] { return planner.next(history, ctx, state); });
    if (!step.ok()) throw std::runtime_error(step.error().message);
    last = step.value();
    if (i + 1 == say.size()) break;
    if (last.tool_calls.empty()) {
      history.push_back({agent::Message::Role::assistant, last.reply, {}, {}});
      continue;
    }
    history.push_back({agent::Message::Role::assistant, "", last.tool_calls, {}});
    for (const auto& call : last.tool_calls)
      history.push_back({agent::Message::Role::tool, canned_result(call, ctx).dump(), {}, call.id});
    auto reply = timed([&] { return planner.next(history, ctx, state); });
    if (!reply.ok()) throw std::runtime_error(reply.error().message);
    history.push_back({agent::Message::Role::assistant, reply.value().reply, {}, {}});
  }
  return last;
}

}  // namespace mlgate::test
