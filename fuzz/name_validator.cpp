// The request validator (server/src/api/validation.cpp) and the router's decoding it relies
// on (server/src/http/router.cpp): names, versions, query integers, percent-escapes. The
// input is used as a raw name, a version, a path segment after /api/v1/models/ and a query.
// Properties:
// - validate_model_name accepts exactly API.md's [A-Za-z0-9][A-Za-z0-9._-]{0,127}, checked
//   against a second implementation here; so an accepted name never holds '/', '\', '%',
//   NUL or a control byte, and is never "." or ".." (a name is never a path: the regex is
//   the contract, "a..b" is a fine name);
// - whatever the percent-escapes in a path decode to, a name the router hands on passes the
//   validator only if it is such a name;
// - an accepted version is 1..999999999999 and reads back as the digits given;
// - decoding never turns an escape into a NUL and never grows the text;
// - bounded query integers stay within their bounds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/validation.hpp"
#include "check.hpp"
#include "http/router.hpp"

using namespace mlgate;

namespace {

bool reference_name(std::string_view s) {
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (s.empty() || s.size() > 128 || !alnum(s[0])) return false;
  for (char c : s)
    if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

void check_name(const std::string& name, bool accepted) {
  MLGATE_CHECK(accepted == reference_name(name), name);
  if (!accepted) return;
  MLGATE_CHECK(name != "." && name != "..", name);
  for (char c : name) MLGATE_CHECK(c != '/' && c != '\\' && c != '%' && static_cast<unsigned char>(c) > 0x20, name);
}

const http::Router& router() {
  static const http::Router r = [] {
    http::Router r;
    auto none = [](http::Request&) { return http::Response{}; };
    r.add({boost::beast::http::verb::get, "/api/v1/models/{name}", http::Role::viewer, http::BodyKind::none, 0, none});
    r.add({boost::beast::http::verb::get, "/api/v1/models/{name}/versions/{v}", http::Role::viewer, http::BodyKind::none, 0, none});
    return r;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string s(reinterpret_cast<const char*>(data), size);

  auto st = api::validate_model_name(s);
  check_name(s, st.ok());
  if (!st) fuzz::check_rejection(st.error());

  if (auto v = api::parse_version(s); v) {
    MLGATE_CHECK(v.value() >= 1 && v.value() <= 999'999'999'999, s);
    MLGATE_CHECK(s.find_first_not_of("0123456789") == std::string::npos, s);
    MLGATE_CHECK(std::to_string(v.value()) == s.substr(std::min(s.find_first_not_of('0'), s.size())), s);
  } else {
    fuzz::check_rejection(v.error());
  }

  for (bool plus : {false, true}) {
    if (auto d = http::percent_decode(s, plus)) {
      // A raw NUL passes through (Beast refuses one in a target before the router sees it).
      MLGATE_CHECK(d->size() <= s.size(), s);
      if (s.find('\0') == std::string::npos) MLGATE_CHECK(d->find('\0') == std::string::npos, s);
      if (s.find('%') == std::string::npos && (!plus || s.find('+') == std::string::npos)) MLGATE_CHECK(*d == s, s);
    }
  }

  http::Match m = router().match(boost::beast::http::verb::get, "/api/v1/models/" + s);
  if (m.route) {
    http::Request req;
    req.params = m.params;
    auto name = api::model_param(req);
    check_name(req.params["name"], name.ok());
    if (req.params.count("v"))
      if (auto v = api::version_param(req); v) MLGATE_CHECK(v.value() >= 1, req.params["v"]);
  } else if (m.error) {
    fuzz::check_rejection(*m.error);
  }

  http::Request q;
  q.query = http::parse_query(s);
  for (const auto& [k, v] : q.query) MLGATE_CHECK(!k.empty(), s);
  for (const auto& [k, v] : q.query) {
    auto n = api::int_query(q, k, 10, 1, 1000);
    if (n) MLGATE_CHECK(n.value() >= 1 && n.value() <= 1000, k + "=" + v);
    else fuzz::check_rejection(n.error());
  }

  if (auto r = api::reason_from_body(s); r) MLGATE_CHECK(r->size() <= 4096, "reason");
  else fuzz::check_rejection(r.error());
  return 0;
}
