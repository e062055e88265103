// Test records of a version: server-side tests on a labelled CSV, and the list.
#include "api/routes.hpp"
#include "api/validation.hpp"
#include "app/operations.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;
using nlohmann::json;

void add_test_routes(http::Router& r, app::App& app) {
  r.add({verb::post, "/api/v1/models/{name}/versions/{v}/tests", http::Role::deployer, http::BodyKind::memory,
         app.config().max_csv_bytes, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto v = version_param(req);
           if (!v) return http::error_response(v.error());
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
