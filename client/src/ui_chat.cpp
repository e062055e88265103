#include "imgui.h"
#include "ui.hpp"
#include "web_bridge.hpp"

namespace mlgate::client::ui {

void draw_chat(AppState& app) {
  ImGui::BeginChild("history", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 2), true);
  for (const auto& m : app.chat()) {
    ImVec4 c = m.role == "user" ? ImVec4(0.55f, 0.75f, 1, 1) : m.role == "error" ? ImVec4(0.95f, 0.35f, 0.30f, 1) : ImVec4(0.9f, 0.9f, 0.9f, 1);
    ImGui::PushStyleColor(ImGuiCol_Text, c);
    ImGui::TextWrapped("%s: %s", m.role.c_str(), m.text.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::EndChild();
  static char input[2048] = "";
  ImGui::SetNextItemWidth(-80);
  bool enter = ImGui::InputText("##message", input, sizeof input, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Send") || enter) && input[0]) {
    web::send(app.send_chat(input));
    input[0] = 0;
  }
}

}  // namespace mlgate::client::ui
