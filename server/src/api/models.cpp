// Models and versions: upload (intake), listing, artifacts, archive, delete.
#include "api/routes.hpp"
#include "api/validation.hpp"
#include "app/operations.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;
using nlohmann::json;

namespace {
constexpr size_t kMaxDescription = 4096;

std::vector<std::string> split_features(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

http::Response upload_version(app::App& app, Request& req) {
  auto name = model_param(req);
  if (!name) return http::error_response(name.error());
  std::string description;
  if (const std::string* d = req.query_param("description")) {
    if (d->size() > kMaxDescription)
      return http::error_response(unprocessable("invalid_description", "description is longer than " + std::to_string(kMaxDescription) + " bytes"));
    description = *d;
  }
  inference::IntakeOptions options;
  if (const std::string* f = req.query_param("features")) {
    options.features = split_features(*f);
    for (const auto& feat : options.features)
      if (feat.empty() || feat.size() > 256)
        return http::error_response(bad_request("invalid_features", "features must be a comma-separated list of non-empty column names"));
  }
  if (!req.body_file) return http::error_response(internal_error("upload body missing"));

  auto created = app::ops::register_version(app, name.value(), *req.body_file, description, options, req.identity.name);
  if (!created) return http::error_response(created.error());
  return http::json_response(created->created ? 201 : 200, json(created->version));
}

http::Response get_artifact(app::App& app, Request& req) {
  auto name = model_param(req);
  if (!name) return http::error_response(name.error());
  auto v = version_param(req);
  if (!v) return http::error_response(v.error());
  std::string variant = "original";
  if (const std::string* q = req.query_param("variant")) variant = *q;
  if (variant != "original" && variant != "web")
    return http::error_response(bad_request("invalid_variant", "variant must be 'original' or 'web'"));
  auto info = app.store().get_version(name.value(), v.value());
  if (!info) return http::error_response(info.error());
  const std::string& sha = variant == "web" && !info->web_sha256.empty() ? info->web_sha256 : info->sha256;
  auto bytes = app.artifacts().get(sha);
  if (!bytes) return http::error_response(bytes.error());
  auto res = http::text_response(200, std::move(bytes.value()), "application/octet-stream");
  res.set(boost::beast::http::field::etag, "\"" + sha + "\"");
  res.set(boost::beast::http::field::content_disposition,
          "attachment; filename=\"" + name.value() + "-v" + std::to_string(v.value()) + (variant == "web" ? ".web" : "") + ".onnx\"");
  return res;
}
}  // namespace

void add_model_routes(http::Router& r, app::App& app) {
  r.add({verb::get, "/api/v1/models", http::Role::viewer, http::BodyKind::none, 0, [&app](Request&) {
           auto models = app.store().list_models();
           if (!models) return http::error_response(models.error());
           return http::json_response(200, {{"models", models.value()}});
         }});

  r.add({verb::get, "/api/v1/models/{name}", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto versions = app.store().list_versions(name.value());
           if (!versions) return http::error_response(versions.error());
           return http::json_response(200, {{"name", name.value()}, {"versions", versions.value()}});
         }});

  r.add({verb::post, "/api/v1/models/{name}/versions", http::Role::deployer, http::BodyKind::file,
         app.config().max_model_bytes, [&app](Request& req) { return upload_version(app, req); }});

  r.add({verb::get, "/api/v1/models/{name}/versions/{v}", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto v = version_param(req);
           if (!v) return http::error_response(v.error());
           return http::json_or_error(app.store().get_version(name.value(), v.value()));
         }});

  r.add({verb::get, "/api/v1/models/{name}/versions/{v}/artifact", http::Role::viewer, http::BodyKind::none, 0,
         [&app](Request& req) { return get_artifact(app, req); }});

  r.add({verb::delete_, "/api/v1/models/{name}/versions/{v}", http::Role::deployer, http::BodyKind::none, 0, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto v = version_param(req);
           if (!v) return http::error_response(v.error());
           auto st = app::ops::delete_version(app, name.value(), v.value(), req.identity.name);
           if (!st) return http::error_response(st.error());
           return http::no_content();
         }});

  r.add({verb::post, "/api/v1/models/{name}/versions/{v}/archive", http::Role::deployer, http::BodyKind::none, 0, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto v = version_param(req);
           if (!v) return http::error_response(v.error());
           return http::json_or_error(app.store().archive_version(name.value(), v.value(), req.identity.name));
         }});
}

}  // namespace mlgate::api
