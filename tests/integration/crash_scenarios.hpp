// The registry operations a crash test interrupts, each with the data directory it starts
// from: upload, test record, promotion request, approval, rollback, archive of model
// "iris" (fixture models s01 and s02), built once by driving a real server.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "integration/http_client.hpp"

namespace mlgate::testing {

struct Crew {
  std::string admin, deployer, approver;  // bearer tokens
};

struct Scenario {
  std::string name;
  std::filesystem::path start;  // a stopped server's data directory, copied for each run
  // Performs the operation against a server on `port`; status 0 when the connection broke.
  std::function<HttpResult(unsigned short port, const Crew&)> run;
};

struct ScenarioSet {
  Crew crew;
  std::vector<Scenario> scenarios;
};

// Builds the start directories under `root` (stopping and restarting one server).
ScenarioSet build_scenarios(const std::filesystem::path& root);

// A copy of a stopped server's data directory.
void copy_data_dir(const std::filesystem::path& from, const std::filesystem::path& to);

// A request that reports a broken connection as status 0 instead of throwing.
HttpResult try_request(const std::function<HttpResult()>& f);

}  // namespace mlgate::testing
