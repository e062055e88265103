// An App on a fresh data folder (real SQLite, real artifact store, real ONNX Runtime) with a
// scripted planner: the planner is the seam of the agent, so tests decide what it proposes
// and check what the executor, the store and the loop make of it.
#pragma once
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include <catch2/catch.hpp>

#include "agent/planner.hpp"
#include "app/agent.hpp"
#include "app/agent_tools.hpp"
#include "app/agent_uploads.hpp"
#include "app/app.hpp"
#include "app/operations.hpp"

namespace mlgate::testing {

inline std::string fixture_file(const std::string& rel) {
  std::ifstream in(std::string(MLGATE_FIXTURES_DIR) + "/" + rel, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A planner that replays steps and remembers what it was shown.
class ScriptedPlanner : public agent::Planner {
 public:
  explicit ScriptedPlanner(std::vector<Result<agent::Step>> steps) : steps_(std::move(steps)) {}
  Result<agent::Step> next(const std::vector<agent::Message>& history, const agent::Context& ctx, nlohmann::json& state) override {
    histories.push_back(history);
    contexts.push_back(ctx);
    state["steps_seen"] = state.value("steps_seen", 0) + 1;
    if (steps_.empty()) return agent::Step{{}, "(script finished)"};
    auto s = steps_.front();
    if (!repeat_last_ || steps_.size() > 1) steps_.erase(steps_.begin());
    return s;
  }
  std::string name() const override { return "scripted"; }
  void repeat_last() { repeat_last_ = true; }

  std::vector<std::vector<agent::Message>> histories;
  std::vector<agent::Context> contexts;

 private:
  std::vector<Result<agent::Step>> steps_;
  bool repeat_last_ = false;
};

inline agent::ToolCall call(std::string name, nlohmann::json args = nlohmann::json::object()) {
  static std::atomic<int> n{0};
  return {"call_" + std::to_string(++n), std::move(name), std::move(args)};
}
inline agent::Step calls(std::vector<agent::ToolCall> c) { return {std::move(c), ""}; }
inline agent::Step say(std::string reply) { return {{}, std::move(reply)}; }

struct AgentHarness {
  std::filesystem::path dir;
  std::unique_ptr<app::App> app;
  ScriptedPlanner* planner = nullptr;
  http::Identity dora{"dora", http::Role::deployer};
  http::Identity abe{"abe", http::Role::approver};
  http::Identity vic{"vic", http::Role::viewer};
  http::Identity ann{"ann", http::Role::approver};

  // `configure` sets options as the command line would (the data folder is the harness's).
  explicit AgentHarness(const std::function<void(app::Config&)>& configure = {}) {
    static std::atomic<int> n{0};
    dir = std::filesystem::temp_directory_path() /
          ("mlgate-app-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + "-" + std::to_string(std::random_device{}()));
    app::Config cfg;
    if (configure) configure(cfg);
    cfg.data_dir = dir;
    cfg.probe_executable = MLGATE_BINARY;  // new models are first loaded by the real binary
    auto opened = app::App::open(cfg);
    REQUIRE(opened.ok());
    app = std::move(opened.value());
  }
  ~AgentHarness() {
    app.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  ScriptedPlanner& script(std::vector<Result<agent::Step>> steps) {
    auto p = std::make_unique<ScriptedPlanner>(std::move(steps));
    planner = p.get();
    app->set_planner(std::move(p));
    return *planner;
  }

  nlohmann::json chat(const http::Identity& who, const std::string& message, std::optional<std::string> conversation = {}) {
    auto r = app::chat(*app, who, conversation, message);
    INFO((r ? std::string() : r.error().message));
    REQUIRE(r.ok());
    return r.value();
  }

  // A file handed to the agent, as POST /api/v1/uploads stores it.
  registry::UploadRecord upload(const http::Identity& who, const std::string& filename, const std::string& bytes) {
    auto temp = app->artifacts().new_temp_path();
    std::ofstream(temp, std::ios::binary) << bytes;
    auto up = app::store_upload(*app, who.name, filename, temp);
    INFO((up ? std::string() : up.error().message));
    REQUIRE(up.ok());
    return up.value();
  }

  // A fixture model registered as the next version of `model` (staging), by dora.
  int64_t register_fixture(const std::string& model, const std::string& fixture, const std::string& description = "") {
    auto temp = app->artifacts().new_temp_path();
    std::ofstream(temp, std::ios::binary) << fixture_file(fixture + "/model.onnx");
    auto v = app::ops::register_version(*app, model, temp, description, {}, dora.name);
    INFO((v ? std::string() : v.error().message));
    REQUIRE(v.ok());
    return v->version.version;
  }

  // Registered, tested on its data, promoted by dora and approved by abe.
  int64_t ship_fixture(const std::string& model, const std::string& fixture, const std::string& label) {
    int64_t v = register_fixture(model, fixture);
    REQUIRE(app::ops::test_version(*app, model, v, fixture_file(fixture + "/data.csv"), label, dora.name).ok());
    auto p = app->store().request_promotion(model, v, "", dora.name);
    REQUIRE(p.ok());
    REQUIRE(app::ops::decide_promotion(*app, p->id, true, "", abe.name).ok());
    return v;
  }

  std::string stage(const std::string& model, int64_t v) { return app->store().get_version(model, v)->stage; }
  std::vector<api::AuditEvent> audit(const std::string& action) {
    std::vector<api::AuditEvent> out;
    for (const auto& e : app->store().audit({}).value())
      if (e.action == action) out.push_back(e);
    return out;
  }
};

// A titanic passenger for the predict tool: the fixture's multi-input model reads these.
inline const std::string kTitanic = "s06_titanic_logreg_multi_input_zipmap";
inline const nlohmann::json kPassenger = {{"sex", "female"}, {"age", 29}, {"passengerClass", "1st"}};

// A tool call through the executor exactly as the agent makes it: prepared (checked), then run.
inline Result<nlohmann::json> run(AgentHarness& h, const http::Identity& who, const std::string& tool, const nlohmann::json& args) {
  auto prepared = app::prepare_tool_call(*h.app, who, tool, args);
  if (!prepared) return prepared.error();
  return app::run_tool_call(*h.app, who, prepared.value());
}

}  // namespace mlgate::testing
