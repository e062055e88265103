// The one route table: method + path pattern ("/api/v1/models/{name}"), the role a route
// needs, how its body is read and how large it may be, and its handler.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace mlgate::http {

enum class BodyKind { none, memory, file };

struct Route {
  boost::beast::http::verb method;
  std::string pattern;
  Role role = Role::viewer;
  BodyKind body = BodyKind::none;
  uint64_t body_limit = 0;  // bytes; for BodyKind::none a small limit is applied
  std::function<Response(Request&)> handler;
};

struct Match {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  bool path_known = false;  // some route has this path with another method (405)
  std::optional<Error> error;  // a path segment that could not be decoded
};

class Router {
 public:
  void add(Route r);
  // Path without query. Segments are percent-decoded exactly once.
  Match match(boost::beast::http::verb method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{x}" marks a parameter
  };
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

// "a%2Fb" → "a/b"; fails on malformed escapes or a decoded NUL.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);
std::map<std::string, std::string> parse_query(std::string_view q);

}  // namespace mlgate::http
