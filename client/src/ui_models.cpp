#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "ui.hpp"
#include "web_bridge.hpp"

namespace mlgate::client::ui {
namespace {

// Upload: to the selected model, or to a new one named here.
void draw_upload(AppState& app) {
  static char name[129] = "";
  static char features[1024] = "";
  const std::string& selected = app.route().model;
  if (selected.empty()) {
    ImGui::SetNextItemWidth(px(200));
    ImGui::InputTextWithHint("##newmodel", "new model name", name, sizeof name);
    publish_item(app, "new-model-name");
    ImGui::SameLine();
  }
  ImGui::SetNextItemWidth(px(320));
  ImGui::InputTextWithHint("##features", "feature names a,b,c (if the model has none)", features, sizeof features);
  publish_item(app, "feature-names");
  ImGui::SameLine();
  std::string target = selected.empty() ? std::string(name) : selected;
  if (app.uploading()) {
    ImGui::ProgressBar(static_cast<float>(app.upload_progress()), ImVec2(px(200), 0));
  } else if (action_button(app, selected.empty() ? "Upload ONNX..." : "Upload new version...", "upload")) {
    if (target.empty()) ImGui::OpenPopup("name needed");
    else web::pick_model(target, features);
  }
  if (ImGui::BeginPopup("name needed")) {
    ImGui::TextUnformatted("Name the model first.");
    ImGui::EndPopup();
  }
}

void draw_promotions(AppState& app) {
  if (app.promotions().empty()) return;
  ImGui::TextDisabled("pending promotions");
  if (!ImGui::BeginTable("promotions", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) return;
  for (const char* h : {"id", "model", "version", ""}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const auto& p : app.promotions()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(p.id));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(p.model.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("v%lld by %s", static_cast<long long>(p.version), p.requested_by.c_str());
    ImGui::TableNextColumn();
    // Shown to everyone: the server decides, and a refusal is shown plainly.
    std::string id = std::to_string(p.id);
    if (action_button(app, "Approve", "approve:" + id))
      web::send(app.act("POST", "/api/v1/promotions/" + id + "/approve", "approve promotion " + id));
    if (!app.can("approver") && ImGui::IsItemHovered()) ImGui::SetTooltip("needs the approver role");
    ImGui::SameLine();
    if (action_button(app, "Reject", "reject:" + id))
      web::send(app.act("POST", "/api/v1/promotions/" + id + "/reject", "reject promotion " + id));
  }
  ImGui::EndTable();
}

void draw_model_table(AppState& app) {
  static char filter[128] = "";
  ImGui::SetNextItemWidth(px(240));
  ImGui::InputTextWithHint("##filter", "filter models", filter, sizeof filter);
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("models", 4, flags, ImVec2(0, px(220)))) return;
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

void draw_version_actions(AppState& app, const api::VersionInfo& v) {
  const std::string base = "/api/v1/models/" + v.model + "/versions/" + std::to_string(v.version);
  const std::string key = v.model + ":" + std::to_string(v.version);
  const std::string name = v.model + " v" + std::to_string(v.version);
  if (action_button(app, "Test in browser", "test:" + key)) web::go(Route{Pane::test, v.model, v.version});
  if (app.can("deployer")) {
    ImGui::SameLine();
    if (action_button(app, "Test on server...", "server-test:" + key)) web::pick_server_csv();
  }
  if (app.can("deployer") && v.stage == "staging") {
    ImGui::SameLine();
    if (action_button(app, "Request promotion", "promote:" + key)) web::send(app.act("POST", base + "/promotion", "request promotion of " + name));
    ImGui::SameLine();
    if (action_button(app, "Archive", "archive:" + key)) web::send(app.act("POST", base + "/archive", "archive " + name));
  }
  if (app.can("deployer") && v.stage != "production") {
    ImGui::SameLine();
    if (action_button(app, "Delete", "delete:" + key)) ImGui::OpenPopup("confirm delete");
    if (ImGui::BeginPopup("confirm delete")) {
      ImGui::Text("Delete %s? Its audit trail stays.", name.c_str());
      if (action_button(app, "Delete it", "confirm-delete:" + key)) {
        web::send(app.act("DELETE", base, "delete " + name));
        web::go(Route{Pane::models, v.model});
        ImGui::CloseCurrentPopup();
      }
      ImGui::EndPopup();
    }
  }
  if (v.stage == "production") {
    // What production does with it: traffic, accuracy, drift, alerts, retraining.
    ImGui::SameLine();
    if (action_button(app, "Monitor", "monitor:" + v.model)) web::go(Route{Pane::monitor, v.model, 0});
  }
  if (app.can("approver") && v.stage == "production") {
    ImGui::SameLine();
    if (action_button(app, "Roll back", "rollback:" + v.model))
      web::send(app.act("POST", "/api/v1/models/" + v.model + "/rollback", "roll back " + v.model));
  }
}

// A test's headline figure: accuracy for a classifier, R2 for a regressor.
std::string key_metric(const nlohmann::json& m) {
  char buf[64] = "";
  if (m.contains("accuracy") && m["accuracy"].is_number()) std::snprintf(buf, sizeof buf, "accuracy %.4f", m["accuracy"].get<double>());
  else if (m.contains("r2") && m["r2"].is_number()) std::snprintf(buf, sizeof buf, "R2 %.4f", m["r2"].get<double>());
  return buf;
}

// The version's test records. "browser" marks metrics computed in someone's browser (the
// data never reached the server); they count toward promotion like server tests.
void draw_tests(AppState& app) {
  ImGui::TextDisabled("tests (%zu)", app.tests().size());
  if (app.tests().empty() || !ImGui::BeginTable("tests", 7, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) return;
  for (const char* h : {"id", "source", "result", "key metric", "rows", "by", "at"}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const auto& t : app.tests()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(t.id));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t.source.c_str());
    if (t.source == "browser" && ImGui::IsItemHovered())
      ImGui::SetTooltip("metrics computed in the browser; the server has only their CSV's SHA-256 %s", t.data_sha256.c_str());
    ImGui::TableNextColumn();
    ImGui::TextColored(t.passed ? ImVec4(0.35f, 0.8f, 0.4f, 1) : ImVec4(0.95f, 0.35f, 0.3f, 1), "%s", t.passed ? "passed" : "failed");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(key_metric(t.metrics).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(t.rows));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t.actor.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t.at.c_str());
  }
  ImGui::EndTable();
}

// Test on server, once a CSV is chosen for this version: the label column (pre-selected),
// the upload with its progress, and the record the server stored.
void draw_server_test(AppState& app, const api::VersionInfo& v) {
  const ServerTest& st = app.server_test();
  if (st.file.empty() || st.model != v.model || st.version != v.version) return;
  ImGui::Text("test on server: %s", st.file.c_str());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(px(200));
  if (ImGui::BeginCombo("label column##server", st.label.empty() ? "(choose)" : st.label.c_str())) {
    for (const auto& c : st.columns)
      if (ImGui::Selectable(c.c_str(), c == st.label)) app.server_test_label(c);
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (st.uploading) ImGui::ProgressBar(static_cast<float>(st.progress), ImVec2(px(200), 0));
  else if (action_button(app, "Upload and test", "server-test-upload")) web::upload_server_test(app.server_test_path());
  if (st.record.is_object())
    ImGui::Text("stored as test %lld: %s, %s", static_cast<long long>(st.record.value("id", int64_t{0})),
                st.record.value("passed", false) ? "passed" : "not passed", key_metric(st.record.value("metrics", nlohmann::json::object())).c_str());
}

// Where the version has been: its audit events, oldest first.
void draw_history(AppState& app) {
  auto events = app.version_history();
  ImGui::TextDisabled("stage history (%zu events)", events.size());
  if (events.empty() || !ImGui::BeginTable("history", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) return;
  for (const char* h : {"at", "who", "what", "stage"}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const auto& e : events) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(e.at.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(e.actor.c_str());
    ImGui::TableNextColumn();
    std::string what = e.action;
    if (e.detail.is_object() && e.detail.contains("reason") && e.detail["reason"].is_string() && !e.detail["reason"].get<std::string>().empty())
      what += ": " + e.detail["reason"].get<std::string>();
    ImGui::TextUnformatted(what.c_str());
    ImGui::TableNextColumn();
    if (e.from_stage == e.to_stage) ImGui::TextDisabled("%s", e.to_stage.c_str());
    else ImGui::Text("%s -> %s", e.from_stage.empty() ? "(new)" : e.from_stage.c_str(), e.to_stage.c_str());
  }
  ImGui::EndTable();
}

void draw_version_details(AppState& app, const api::VersionInfo& v) {
  ImGui::Separator();
  ImGui::TextDisabled("details");
  draw_version_actions(app, v);
  ImGui::Text("version %lld", static_cast<long long>(v.version));
  ImGui::SameLine();
  stage_badge(v.stage);
  ImGui::Text("SHA-256  %s", v.sha256.c_str());
  if (v.web_sha256 != v.sha256) ImGui::Text("web      %s", v.web_sha256.c_str());
  ImGui::Text("task     %s", v.signature.task.c_str());
  if (!v.description.empty()) ImGui::TextWrapped("%s", v.description.c_str());
  ImGui::Text("producer %s, opset %lld", v.producer.c_str(), static_cast<long long>(v.opset));
  draw_server_test(app, v);
  draw_tests(app);
  draw_history(app);
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
  if (app.can("deployer")) draw_upload(app);
  draw_promotions(app);
  draw_model_table(app);
  if (app.route().model.empty()) return;
  ImGui::Spacing();
  draw_versions(app);
  if (const auto* v = app.selected_version()) draw_version_details(app, *v);
}

}  // namespace mlgate::client::ui
