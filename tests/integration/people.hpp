// A person with a role on a running server: a token created by the admin, and a client for it.
#pragma once
#include <string>

#include <catch2/catch.hpp>

#include "integration/http_client.hpp"
#include "integration/server_process.hpp"

namespace mlgate::testing {

inline HttpClient person(const ServerProcess& s, const std::string& name, const std::string& role) {
  HttpClient admin(s.port(), s.admin_token());
  auto r = admin.post_json("/api/v1/tokens", {{"name", name}, {"role", role}});
  REQUIRE(r.status == 201);
  return HttpClient(s.port(), r.json()["token"].get<std::string>());
}

}  // namespace mlgate::testing
