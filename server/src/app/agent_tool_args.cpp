#include "app/agent_tool_args.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace mlgate::app {
using nlohmann::json;

namespace {
constexpr size_t kMaxStringArgument = 4096;

Error invalid(const agent::ToolSpec& spec, const std::string& what) {
  return bad_request("invalid_arguments", spec.name + ": " + what);
}

std::string lower_trimmed(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  for (char& c : s) c = char(std::tolower((unsigned char)c));
  return s;
}

// An integer, or a float with an integral value (some models write 3.0).
bool as_integer(const json& v, int64_t& out) {
  if (v.is_number_integer()) {
    out = v.get<int64_t>();
    return true;
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
      out = int64_t(d);
      return true;
    }
  }
  return false;
}

std::string argument_list(const json& properties) {
  std::string out;
  for (auto it = properties.begin(); it != properties.end(); ++it) out += (out.empty() ? "" : ", ") + it.key();
  return out.empty() ? "none" : out;
}
}  // namespace

bool is_version_argument(const std::string& key) { return key == "version" || key == "version_a" || key == "version_b"; }

Result<json> check_tool_arguments(const agent::ToolSpec& spec, const json& arguments) {
  json args = arguments.is_null() ? json::object() : arguments;
  if (!args.is_object()) return invalid(spec, "arguments must be a JSON object");
  const json& props = spec.parameters.at("properties");
  json out = json::object();
  for (auto it = args.begin(); it != args.end(); ++it) {
    const std::string& key = it.key();
    if (!props.contains(key))
      return invalid(spec, "'" + key + "' is not an argument of this tool (it takes: " + argument_list(props) + ")");
    const json& v = it.value();
    if (v.is_null()) continue;
    const json& schema = props.at(key);
    std::string type = schema.value("type", "");
    if (type == "string") {
      if (!v.is_string()) return invalid(spec, "'" + key + "' must be a string");
      if (v.get_ref<const std::string&>().size() > kMaxStringArgument)
        return invalid(spec, "'" + key + "' is longer than " + std::to_string(kMaxStringArgument) + " bytes");
    } else if (type == "integer") {
      int64_t n = 0;
      if (as_integer(v, n)) {
        if (schema.contains("minimum") && n < schema["minimum"].get<int64_t>())
          return invalid(spec, "'" + key + "' must be at least " + schema["minimum"].dump());
        out[key] = n;
        continue;
      }
      // "staging", "v3": resolved against the registry once the model is known.
      if (!(is_version_argument(key) && v.is_string())) return invalid(spec, "'" + key + "' must be an integer");
    } else if (type == "number") {
      if (!v.is_number()) return invalid(spec, "'" + key + "' must be a number");
    } else if (type == "object") {
      if (!v.is_object()) return invalid(spec, "'" + key + "' must be an object");
    }
    if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), v) == schema["enum"].end())
      return invalid(spec, "'" + key + "' must be one of " + schema["enum"].dump());
    out[key] = v;
  }
  for (const auto& r : spec.parameters.value("required", json::array()))
    if (!out.contains(r.get<std::string>())) return invalid(spec, "'" + r.get<std::string>() + "' is required");
  return out;
}

Result<int64_t> resolve_version(registry::MetadataStore& store, const std::string& model, const json& version) {
  int64_t n = 0;
  if (as_integer(version, n)) {
    if (n < 1) return bad_request("invalid_version", "version must be a positive integer");
    return n;
  }
  std::string word = version.is_string() ? lower_trimmed(version.get<std::string>()) : std::string();
  for (const char* prefix : {"version ", "version", "v"})
    if (word.rfind(prefix, 0) == 0 && word.size() > std::string(prefix).size() &&
        std::all_of(word.begin() + std::string(prefix).size(), word.end(), ::isdigit)) {
      word = word.substr(std::string(prefix).size());
      break;
    }
  if (!word.empty() && word.size() <= 12 && std::all_of(word.begin(), word.end(), ::isdigit)) {
    n = std::stoll(word);
    if (n < 1) return bad_request("invalid_version", "version must be a positive integer");
    return n;
  }
  std::string stage = word == "prod" ? "production" : word == "newest" ? "latest" : word;
  if (stage != "production" && stage != "staging" && stage != "latest")
    return bad_request("invalid_version",
                       "version must be a number or one of production, staging, latest; got '" + version.dump() + "'");
  auto versions = store.list_versions(model);
  if (!versions) return versions.error();
  std::optional<int64_t> found;
  for (const auto& v : versions.value())
    if (stage == "latest" || v.stage == stage) found = std::max(found.value_or(0), v.version);
  if (!found) return not_found("version_not_found", "model '" + model + "' has no " + stage + " version");
  return *found;
}

}  // namespace mlgate::app
