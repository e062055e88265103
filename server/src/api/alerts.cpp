// Alerts: GET /api/v1/alerts (newest first, optionally of one model) and each model's
// rules, GET/PUT /api/v1/models/{name}/alert-rules.
#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "api/validation.hpp"
#include "app/alert_rules.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;
using nlohmann::json;

namespace {

json alert_json(const registry::Alert& a) {
  return {{"id", a.id},         {"model", a.model},     {"version", a.version}, {"rule", a.rule},
          {"value", a.value},   {"threshold", a.threshold}, {"message", a.message}, {"detail", a.detail},
          {"fired_at", a.fired_at}, {"delivery", a.delivery}};
}

Result<app::AlertRules> rules_of(app::App& app, const std::string& model) {
  auto stored = app.alerts().get_rules(model);
  if (!stored) return stored.error();
  return app::parse_alert_rules(stored.value() ? *stored.value() : json::object());
}

}  // namespace

void add_alert_routes(http::Router& r, app::App& app) {
  r.add({verb::get, "/api/v1/alerts", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           std::optional<std::string> model;
           if (const std::string* m = req.query_param("model")) {
             if (auto st = validate_model_name(*m); !st) return http::error_response(st.error());
             model = *m;
           }
           auto limit = int_query(req, "limit", 100, 1, 1000);
           if (!limit) return http::error_response(limit.error());
           auto list = app.alerts().list_alerts(model, limit.value());
           if (!list) return http::error_response(list.error());
           json out = json::array();
           for (const auto& a : list.value()) out.push_back(alert_json(a));
           return http::json_response(200, {{"alerts", out}});
         }});

  r.add({verb::get, "/api/v1/models/{name}/alert-rules", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           if (auto v = app.store().list_versions(name.value()); !v) return http::error_response(v.error());
           auto rules = rules_of(app, name.value());
           if (!rules) return http::error_response(rules.error());
           return http::json_response(200, app::alert_rules_json(rules.value()));
         }});

  r.add({verb::put, "/api/v1/models/{name}/alert-rules", http::Role::deployer, http::BodyKind::memory, 64 * 1024, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           if (auto v = app.store().list_versions(name.value()); !v) return http::error_response(v.error());
           auto body = parse_json_body(req.body);
           if (!body) return http::error_response(body.error());
           auto rules = app::parse_alert_rules(body.value());
           if (!rules) return http::error_response(rules.error());
           json stored = app::alert_rules_json(rules.value());
           if (auto st = app.alerts().put_rules(name.value(), stored, req.identity.name); !st) return http::error_response(st.error());
           return http::json_response(200, stored);
         }});
}

}  // namespace mlgate::api
