// The route table, decoding once, and the one validator for names, versions and JSON depth.
#include <catch2/catch.hpp>

#include "api/json_body.hpp"
#include "api/validation.hpp"
#include "app/config.hpp"
#include "http/router.hpp"

using namespace mlgate;
using boost::beast::http::verb;

TEST_CASE("the router matches patterns, decodes parameters once and tells 404 from 405") {
  http::Router r;
  r.add({verb::get, "/api/v1/models/{name}", http::Role::viewer, http::BodyKind::none, 0, {}});
  r.add({verb::post, "/api/v1/models/{name}/versions", http::Role::deployer, http::BodyKind::file, 1, {}});

  auto m = r.match(verb::get, "/api/v1/models/iris");
  REQUIRE(m.route == &r.routes()[0]);
  REQUIRE(m.params.at("name") == "iris");

  // %2F decodes to '/', inside the parameter: the validator then refuses it as a name.
  m = r.match(verb::get, "/api/v1/models/..%2Fetc");
  REQUIRE(m.route);
  REQUIRE(m.params.at("name") == "../etc");
  REQUIRE_FALSE(api::validate_model_name(m.params.at("name")));
  // Decoded once: %252e stays "%2e", never becomes ".".
  REQUIRE(r.match(verb::get, "/api/v1/models/%252e").params.at("name") == "%2e");

  m = r.match(verb::delete_, "/api/v1/models/iris");
  REQUIRE_FALSE(m.route);
  REQUIRE(m.path_known);
  m = r.match(verb::get, "/api/v1/elsewhere");
  REQUIRE_FALSE(m.route);
  REQUIRE_FALSE(m.path_known);
  m = r.match(verb::get, "/api/v1/models/a%zz");
  REQUIRE(m.error);
  REQUIRE(m.error->code == "invalid_path");
}

TEST_CASE("query strings decode plus and percent, and undecodable values are poisoned") {
  auto q = http::parse_query("label=my+label&features=a%2Cb&flag&bad=%ZZ");
  REQUIRE(q.at("label") == "my label");
  REQUIRE(q.at("features") == "a,b");
  REQUIRE(q.at("flag").empty());
  REQUIRE(q.at("bad") == std::string("\0", 1));
  REQUIRE_FALSE(http::percent_decode("%00", false));
}

TEST_CASE("model names follow one strict rule") {
  auto good = GENERATE(as<std::string>{}, "iris", "a", "Model_2.v-1", std::string(128, 'x'));
  CAPTURE(good);
  REQUIRE(api::validate_model_name(good));
}

TEST_CASE("bad model names are refused with invalid_name") {
  auto bad = GENERATE(as<std::string>{}, "", "../x", "a/b", "..", ".hidden", "-x", "_x", "a b", "a\\b", "é", std::string(129, 'x'),
                      std::string("a\0b", 3), "a%2e");
  CAPTURE(bad);
  auto st = api::validate_model_name(bad);
  REQUIRE_FALSE(st);
  REQUIRE(st.error().code == "invalid_name");
  REQUIRE(st.error().status == 400);
}

TEST_CASE("versions are positive integers and nothing else") {
  REQUIRE(api::parse_version("1").value() == 1);
  REQUIRE(api::parse_version("999999999999").value() == 999999999999);
  auto bad = GENERATE(as<std::string>{}, "", "0", "-1", "1e3", "99999999999999999999", "1;2", "1#x", " 1", "0x1", "+1");
  CAPTURE(bad);
  auto v = api::parse_version(bad);
  REQUIRE_FALSE(v);
  REQUIRE(v.error().code == "invalid_version");
}

TEST_CASE("JSON bodies: depth is checked before parsing, errors give the byte") {
  auto deep = api::parse_json_body(std::string(150000, '['));
  REQUIRE_FALSE(deep);
  REQUIRE(deep.error().code == "json_too_deep");
  auto bad = api::parse_json_body(R"({"a": tru})");
  REQUIRE_FALSE(bad);
  REQUIRE(bad.error().code == "invalid_json");
  REQUIRE_THAT(bad.error().message, Catch::StartsWith("request body is not valid JSON at byte"));
  REQUIRE(api::parse_json_body(R"({"a": [1, 2]})").value()["a"][1] == 2);
  auto objects = api::parse_json_body([] {
    std::string s;
    for (int i = 0; i < 100000; ++i) s += "{\"a\":";
    return s;
  }());
  REQUIRE_FALSE(objects);
  REQUIRE(objects.error().code == "json_too_deep");
}

