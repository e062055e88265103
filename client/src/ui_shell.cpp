#include "imgui.h"
#include "ui.hpp"
#include "web_bridge.hpp"

namespace mlgate::client::ui {

void stage_badge(const std::string& stage) {
  ImVec4 c = stage == "production" ? ImVec4(0.20f, 0.65f, 0.30f, 1) : stage == "staging" ? ImVec4(0.85f, 0.60f, 0.10f, 1)
                                                                                           : ImVec4(0.50f, 0.50f, 0.50f, 1);
  ImGui::PushStyleColor(ImGuiCol_Button, c);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, c);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, c);
  ImGui::SmallButton(stage.c_str());
  ImGui::PopStyleColor(3);
}

bool action_button(AppState& app, const char* label, const std::string& id) {
  ImGui::PushID(id.c_str());
  bool clicked = ImGui::Button(label);
  ImGui::PopID();
  publish_item(app, id);
  return clicked;
}

namespace {
float g_ratio = 1;
}
void set_pixel_ratio(float ratio) { g_ratio = ratio > 0 ? ratio : 1; }
float pixel_ratio() { return g_ratio; }

void publish_item(AppState& app, const std::string& id) {
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const float r = g_ratio;
  app.controls().push_back({id, a.x / r, a.y / r, (b.x - a.x) / r, (b.y - a.y) / r});
}

void draw_app(AppState& app) {
  app.controls().clear();
  web::hide_chat_input();  // the chat pane shows it again if it is drawn
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("mlgate", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);

  ImGui::TextUnformatted("mlgate");
  ImGui::SameLine();
  static const Pane panes[] = {Pane::models, Pane::test, Pane::predict, Pane::monitor, Pane::chat, Pane::audit};
  static const char* labels[] = {"Models", "Test", "Predict", "Monitor", "Chat", "Audit"};
  for (int i = 0; i < 6; ++i) {
    ImGui::SameLine();
    bool active = app.route().pane == panes[i];
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    const bool clicked = ImGui::Button(labels[i]);
    publish_item(app, std::string("tab:") + pane_name(panes[i]));
    if (clicked)
      // Test, Predict and Monitor keep the selected model (and version) in view.
      web::go(panes[i] == Pane::test                                    ? Route{Pane::test, app.route().model, app.route().version}
              : panes[i] == Pane::predict || panes[i] == Pane::monitor ? Route{panes[i], app.route().model, 0}
                                                                        : Route{panes[i], "", 0});
    if (active) ImGui::PopStyleColor();
  }
  ImGui::SameLine(ImGui::GetWindowWidth() - px(330));
  static bool light = web::light_theme();
  bool toggle = ImGui::SmallButton(light ? "Dark" : "Light");
  publish_item(app, "theme");
  if (toggle) {
    light = !light;
    light ? ImGui::StyleColorsLight() : ImGui::StyleColorsDark();
    web::set_light_theme(light);
  }
  ImGui::SameLine();
  if (app.signed_in()) ImGui::Text("%s (%s)", app.user().c_str(), app.role().c_str());
  else ImGui::TextDisabled("not signed in");
  ImGui::Separator();

  if (!app.last_error().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.35f, 0.30f, 1));
    ImGui::TextWrapped("%s", app.last_error().c_str());
    ImGui::PopStyleColor();
  }

  if (!app.notice().empty()) ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.50f, 1), "%s", app.notice().c_str());

  switch (app.route().pane) {
    case Pane::models: draw_models(app); break;
    case Pane::audit: draw_audit(app); break;
    case Pane::chat: draw_chat(app); break;
    case Pane::test: draw_test(app); break;
    case Pane::predict: draw_predict(app); break;
    case Pane::monitor: draw_monitor(app); break;
    default:
      ImGui::TextWrapped("The %s pane is not in this build yet.", pane_name(app.route().pane));
      break;
  }
  ImGui::End();
}

}  // namespace mlgate::client::ui
