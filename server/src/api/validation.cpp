#include "api/validation.hpp"

#include "api/json_body.hpp"

#include <nlohmann/json.hpp>

namespace mlgate::api {

namespace {
bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}
constexpr size_t kMaxReason = 4096;
}  // namespace

Status validate_model_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 128 && name_char(name[0]) && name[0] != '.' && name[0] != '_' && name[0] != '-';
  for (char c : name) ok = ok && name_char(c);
  if (!ok)
    return bad_request("invalid_name", "model name must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  return ok_status();
}

Result<int64_t> parse_version(const std::string& text) {
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos)
    return bad_request("invalid_version", "version must be a positive integer");
  int64_t v = std::stoll(text);
  if (v <= 0) return bad_request("invalid_version", "version must be a positive integer");
  return v;
}

Result<std::string> model_param(const http::Request& req) {
  auto it = req.params.find("name");
  std::string name = it == req.params.end() ? std::string() : it->second;
  if (auto st = validate_model_name(name); !st) return st.error();
  return name;
}

Result<int64_t> version_param(const http::Request& req) {
  auto it = req.params.find("v");
  return parse_version(it == req.params.end() ? std::string() : it->second);
}

Result<int64_t> int_query(const http::Request& req, const std::string& key, int64_t def, int64_t min, int64_t max) {
  const std::string* v = req.query_param(key);
  if (!v) return def;
  if (v->empty() || v->size() > 18 || v->find_first_not_of("0123456789") != std::string::npos)
    return bad_request("invalid_parameter", "query parameter '" + key + "' must be a non-negative integer");
  int64_t n = std::stoll(*v);
  if (n < min || n > max)
    return bad_request("invalid_parameter", "query parameter '" + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
  return n;
}

Result<std::string> reason_from_body(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return std::string();
  auto parsed = parse_json_body(body);
  if (!parsed) return parsed.error();
  const nlohmann::json& j = parsed.value();
  if (!j.is_object()) return bad_request("invalid_json", "request body must be a JSON object");
  auto it = j.find("reason");
  if (it == j.end() || it->is_null()) return std::string();
  if (!it->is_string()) return unprocessable("invalid_field", "'reason' must be a string");
  std::string r = it->get<std::string>();
  if (r.size() > kMaxReason) return unprocessable("invalid_field", "'reason' is longer than " + std::to_string(kMaxReason) + " bytes");
  return r;
}

}  // namespace mlgate::api
