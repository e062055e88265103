// The signature lists the categories a graph fixes for its string inputs, so the predict form
// can offer them: titanic's OneHotEncoders fix sex and passengerClass; age is a number.
#include <catch2/catch.hpp>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;
using nlohmann::json;

TEST_CASE("the signature lists the categories the ONNX graph fixes", "[integration]") {
  ServerProcess server;
  HttpClient admin(server.port(), server.admin_token());
  auto titanic = fixture("s06_titanic_logreg_multi_input_zipmap");
  auto up = admin.post("/api/v1/models/titanic/versions", read_file(titanic.dir + "/model.onnx"), "application/octet-stream");
  REQUIRE(up.status == 201);
  json want = {{"sex", {"female", "male"}}, {"passengerClass", {"1st", "2nd", "3rd"}}};
  REQUIRE(up.json()["signature"]["categories"] == want);
  // Stored with the version, not only in the upload's reply.
  REQUIRE(admin.get("/api/v1/models/titanic/versions/1").json()["signature"]["categories"] == want);

  auto iris = fixture("s02_iris_logreg_tensor");
  auto plain = admin.post("/api/v1/models/iris/versions" + iris.features_query(), read_file(iris.dir + "/model.onnx"), "application/octet-stream");
  REQUIRE(plain.json()["signature"]["categories"] == json::object());
}
