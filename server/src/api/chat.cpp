// /api/v1/chat: the deployment agent (app/agent.hpp). Everyone may talk to it; what it does
// is checked against the person's own role, tool by tool.
#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "app/agent.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;
using nlohmann::json;

namespace {
// Room for an 8 KiB message in JSON escapes; the message limit itself is checked by the agent.
constexpr uint64_t kChatBodyLimit = 64 * 1024;

http::Response post_chat(app::App& app, Request& req) {
  auto parsed = parse_json_body(req.body);
  if (!parsed) return http::error_response(parsed.error());
  const json& body = parsed.value();
  if (!body.is_object()) return http::error_response(bad_request("invalid_json", "request body must be a JSON object"));
  auto msg = body.find("message");
  if (msg == body.end() || !msg->is_string())
    return http::error_response(bad_request("missing_message", "'message' is required and must be a string"));
  std::optional<std::string> conversation;
  if (auto c = body.find("conversation_id"); c != body.end() && !c->is_null()) {
    if (!c->is_string()) return http::error_response(bad_request("invalid_conversation_id", "'conversation_id' must be a string"));
    conversation = c->get<std::string>();
  }
  return http::json_or_error(app::chat(app, req.identity, conversation, msg->get<std::string>()));
}

std::string id_param(const Request& req) {
  auto it = req.params.find("id");
  return it == req.params.end() ? std::string() : it->second;
}
}  // namespace

void add_chat_routes(http::Router& r, app::App& app) {
  r.add({verb::post, "/api/v1/chat", http::Role::viewer, http::BodyKind::memory, kChatBodyLimit,
         [&app](Request& req) { return post_chat(app, req); }});
  r.add({verb::get, "/api/v1/chat/{id}", http::Role::viewer, http::BodyKind::none, 0,
         [&app](Request& req) { return http::json_or_error(app::conversation_json(app, req.identity, id_param(req))); }});
  r.add({verb::post, "/api/v1/chat/actions/{id}/confirm", http::Role::viewer, http::BodyKind::none, 0,
         [&app](Request& req) { return http::json_or_error(app::confirm_action(app, req.identity, id_param(req))); }});
  r.add({verb::post, "/api/v1/chat/actions/{id}/cancel", http::Role::viewer, http::BodyKind::none, 0,
         [&app](Request& req) { return http::json_or_error(app::cancel_action(app, req.identity, id_param(req))); }});
}

}  // namespace mlgate::api
