// GET /api/v1/audit: the append-only audit log.
#include "api/routes.hpp"
#include "api/validation.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;

void add_audit_routes(http::Router& r, app::App& app) {
  r.add({verb::get, "/api/v1/audit", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           registry::AuditFilter f;
           if (const std::string* m = req.query_param("model")) {
             if (auto st = validate_model_name(*m); !st) return http::error_response(st.error());
             f.model = *m;
           }
           auto limit = int_query(req, "limit", 100, 1, 1000);
           if (!limit) return http::error_response(limit.error());
           f.limit = limit.value();
           if (req.query_param("after")) {
             auto after = int_query(req, "after", 0, 0, INT64_MAX / 2);
             if (!after) return http::error_response(after.error());
             f.after = after.value();
           }
           auto events = app.store().audit(f);
           if (!events) return http::error_response(events.error());
           return http::json_response(200, {{"events", events.value()}});
         }});
}

}  // namespace mlgate::api
