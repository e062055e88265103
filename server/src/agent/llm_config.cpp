#include "agent/llm_config.hpp"

#include <charconv>
#include <cstdlib>

namespace mlgate::agent {
namespace {
Error config_error(std::string msg) { return {500, "bad_llm_config", std::move(msg)}; }

bool all_digits(std::string_view s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos; }
}  // namespace

std::string LlmEndpoint::host_header() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? "443" : "80")) h += ":" + port;
  return h;
}

Result<LlmEndpoint> parse_base_url(const std::string& url) {
  LlmEndpoint ep;
  // Errors quote the URL only up to any query or user info, where a key might have been put.
  const std::string shown = url.substr(0, url.find_first_of("?#@"));
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    ep.tls = false;
    rest.remove_prefix(7);
  } else {
    return config_error("OPENAI_BASE_URL must start with https:// or http://, got '" + shown + "'");
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos)
    return config_error("OPENAI_BASE_URL must not carry credentials; put the key in OPENAI_API_KEY");
  if (path.find_first_of("?#") != std::string_view::npos)
    return config_error("OPENAI_BASE_URL must not have a query or fragment: '" + shown + "...'");
  std::string_view port;
  if (authority.starts_with("[")) {  // [::1]:8080
    auto close = authority.find(']');
    if (close == std::string_view::npos) return config_error("OPENAI_BASE_URL has an unclosed '[' in '" + shown + "'");
    ep.host = authority.substr(1, close - 1);
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(":")) return config_error("OPENAI_BASE_URL: unexpected text after ']' in '" + shown + "'");
      port = after.substr(1);
    }
  } else {
    auto colon = authority.find(':');
    ep.host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (ep.host.empty()) return config_error("OPENAI_BASE_URL has no host: '" + shown + "'");
  if (!port.empty() && (!all_digits(port) || port.size() > 5 || std::stoi(std::string(port)) > 65535 || std::stoi(std::string(port)) == 0))
    return config_error("OPENAI_BASE_URL has a bad port '" + std::string(port) + "'");
  ep.port = port.empty() ? (ep.tls ? "443" : "80") : std::string(port);
  while (path.ends_with("/")) path.remove_suffix(1);
  ep.base_path = path;
  return ep;
}

Result<LlmConfig> llm_config_from_env(const Getenv& getenv) {
  LlmConfig cfg;
  auto get = [&](const char* name) -> std::string {
    const char* v = getenv(name);
    return v ? v : "";
  };
  cfg.api_key = get("OPENAI_API_KEY");
  if (auto v = get("OPENAI_BASE_URL"); !v.empty()) cfg.base_url = v;
  if (auto v = get("MLGATE_LLM_MODEL"); !v.empty()) cfg.model = v;
  cfg.ca_file = get("MLGATE_LLM_CA_FILE");
  if (auto v = get("MLGATE_LLM_TIMEOUT_MS"); !v.empty()) {
    long long ms = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), ms);
    if (ec != std::errc{} || end != v.data() + v.size() || ms < 1 || ms > 3600000)
      return config_error("MLGATE_LLM_TIMEOUT_MS must be a number of milliseconds between 1 and 3600000, got '" + v + "'");
    cfg.timeout = std::chrono::milliseconds(ms);
    cfg.connect_timeout = std::min(cfg.connect_timeout, cfg.timeout);
  }
  if (cfg.api_key.find_first_of("\r\n") != std::string::npos)
    return config_error("OPENAI_API_KEY contains a line break");  // it would split the Authorization header
  auto ep = parse_base_url(cfg.base_url);
  if (!ep) return ep.error();
  cfg.endpoint = std::move(ep).value();
  return cfg;
}

}  // namespace mlgate::agent
