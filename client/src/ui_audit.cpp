#include "imgui.h"
#include "ui.hpp"

namespace mlgate::client::ui {

void draw_audit(AppState& app) {
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("audit", 6, flags)) return;
  for (const char* h : {"id", "at", "actor", "action", "model", "version"}) ImGui::TableSetupColumn(h);
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableHeadersRow();
  for (const auto& e : app.audit()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(e.id));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(e.at.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(e.actor.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(e.action.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(e.model.c_str());
    ImGui::TableNextColumn();
    if (e.version) ImGui::Text("%lld", static_cast<long long>(*e.version));
  }
  ImGui::EndTable();
}

}  // namespace mlgate::client::ui
