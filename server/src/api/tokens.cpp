// /api/v1/tokens and /api/v1/me: tokens and roles (API.md, Identity).
#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "api/validation.hpp"
#include "core/clock.hpp"
#include "core/sha256.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;

namespace {
http::Response open_session(app::App& app, const std::string& name, const std::string& role) {
  std::string secret = "ses_" + app::Authenticator::new_secret();
  std::string expires = rfc3339_of(now_epoch_seconds() + int64_t(app.config().session_hours) * 3600);
  if (auto st = app.store().create_session(name, sha256_hex(secret), expires); !st) return http::error_response(st.error());
  return http::json_response(201, {{"token", secret}, {"name", name}, {"role", role}, {"expires_at", expires}});
}
}  // namespace

void add_token_routes(http::Router& r, app::App& app) {
  r.add({verb::get, "/api/v1/me", http::Role::viewer, http::BodyKind::none, 0, [](Request& req) {
           return http::json_response(200, {{"name", req.identity.name}, {"role", http::role_name(req.identity.role)}});
         }});

  // The browser's sign-in: a token is traded for a session that expires, so the page never
  // keeps the long-lived token (API.md, Identity).
  r.add({verb::post, "/api/v1/session", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           if (req.identity.session)
             return http::error_response(bad_request("not_a_token", "a session cannot open another session; sign in with a token"));
           return open_session(app, req.identity.name, std::string(http::role_name(req.identity.role)));
         }});
  // The link printed at start: its one-time secret (app/launch_token.hpp) is traded for a
  // session of the first admin token. Public, since the secret is the credential; sent in the
  // body, not as a bearer token, so it can open nothing but this.
  r.add({verb::post, "/api/v1/launch", http::Role::none, http::BodyKind::memory, 1024, [&app](Request& req) {
           auto body = parse_json_body(req.body);
           if (!body) return http::error_response(body.error());
           const auto& j = body.value();
           if (!j.is_object() || !j.contains("token") || !j["token"].is_string())
             return http::error_response(unprocessable("missing_field", "body needs {\"token\": string}, the secret of the printed sign-in link"));
           if (!app.launch_token().redeem(j["token"].get<std::string>()))
             return http::error_response(unauthorized(app::LaunchToken::kSpentMessage));
           auto tokens = app.store().list_tokens();
           if (!tokens) return http::error_response(tokens.error());
           for (const auto& t : tokens.value())
             if (t.name == app::kFirstAdminName) return open_session(app, t.name, t.role);
           return http::error_response(unauthorized("the sign-in link signs in as the token 'admin', which was revoked"));
         }});
  r.add({verb::delete_, "/api/v1/session", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           if (!req.identity.session) return http::error_response(bad_request("not_a_session", "sign out ends a session; this is a token"));
           if (auto st = app.store().end_session(req.identity.credential_sha256, req.identity.name); !st)
             return http::error_response(st.error());
           app.auth().invalidate();
           return http::no_content();
         }});

  r.add({verb::post, "/api/v1/tokens", http::Role::admin, http::BodyKind::memory, 64 * 1024, [&app](Request& req) {
           auto body = parse_json_body(req.body);
           if (!body) return http::error_response(body.error());
           const auto& j = body.value();
           if (!j.is_object() || !j.contains("name") || !j["name"].is_string())
             return http::error_response(unprocessable("missing_field", "body needs {\"name\": string, \"role\": string}"));
           std::string name = j["name"].get<std::string>();
           // Token names follow the model-name rule: they show up in audit logs.
           if (auto st = validate_model_name(name); !st)
             return http::error_response(bad_request("invalid_name", "token name must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}"));
           std::string role = j.value("role", "");
           if (!j.contains("role") || !j["role"].is_string() || !http::parse_role(role))
             return http::error_response(unprocessable("invalid_role", "role must be one of viewer, deployer, approver, admin"));
           std::string secret = app::Authenticator::new_secret();
           auto st = app.store().create_token(name, role, sha256_hex(secret), req.identity.name);
           if (!st) return http::error_response(st.error());
           return http::json_response(201, {{"name", name}, {"role", role}, {"token", secret}});
         }});

  r.add({verb::get, "/api/v1/tokens", http::Role::admin, http::BodyKind::none, 0, [&app](Request&) {
           auto tokens = app.store().list_tokens();
           if (!tokens) return http::error_response(tokens.error());
           nlohmann::json list = nlohmann::json::array();
           for (const auto& t : tokens.value()) list.push_back({{"name", t.name}, {"role", t.role}, {"created_at", t.created_at}});
           return http::json_response(200, {{"tokens", list}});
         }});

  r.add({verb::delete_, "/api/v1/tokens/{name}", http::Role::admin, http::BodyKind::none, 0, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto st = app.store().revoke_token(name.value(), req.identity.name);
           if (!st) return http::error_response(st.error());
           app.auth().invalidate();
           return http::no_content();
         }});
}

}  // namespace mlgate::api
