// The deployment agent end to end on the real binary with its default (offline) planner: a
// deployer registers, tests and asks for promotion by chat; an approver approves by chat; a
// viewer predicts from free text. After each step the registry and the audit log are read
// back through the plain API: what changed, who is named, and that the agent carried it out.
#include <catch2/catch.hpp>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/people.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;
using nlohmann::json;

namespace {
// One turn in a conversation (a new one when `conversation` is empty, which it then names).
json say(const HttpClient& who, std::string& conversation, const std::string& message) {
  json body = {{"message", message}};
  if (!conversation.empty()) body["conversation_id"] = conversation;
  auto r = who.post_json("/api/v1/chat", body);
  INFO(message << " -> " << r.body);
  REQUIRE(r.status == 200);
  json j = r.json();
  REQUIRE(j["planner"] == "offline");
  conversation = j["conversation_id"].get<std::string>();
  return j;
}

json audit(const HttpClient& who) {
  auto r = who.get("/api/v1/audit?model=titanic&limit=1000");
  REQUIRE(r.status == 200);
  return r.json()["events"];
}

json pending_promotions(const HttpClient& who) { return who.get("/api/v1/promotions?status=pending").json()["promotions"]; }
}  // namespace

TEST_CASE("a deployer and an approver deploy a model by chat, confirming each change, and a viewer predicts from free text",
          "[integration][agent]") {
  ServerProcess server;
  HttpClient dora = person(server, "dora", "deployer");
  HttpClient alice = person(server, "alice", "approver");
  HttpClient vic = person(server, "vic", "viewer");
  auto f = fixture("s06_titanic_logreg_multi_input_zipmap");

  // The files come the way the UI sends them: uploads the agent refers to by "the file I uploaded".
  auto up_model = dora.post("/api/v1/uploads?filename=titanic.onnx", read_file(f.dir + "/model.onnx"), "application/octet-stream");
  REQUIRE(up_model.status == 201);
  auto up_csv = dora.post("/api/v1/uploads?filename=titanic.csv", read_file(f.dir + "/data.csv"), "text/csv");
  REQUIRE(up_csv.status == 201);

  // 1. Register: carried out at once (staging is not production), as dora, via the agent.
  std::string dc;
  json r = say(dora, dc, "register the model I just uploaded as titanic");
  REQUIRE(r["tool_calls"].size() == 1);
  REQUIRE(r["tool_calls"][0]["tool"] == "register_model");
  REQUIRE(r["tool_calls"][0]["arguments"]["upload_id"] == up_model.json()["upload_id"]);
  REQUIRE(r["tool_calls"][0]["result"]["card"] == "version");
  REQUIRE(r["pending_actions"].empty());
  json v1 = dora.get("/api/v1/models/titanic/versions/1").json();
  REQUIRE(v1["stage"] == "staging");
  REQUIRE(v1["created_by"] == "dora");
  REQUIRE(v1["sha256"] == up_model.json()["sha256"]);
  json events = audit(dora);
  REQUIRE(events.size() == 1);
  REQUIRE(events[0]["actor"] == "dora");
  REQUIRE(events[0]["detail"]["via"] == "agent");
  REQUIRE(events[0]["detail"]["conversation"] == dc);

  // 2. Test on the uploaded CSV: the record is the same one a direct server test gives.
  r = say(dora, dc, "test it on the csv I uploaded with label survived");
  REQUIRE(r["tool_calls"].size() == 1);
  REQUIRE(r["tool_calls"][0]["tool"] == "test_model");
  REQUIRE(r["tool_calls"][0]["arguments"] == json({{"model", "titanic"}, {"version", 1},
                                                  {"upload_id", up_csv.json()["upload_id"]}, {"label", "survived"}}));
  json tests = dora.get("/api/v1/models/titanic/versions/1/tests").json()["tests"];
  REQUIRE(tests.size() == 1);
  REQUIRE(tests[0]["actor"] == "dora");
  REQUIRE(tests[0]["passed"] == true);
  REQUIRE(tests[0]["rows"] == load_csv(f.dir + "/data.csv").rows());
  REQUIRE(tests[0]["data_sha256"] == up_csv.json()["sha256"]);
  auto direct = dora.post("/api/v1/models/titanic/versions/1/tests?label=survived", read_file(f.dir + "/data.csv"), "text/csv");
  REQUIRE(direct.status == 201);
  REQUIRE(direct.json()["metrics"] == tests[0]["metrics"]);
  std::string test_reply = r["reply"];
  CAPTURE(test_reply);
  REQUIRE(test_reply.find("test #" + std::to_string(tests[0]["id"].get<int64_t>()) + " of titanic v1") != std::string::npos);

  // 3. Promotion: only a pending action until dora herself confirms it, once.
  const size_t before = audit(dora).size();
  r = say(dora, dc, "promote it to production, it passed");
  REQUIRE(r["tool_calls"].size() == 1);
  REQUIRE(r["tool_calls"][0]["tool"] == "request_promotion");
  REQUIRE(r["pending_actions"].size() == 1);
  json action = r["pending_actions"][0];
  REQUIRE(action["summary"] == "Request promotion of titanic v1 to production");
  std::string reply = r["reply"];
  CAPTURE(reply);
  REQUIRE(reply.find("Request promotion of titanic v1 to production") != std::string::npos);
  REQUIRE(pending_promotions(dora).empty());
  REQUIRE(audit(dora).size() == before);

  std::string confirm = "/api/v1/chat/actions/" + action["id"].get<std::string>() + "/confirm";
  REQUIRE(alice.post(confirm).status == 404);  // not hers: it does not exist for her
  REQUIRE(pending_promotions(dora).empty());
  auto done = dora.post(confirm);
  INFO(done.body);
  REQUIRE(done.status == 200);
  REQUIRE(dora.post(confirm).error_code() == "action_not_pending");
  json promos = pending_promotions(dora);
  REQUIRE(promos.size() == 1);
  REQUIRE(promos[0]["requested_by"] == "dora");
  REQUIRE(promos[0]["version"] == 1);
  events = audit(dora);
  REQUIRE(events.size() == before + 1);
  REQUIRE(events.back()["actor"] == "dora");
  REQUIRE(events.back()["detail"]["via"] == "agent");
  REQUIRE(events.back()["detail"]["action"] == action["id"]);
  REQUIRE(dora.get("/api/v1/models/titanic/versions/1").json()["stage"] == "staging");

  // 4. The approver approves by chat; a viewer asking the same gets the API's refusal.
  std::string vc;
  r = say(vic, vc, "approve the titanic promotion");
  INFO(r.dump());
  REQUIRE(r["pending_actions"].empty());
  REQUIRE(r["tool_calls"].size() == 1);
  REQUIRE(r["tool_calls"][0]["result"]["error"]["status"] == 403);
  std::string ac;
  r = say(alice, ac, "approve the pending promotion of titanic");
  REQUIRE(r["tool_calls"].size() == 1);
  REQUIRE(r["tool_calls"][0]["tool"] == "approve_promotion");
  REQUIRE(r["tool_calls"][0]["arguments"]["promotion_id"] == promos[0]["id"]);
  REQUIRE(r["pending_actions"].size() == 1);
  REQUIRE(dora.get("/api/v1/models/titanic/versions/1").json()["stage"] == "staging");
  done = alice.post("/api/v1/chat/actions/" + r["pending_actions"][0]["id"].get<std::string>() + "/confirm");
  INFO(done.body);
  REQUIRE(done.status == 200);
  REQUIRE(dora.get("/api/v1/models/titanic/versions/1").json()["stage"] == "production");
  REQUIRE(pending_promotions(dora).empty());
  events = audit(dora);
  REQUIRE(events.back()["actor"] == "alice");
  REQUIRE(events.back()["to_stage"] == "production");
  REQUIRE(events.back()["detail"]["via"] == "agent");

  // 5. A viewer asks in words; the answer is the predict API's for the same row.
  r = say(vic, vc, "what does titanic predict for a passenger with sex female, age 30 and passengerClass 1?");
  REQUIRE(r["tool_calls"].size() == 1);
  REQUIRE(r["tool_calls"][0]["tool"] == "predict");
  json features = r["tool_calls"][0]["arguments"]["features"];
  REQUIRE(features == json({{"sex", "female"}, {"age", 30}, {"passengerClass", 1}}));
  json via_chat = r["tool_calls"][0]["result"]["predictions"][0];
  auto api = vic.post_json("/api/v1/models/titanic/predict", {{"rows", json::array({features})}});
  REQUIRE(api.status == 200);
  json via_api = api.json()["predictions"][0];
  REQUIRE(via_chat["label"] == via_api["label"]);
  REQUIRE(via_chat["confidence"].get<double>() == Approx(via_api["confidence"].get<double>()).margin(1e-7));
  REQUIRE(r["reply"].get<std::string>().find("titanic v1 predicts " + via_api["label"].get<std::string>()) != std::string::npos);
  // Reading changed nothing: the audit log is as the approval left it.
  REQUIRE(audit(dora).size() == events.size());
}
