// /api/v1/chat belongs to the deployment agent, which is not built yet: say so plainly
// (the browser client shows this error) rather than pretend.
#include "api/routes.hpp"

namespace mlgate::api {
using boost::beast::http::verb;

void add_chat_routes(http::Router& r, app::App&) {
  auto unavailable = [](http::Request&) {
    return http::error_response({501, "agent_unavailable", "the chat agent is not available in this build yet; use the registry API"});
  };
  r.add({verb::post, "/api/v1/chat", http::Role::viewer, http::BodyKind::memory, 1 << 20, unavailable});
  r.add({verb::get, "/api/v1/chat/{id}", http::Role::viewer, http::BodyKind::none, 0, unavailable});
}

}  // namespace mlgate::api
