// Probes: no token needed.
#include "api/routes.hpp"

namespace mlgate::api {
using http::Request;
using http::Response;
using boost::beast::http::verb;

void add_health_routes(http::Router& r, app::App& app) {
  auto live = [](Request&) { return http::json_response(200, {{"status", "ok"}}); };
  auto ready = [&app](Request&) {
    bool ok = app.serving().ready();
    return http::json_response(ok ? 200 : 503, {{"status", ok ? "ready" : "degraded"}, {"models", app.serving().readiness()}});
  };
  r.add({verb::get, "/livez", http::Role::none, http::BodyKind::none, 0, live});
  r.add({verb::get, "/healthz", http::Role::none, http::BodyKind::none, 0, live});
  r.add({verb::get, "/readyz", http::Role::none, http::BodyKind::none, 0, ready});
  r.add({verb::get, "/v2/health/live", http::Role::none, http::BodyKind::none, 0, live});
  r.add({verb::get, "/v2/health/ready", http::Role::none, http::BodyKind::none, 0, ready});
}

}  // namespace mlgate::api
