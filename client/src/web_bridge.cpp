#include "web_bridge.hpp"

#include <emscripten.h>

#include <map>

namespace mlgate::client::web {
namespace {

AppState* g_app = nullptr;
std::map<int, HttpRequest> g_in_flight;
std::string g_state_json;  // kept alive for the JS caller of mlgate_state_json
int g_model_requested_for = 0;  // run id whose model the page is loading
int g_batch_in_flight_for = 0;  // run id with a batch out at the page

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
EM_JS(void, js_load_model, (int run, const char* url), {
  window.mlgateBridge.loadModel(run, UTF8ToString(url));
});
EM_JS(void, js_score, (int run, const char* input, const char* output, const float* data, int rows, int cols), {
  window.mlgateBridge.score(run, UTF8ToString(input), UTF8ToString(output), HEAPF32.slice(data >> 2, (data >> 2) + rows * cols), rows, cols);
});
EM_JS(void, js_score_feeds, (int run, const char* feeds, const char* output), {
  window.mlgateBridge.scoreFeeds(run, UTF8ToString(feeds), UTF8ToString(output));
});
EM_JS(void, js_pick_model, (const char* model, const char* features), {
  window.mlgateBridge.pickModel(UTF8ToString(model), UTF8ToString(features));
});
EM_JS(void, js_place_chat, (int visible, float x, float y, float w, float h), {
  window.mlgateBridge.placeChat(visible, x, y, w, h);
});
EM_JS(char*, js_take_chat, (), {
  const s = window.mlgateBridge.takeChat();
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, js_copy, (const char* t), {
  navigator.clipboard.writeText(UTF8ToString(t)).catch(() => {});
});
EM_JS(int, js_light_theme, (), {
  try { return localStorage.getItem("mlgate.theme") === "light" ? 1 : 0; } catch (e) { return 0; }
});
EM_JS(void, js_set_light_theme, (int light), {
  try { localStorage.setItem("mlgate.theme", light ? "light" : "dark"); } catch (e) {}
  document.body.style.background = light ? "#f0f0f0" : "#17171c";
});
EM_JS(void, js_pick_server_csv, (), {
  document.getElementById("server-csv-file").click();
});
EM_JS(void, js_upload_server_test, (const char* path), {
  window.mlgateBridge.uploadServerTest(UTF8ToString(path));
});
EM_JS(void, js_pick_chat_file, (), { window.mlgateBridge.pickChatFile(); });
EM_JS(void, js_pick_csv, (), {
  document.getElementById("csv-file").click();
});
// clang-format on

// A string the JS side allocated with _malloc, copied and freed.
std::string take_js_string(char* p) {
  std::string s(p);
  free(p);
  return s;
}

}  // namespace

void attach(AppState* app) { g_app = app; }

void send(const std::vector<HttpRequest>& requests) {
  for (const auto& r : requests) {
    g_in_flight[r.id] = r;
    js_fetch(r.id, r.method.c_str(), r.path.c_str(), r.body.c_str());
  }
}

std::string current_fragment() { return take_js_string(js_fragment()); }

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

void pump_test() {
  if (!g_app) return;
  BrowserTest& t = g_app->test();
  const auto& sig = t.version().signature;
  if (t.status() == TestStatus::loading && g_model_requested_for != t.run_id()) {
    g_model_requested_for = t.run_id();
    std::string url = "/api/v1/models/" + t.version().model + "/versions/" + std::to_string(t.version().version) + "/artifact?variant=web";
    js_load_model(t.run_id(), url.c_str());
  }
  const std::string& output = sig.task == "classification" ? sig.probability_output : sig.value_output;
  if (t.status() == TestStatus::scoring && g_batch_in_flight_for != t.run_id() && sig.input_layout == "columns") {
    std::size_t rows = 0;
    auto feeds = t.next_feeds(rows);
    if (rows == 0) return;
    g_batch_in_flight_for = t.run_id();
    js_score_feeds(t.run_id(), feeds.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str(), output.c_str());
    return;
  }
  if (t.status() == TestStatus::scoring && g_batch_in_flight_for != t.run_id()) {
    std::size_t rows = 0;
    auto batch = t.next_batch(rows);
    if (rows == 0) return;
    g_batch_in_flight_for = t.run_id();
    js_score(t.run_id(), sig.inputs[0].name.c_str(), output.c_str(), batch.data(), static_cast<int>(rows),
             static_cast<int>(sig.features.size()));
  }
}

void pick_csv() { js_pick_csv(); }
void pick_chat_file() { js_pick_chat_file(); }
void pick_server_csv() { js_pick_server_csv(); }
void upload_server_test(const std::string& path) { js_upload_server_test(path.c_str()); }

namespace {
struct ChatBox {
  bool visible = false;
  float x = 0, y = 0, w = 0, h = 0;
  bool operator==(const ChatBox&) const = default;
};
ChatBox g_chat_now, g_chat_applied{true};  // applied starts "visible" so the first frame hides it
}  // namespace

void show_chat_input(float x, float y, float w, float h) { g_chat_now = {true, x, y, w, h}; }
void hide_chat_input() { g_chat_now = {}; }
void end_frame() {
  if (g_chat_now == g_chat_applied) return;
  g_chat_applied = g_chat_now;
  js_place_chat(g_chat_now.visible, g_chat_now.x, g_chat_now.y, g_chat_now.w, g_chat_now.h);
}

std::string take_chat_input() { return take_js_string(js_take_chat()); }

void copy_to_clipboard(const std::string& text) { js_copy(text.c_str()); }

bool light_theme() { return js_light_theme() != 0; }
void set_light_theme(bool light) { js_set_light_theme(light); }

void pick_model(const std::string& model, const std::string& features) { js_pick_model(model.c_str(), features.c_str()); }

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
  if (g_app->take_refresh()) send(g_app->navigate(g_app->route()));
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_upload_started(const char* model) {
  if (mlgate::client::web::g_app) mlgate::client::web::g_app->upload_started(model);
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_upload_progress(double fraction) {
  if (mlgate::client::web::g_app) mlgate::client::web::g_app->upload_progress(fraction);
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_upload_done(int status, const char* body) {
  using namespace mlgate::client::web;
  if (!g_app) return;
  g_app->upload_done(status, body ? body : "");
  if (g_app->take_refresh()) send(g_app->navigate(g_app->route()));
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_chat_upload_started(const char* name) {
  if (mlgate::client::web::g_app) mlgate::client::web::g_app->chat_upload_started(name ? name : "");
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_chat_upload_done(int status, const char* body) {
  if (mlgate::client::web::g_app) mlgate::client::web::g_app->chat_upload_done(status, body ? body : "");
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_server_csv(const char* name, const char* head) {
  if (mlgate::client::web::g_app) mlgate::client::web::g_app->server_csv_chosen(name, head);
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_server_test_started() {
  if (mlgate::client::web::g_app) mlgate::client::web::g_app->server_test_started();
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_server_test_progress(double fraction) {
  if (mlgate::client::web::g_app) mlgate::client::web::g_app->server_test_progress(fraction);
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_server_test_done(int status, const char* body) {
  using namespace mlgate::client::web;
  if (!g_app) return;
  g_app->server_test_done(status, body ? body : "");
  if (g_app->take_refresh()) send(g_app->navigate(g_app->route()));
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_fragment(const char* fragment) {
  using namespace mlgate::client;
  if (!web::g_app) return;
  Route r = parse_route(fragment ? fragment : "");
  if (r == web::g_app->route() && web::g_app->pending() > 0) return;
  web::send(web::g_app->navigate(r));
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_chat_send(const char* text) {
  using namespace mlgate::client::web;
  if (g_app && text && *text) send(g_app->send_chat(text));
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_csv(const char* name, const char* bytes, int size, const char* sha256) {
  if (mlgate::client::web::g_app)
    mlgate::client::web::g_app->on_csv(name, std::string(bytes, static_cast<std::size_t>(size)), sha256 ? sha256 : "");
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_model_ready(int run, int ok, const char* error) {
  using namespace mlgate::client::web;
  if (!g_app || run != g_app->test().run_id()) return;
  if (ok) g_app->test().model_ready();
  else g_app->test().fail(std::string("ONNX Runtime Web could not load the model: ") + error);
  pump_test();  // the first batch now, not at the next frame
}

EMSCRIPTEN_KEEPALIVE void mlgate_on_scored(int run, const double* outputs, int count, const char* error) {
  using namespace mlgate::client::web;
  if (!g_app || run != g_app->test().run_id()) return;
  g_batch_in_flight_for = 0;
  if (error && *error) return g_app->test().fail(std::string("ONNX Runtime Web: ") + error);
  g_app->test().accept_batch(outputs, static_cast<std::size_t>(count));
  // The next batch at once: waiting for a frame would tie scoring to the frame rate.
  pump_test();
}

EMSCRIPTEN_KEEPALIVE const char* mlgate_state_json() {
  using namespace mlgate::client::web;
  g_state_json = g_app ? g_app->state_json() : "{}";
  return g_state_json.c_str();
}
}
