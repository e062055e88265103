// Models that crash, exhaust memory or hang ONNX Runtime while it loads them: each is
// refused with 422 model_rejected saying how, nothing is stored, and the server serves on.
#include <catch2/catch.hpp>

#include <filesystem>

#include "integration/fixtures.hpp"
#include "integration/hostile_models.hpp"
#include "integration/http_client.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;

namespace {
size_t stored_blobs(const ServerProcess& s) {
  size_t n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(s.data_dir() / "artifacts", ec);
       it != std::filesystem::recursive_directory_iterator(); ++it)
    n += it->is_regular_file() ? 1 : 0;
  return n;
}

void refused_and_still_serving(const ServerProcess& server, const std::string& model, const std::string& why) {
  HttpClient admin(server.port(), server.admin_token());
  const size_t blobs = stored_blobs(server);
  const size_t events = admin.get("/api/v1/audit").json()["events"].size();
  auto r = admin.post("/api/v1/models/hostile/versions", model, "application/octet-stream");
  INFO(r.body);
  REQUIRE(r.status == 422);
  REQUIRE(r.error_code() == "model_rejected");
  REQUIRE_THAT(r.json()["error"]["message"].get<std::string>(), Catch::Contains(why));
  // Nothing stored, nothing recorded as done, and the server answers as before.
  REQUIRE(admin.get("/api/v1/models/hostile").status == 404);
  REQUIRE(stored_blobs(server) == blobs);
  REQUIRE(admin.get("/api/v1/audit").json()["events"].size() == events);
  REQUIRE(admin.get("/livez").status == 200);
  auto f = fixture("s02_iris_logreg_tensor");
  auto ok = admin.post("/api/v1/models/iris/versions" + f.features_query(), read_file(f.dir + "/model.onnx"), "application/octet-stream");
  REQUIRE((ok.status == 201 || ok.status == 200));
}
}  // namespace

TEST_CASE("a model that crashes ONNX Runtime at load is refused and the server stays up", "[integration][probe]") {
  ServerProcess server;
  refused_and_still_serving(server, model_crashing_at_load(), "it crashed ONNX Runtime while loading (SIGFPE)");
}

TEST_CASE("a model that needs gigabytes at load is refused at the probe's memory limit", "[integration][probe]") {
  ServerProcess server({"--probe-memory-mb", "1024"});
  refused_and_still_serving(server, model_exhausting_memory_at_load(), "loading it needed more than 1024 MiB");
}

TEST_CASE("a model whose load does not finish within the probe's time limit is refused", "[integration][probe]") {
  ServerProcess server({"--probe-timeout", "1"});
  refused_and_still_serving(server, model_slow_to_load(), "loading it took longer than 1 s");
}
