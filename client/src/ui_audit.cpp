#include "imgui.h"
#include "ui.hpp"
#include "web_bridge.hpp"

namespace mlgate::client::ui {

void draw_audit(AppState& app) {
  // Filtered by model on the server (#/audit/{name}, a link that can be shared).
  static char model[129] = "";
  ImGui::SetNextItemWidth(px(200));
  bool enter = ImGui::InputTextWithHint("##auditmodel", "model (Enter filters)", model, sizeof model, ImGuiInputTextFlags_EnterReturnsTrue);
  publish_item(app, "audit-model");
  if (enter) web::go(Route{Pane::audit, model, 0});
  if (!app.route().model.empty()) {
    ImGui::SameLine();
    ImGui::Text("events of %s", app.route().model.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("all models")) {
      model[0] = 0;
      web::go(Route{Pane::audit, "", 0});
    }
  }
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
