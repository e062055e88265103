// The whole loop with the LLM planner against the fake provider: a reply the planner cannot
// use (nested too deep, over the size cap) fails the turn and stores nothing of it.
#include <map>

#include "agent/fake_openai.hpp"
#include "agent/llm_config.hpp"
#include "agent/llm_planner.hpp"
#include "agent_harness.hpp"

using namespace mlgate;
using namespace mlgate::testing;
using mlgate::test::FakeOpenAi;
using mlgate::test::FakeReply;
using nlohmann::json;

TEST_CASE("an LLM reply too deep or too large fails the turn with 502 and leaves the conversation as it was") {
  // Well-formed: without the depth check they would parse, and the deep value would
  // overflow the stack when the turn copies or stores it.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  struct Case {
    std::string what;
    FakeReply reply;
    std::string message_part;
  };
  auto [what, reply, message_part] = GENERATE_COPY(values<Case>({
      {"a body nested 100,000 deep", {200, R"({"choices":)" + deep + "}", {}, {}}, "nests deeper than 64 levels"},
      {"arguments nested 100,000 deep", test::ok(test::completion_tool_calls({{"call_x", "list_models", R"({"x":)" + deep + "}"}})),
       "has arguments nested deeper than 64 levels"},
      {"a body of 9 MiB", test::ok(test::completion_text(std::string(9 << 20, 'a'))), "larger than the 8 MiB limit"},
  }));
  CAPTURE(what);
  AgentHarness h;
  FakeOpenAi fake;
  const std::map<std::string, std::string> env = {{"OPENAI_API_KEY", "sk-test"}, {"OPENAI_BASE_URL", fake.base_url()}};
  auto cfg = agent::llm_config_from_env([&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
  REQUIRE(cfg.ok());
  h.app->set_planner(agent::make_llm_planner(cfg.value()).value());

  fake.script(test::ok(test::completion_text("Hello.")));
  std::string id = h.chat(h.vic, "hi")["conversation_id"];
  json before = app::conversation_json(*h.app, h.vic, id).value();

  fake.script(reply);
  auto r = app::chat(*h.app, h.vic, id, "list the models");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().status == 502);
  CHECK(r.error().code == "llm_bad_reply");
  CHECK_THAT(r.error().message, Catch::Contains(message_part));
  CHECK(fake.requests().size() == 2);  // the greeting and the one bad reply, not retried
  CHECK(app::conversation_json(*h.app, h.vic, id).value() == before);
}
