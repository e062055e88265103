#include "http/router.hpp"

namespace mlgate::http {

std::string_view role_name(Role r) {
  switch (r) {
    case Role::none: return "none";
    case Role::viewer: return "viewer";
    case Role::deployer: return "deployer";
    case Role::approver: return "approver";
    case Role::admin: return "admin";
  }
  return "none";
}

std::optional<Role> parse_role(std::string_view s) {
  if (s == "viewer") return Role::viewer;
  if (s == "deployer") return Role::deployer;
  if (s == "approver") return Role::approver;
  if (s == "admin") return Role::admin;
  return std::nullopt;
}

namespace {
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  if (!path.empty() && path[0] == '/') i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}
int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int h = hex(s[i + 1]), l = hex(s[i + 2]);
      if (h < 0 || l < 0) return std::nullopt;
      char d = char(h * 16 + l);
      if (d == '\0') return std::nullopt;
      out.push_back(d);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view q) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i < q.size()) {
    size_t amp = q.find('&', i);
    if (amp == std::string_view::npos) amp = q.size();
    auto part = q.substr(i, amp - i);
    size_t eq = part.find('=');
    auto k = percent_decode(part.substr(0, eq), true);
    auto v = eq == std::string_view::npos ? std::optional<std::string>("") : percent_decode(part.substr(eq + 1), true);
    // An undecodable parameter is kept with a NUL marker so validators reject it by name.
    if (k && !k->empty()) out[*k] = v ? *v : std::string("\0", 1);
    i = amp + 1;
  }
  return out;
}

void Router::add(Route r) {
  Compiled c;
  for (auto s : split_path(r.pattern)) c.segments.emplace_back(s);
  compiled_.push_back(std::move(c));
  routes_.push_back(std::move(r));
}

Match Router::match(boost::beast::http::verb method, std::string_view path) const {
  Match m;
  auto segs = split_path(path);
  for (size_t r = 0; r < routes_.size(); ++r) {
    const auto& pat = compiled_[r].segments;
    if (pat.size() != segs.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; i < pat.size() && ok; ++i) {
      const auto& p = pat[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        auto decoded = percent_decode(segs[i], false);
        if (!decoded) {
          m.error = bad_request("invalid_path", "path segment " + std::to_string(i + 1) + " has a malformed percent-escape");
          return m;
        }
        params[p.substr(1, p.size() - 2)] = std::move(*decoded);
      } else if (p != segs[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    if (routes_[r].method != method) {
      m.path_known = true;
      continue;
    }
    m.route = &routes_[r];
    m.params = std::move(params);
    return m;
  }
  return m;
}

}  // namespace mlgate::http
