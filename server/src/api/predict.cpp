// POST /api/v1/models/{name}/predict: production inference with confidence scores.
#include "api/routes.hpp"
#include "api/validation.hpp"
#include "app/operations.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;

void add_predict_routes(http::Router& r, app::App& app) {
  r.add({verb::post, "/api/v1/models/{name}/predict", http::Role::viewer, http::BodyKind::memory,
         app.config().max_json_bytes, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           std::optional<int64_t> version;
           if (const std::string* q = req.query_param("version")) {
             auto v = parse_version(*q);
             if (!v) return http::error_response(v.error());
             version = v.value();
           }
           auto body = app::ops::predict(app, name.value(), version, req.identity.role, req.body);
           if (!body) return http::error_response(body.error());
           return http::text_response(200, std::move(body.value()), "application/json");
         }});
}

}  // namespace mlgate::api
