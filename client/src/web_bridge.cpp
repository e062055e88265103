#include "web_bridge.hpp"

#include <emscripten.h>

#include <map>

namespace mlgate::client::web {
namespace {

AppState* g_app = nullptr;
std::map<int, HttpRequest> g_in_flight;
std::string g_state_json;  // kept alive for the JS caller of mlgate_state_json

// clang-format off
EM_JS(void, js_fetch, (int id, const char* method, const char* path, const char* body), {
  window.mlgateBridge.fetch(id, UTF8ToString(method), UTF8ToString(path), UTF8ToString(body));
});
EM_JS(char*, js_fragment, (), {
  const s = window.location.hash || "";
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, js_set_fragment, (const char* f), {
  const s = UTF8ToString(f);
  if (window.location.hash !== s) window.location.hash = s;
});
EM_JS(void, js_set_live, (const char* t), {
  window.mlgateBridge.live(UTF8ToString(t));
});
// clang-format on

}  // namespace

void attach(AppState* app) { g_app = app; }

void send(const std::vector<HttpRequest>& requests) {
  for (const auto& r : requests) {
    g_in_flight[r.id] = r;
    js_fetch(r.id, r.method.c_str(), r.path.c_str(), r.body.c_str());
  }
}

std::string current_fragment() {
  char* p = js_fragment();
  std::string s(p);
  free(p);
  return s;
}

void go(const Route& r) {
  // The hashchange listener calls back into mlgate_on_fragment, which navigates.
  js_set_fragment(format_route(r).c_str());
}

void set_live_text(const std::string& text) {
  static std::string last;
  if (text == last) return;
  last = text;
  js_set_live(text.c_str());
}

}  // namespace mlgate::client::web

// Called from web/app.js.
extern "C" {
EMSCRIPTEN_KEEPALIVE void mlgate_on_response(int id, int status, const char* body) {
  using namespace mlgate::client::web;
  auto it = g_in_flight.find(id);
  if (it == g_in_flight.end() || !g_app) return;
  mlgate::client::HttpRequest req = std::move(it->second);
  g_in_flight.erase(it);
  g_app->on_response(req, status, body ? body : "");
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_fragment(const char* fragment) {
  using namespace mlgate::client;
  if (!web::g_app) return;
  Route r = parse_route(fragment ? fragment : "");
  if (r == web::g_app->route() && web::g_app->pending() > 0) return;
  web::send(web::g_app->navigate(r));
}

EMSCRIPTEN_KEEPALIVE const char* mlgate_state_json() {
  using namespace mlgate::client::web;
  g_state_json = g_app ? g_app->state_json() : "{}";
  return g_state_json.c_str();
}
}
