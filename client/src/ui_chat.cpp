#include "imgui.h"
#include "ui.hpp"
#include "web_bridge.hpp"

namespace mlgate::client::ui {

void draw_chat(AppState& app) {
  ImGui::BeginChild("history", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 2 - 4), true);
  if (app.chat().empty()) {
    ImGui::TextDisabled("Try:");
    for (const char* s : {"list the models", "what is in production?", "promote iris version 2"}) {
      ImGui::SameLine();
      if (ImGui::SmallButton(s)) web::send(app.send_chat(s));
    }
  }
  int i = 0;
  for (const auto& m : app.chat()) {
    ImGui::PushID(i++);
    if (ImGui::SmallButton("copy")) web::copy_to_clipboard(m.text);
    ImGui::PopID();
    ImGui::SameLine();
    ImVec4 c = m.role == "user" ? ImVec4(0.55f, 0.75f, 1, 1) : m.role == "error" ? ImVec4(0.95f, 0.35f, 0.30f, 1)
                                                                                   : ImGui::GetStyleColorVec4(ImGuiCol_Text);
    ImGui::PushStyleColor(ImGuiCol_Text, c);
    ImGui::TextWrapped("%s: %s", m.role.c_str(), m.text.c_str());
    ImGui::PopStyleColor();
    for (const auto& card : m.cards) draw_chat_card(card);
    for (const auto& id : m.action_ids)
      if (const ChatAction* a = app.conversation().action(id)) draw_chat_action(app, *a);
  }
  if (app.conversation().waiting()) ImGui::TextDisabled("thinking...");
  // Follow the conversation as it grows, as chat apps do.
  static std::size_t seen = 0;
  if (app.chat().size() != seen) {
    seen = app.chat().size();
    ImGui::SetScrollHereY(1.0f);
  }
  ImGui::EndChild();
  // The input itself is the page's <textarea>, placed over this space: Enter sends,
  // Shift+Enter breaks the line.
  const float send_w = px(140);
  ImVec2 at = ImGui::GetCursorScreenPos();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float h = ImGui::GetFrameHeightWithSpacing() * 2 - 4;
  const float r = pixel_ratio();  // the textarea is placed in CSS pixels
  web::show_chat_input(at.x / r, at.y / r, (avail.x - send_w - 8) / r, h / r);
  ImGui::Dummy(ImVec2(avail.x - send_w - 8, h));
  ImGui::SameLine();
  if (action_button(app, "Send", "chat-send")) {
    std::string text = web::take_chat_input();
    if (!text.empty()) web::send(app.send_chat(text));
  }
  ImGui::SameLine();
  // A model or CSV for the agent to register or test with; dropping a file on the chat works too.
  if (action_button(app, "Attach", "chat-attach")) web::pick_chat_file();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Upload an .onnx model or a .csv for the agent (or drop it here)");
  if (app.uploading()) ImGui::ProgressBar(float(app.upload_progress()), ImVec2(-1, 0));
}

}  // namespace mlgate::client::ui
