// POST /api/v1/models/{name}/predict: production inference with confidence scores.
#include "api/predict_codec.hpp"
#include "api/routes.hpp"
#include "api/validation.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;

void add_predict_routes(http::Router& r, app::App& app) {
  r.add({verb::post, "/api/v1/models/{name}/predict", http::Role::viewer, http::BodyKind::memory,
         app.config().max_json_bytes, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           Result<std::shared_ptr<const app::Served>> served = Error{};
           if (req.query_param("version")) {
             auto v = parse_version(*req.query_param("version"));
             if (!v) return http::error_response(v.error());
             served = app.serving().version(name.value(), v.value());
             // Only production is open to viewers; other stages are for those who deploy.
             if (served && served.value()->info.stage != "production" && req.identity.role < http::Role::deployer)
               return http::error_response(forbidden("forbidden", "predicting with a non-production version needs the deployer role"));
           } else {
             served = app.serving().production(name.value());
           }
           if (!served) return http::error_response(served.error());
           const auto& s = *served.value();
           // Errors are counted only for served models: a label per requested name would let
           // any client grow /metrics without bound.
           auto fail = [&](const Error& e) {
             app.ops().observe_prediction_error(s.info.model, e.status);
             return http::error_response(e);
           };
           auto table = decode_predict_body(req.body, s.info.signature);
           if (!table) return fail(table.error());
           metrics::Stopwatch inference;
           auto preds = s.model->predict(table.value());
           if (!preds) return fail(preds.error());
           app.ops().observe_prediction(s.info.model, s.info.version, table->rows, inference.seconds());
           return http::text_response(200, encode_predictions(s.info.model, s.info.version, preds.value()), "application/json");
         }});
}

}  // namespace mlgate::api
