// Test records of a version: server-side tests on a labelled CSV, browser tests attached as
// JSON (metrics and data hash only), and the list.
#include "api/routes.hpp"
#include "api/validation.hpp"
#include "app/operations.hpp"
#include "app/browser_record.hpp"
#include "app/version_tester.hpp"
#include "api/json_body.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;
using nlohmann::json;

namespace {
bool is_json(const std::string& content_type) {
  return content_type.rfind("application/json", 0) == 0;
}

// A test scored in the browser: metrics and data hash only (app/browser_record.hpp).
http::Response attach_browser_test(app::App& app, Request& req, const std::string& name, int64_t v) {
  if (req.body.size() > app.config().max_json_bytes) return http::error_response(too_large("a browser test record is JSON, at most the JSON body limit"));
  auto body = parse_json_body(req.body);
  if (!body) return http::error_response(body.error());
  auto version = app.store().get_version(name, v);
  if (!version) return http::error_response(version.error());
  app::PassRule rule{app.config().min_accuracy, app.config().min_r2};
  auto rec = app::browser_test_record(version.value(), body.value(), rule);
  if (!rec) return http::error_response(rec.error());
  rec->actor = req.identity.name;
  return http::json_or_error(app.store().add_test(rec.value()), 201);
}
}  // namespace

void add_test_routes(http::Router& r, app::App& app) {
  r.add({verb::post, "/api/v1/models/{name}/versions/{v}/tests", http::Role::deployer, http::BodyKind::memory,
         app.config().max_csv_bytes, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto v = version_param(req);
           if (!v) return http::error_response(v.error());
           // One route, two bodies: a CSV to score here, or a browser test's JSON record.
           if (is_json(req.content_type)) return attach_browser_test(app, req, name.value(), v.value());
           const std::string* label = req.query_param("label");
           if (!label || label->empty())
             return http::error_response(bad_request("missing_label", "query parameter 'label' names the CSV's label column"));
           return http::json_or_error(app::ops::test_version(app, name.value(), v.value(), req.body, *label, req.identity.name), 201);
         }});

  r.add({verb::get, "/api/v1/models/{name}/versions/{v}/tests", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto v = version_param(req);
           if (!v) return http::error_response(v.error());
           auto tests = app.store().list_tests(name.value(), v.value());
           if (!tests) return http::error_response(tests.error());
           return http::json_response(200, {{"tests", tests.value()}});
         }});
}

}  // namespace mlgate::api
