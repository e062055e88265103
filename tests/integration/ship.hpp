// Upload, test on the server with the fixture's own data, request promotion and approve:
// a fixture model in production the way a user gets it there.
#pragma once
#include <string>

#include <catch2/catch.hpp>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"

namespace mlgate::testing {

// Returns the version number the upload got.
inline int64_t ship(const HttpClient& deployer, const HttpClient& approver, const std::string& model, const std::string& fixture_name) {
  auto f = fixture(fixture_name);
  auto up = deployer.post("/api/v1/models/" + model + "/versions" + f.features_query(), read_file(f.dir + "/model.onnx"),
                          "application/octet-stream");
  REQUIRE((up.status == 201 || up.status == 200));
  int64_t v = up.json()["version"];
  std::string base = "/api/v1/models/" + model + "/versions/" + std::to_string(v);
  REQUIRE(deployer.post(base + "/tests?label=" + f.label, read_file(f.dir + "/data.csv"), "text/csv").status == 201);
  auto promo = deployer.post(base + "/promotion");
  REQUIRE(promo.status == 202);
  REQUIRE(approver.post("/api/v1/promotions/" + std::to_string(promo.json()["id"].get<int64_t>()) + "/approve").status == 200);
  return v;
}

}  // namespace mlgate::testing
