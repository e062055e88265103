#include "agent/llm_planner.hpp"

#include "agent/chat_wire.hpp"
#include "agent/llm_prompt.hpp"
#include "agent/openai_client.hpp"
#include "agent/tool_specs.hpp"

namespace mlgate::agent {
using nlohmann::json;

namespace {
class LlmPlanner final : public Planner {
 public:
  explicit LlmPlanner(OpenAiClient client) : client_(std::move(client)), tools_(openai_tools()) {}

  // The LLM keeps no memory of its own between calls: `state` is left as it is.
  Result<Step> next(const std::vector<Message>& history, const Context& ctx, json& /*state*/) override {
    json messages = json::array({{{"role", "system"}, {"content", llm_system_prompt(ctx)}}});
    for (auto& m : to_chat_messages(history)) messages.push_back(std::move(m));
    json request = {{"model", client_.config().model}, {"messages", std::move(messages)}, {"tools", tools_}, {"tool_choice", "auto"}};
    auto reply = client_.complete(request);
    if (!reply) return reply.error();
    return parse_chat_reply(*reply);
  }

  std::string name() const override { return "llm:" + client_.config().model; }

 private:
  OpenAiClient client_;
  const json tools_;
};
}  // namespace

Result<std::unique_ptr<Planner>> make_llm_planner(LlmConfig config) {
  auto client = OpenAiClient::create(std::move(config));
  if (!client) return client.error();
  return std::unique_ptr<Planner>(std::make_unique<LlmPlanner>(std::move(client).value()));
}

}  // namespace mlgate::agent
