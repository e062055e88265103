// Parsing JSON request bodies: depth checked before parsing (nlohmann's parser recurses),
// errors with the byte offset.
#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

#include "mlgate/result.hpp"

namespace mlgate::api {
constexpr int kMaxJsonDepth = 64;
// 400 invalid_json "... at byte N" / 400 json_too_deep.
Result<nlohmann::json> parse_json_body(std::string_view body);
// Nesting depth of a JSON text, ignoring brackets inside strings; stops counting past `limit`.
int json_depth(std::string_view text, int limit);
}  // namespace mlgate::api
