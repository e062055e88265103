// The Host allow-list and the CORS origin list, as pure rules.
#include <catch2/catch.hpp>

#include "app/config.hpp"
#include "http/origin_policy.hpp"

using namespace mlgate;

TEST_CASE("a Host header's name is read without port, brackets, case or trailing dot") {
  CHECK(http::host_name("Example.COM:8080") == "example.com");
  CHECK(http::host_name("localhost.") == "localhost");
  CHECK(http::host_name("[::1]:8080") == "::1");
  CHECK(http::host_name("::1") == "::1");
  CHECK(http::host_name("127.0.0.1") == "127.0.0.1");
}

TEST_CASE("on loopback only the loopback names are answered - elsewhere any, unless configured") {
  http::OriginPolicy p{http::default_allowed_hosts("127.0.0.1"), {}};
  CHECK(http::host_allowed(p, "localhost:8080"));
  CHECK(http::host_allowed(p, "127.0.0.1:8080"));
  CHECK(http::host_allowed(p, "[::1]:8080"));
  CHECK_FALSE(http::host_allowed(p, "attacker.example:8080"));  // a rebound DNS name
  CHECK_FALSE(http::host_allowed(p, "127.0.0.1.attacker.example"));
  CHECK(http::host_allowed(p, ""));  // not a browser: the rule is about browsers
  CHECK(http::default_allowed_hosts("0.0.0.0").empty());
}

TEST_CASE("CORS origins match exactly") {
  http::OriginPolicy p{{}, {"https://app.example.com"}};
  CHECK(http::cors_allowed(p, "https://app.example.com"));
  CHECK_FALSE(http::cors_allowed(p, "https://app.example.com.evil"));
  CHECK_FALSE(http::cors_allowed(p, "http://app.example.com"));
  CHECK_FALSE(http::cors_allowed({}, "https://app.example.com"));
}

TEST_CASE("the allowed-hosts and cors-origins options are checked when read") {
  auto none = [](const char*) -> const char* { return nullptr; };
  auto inv = app::parse_invocation({"serve", "--allowed-hosts", "mlgate.internal, Models.Example.com"}, none);
  REQUIRE(inv.ok());
  CHECK(inv->config.allowed_hosts == std::vector<std::string>{"mlgate.internal", "models.example.com"});
  inv = app::parse_invocation({"serve", "--allowed-hosts", "*"}, none);
  REQUIRE(inv.ok());
  CHECK(inv->config.allowed_hosts_set);
  CHECK(inv->config.allowed_hosts.empty());
  auto bad = app::parse_invocation({"serve", "--cors-origins", "*"}, none);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("must list origins"));
  bad = app::parse_invocation({"serve", "--cors-origins", "app.example.com"}, none);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("origins like https://"));
}
