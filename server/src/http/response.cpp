#include "http/response.hpp"

namespace mlgate::http {
namespace bhttp = boost::beast::http;

Response text_response(int status, std::string body, std::string_view content_type) {
  Response res{static_cast<bhttp::status>(status), 11};
  res.set(bhttp::field::content_type, content_type);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response json_response(int status, const nlohmann::json& body) {
  // Invalid UTF-8 from user data is replaced rather than throwing mid-response.
  return text_response(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json");
}

Response error_response(const Error& e) {
  return json_response(e.status, {{"error", {{"code", e.code}, {"message", e.message}}}});
}

Response no_content() {
  Response res{bhttp::status::no_content, 11};
  res.prepare_payload();
  return res;
}

}  // namespace mlgate::http
