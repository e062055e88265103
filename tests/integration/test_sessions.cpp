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

namespace {
// The secret of the sign-in link a start printed: "open http://127.0.0.1:P/?token=lt_...".
std::string launch_secret(const ServerProcess& server) {
  auto at = server.banner().find("?token=");
  REQUIRE(at != std::string::npos);
  auto end = server.banner().find_first_of(" \n", at);
  return server.banner().substr(at + 7, end - at - 7);
}
}  // namespace

TEST_CASE("the printed sign-in link is good for one session, and for none after a restart", "[integration][sessions]") {
  ServerProcess server;
  const std::string link = launch_secret(server);
  REQUIRE(link.rfind("lt_", 0) == 0);
  REQUIRE(link.size() == 3 + 64);
  REQUIRE(link.find(server.admin_token()) == std::string::npos);
  REQUIRE(server.banner().find("admin token for the API (shown once") != std::string::npos);

  HttpClient anyone(server.port());
  // The link's secret is no bearer token, not even before it is used.
  auto as_bearer = HttpClient(server.port(), link).get("/api/v1/me");
  REQUIRE(as_bearer.status == 401);
  REQUIRE_THAT(as_bearer.error_message(), Catch::Contains("one-time sign-in link"));
  REQUIRE(anyone.post_json("/api/v1/launch", {{"token", link + "0"}}).status == 401);

  auto opened = anyone.post_json("/api/v1/launch", {{"token", link}});
  REQUIRE(opened.status == 201);
  REQUIRE(opened.json()["name"] == "admin");
  REQUIRE(opened.json()["role"] == "admin");
  HttpClient session(server.port(), opened.json()["token"].get<std::string>());
  REQUIRE(session.get("/api/v1/me").json()["role"] == "admin");

  auto again = anyone.post_json("/api/v1/launch", {{"token", link}});
  REQUIRE(again.status == 401);
  REQUIRE_THAT(again.error_message(), Catch::Contains("already used"));
  REQUIRE(anyone.post_json("/api/v1/launch", {{"secret", link}}).error_code() == "missing_field");

  // A restart mints a new link; the old one opens nothing, the admin token is not shown again.
  std::filesystem::path dir = server.data_dir();
  server.stop();
  ServerProcess restarted({}, {}, dir);
  const std::string fresh = launch_secret(restarted);
  REQUIRE(fresh != link);
  REQUIRE(restarted.banner().find(restarted.admin_token()) == std::string::npos);
  HttpClient later(restarted.port());
  REQUIRE(later.post_json("/api/v1/launch", {{"token", link}}).status == 401);
  REQUIRE(later.post_json("/api/v1/launch", {{"token", fresh}}).status == 201);
}
