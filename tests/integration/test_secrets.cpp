// Sentinel secrets: an LLM key, the admin token and a person's token are planted, the server
// is worked through the paths that could echo them (chat through an LLM provider that echoes
// the key in its error, refused tokens, a token in a query string, audit, metrics, restart),
// and not one of them appears in a log line, a response body, /metrics, the audit log, a chat
// transcript or the registry's database files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <vector>

#include "agent/fake_openai.hpp"
#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/people.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;
using mlgate::test::FakeOpenAi;
using nlohmann::json;

namespace {
const std::string kLlmKey = "sk-SENTINEL-llm-key-4f1c9e2a7b";
const std::string kAdmin = "SENTINEL-admin-token-0123456789abcdef";

std::string bytes_of_dir(const std::filesystem::path& dir) {
  std::string all;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != "admin.token") all += read_file(e.path().string());
  return all;
}

void none_in(const std::string& where, const std::string& text, const std::vector<std::string>& secrets) {
  for (const auto& s : secrets) {
    INFO(where << " must not contain a secret of " << s.size() << " characters starting " << s.substr(0, 8));
    CHECK(text.find(s) == std::string::npos);
  }
}
}  // namespace

TEST_CASE("planted secrets appear in no log, response, metrics, audit detail, transcript or database file", "[integration][secrets]") {
  FakeOpenAi llm;
  // A tool call, then an answer; then a provider that quotes the key back in its 401.
  llm.script(mlgate::test::ok(mlgate::test::completion_tool_calls({{"call_1", "list_models", "{}"}})));
  llm.script(mlgate::test::ok(mlgate::test::completion_text("There are no models yet.")));
  llm.always(mlgate::test::provider_error(401, "Incorrect API key provided: " + kLlmKey + ".", "invalid_request_error", "invalid_api_key"));

  const std::map<std::string, std::string> env = {
      {"OPENAI_API_KEY", kLlmKey}, {"OPENAI_BASE_URL", llm.base_url() + "/v1"}, {"MLGATE_ADMIN_TOKEN", kAdmin}};
  ServerProcess server({"--log-level", "debug"}, env);
  HttpClient admin(server.port(), kAdmin);
  auto created = admin.post_json("/api/v1/tokens", {{"name", "dora"}, {"role", "deployer"}});
  REQUIRE(created.status == 201);
  const std::string dora_token = created.json()["token"];
  const std::vector<std::string> secrets = {kLlmKey, kAdmin, dora_token};
  HttpClient dora(server.port(), dora_token);

  std::string bodies;  // every response body after the token's one showing
  auto keep = [&](const HttpResult& r) {
    bodies += r.body + "\n";
    return r;
  };

  auto turn = keep(dora.post_json("/api/v1/chat", {{"message", "list the models"}}));
  REQUIRE(turn.status == 200);
  REQUIRE(turn.json()["planner"].get<std::string>().rfind("llm:", 0) == 0);
  const std::string conversation = turn.json()["conversation_id"];
  auto refused = keep(dora.post_json("/api/v1/chat", {{"conversation_id", conversation}, {"message", "and now?"}}));
  REQUIRE(refused.status >= 500);
  // The key was sent to the provider (it must be), and only there.
  REQUIRE(llm.requests().at(0).headers.at("authorization") == "Bearer " + kLlmKey);

  // Tokens where they do not belong: a wrong one, one in a query string, one as a password.
  keep(HttpClient(server.port(), dora_token + "x").get("/api/v1/me"));
  keep(HttpClient(server.port()).get("/api/v1/models?token=" + dora_token));
  keep(HttpClient(server.port()).request("GET", "/api/v1/me", {}, "application/json", {{"Authorization", "Basic " + dora_token}}));
  keep(admin.post_json("/api/v1/tokens", {{"name", "dora"}, {"role", "viewer"}}));  // 409: exists
  keep(admin.get("/api/v1/tokens"));
  auto f = fixture("s02_iris_logreg_tensor");
  keep(dora.post("/api/v1/models/iris/versions" + f.features_query(), read_file(f.dir + "/model.onnx"), "application/octet-stream"));

  auto metrics = keep(admin.get("/metrics"));
  REQUIRE(metrics.status == 200);
  auto audit = keep(admin.get("/api/v1/audit?limit=1000"));
  REQUIRE(audit.status == 200);
  auto transcript = keep(dora.get("/api/v1/chat/" + conversation));
  REQUIRE(transcript.status == 200);

  none_in("response bodies", bodies, secrets);
  none_in("metrics", metrics.body, secrets);
  none_in("chat transcript", transcript.body, secrets);
  json events = audit.json()["events"];
  REQUIRE(events.size() >= 2);  // the token made and the version registered
  for (const auto& e : events) none_in("audit event " + e["action"].get<std::string>(), e.dump(), secrets);
  none_in("server log", server.log(), secrets);

  // A restart does not show the admin token again, and the files hold only hashes of tokens.
  std::filesystem::path dir = server.data_dir();
  server.stop();
  ServerProcess again({}, env, dir);
  none_in("banner after restart", again.banner(), secrets);
  again.stop();
  none_in("data directory", bytes_of_dir(dir), secrets);
}
