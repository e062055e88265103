// The chat routes over a real socket with the real router and server, in-process so that the
// planner can be scripted: JSON in and out, status codes, and the body checks of api/chat.cpp.
#include <thread>

#include "agent_harness.hpp"
#include "api/routes.hpp"
#include "core/sha256.hpp"
#include "http/http_server.hpp"
#include "integration/http_client.hpp"

using namespace mlgate;
using namespace mlgate::testing;
using nlohmann::json;

namespace {

struct LiveServer {
  http::Router router;
  std::unique_ptr<http::HttpServer> server;
  std::thread thread;

  explicit LiveServer(app::App& a) : router(api::build_router(a)) {
    http::ServerOptions opts;
    opts.threads = 1;
    http::SessionServices services{[&a](std::string_view bearer) { return a.auth().authenticate(bearer); },
                                   [&a] { return a.artifacts().new_temp_path(); }};
    server = std::make_unique<http::HttpServer>(router, opts, services);
    REQUIRE(server->listen("127.0.0.1", 0).ok());
    thread = std::thread([this] { server->run(); });
  }
  ~LiveServer() {
    server->stop();
    thread.join();
  }
  unsigned short port() const { return server->port(); }
};

HttpClient person(AgentHarness& h, const LiveServer& s, const http::Identity& who) {
  std::string secret = "secret-of-" + who.name + "-0123456789";
  REQUIRE(h.app->store().create_token(who.name, std::string(http::role_name(who.role)), sha256_hex(secret), "admin").ok());
  return HttpClient(s.port(), secret);
}
}  // namespace

TEST_CASE("chat over HTTP: a turn, a pending action confirmed once by its owner, the conversation") {
  AgentHarness h;
  REQUIRE(h.ship_fixture("titanic", kTitanic, "survived") == 1);
  LiveServer server(*h.app);
  HttpClient abe = person(h, server, h.abe);
  HttpClient ann = person(h, server, h.ann);
  HttpClient vic = person(h, server, h.vic);

  h.script({calls({call("rollback", {{"model", "titanic"}, {"reason", "v1 is fine"}})}), say("Confirm to roll back.")});
  auto r = abe.post_json("/api/v1/chat", {{"message", "roll back titanic"}});
  REQUIRE(r.status == 200);
  json body = r.json();
  REQUIRE(body["reply"] == "Confirm to roll back.");
  REQUIRE(body["pending_actions"][0]["summary"] == "Roll back titanic to its previous production version");
  std::string conv = body["conversation_id"];
  std::string action = body["pending_actions"][0]["id"];

  REQUIRE(ann.post("/api/v1/chat/actions/" + action + "/confirm").status == 404);
  // Confirmed by its owner: the rollback runs (and fails honestly: there is no earlier version).
  auto confirmed = abe.post("/api/v1/chat/actions/" + action + "/confirm");
  REQUIRE(confirmed.status == 409);
  REQUIRE(confirmed.error_code() == "no_previous_production");
  REQUIRE(abe.post("/api/v1/chat/actions/" + action + "/confirm").error_code() == "action_not_pending");

  auto got = abe.get("/api/v1/chat/" + conv);
  REQUIRE(got.status == 200);
  REQUIRE(got.json()["actions"][0]["status"] == "failed");
  REQUIRE(got.json()["messages"][0]["content"] == "roll back titanic");
  REQUIRE(vic.get("/api/v1/chat/" + conv).status == 404);
  REQUIRE(vic.get("/api/v1/chat/c_x").error_code() == "invalid_conversation_id");

  SECTION("bad bodies are refused with what is wrong") {
    REQUIRE(vic.post("/api/v1/chat", "{").error_code() == "invalid_json");
    REQUIRE(vic.post_json("/api/v1/chat", {{"text", "hi"}}).error_code() == "missing_message");
    REQUIRE(vic.post_json("/api/v1/chat", {{"message", "hi"}, {"conversation_id", 5}}).error_code() == "invalid_conversation_id");
    auto big = vic.post_json("/api/v1/chat", {{"message", std::string(9000, 'x')}});
    REQUIRE(big.status == 413);
    REQUIRE(big.body.find("the limit is 8192") != std::string::npos);
  }
  SECTION("a cancelled action is dropped") {
    h.script({calls({call("rollback", {{"model", "titanic"}})}), say("Confirm?")});
    std::string a2 = abe.post_json("/api/v1/chat", {{"message", "roll back"}, {"conversation_id", conv}}).json()["pending_actions"][0]["id"];
    auto cancelled = abe.post("/api/v1/chat/actions/" + a2 + "/cancel");
    REQUIRE(cancelled.status == 200);
    REQUIRE(cancelled.json()["status"] == "cancelled");
    REQUIRE(abe.post("/api/v1/chat/actions/" + a2 + "/confirm").status == 409);
  }
}
