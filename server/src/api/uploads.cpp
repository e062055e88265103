// /api/v1/uploads: files handed to the deployment agent (app/agent_uploads.hpp).
#include <algorithm>

#include "api/routes.hpp"
#include "app/agent_uploads.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;
using nlohmann::json;

void add_upload_routes(http::Router& r, app::App& app) {
  r.add({verb::post, "/api/v1/uploads", http::Role::deployer, http::BodyKind::file,
         std::max(app.config().max_model_bytes, app.config().max_csv_bytes), [&app](Request& req) {
           const std::string* filename = req.query_param("filename");
           if (!filename) return http::error_response(bad_request("missing_filename", "query parameter 'filename' is required"));
           if (!req.body_file) return http::error_response(internal_error("upload body missing"));
           auto up = app::store_upload(app, req.identity.name, *filename, *req.body_file);
           if (!up) return http::error_response(up.error());
           return http::json_response(201, app::upload_json(up.value()));
         }});

  r.add({verb::get, "/api/v1/uploads", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           auto list = app.agent_store().list_uploads(req.identity.name);
           if (!list) return http::error_response(list.error());
           json out = json::array();
           for (const auto& u : list.value()) out.push_back(app::upload_json(u));
           return http::json_response(200, {{"uploads", out}});
         }});

  r.add({verb::get, "/api/v1/uploads/{id}", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           const std::string& id = req.params["id"];
           if (auto st = app::validate_upload_id(id); !st) return http::error_response(st.error());
           auto up = app.agent_store().get_upload(id, req.identity.name);
           if (!up) return http::error_response(up.error());
           return http::json_response(200, app::upload_json(up.value()));
         }});
}

}  // namespace mlgate::api
