// The one strict validator for names, versions and enum parameters taken from requests.
// Values arrive decoded exactly once (by the router); nothing here decodes again.
#pragma once
#include <cstdint>
#include <string>

#include "http/request.hpp"
#include "mlgate/result.hpp"

namespace mlgate::api {

// [A-Za-z0-9][A-Za-z0-9._-]{0,127} → else 400 invalid_name.
Status validate_model_name(const std::string& name);
// Positive integer, digits only, at most 12 digits → else 400 invalid_version.
Result<int64_t> parse_version(const std::string& text);
// The path's {name} (validated) and {v} (parsed).
Result<std::string> model_param(const http::Request& req);
Result<int64_t> version_param(const http::Request& req);
// An optional integer query parameter with bounds.
Result<int64_t> int_query(const http::Request& req, const std::string& key, int64_t def, int64_t min, int64_t max);
// Optional {"reason": "..."} body of promotion/approval/rollback requests.
Result<std::string> reason_from_body(const std::string& body);

}  // namespace mlgate::api
