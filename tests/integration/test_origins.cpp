// Which sites reach the server: a rebound DNS name is refused, no other site may read
// across origins unless configured, and no response leaks the page's address onward.
#include <catch2/catch.hpp>

#include "integration/http_client.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;

TEST_CASE("on loopback a request under another host name is refused, as DNS rebinding would send it", "[integration][origins]") {
  ServerProcess server;
  HttpClient admin(server.port(), server.admin_token());
  const std::string port = std::to_string(server.port());
  auto rebound = admin.request("GET", "/api/v1/models", {}, "application/json", {{"Host", "attacker.example:" + port}});
  REQUIRE(rebound.status == 403);
  REQUIRE(rebound.error_code() == "host_not_allowed");
  REQUIRE_THAT(rebound.json()["error"]["message"].get<std::string>(), Catch::Contains("'attacker.example'"));
  REQUIRE(admin.request("GET", "/api/v1/models", {}, "application/json", {{"Host", "localhost:" + port}}).status == 200);
  auto page = admin.request("GET", "/", {}, "application/json", {{"Host", "127.0.0.1:" + port}});
  REQUIRE(page.status == 200);
  REQUIRE(page.headers["referrer-policy"] == "no-referrer");

  // No CORS unless configured: another site's script cannot read the answers.
  auto cross = admin.request("GET", "/api/v1/models", {}, "application/json", {{"Origin", "https://evil.example"}});
  REQUIRE(cross.status == 200);
  REQUIRE(cross.headers.count("access-control-allow-origin") == 0);
  auto preflight = HttpClient(server.port()).request("OPTIONS", "/api/v1/models", {}, "application/json",
                                                     {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  REQUIRE(preflight.headers.count("access-control-allow-origin") == 0);
  REQUIRE(preflight.status >= 400);
}

TEST_CASE("configured host names and CORS origins are the only ones answered", "[integration][origins]") {
  ServerProcess server({"--allowed-hosts", "mlgate.internal", "--cors-origins", "https://app.example.com"});
  HttpClient admin(server.port(), server.admin_token());
  REQUIRE(admin.request("GET", "/api/v1/me", {}, "application/json", {{"Host", "mlgate.internal"}}).status == 200);
  REQUIRE(admin.request("GET", "/api/v1/me", {}, "application/json", {{"Host", "localhost"}}).error_code() == "host_not_allowed");

  std::map<std::string, std::string> h = {{"Host", "mlgate.internal"}, {"Origin", "https://app.example.com"}};
  auto read = admin.request("GET", "/api/v1/me", {}, "application/json", h);
  REQUIRE(read.status == 200);
  REQUIRE(read.headers["access-control-allow-origin"] == "https://app.example.com");
  REQUIRE(read.headers["vary"] == "Origin");
  // The preflight carries no token and gets no data, only what the real request may send.
  h["Access-Control-Request-Method"] = "POST";
  auto preflight = HttpClient(server.port()).request("OPTIONS", "/api/v1/models", {}, "application/json", h);
  REQUIRE(preflight.status == 204);
  REQUIRE(preflight.body.empty());
  REQUIRE(preflight.headers["access-control-allow-origin"] == "https://app.example.com");
  REQUIRE_THAT(preflight.headers["access-control-allow-headers"], Catch::Contains("Authorization"));
  h["Origin"] = "https://other.example.com";
  REQUIRE(admin.request("GET", "/api/v1/me", {}, "application/json", h).headers.count("access-control-allow-origin") == 0);
}
