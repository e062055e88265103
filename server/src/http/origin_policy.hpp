// Which sites may talk to the server. A browser on any page can be made to send requests to
// 127.0.0.1 under a name the attacker controls (DNS rebinding): the Host allow-list refuses
// names the server was not meant to be reached by. Cross-origin reads need CORS, which is
// off unless an explicit list of origins is configured (never `*`).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlgate::http {

struct OriginPolicy {
  std::vector<std::string> allowed_hosts;  // lower-case host names; empty: any
  std::vector<std::string> cors_origins;   // exact origins ("https://app.example.com"); empty: no CORS
};

// The host name of a Host header ("Example.com:8080" → "example.com", "[::1]:80" → "::1").
std::string host_name(std::string_view host_header);
// A request without a Host header (not from a browser) passes: the rule is about browsers.
bool host_allowed(const OriginPolicy& p, std::string_view host_header);
bool cors_allowed(const OriginPolicy& p, std::string_view origin);
// The names a server listening on `address` is reached by when nothing is configured: the
// loopback names for a loopback address, anything otherwise (empty list).
std::vector<std::string> default_allowed_hosts(const std::string& listen_address);

}  // namespace mlgate::http
