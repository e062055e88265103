#include <algorithm>

#include "imgui.h"
#include "ui.hpp"
#include "web_bridge.hpp"

namespace mlgate::client::ui {
namespace {

void draw_model_table(AppState& app) {
  static char filter[128] = "";
  ImGui::SetNextItemWidth(240);
  ImGui::InputTextWithHint("##filter", "filter models", filter, sizeof filter);
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("models", 4, flags, ImVec2(0, 220))) return;
  ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_DefaultSort);
  ImGui::TableSetupColumn("versions");
  ImGui::TableSetupColumn("production");
  ImGui::TableSetupColumn("updated");
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableHeadersRow();

  std::vector<const api::ModelSummary*> rows;
  for (const auto& m : app.models())
    if (m.name.find(filter) != std::string::npos) rows.push_back(&m);
  if (ImGuiTableSortSpecs* s = ImGui::TableGetSortSpecs(); s && s->SpecsCount > 0) {
    const auto& spec = s->Specs[0];
    bool asc = spec.SortDirection == ImGuiSortDirection_Ascending;
    std::stable_sort(rows.begin(), rows.end(), [&](const api::ModelSummary* a, const api::ModelSummary* b) {
      bool less = false;
      switch (spec.ColumnIndex) {
        case 1: less = a->versions_count < b->versions_count; break;
        case 2: less = a->production_version.value_or(0) < b->production_version.value_or(0); break;
        case 3: less = a->updated_at < b->updated_at; break;
        default: less = a->name < b->name; break;
      }
      return asc ? less : !less && a->name != b->name;
    });
  }
  for (const auto* m : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable(m->name.c_str(), app.route().model == m->name, ImGuiSelectableFlags_SpanAllColumns))
      web::go(Route{Pane::models, m->name});
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(m->versions_count));
    ImGui::TableNextColumn();
    if (m->production_version) ImGui::Text("v%lld", static_cast<long long>(*m->production_version));
    else ImGui::TextDisabled("none");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(m->updated_at.c_str());
  }
  ImGui::EndTable();
}

void draw_versions(AppState& app) {
  const auto& route = app.route();
  ImGui::Text("%s", route.model.c_str());
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg;
  if (ImGui::BeginTable("versions", 5, flags)) {
    for (const char* h : {"version", "stage", "created", "by", "size"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const auto& v : app.versions()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      std::string label = "v" + std::to_string(v.version);
      if (ImGui::Selectable(label.c_str(), route.version == v.version, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
        web::go(Route{Pane::models, route.model, v.version});
      ImGui::TableNextColumn();
      stage_badge(v.stage);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(v.created_at.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(v.created_by.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(human_bytes(v.size_bytes).c_str());
    }
    ImGui::EndTable();
  }
}

void draw_version_details(const api::VersionInfo& v) {
  ImGui::Separator();
  ImGui::TextDisabled("details");
  if (ImGui::Button("Test in browser")) web::go(Route{Pane::test, v.model, v.version});
  ImGui::Text("version %lld", static_cast<long long>(v.version));
  ImGui::SameLine();
  stage_badge(v.stage);
  ImGui::Text("SHA-256  %s", v.sha256.c_str());
  if (v.web_sha256 != v.sha256) ImGui::Text("web      %s", v.web_sha256.c_str());
  ImGui::Text("task     %s", v.signature.task.c_str());
  if (!v.description.empty()) ImGui::TextWrapped("%s", v.description.c_str());
  ImGui::Text("producer %s, opset %lld", v.producer.c_str(), static_cast<long long>(v.opset));
  ImGui::Text("tests    %zu", v.tests.size());
  if (ImGui::TreeNode("features", "features (%zu)", v.signature.features.size())) {
    for (const auto& f : v.signature.features) ImGui::BulletText("%s", f.c_str());
    ImGui::TreePop();
  }
  if (!v.signature.classes.empty() && ImGui::TreeNode("classes", "classes (%zu)", v.signature.classes.size())) {
    for (const auto& c : v.signature.classes) ImGui::BulletText("%s", c.c_str());
    ImGui::TreePop();
  }
}

}  // namespace

void draw_models(AppState& app) {
  draw_model_table(app);
  if (app.route().model.empty()) return;
  ImGui::Spacing();
  draw_versions(app);
  if (const auto* v = app.selected_version()) draw_version_details(*v);
}

}  // namespace mlgate::client::ui
