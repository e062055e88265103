// Retraining policies as people write them, and the external trainer as a real shell command.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "app/external_trainer.hpp"
#include "app/retrain_policy.hpp"

using namespace mlgate;
using nlohmann::json;

TEST_CASE("an empty policy is the defaults: weekly, on alerts, XGBoost, a fifth held out") {
  auto p = app::parse_policy(json::object());
  REQUIRE(p.ok());
  json shown = app::policy_json(p.value());
  CHECK(shown == json({{"schedule", "@weekly"}, {"on_alert", true}, {"trainer", "xgboost"}, {"params", json::object()},
                       {"test_size", 0.2}, {"min_new_labels", 1}, {"external", nullptr}}));
  auto off = app::parse_policy({{"schedule", "off"}, {"trainer", "linear"}, {"params", {{"l2", 0.5}, {"max_iter", 50}}}});
  REQUIRE(off.ok());
  CHECK_FALSE(off->schedule.has_value());
  CHECK(off->params == std::map<std::string, std::string>{{"l2", "0.5"}, {"max_iter", "50"}});
}

TEST_CASE("policy mistakes are refused naming the field") {
  auto why = [](const json& j) {
    auto p = app::parse_policy(j);
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().code == "invalid_policy");
    CHECK(p.error().status == 422);
    return p.error().message;
  };
  CHECK_THAT(why({{"schedule", "every monday"}}), Catch::Contains("needs five fields"));
  CHECK_THAT(why({{"trainer", "sklearn"}}), Catch::Contains("trainer must be"));
  CHECK_THAT(why({{"test_size", 1.5}}), Catch::Contains("test_size must be a number between 0 and 1"));
  CHECK_THAT(why({{"shedule", "@daily"}}), Catch::Contains("shedule is not a field"));
  CHECK_THAT(why({{"trainer", "external"}}), Catch::Contains("external is needed"));
  CHECK_THAT(why({{"external", {{"command", "train.sh {data}"}}}}), Catch::Contains("must write the model to {output}"));
  CHECK_THAT(why({{"external", {{"command", "x {output}"}, {"timeout_s", 0}}}}), Catch::Contains("external.timeout_s"));
  CHECK_THAT(why({{"params", {{"max_depth", json::array()}}}}), Catch::Contains("params.max_depth must be a number or a string"));
}

namespace {
struct Workdir {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("mlgate-ext-" + std::to_string(std::random_device{}()));
  Workdir() { std::filesystem::create_directories(path); }
  ~Workdir() { std::filesystem::remove_all(path); }
};
}  // namespace

TEST_CASE("the external trainer gets quoted paths, its output is followed, and its model is read") {
  Workdir w;
  std::ofstream(w.path / "train it.csv") << "a,label\n1,x\n";
  app::ExternalRun run{w.path / "train it.csv", w.path, "label", "churn"};
  // The data path has a space and the label a quote: both arrive as one argument each.
  app::ExternalTrainer t{"echo reading \"$(head -n1 {data})\" for {model}; echo label={label} >&2; printf ONNX > {output}",
                         std::chrono::seconds(30)};
  std::vector<std::string> lines;
  auto bytes = app::run_external_trainer(t, run, [&](const std::string& l) { lines.push_back(l); });
  REQUIRE(bytes.ok());
  CHECK(bytes.value() == "ONNX");
  CHECK(lines == std::vector<std::string>{"reading a,label for churn", "label=label"});
  CHECK(app::expand_command("x {label}", {{}, {}, "it's", "m"}, "/o") == "x 'it'\\''s'");
}

TEST_CASE("an external trainer that fails, hangs or writes nothing is a clear error") {
  Workdir w;
  app::ExternalRun run{w.path / "d.csv", w.path, "y", "m"};
  auto fails = app::run_external_trainer({"echo out of memory; exit 3", std::chrono::seconds(30)}, run, [](const std::string&) {});
  REQUIRE_FALSE(fails.ok());
  CHECK(fails.error().code == "trainer_failed");
  CHECK_THAT(fails.error().message, Catch::Contains("exited with status 3; it printed: out of memory"));
  auto hangs = app::run_external_trainer({"sleep 30 & wait; echo {output}", std::chrono::seconds(1)}, run, [](const std::string&) {});
  REQUIRE_FALSE(hangs.ok());
  CHECK_THAT(hangs.error().message, Catch::Contains("stopped after 1 s"));
  auto nothing = app::run_external_trainer({"true {output}", std::chrono::seconds(30)}, run, [](const std::string&) {});
  REQUIRE_FALSE(nothing.ok());
  CHECK_THAT(nothing.error().message, Catch::Contains("wrote no model"));
}
