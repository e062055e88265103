// What a handler sees of a request: decoded path parameters and query, the body (in memory
// or streamed to a temp file for uploads) and the authenticated identity.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http/verb.hpp>

namespace mlgate::http {

enum class Role { none = 0, viewer = 1, deployer = 2, approver = 3, admin = 4 };
std::string_view role_name(Role r);
std::optional<Role> parse_role(std::string_view s);

struct Identity {
  std::string name;
  Role role = Role::none;
  bool session = false;  // authenticated by a browser session rather than the token itself
  std::string credential_sha256;  // of the bearer that authenticated (sign-out ends exactly it)
};

struct Request {
  boost::beast::http::verb method{};
  std::string path;                              // raw path without query
  std::map<std::string, std::string> params;     // {name} segments, percent-decoded once
  std::map<std::string, std::string> query;      // decoded once
  std::string content_type;
  std::string body;                              // string-body routes
  std::optional<std::filesystem::path> body_file;  // file-body routes (uploads)
  Identity identity;

  const std::string* query_param(const std::string& key) const {
    auto it = query.find(key);
    return it == query.end() ? nullptr : &it->second;
  }
};

}  // namespace mlgate::http
