#include "api/json_body.hpp"

namespace mlgate::api {

int json_depth(std::string_view text, int limit) {
  int depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > max_depth) max_depth = depth;
      if (max_depth > limit) return max_depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

Result<nlohmann::json> parse_json_body(std::string_view body) {
  if (json_depth(body, kMaxJsonDepth) > kMaxJsonDepth)
    return bad_request("json_too_deep", "JSON nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    return json_syntax_error(e.byte, e.what());
  } catch (const nlohmann::json::out_of_range& e) {
    // A number beyond double range (1e400) is out_of_range.406, not a parse_error: uncaught,
    // it reached the handler firewall as a 500 (found by fuzz/json_v2.cpp).
    std::string what = e.what();
    auto colon = what.find("] ");
    return bad_request("invalid_json", "request body is not valid JSON: " +
                                           (colon == std::string::npos ? what : what.substr(colon + 2)));
  }
}

Error json_syntax_error(std::size_t byte, const std::string& what) {
  // nlohmann's text starts with "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
  auto colon = what.find("] ");
  return bad_request("invalid_json", "request body is not valid JSON at byte " + std::to_string(byte) + ": " +
                                         (colon == std::string::npos ? what : what.substr(colon + 2)));
}

}  // namespace mlgate::api