TEST_CASE("JSON bodies: a key given twice, a number past a double and a BOM") {
  struct Case {
    std::string body, message;
  };
  for (const auto& c : std::vector<Case>{
           {R"({"reason":"a","reason":"b"})", "key \"reason\" is given twice in the top-level object"},
           {R"({"inputs":[{"name":"x"},{"name":"a","shape":[1],"name":"b"}]})", "key \"name\" is given twice in the object at inputs[1]"},
           {R"({"a":{"b":[[{"c":1,"c":2}]]}})", "in the object at a.b[0][0]"},
           {R"({"reason":1e400})", "number overflow parsing '1e400'"},
           {"[1, -1e400]", "number overflow parsing '-1e400'"},
       }) {
    CAPTURE(c.body);
    auto r = api::parse_json_body(c.body);
    REQUIRE_FALSE(r);
    REQUIRE(r.error().status == 400);
    REQUIRE(r.error().code == "invalid_json");
    REQUIRE_THAT(r.error().message, Catch::Contains(c.message));
  }
  // The same key in two different objects is fine, and so is -0.
  auto ok = api::parse_json_body(R"({"a":{"x":1},"b":{"x":2},"c":[{"x":3},{"x":4}],"z":-0})");
  REQUIRE(ok);
  REQUIRE(ok.value()["c"][1]["x"] == 4);
  // A UTF-8 BOM before the text is skipped, as the CSV reader skips it.
  auto bom = api::parse_json_body("\xEF\xBB\xBF{\"reason\":\"x\"}");
  REQUIRE(bom);
  REQUIRE(bom.value()["reason"] == "x");
}

TEST_CASE("a number beyond double range is a 400 invalid_json, not an exception") {
  // Found by fuzz/json_v2.cpp: nlohmann throws out_of_range (not parse_error) for 1e400.
  for (const char* body : {R"({"inputs": [1e400]})", R"({"message": "x", "n": -1e99999})", "1E+5000"}) {
    CAPTURE(body);
    auto r = api::parse_json_body(body);
    REQUIRE_FALSE(r);
    REQUIRE(r.error().status == 400);
    REQUIRE(r.error().code == "invalid_json");
    REQUIRE_THAT(r.error().message, Catch::StartsWith("request body is not valid JSON") && Catch::Contains("number overflow parsing"));
  }
}

namespace {
const char* fake_env(const char* name) {
  std::string n = name;
  if (n == "MLGATE_DATA") return "/srv/mlgate";
  if (n == "MLGATE_MIN_ACCURACY") return "0.8";
  return nullptr;
}
const char* no_env(const char*) { return nullptr; }
}  // namespace

TEST_CASE("configuration: flags over MLGATE_* variables over defaults") {
  auto inv = app::parse_invocation({"serve", "--listen", "0.0.0.0:9090", "--threads=3"}, fake_env);
  REQUIRE(inv);
  REQUIRE(inv->command == app::Command::serve);
  REQUIRE(inv->config.listen_address == "0.0.0.0");
  REQUIRE(inv->config.port == 9090);
  REQUIRE(inv->config.threads == 3);
  REQUIRE(inv->config.data_dir == "/srv/mlgate");
  REQUIRE(inv->config.min_accuracy == 0.8);
  auto flag_wins = app::parse_invocation({"serve", "--data", "here"}, fake_env);
  REQUIRE(flag_wins->config.data_dir == "here");
  REQUIRE(app::parse_invocation({}, no_env)->command == app::Command::help);
  auto bad = app::parse_invocation({"serve", "--listen", "nowhere"}, no_env);
  REQUIRE_FALSE(bad);
  REQUIRE_THAT(bad.error().message, Catch::Contains("ADDR:PORT"));
  REQUIRE_FALSE(app::parse_invocation({"serve", "--bogus"}, no_env));
  REQUIRE_FALSE(app::parse_invocation({"serve", "--threads", "many"}, no_env));
  REQUIRE(app::parse_invocation({"serve"}, no_env)->config.action_minutes == 15);
  REQUIRE(app::parse_invocation({"serve", "--action-minutes", "60"}, no_env)->config.action_minutes == 60);
  REQUIRE(app::parse_invocation({"serve", "--action-minutes", "0"}, no_env).error().message == "--action-minutes must be at least 1 (see mlgate --help)");
}
