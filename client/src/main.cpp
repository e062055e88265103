// The browser client's entry: GLFW + OpenGL3 (WebGL2) with Dear ImGui, driven by the
// browser's animation frames (emscripten_set_main_loop), as ImGui's Emscripten examples do.
#include <emscripten.h>
#include <GLFW/glfw3.h>

#include "core/app_state.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "key_taps.hpp"
#include "ui.hpp"
#include "web_bridge.hpp"

namespace {

struct Client {
  GLFWwindow* window = nullptr;
  mlgate::client::AppState app;
};

// The canvas fills the page; Emscripten's GLFW knows only the size it was given, so follow
// the CSS size every frame. Browser.setCanvasSize tells GLFW through its resize listener
// (glfwSetWindowSize would request fullscreen whenever the size equals the screen's).
// clang-format off
// The backing store is CSS size × devicePixelRatio, so text is sharp on HiDPI screens.
EM_JS(void, fit_canvas, (), {
  const c = Module.canvas;
  const r = window.devicePixelRatio || 1;
  const w = Math.round(c.clientWidth * r), h = Math.round(c.clientHeight * r);
  if (w > 0 && h > 0 && (c.width !== w || c.height !== h)) Browser.setCanvasSize(w, h);
});
EM_JS(double, device_pixel_ratio, (), { return window.devicePixelRatio || 1; });
// clang-format on

void frame(void* arg) {
  auto* c = static_cast<Client*>(arg);
  fit_canvas();
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  mlgate::client::keys::frame_seen();
  mlgate::client::ui::draw_app(c->app);
  ImGui::Render();
  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(c->window, &fb_w, &fb_h);
  glViewport(0, 0, fb_w, fb_h);
  const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  glClearColor(bg.x, bg.y, bg.z, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  mlgate::client::web::end_frame();
  mlgate::client::web::pump_test();
  mlgate::client::web::set_live_text(c->app.live_text());
}

}  // namespace

int main() {
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  static Client client;
  client.window = glfwCreateWindow(1280, 800, "mlgate", nullptr, nullptr);
  if (!client.window) return 1;
  glfwMakeContextCurrent(client.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is not persisted: every pane has its URL instead
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  // Emscripten's GLFW turns cursor changes into Pointer Lock requests, which the browser
  // refuses without a user gesture (a page error each frame): keep the page's cursor.
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  if (mlgate::client::web::light_theme()) ImGui::StyleColorsLight();
  else ImGui::StyleColorsDark();
  // Sized once for the screen's pixel ratio: the font rasterised at that size (not scaled
  // up, which blurs), and the style's paddings and roundings with it.
  const float ratio = static_cast<float>(device_pixel_ratio());
  mlgate::client::ui::set_pixel_ratio(ratio);
  ImFontConfig font;
  font.SizePixels = 13.0f * ratio;
  io.Fonts->AddFontDefault(&font);
  ImGui::GetStyle().ScaleAllSizes(ratio);
  ImGui_ImplGlfw_InitForOpenGL(client.window, true);
  mlgate::client::keys::install(client.window);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  mlgate::client::web::attach(&client.app);
  mlgate::client::web::send(client.app.start(mlgate::client::parse_route(mlgate::client::web::current_fragment())));
  emscripten_set_main_loop_arg(frame, &client, 0, true);
  return 0;
}
