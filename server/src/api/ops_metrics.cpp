// GET /metrics: the operations figures in Prometheus' text format. It needs a token like the
// rest of the API (Prometheus sends one with `authorization: {credentials: ...}`).
#include "api/routes.hpp"

namespace mlgate::api {

void add_metrics_routes(http::Router& r, app::App& app) {
  r.add({boost::beast::http::verb::get, "/metrics", http::Role::viewer, http::BodyKind::none, 0, [&app](http::Request&) {
           return http::text_response(200, app.ops().exposition(), "text/plain; version=0.0.4; charset=utf-8");
         }});
}

}  // namespace mlgate::api
