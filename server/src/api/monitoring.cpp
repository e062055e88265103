// Monitoring: POST /api/v1/feedback (true labels joined to logged predictions),
// GET .../monitoring (figures over a window) and GET .../drift (a version against its
// reference).
#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "api/validation.hpp"
#include "app/monitoring_ops.hpp"
#include "core/duration.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;

namespace {

constexpr int64_t kMinWindowMs = 60'000, kMaxWindowMs = 90LL * 86'400'000;

Result<int64_t> window_param(const Request& req, int64_t fallback_ms) {
  const std::string* w = req.query_param("window");
  if (!w) return fallback_ms;
  auto ms = parse_duration_ms(*w);
  if (!ms || *ms < kMinWindowMs || *ms > kMaxWindowMs)
    return bad_request("invalid_window", "window must be a duration from 1m to 90d such as \"1h\", \"24h\" or \"7d\"");
  return *ms;
}

}  // namespace

void add_monitoring_routes(http::Router& r, app::App& app) {
  // Whoever may predict may say what the truth turned out to be.
  r.add({verb::post, "/api/v1/feedback", http::Role::viewer, http::BodyKind::memory, 8 << 20, [&app](Request& req) {
           auto body = parse_json_body(req.body);
           if (!body) return http::error_response(body.error());
           auto done = app::record_feedback(app, body.value(), req.identity.name);
           if (!done) return http::error_response(done.error());
           return http::json_response(200, done.value());
         }});

  r.add({verb::get, "/api/v1/models/{name}/monitoring", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto window = window_param(req, 3'600'000);
           if (!window) return http::error_response(window.error());
           auto buckets = int_query(req, "buckets", 30, 1, 500);
           if (!buckets) return http::error_response(buckets.error());
           auto report = app::monitoring_report(app, name.value(), window.value(), buckets.value());
           if (!report) return http::error_response(report.error());
           return http::json_response(200, report.value());
         }});

  r.add({verb::get, "/api/v1/models/{name}/drift", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto window = window_param(req, 86'400'000);
           if (!window) return http::error_response(window.error());
           std::optional<int64_t> version;
           if (const std::string* q = req.query_param("version")) {
             auto v = parse_version(*q);
             if (!v) return http::error_response(v.error());
             version = v.value();
           }
           auto report = app::drift_report(app, name.value(), version, window.value());
           if (!report) return http::error_response(report.error());
           return http::json_response(200, report.value());
         }});
}

}  // namespace mlgate::api
