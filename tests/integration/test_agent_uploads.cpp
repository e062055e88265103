// The agent's HTTP surface on the real binary: uploads (stored, listed per person, refused
// when malformed) and the chat endpoint, which says plainly that no planner is configured.
#include <catch2/catch.hpp>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/people.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;
using nlohmann::json;

TEST_CASE("uploads for the agent: stored under a server id, listed newest first, private to their uploader", "[integration]") {
  ServerProcess server;
  HttpClient dora = person(server, "dora", "deployer");
  HttpClient dan = person(server, "dan", "deployer");
  HttpClient vic = person(server, "vic", "viewer");
  auto f = fixture("s06_titanic_logreg_multi_input_zipmap");
  std::string onnx = read_file(f.dir + "/model.onnx");
  std::string csv = read_file(f.dir + "/data.csv");

  auto m = dora.post("/api/v1/uploads?filename=titanic.onnx", onnx, "application/octet-stream");
  REQUIRE(m.status == 201);
  json mj = m.json();
  REQUIRE(mj["kind"] == "onnx");
  REQUIRE(mj["filename"] == "titanic.onnx");
  REQUIRE(mj["size_bytes"] == onnx.size());
  REQUIRE(mj["sha256"].get<std::string>().size() == 64);
  std::string mid = mj["upload_id"];
  REQUIRE(mid.rfind("up_", 0) == 0);
  REQUIRE(std::filesystem::exists(server.data_dir() / "uploads" / mid));

  // No extension: the content decides.
  auto c = dora.post("/api/v1/uploads?filename=last%20week", csv, "text/csv");
  REQUIRE(c.status == 201);
  REQUIRE(c.json()["kind"] == "csv");
  REQUIRE(c.json()["columns"] == json({"survived", "sex", "age", "passengerClass"}));

  auto listed = dora.get("/api/v1/uploads");
  REQUIRE(listed.status == 200);
  REQUIRE(listed.json()["uploads"].size() == 2);
  REQUIRE(listed.json()["uploads"][0]["upload_id"] == c.json()["upload_id"]);  // newest first
  REQUIRE(listed.json()["uploads"][1]["upload_id"] == mid);
  REQUIRE(dora.get("/api/v1/uploads/" + mid).json()["filename"] == "titanic.onnx");

  SECTION("someone else's upload does not exist for them") {
    REQUIRE(dan.get("/api/v1/uploads").json()["uploads"].empty());
    auto other = dan.get("/api/v1/uploads/" + mid);
    REQUIRE(other.status == 404);
    REQUIRE(other.error_code() == "upload_not_found");
  }
  SECTION("ids that are not upload ids are refused before any lookup") {
    REQUIRE(dora.get("/api/v1/uploads/..%2Fmlgate.db").error_code() == "invalid_upload_id");
    REQUIRE(dora.get("/api/v1/uploads/up_123").error_code() == "invalid_upload_id");
  }
  SECTION("bad uploads are refused with what is wrong, and nothing is stored") {
    REQUIRE(dora.post("/api/v1/uploads", csv, "text/csv").error_code() == "missing_filename");
    REQUIRE(dora.post("/api/v1/uploads?filename=a%2Fb.csv", csv, "text/csv").error_code() == "invalid_filename");
    auto notOnnx = dora.post("/api/v1/uploads?filename=model.onnx", "hello,world\n1,2\n", "application/octet-stream");
    REQUIRE(notOnnx.status == 422);
    REQUIRE(notOnnx.error_code() == "invalid_onnx");
    auto mojo = dora.post("/api/v1/uploads?filename=glm.zip", read_file(fixtures_dir() + "/s10_h2o_glm_mojo_not_onnx/glm_model.zip"), "application/zip");
    REQUIRE(mojo.status == 422);
    auto badCsv = dora.post("/api/v1/uploads?filename=x.csv", "a,b\n1,\"2\n", "text/csv");
    REQUIRE(badCsv.status == 400);
    REQUIRE(dora.get("/api/v1/uploads").json()["uploads"].size() == 2);
  }
  SECTION("uploading needs the deployer role") {
    auto r = vic.post("/api/v1/uploads?filename=x.csv", csv, "text/csv");
    REQUIRE(r.status == 403);
  }
}

TEST_CASE("without an LLM key the chat runs on the offline planner and calls the registry's tools", "[integration]") {
  ServerProcess server;
  HttpClient vic = person(server, "vic", "viewer");
  auto r = vic.post_json("/api/v1/chat", {{"message", "list my models"}});
  REQUIRE(r.status == 200);
  auto j = r.json();
  REQUIRE(j["planner"] == "offline");
  REQUIRE(j["tool_calls"].size() == 1);
  REQUIRE(j["tool_calls"][0]["tool"] == "list_models");
  REQUIRE(j["tool_calls"][0]["result"]["models"].empty());
  REQUIRE_FALSE(j["reply"].get<std::string>().empty());
  // The conversation is stored and resumable by its owner.
  auto conv = vic.get("/api/v1/chat/" + j["conversation_id"].get<std::string>());
  REQUIRE(conv.status == 200);
  REQUIRE(vic.get("/api/v1/chat/c_00000000000000000000000000000000").status == 404);
  REQUIRE(vic.post("/api/v1/chat/actions/act_00000000000000000000000000000000/confirm").status == 404);
}
