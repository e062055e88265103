// Parsing JSON request bodies: depth checked before parsing (core/json_depth.hpp says why),
// errors with the byte offset.
#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/json_depth.hpp"
#include "mlgate/result.hpp"

namespace mlgate::api {
// 400 invalid_json "... at byte N" / 400 json_too_deep.
Result<nlohmann::json> parse_json_body(std::string_view body);
// 400 invalid_json "request body is not valid JSON at byte N: <what nlohmann says>".
Error json_syntax_error(std::size_t byte, const std::string& what);
}  // namespace mlgate::api
