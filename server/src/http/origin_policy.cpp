#include "http/origin_policy.hpp"

#include <algorithm>
#include <cctype>

namespace mlgate::http {
namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::string host_name(std::string_view h) {
  if (!h.empty() && h.front() == '[') {
    auto close = h.find(']');
    return lower(h.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  auto colon = h.find(':');
  // More than one colon without brackets: a bare IPv6 address, no port.
  if (colon != std::string_view::npos && h.find(':', colon + 1) == std::string_view::npos) h = h.substr(0, colon);
  std::string n = lower(h);
  if (!n.empty() && n.back() == '.') n.pop_back();  // "localhost." is "localhost"
  return n;
}

bool host_allowed(const OriginPolicy& p, std::string_view host_header) {
  if (p.allowed_hosts.empty() || host_header.empty()) return true;
  std::string n = host_name(host_header);
  return std::find(p.allowed_hosts.begin(), p.allowed_hosts.end(), n) != p.allowed_hosts.end();
}

bool cors_allowed(const OriginPolicy& p, std::string_view origin) {
  return !origin.empty() && std::find(p.cors_origins.begin(), p.cors_origins.end(), origin) != p.cors_origins.end();
}

std::vector<std::string> default_allowed_hosts(const std::string& listen_address) {
  std::string a = lower(listen_address);
  bool loopback = a == "localhost" || a == "::1" || a.rfind("127.", 0) == 0;
  if (!loopback) return {};
  return {"localhost", "127.0.0.1", "::1", a};
}

}  // namespace mlgate::http
