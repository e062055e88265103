// The browser's sign-in: a token traded for a session that expires, ends at sign-out, and
// ends with its token.
#include <catch2/catch.hpp>

#include "core/clock.hpp"
#include "integration/http_client.hpp"
#include "integration/people.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;

TEST_CASE("a token is traded for a session that acts as it until sign-out", "[integration][sessions]") {
  ServerProcess server;
  HttpClient admin(server.port(), server.admin_token());
  auto opened = admin.post("/api/v1/session");
  REQUIRE(opened.status == 201);
  auto j = opened.json();
  const std::string secret = j["token"];
  REQUIRE(secret.rfind("ses_", 0) == 0);
  REQUIRE(j["name"] == "admin");
  REQUIRE(j["role"] == "admin");
  auto expires = mlgate::epoch_seconds_of(j["expires_at"].get<std::string>());
  REQUIRE(expires.has_value());
  REQUIRE(*expires > mlgate::now_epoch_seconds() + 11 * 3600);  // the default 12 hours
  REQUIRE(*expires <= mlgate::now_epoch_seconds() + 12 * 3600 + 5);

  HttpClient session(server.port(), secret);
  auto me = session.get("/api/v1/me");
  REQUIRE(me.status == 200);
  REQUIRE(me.json()["name"] == "admin");
  REQUIRE(session.post_json("/api/v1/tokens", {{"name", "dora"}, {"role", "viewer"}}).status == 201);  // the token's role
  // A session does not extend itself, and a token is not a session to end.
  REQUIRE(session.post("/api/v1/session").error_code() == "not_a_token");
  REQUIRE(admin.del("/api/v1/session").error_code() == "not_a_session");

  auto events = admin.get("/api/v1/audit").json()["events"];
  bool audited = false;
  for (const auto& e : events) audited = audited || (e["action"] == "session.created" && e["actor"] == "admin");
  REQUIRE(audited);

  REQUIRE(session.del("/api/v1/session").status == 204);
  REQUIRE(session.get("/api/v1/me").status == 401);
  REQUIRE(admin.get("/api/v1/me").status == 200);  // the token itself lives on
}

TEST_CASE("revoking a token ends its sessions", "[integration][sessions]") {
  ServerProcess server;
  HttpClient admin(server.port(), server.admin_token());
  HttpClient dora = person(server, "dora", "deployer");
  auto opened = dora.post("/api/v1/session");
  REQUIRE(opened.status == 201);
  REQUIRE(opened.json()["role"] == "deployer");
  HttpClient session(server.port(), opened.json()["token"].get<std::string>());
  REQUIRE(session.get("/api/v1/me").json()["role"] == "deployer");
  REQUIRE(admin.del("/api/v1/tokens/dora").status == 204);
  REQUIRE(session.get("/api/v1/me").status == 401);
}
