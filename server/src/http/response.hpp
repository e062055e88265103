// Building responses: one helper writes error bodies, one maps Errors to status codes.
#pragma once
#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <nlohmann/json.hpp>

#include "mlgate/result.hpp"

namespace mlgate::http {

using Response = boost::beast::http::response<boost::beast::http::string_body>;

Response json_response(int status, const nlohmann::json& body);
Response text_response(int status, std::string body, std::string_view content_type);
Response error_response(const Error& e);
Response no_content();

template <class T>
Response json_or_error(const Result<T>& r, int status = 200) {
  if (!r) return error_response(r.error());
  return json_response(status, nlohmann::json(r.value()));
}

}  // namespace mlgate::http
