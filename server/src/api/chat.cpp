// /api/v1/chat: the deployment agent (app/agent.hpp). Everyone may talk to it; what it does
// is checked against the person's own role, tool by tool.
#include "api/chat_request.hpp"
#include "api/routes.hpp"
#include "app/agent.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;

namespace {
// Room for an 8 KiB message in JSON escapes; the message limit itself is checked by the agent.
constexpr uint64_t kChatBodyLimit = 64 * 1024;

http::Response post_chat(app::App& app, Request& req) {
  auto body = decode_chat_request(req.body);
  if (!body) return http::error_response(body.error());
  return http::json_or_error(app::chat(app, req.identity, body->conversation_id, body->message));
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
