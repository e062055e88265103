// The one place that picks the agent's planner: the LLM planner when OPENAI_API_KEY is set,
// otherwise the offline parser, so `make run` works with no network and no key.
#include "app/agent_planner_choice.hpp"

#include "agent/llm_config.hpp"
#include "agent/llm_planner.hpp"
#include "agent/offline_planner.hpp"
#include "core/log.hpp"

namespace mlgate::app {

std::unique_ptr<agent::Planner> choose_planner(const Config&) {
  auto cfg = agent::llm_config_from_env();
  if (!cfg) {
    log::error("agent", "LLM settings are invalid (" + cfg.error().message + "); using the offline planner");
  } else if (cfg->configured()) {
    auto llm = agent::make_llm_planner(cfg.value());
    if (llm) {
      log::info("agent", "planner: " + llm.value()->name());
      return std::move(llm).value();
    }
    log::error("agent", "cannot start the LLM planner (" + llm.error().message + "); using the offline planner");
  }
  return agent::make_offline_planner();
}

}  // namespace mlgate::app
