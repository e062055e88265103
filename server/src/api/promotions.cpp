// The approval workflow: promotion requests, approve/reject, rollback.
#include "api/routes.hpp"
#include "api/validation.hpp"
#include "app/operations.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;
using nlohmann::json;

namespace {
Result<int64_t> promotion_id(const Request& req) {
  auto it = req.params.find("id");
  auto v = parse_version(it == req.params.end() ? std::string() : it->second);
  if (!v) return bad_request("invalid_id", "promotion id must be a positive integer");
  return v;
}

http::Response decide(app::App& app, Request& req, bool approve) {
  auto id = promotion_id(req);
  if (!id) return http::error_response(id.error());
  auto reason = reason_from_body(req.body);
  if (!reason) return http::error_response(reason.error());
  return http::json_or_error(app::ops::decide_promotion(app, id.value(), approve, reason.value(), req.identity.name));
}
}  // namespace

void add_promotion_routes(http::Router& r, app::App& app) {
  r.add({verb::post, "/api/v1/models/{name}/versions/{v}/promotion", http::Role::deployer, http::BodyKind::memory, 64 * 1024,
         [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto v = version_param(req);
           if (!v) return http::error_response(v.error());
           auto reason = reason_from_body(req.body);
           if (!reason) return http::error_response(reason.error());
           return http::json_or_error(app.store().request_promotion(name.value(), v.value(), reason.value(), req.identity.name), 202);
         }});

  r.add({verb::get, "/api/v1/promotions", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           std::optional<std::string> status;
           if (const std::string* s = req.query_param("status")) {
             if (*s != "pending" && *s != "approved" && *s != "rejected")
               return http::error_response(bad_request("invalid_status", "status must be pending, approved or rejected"));
             status = *s;
           }
           auto list = app.store().list_promotions(status);
           if (!list) return http::error_response(list.error());
           return http::json_response(200, {{"promotions", list.value()}});
         }});

  r.add({verb::post, "/api/v1/promotions/{id}/approve", http::Role::approver, http::BodyKind::memory, 64 * 1024,
         [&app](Request& req) { return decide(app, req, true); }});
  r.add({verb::post, "/api/v1/promotions/{id}/reject", http::Role::approver, http::BodyKind::memory, 64 * 1024,
         [&app](Request& req) { return decide(app, req, false); }});

  r.add({verb::post, "/api/v1/models/{name}/rollback", http::Role::approver, http::BodyKind::memory, 64 * 1024, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto reason = reason_from_body(req.body);
           if (!reason) return http::error_response(reason.error());
           return http::json_or_error(app::ops::rollback(app, name.value(), reason.value(), req.identity.name));
         }});
}

}  // namespace mlgate::api
