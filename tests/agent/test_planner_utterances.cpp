#include <catch2/catch.hpp>

#include <iostream>

#include "agent/offline_planner.hpp"
#include "agent/utterance_table.hpp"

using namespace mlgate;

namespace {
std::string table_path() { return std::string(MLGATE_TESTS_DIR) + "/agent/utterances.json"; }

std::string describe(const agent::Step& step) {
  if (step.tool_calls.empty()) return "reply: " + step.reply;
  return "call: " + step.tool_calls[0].name + " " + step.tool_calls[0].arguments.dump();
}
}  // namespace

TEST_CASE("the offline planner makes the expected call for at least 95% of the utterance table") {
  auto table = test::load_utterance_table(table_path());
  REQUIRE(table.cases.size() >= 150);
  auto planner = agent::make_offline_planner();
  size_t right = 0;
  std::string misses;
  for (const auto& c : table.cases) {
    nlohmann::json state = nlohmann::json::object();
    agent::Step step = test::converse(*planner, table.context, c.say, state, [](auto f) { return f(); });
    bool ok = false;
    if (c.call) {
      ok = step.tool_calls.size() == 1 && step.tool_calls[0].name == c.call->name && step.tool_calls[0].arguments == c.call->arguments;
    } else {
      ok = step.tool_calls.empty() && step.reply.find(c.ask) != std::string::npos;
    }
    if (ok) {
      ++right;
      continue;
    }
    std::string said;
    for (const auto& s : c.say) said += (said.empty() ? "" : " | ") + s;
    misses += "  " + said + "\n    expected " +
              (c.call ? c.call->name + " " + c.call->arguments.dump() : "a reply containing \"" + c.ask + "\"") + "\n    got " +
              describe(step) + "\n";
  }
  double accuracy = 100.0 * static_cast<double>(right) / static_cast<double>(table.cases.size());
  std::cout << "offline planner accuracy: " << right << "/" << table.cases.size() << " = " << accuracy << "%\n";
  if (!misses.empty()) std::cout << "misses:\n" << misses;
  CHECK(accuracy >= 95.0);
}
