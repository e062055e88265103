// The seam between the agent loop (app/agent_*.cpp) and whoever decides what to do next:
// the LLM planner or the offline parser. A planner only proposes tool calls and words;
// the loop checks permissions, runs the tools, and holds back what needs confirmation.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlgate/result.hpp"

namespace mlgate::agent {

struct ToolCall {
  std::string id;    // unique within the conversation ("call_..."): ties the result to the call
  std::string name;  // a name from tool_specs()
  nlohmann::json arguments = nlohmann::json::object();
};

struct Message {
  enum class Role { system, user, assistant, tool };
  Role role = Role::user;
  std::string content;               // user/assistant text; for tool: the result as JSON text
  std::vector<ToolCall> tool_calls;  // assistant messages that asked for tools
  std::string tool_call_id;          // tool messages: which call this answers
};

// What a planner may know of the world, to resolve "the chrun model", "the staging one",
// "the file I just uploaded", "sepal length 5.1". Read-only, taken at the start of a turn.
struct VersionView {
  int64_t number = 0;
  std::string stage;  // staging | production | archived
};
struct ModelView {
  std::string name;
  std::string task;                   // classification | regression (of the newest version)
  std::vector<std::string> features;  // of the production version, else the newest
  std::vector<std::string> classes;
  std::vector<VersionView> versions;  // ascending by number
};
struct UploadView {
  std::string id;
  std::string filename;
  std::string kind;  // onnx | csv
  std::vector<std::string> columns;  // csv: header
};
// A promotion request waiting for an approver: "approve the titanic promotion" means one.
struct PromotionView {
  int64_t id = 0;
  std::string model;
  int64_t version = 0;
  std::string requested_by;
};
struct Context {
  std::string user;  // identity name
  std::string role;  // viewer | deployer | approver | admin
  std::vector<ModelView> models;
  std::vector<UploadView> uploads;  // this user's, newest first
  std::vector<PromotionView> pending_promotions;  // oldest first
};

// One planning step: either tool calls to run (the loop runs them, appends the results as
// tool messages and asks again) or, with no calls, the final reply of this turn.
struct Step {
  std::vector<ToolCall> tool_calls;
  std::string reply;
};

class Planner {
 public:
  virtual ~Planner() = default;
  // `history` is the whole conversation, ending with the user's new message or with the
  // results of the calls this planner asked for. `state` is the planner's own memory,
  // stored with the conversation (the offline planner keeps a partial request there).
  virtual Result<Step> next(const std::vector<Message>& history, const Context& ctx, nlohmann::json& state) = 0;
  virtual std::string name() const = 0;  // "offline" or "llm:<model>", shown in replies' metadata
};

}  // namespace mlgate::agent
