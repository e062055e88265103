// The predict body decoder (SAX, straight into columns) and the reply encoder.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "api/predict_codec.hpp"

using namespace mlgate;
using nlohmann::json;

namespace {
api::Signature mixed_signature() {
  api::Signature s;
  s.input_layout = "columns";
  s.inputs = {{"age", "float", {-1, 1}}, {"class", "int64", {-1, 1}}, {"sex", "string", {-1, 1}}};
  s.features = {"age", "class", "sex"};
  return s;
}
}  // namespace

TEST_CASE("rows and columns decode to the same feature columns") {
  auto sig = mixed_signature();
  auto rows = api::decode_predict_body(
      R"({"rows":[{"sex":"male","age":22.5,"class":3},{"age":null,"class":1,"sex":null}],"meta":{"x":[1,{"y":2}]}})", sig);
  REQUIRE(rows.ok());
  auto cols = api::decode_predict_body(R"({"columns":{"age":[22.5,null],"class":[3,1],"sex":["male",null]}})", sig);
  REQUIRE(cols.ok());
  for (const auto* t : {&rows.value(), &cols.value()}) {
    REQUIRE(t->rows == 2);
    REQUIRE(t->columns.size() == 3);
    REQUIRE(t->columns[0].name == "age");
    REQUIRE(t->columns[0].numbers[0] == 22.5);
    REQUIRE(std::isnan(t->columns[0].numbers[1]));
    REQUIRE(t->columns[1].numbers == std::vector<double>{3, 1});
    REQUIRE(t->columns[2].is_text);
    REQUIRE(t->columns[2].texts == std::vector<std::string>{"male", ""});
  }
}

TEST_CASE("a number sent to a text feature keeps the text it was written as") {
  auto sig = mixed_signature();
  auto t = api::decode_predict_body(R"({"rows":[{"sex":1.50,"age":1,"class":2},{"sex":-7,"age":1,"class":2}]})", sig);
  REQUIRE(t.ok());
  REQUIRE(t->columns[2].texts == std::vector<std::string>{"1.50", "-7"});
}

TEST_CASE("decoding errors name the path and the problem") {
  auto sig = mixed_signature();
  struct Case {
    const char* body;
    const char* code;
    const char* message;
  };
  for (const auto& c : std::vector<Case>{
           {R"({"rows":[{"age":1,"class":2,"sex":"f"},{"age":1,"class":"x","sex":"f"}]})", "invalid_feature", "rows[1].class: expected a number, got a string"},
           {R"({"rows":[{"age":1,"class":2,"sex":true}]})", "invalid_feature", "rows[0].sex: expected a string"},
           {R"({"rows":[{"age":1,"class":2}]})", "missing_feature", "rows[0]: missing feature(s) 'sex'"},
           {R"({"rows":[{"age":1,"class":2,"sex":"f","x":0}]})", "unknown_feature", "rows[0].x: not a feature"},
           {R"({"rows":{"age":1}})", "invalid_body", "rows: expected an array of objects"},
           {R"({"rows":[1]})", "invalid_body", "rows[0]: expected an object"},
           {R"({"columns":{"age":[1],"class":[1,2],"sex":["a"]}})", "ragged_columns", "columns.class has 2 values, other columns have 1"},
           {R"({"columns":{"age":1}})", "invalid_body", "columns.age: expected an array"},
           {R"({"columns":{"age":[{}]}})", "invalid_feature", "columns.age[0]: expected a number"},
           {R"({"columns":{"age":[],"class":[],"sex":[]}})", "invalid_body", "at least one row"},
           {R"({})", "invalid_body", "exactly one"},
           {R"("rows")", "invalid_body", "JSON object"},
           {R"({"rows":[{"age":1,)", "invalid_json", "at byte"},
           {R"({"rows":[{"age":1,"class":2,"sex":"f"}]} trailing)", "invalid_json", "at byte"},
       }) {
    CAPTURE(c.body);
    auto r = api::decode_predict_body(c.body, sig);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == c.code);
    CHECK_THAT(r.error().message, Catch::Contains(c.message));
  }
}

TEST_CASE("deep nesting is refused before it is parsed") {
  std::string deep = "{\"x\":" + std::string(5000, '[') + std::string(5000, ']') + "}";
  auto r = api::decode_predict_body(deep, mixed_signature());
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.error().code == "json_too_deep");
}

TEST_CASE("predictions encode as JSON with float probabilities read back exactly") {
  inference::Predictions p;
  p.rows = 2;
  p.task = "classification";
  p.classes = {"setosa", "say \"hi\""};
  p.labels = {"say \"hi\"", "setosa"};
  p.probabilities = {0.1f, 0.9f, 0.7f, std::nanf("")};
  auto j = json::parse(api::encode_predictions("iris", 3, p));
  REQUIRE(j["model"] == "iris");
  REQUIRE(j["version"] == 3);
  const auto& preds = j["predictions"];
  REQUIRE(preds.size() == 2);
  REQUIRE(preds[0]["label"] == "say \"hi\"");
  REQUIRE(preds[0]["confidence"].get<float>() == 0.9f);
  REQUIRE(preds[0]["probabilities"]["setosa"].get<float>() == 0.1f);
  REQUIRE(preds[1]["probabilities"]["say \"hi\""].is_null());  // NaN has no JSON form
  std::set<std::string> ids = {preds[0]["id"], preds[1]["id"]};
  REQUIRE(ids.size() == 2);
  REQUIRE(preds[0]["id"].get<std::string>().size() == 24);

  inference::Predictions r;
  r.rows = 2;
  r.task = "regression";
  r.values = {151.00000000000003, INFINITY};
  auto k = json::parse(api::encode_predictions("diabetes", 1, r));
  REQUIRE(k["predictions"][0]["value"].get<double>() == 151.00000000000003);
  REQUIRE(k["predictions"][1]["value"].is_null());
}
