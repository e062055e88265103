#include "agent/offline_planner.hpp"

#include <exception>

#include "agent/offline/reply.hpp"
#include "agent/offline/request.hpp"

namespace mlgate::agent {
using nlohmann::json;
using namespace offline;

namespace {

Focus focus_of(const json& state) {
  Focus f;
  const json& j = state.contains("focus") && state["focus"].is_object() ? state["focus"] : json::object();
  if (j.contains("model") && j["model"].is_string()) f.model = j["model"].get<std::string>();
  if (j.contains("version") && j["version"].is_number_integer()) f.version = j["version"].get<int64_t>();
  if (j.contains("tool") && j["tool"].is_string()) f.tool = j["tool"].get<std::string>();
  return f;
}

void set_focus(json& state, const std::string& tool, const json& args) {
  if (!args.contains("model") || !args["model"].is_string()) return;
  json focus = {{"model", args["model"]}, {"tool", tool}};
  for (const char* k : {"version", "version_b", "version_a"})
    if (args.contains(k) && args[k].is_number_integer()) {
      focus["version"] = args[k];
      break;
    }
  state["focus"] = focus;
}

class OfflinePlanner final : public Planner {
 public:
  std::string name() const override { return "offline"; }

  Result<Step> next(const std::vector<Message>& history, const Context& ctx, json& state) override {
    if (!state.is_object()) state = json::object();
    if (history.empty()) return Step{{}, capabilities()};
    if (history.back().role == Message::Role::tool) return Step{{}, render_results(history, state)};
    if (history.back().role != Message::Role::user) return Step{{}, capabilities()};
    // The reading is meant not to throw; this keeps a JSON type error in stored state from
    // crossing into the agent loop if it ever does.
    try {
      return on_user(history.back().content, ctx, state);
    } catch (const std::exception& e) {
      state.erase("pending");
      return internal_error(std::string("offline planner: ") + e.what());
    }
  }

 private:
  // The final reply of a turn: each call's result in the order the calls were made. The
  // results are only rendered; nothing in them can lead to another call.
  static std::string render_results(const std::vector<Message>& history, json& state) {
    size_t first = history.size();
    while (first > 0 && history[first - 1].role == Message::Role::tool) --first;
    if (first == 0 || history[first - 1].role != Message::Role::assistant) return "Done.";
    std::string reply;
    for (const ToolCall& call : history[first - 1].tool_calls) {
      for (size_t i = first; i < history.size(); ++i) {
        if (history[i].tool_call_id != call.id) continue;
        json result = json::parse(history[i].content, nullptr, false);
        if (result.is_discarded()) result = history[i].content;
        reply += (reply.empty() ? "" : "\n") + render_result(call.name, call.arguments, result);
        // A new version becomes what "it" means; only the number is taken from the result.
        if (call.name == "register_model" && result.is_object() && result.contains("version") && result["version"].is_number_integer() &&
            call.arguments.contains("model"))
          state["focus"] = {{"model", call.arguments["model"]}, {"version", result["version"]}, {"tool", call.name}};
      }
    }
    return reply.empty() ? "Done." : reply;
  }

  static Step call(const std::string& tool, const json& args, json& state) {
    int64_t n = state.contains("next_call") && state["next_call"].is_number_integer() ? state["next_call"].get<int64_t>() : 1;
    state["next_call"] = n + 1;
    state.erase("pending");
    set_focus(state, tool, args);
    return Step{{ToolCall{"call_" + std::to_string(n), tool, args}}, {}};
  }

  static Step ask(const std::string& tool, const Outcome& o, std::vector<std::string> texts, json& state) {
    state["pending"] = {{"tool", tool}, {"arguments", o.arguments}, {"missing", o.missing}, {"texts", std::move(texts)}};
    return Step{{}, o.question};
  }

  static Step on_user(const std::string& message, const Context& ctx, json& state) {
    const Focus focus = focus_of(state);
    const ModelView* focus_model = nullptr;
    for (const auto& m : ctx.models)
      if (m.name == focus.model) focus_model = &m;
    Reading r = read_message(message, ctx, focus_model);
    const json pending = state.contains("pending") && state["pending"].is_object() ? state["pending"] : json();

    if (r.intent.kind == Intent::cancel) {
      bool had = !pending.is_null();
      state.erase("pending");
      return Step{{}, had ? "OK, I dropped that request." : "OK."};
    }
    // A reply to the last question, unless the message clearly asks for something else.
    if (!pending.is_null() && pending.contains("tool") && pending["tool"].is_string()) {
      const std::string tool = pending["tool"].get<std::string>();
      const bool other_request = r.intent.kind == Intent::tool && r.intent.by_verb && r.intent.tool != tool;
      if (!other_request) {
        std::vector<std::string> texts;
        if (pending.contains("texts") && pending["texts"].is_array())
          for (const auto& t : pending["texts"])
            if (t.is_string()) texts.push_back(t.get<std::string>());
        const std::string missing = pending.contains("missing") && pending["missing"].is_string() ? pending["missing"].get<std::string>() : "";
        const json before = pending.contains("arguments") ? pending["arguments"] : json::object();
        Reading answer = r;  // slots mark tokens; keep `r` intact for a fresh reading below
        Outcome o = complete(tool, before, answer, ctx, focus, missing, texts);
        if (o.missing.empty()) return call(tool, o.arguments, state);
        if (o.missing != missing || o.arguments != before) {
          texts.push_back(r.message);
          return ask(tool, o, texts, state);
        }
        // Nothing in the message answered the question: ask it again, unless it was about
        // something else entirely.
        if (r.intent.kind != Intent::tool && !r.other_object) return Step{{}, "I did not get that. " + o.question};
      }
      state.erase("pending");
    }
    // "what about iris?", "and v2?": the last read again, for another model or version.
    // Only reads follow on like this; a change is never repeated without being asked for.
    const bool follow_on = focus.tool == "describe_model" || focus.tool == "list_tests" || focus.tool == "compare_versions" ||
                           focus.tool == "audit_trail";
    if (follow_on && !r.intent.by_verb && (r.model || !r.versions.empty()) &&
        (r.intent.kind == Intent::none || r.intent.tool == "describe_model"))
      r.intent = {Intent::tool, focus.tool, false};
    if (r.intent.kind == Intent::help) return Step{{}, capabilities()};
    if (r.intent.kind != Intent::tool) return Step{{}, out_of_scope()};
    Outcome o = complete(r.intent.tool, json::object(), r, ctx, focus, "", {});
    if (o.missing.empty()) return call(r.intent.tool, o.arguments, state);
    return ask(r.intent.tool, o, {r.message}, state);
  }
};
}  // namespace

std::unique_ptr<Planner> make_offline_planner() { return std::make_unique<OfflinePlanner>(); }

}  // namespace mlgate::agent
