// The test pane: a CSV scored in the browser with ONNX Runtime Web, its metrics computed by
// shared/ exactly as the server computes them.
#include <algorithm>
#include <cmath>

#include "imgui.h"
#include "plot.hpp"
#include "ui.hpp"
#include "web_bridge.hpp"

namespace mlgate::client::ui {
namespace {

void draw_preview(const csv::Table& t) {
  const int cols = static_cast<int>(std::min<std::size_t>(t.columns.size(), 32));
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY;
  if (cols == 0 || !ImGui::BeginTable("preview", cols, flags, ImVec2(0, px(170)))) return;
  for (int c = 0; c < cols; ++c) {
    std::string head = t.columns[c].name + " (" + csv::to_string(t.columns[c].type) + ")";
    ImGui::TableSetupColumn(head.c_str());
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableHeadersRow();
  for (std::size_t r = 0; r < std::min<std::size_t>(t.rows(), 8); ++r) {
    ImGui::TableNextRow();
    for (int c = 0; c < cols; ++c) {
      ImGui::TableNextColumn();
      const std::string& cell = t.columns[c].cells[r];
      if (cell.empty()) ImGui::TextDisabled("missing");
      else ImGui::TextUnformatted(cell.c_str());
    }
  }
  ImGui::EndTable();
}

void draw_metric_rows(const nlohmann::json& m) {
  if (!ImGui::BeginTable("metrics", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg, ImVec2(px(360), 0))) return;
  for (const char* k : {"accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_weighted", "roc_auc", "log_loss", "precision", "recall", "f1",
                        "mae", "mse", "rmse", "r2"}) {
    if (!m.contains(k) || !m[k].is_number()) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(k);
    ImGui::TableNextColumn();
    ImGui::Text("%.6f", m[k].get<double>());
  }
  ImGui::EndTable();
}

// Rows are true classes, columns predicted, as API.md's confusion_matrix; cells shaded by
// their share of the row, with the count written in.
void draw_confusion(const nlohmann::json& cm) {
  if (!cm.is_object() || !cm.contains("matrix")) return;
  const auto& labels = cm["labels"];
  const auto& matrix = cm["matrix"];
  const std::size_t n = labels.size();
  if (n == 0 || n > 40) return;
  ImGui::TextDisabled("confusion matrix (rows: true, columns: predicted)");
  const float cell = std::clamp(px(320) / static_cast<float>(n), px(18), px(48));
  const float label_w = px(70);
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < n; ++i) {
    double row_total = 0;
    for (std::size_t j = 0; j < n; ++j) row_total += matrix[i][j].get<double>();
    std::string name = labels[i].is_string() ? labels[i].get<std::string>() : labels[i].dump();
    dl->AddText(ImVec2(origin.x, origin.y + cell * (i + 1) + cell * 0.3f), IM_COL32(200, 200, 200, 255), name.c_str());
    dl->AddText(ImVec2(origin.x + label_w + cell * i + 3, origin.y + cell * 0.3f), IM_COL32(200, 200, 200, 255), name.c_str());
    for (std::size_t j = 0; j < n; ++j) {
      double v = matrix[i][j].get<double>();
      float share = row_total > 0 ? static_cast<float>(v / row_total) : 0;
      ImVec2 a(origin.x + label_w + cell * j, origin.y + cell * (i + 1));
      ImVec2 b(a.x + cell - 2, a.y + cell - 2);
      dl->AddRectFilled(a, b, ImGui::GetColorU32(ImVec4(0.15f + 0.1f * share, 0.25f + 0.45f * share, 0.35f + 0.5f * share, 1)));
      std::string text = std::to_string(static_cast<long long>(v));
      dl->AddText(ImVec2(a.x + 3, a.y + cell * 0.3f), IM_COL32(255, 255, 255, 255), text.c_str());
      if (ImGui::IsMouseHoveringRect(a, b)) ImGui::SetTooltip("true %s, predicted %s: %s (%.1f%% of the row)", name.c_str(),
                                                               (labels[j].is_string() ? labels[j].get<std::string>() : labels[j].dump()).c_str(),
                                                               text.c_str(), share * 100);
    }
  }
  ImGui::Dummy(ImVec2(label_w + cell * n, cell * (n + 1)));
}

// The finished test as a browser test record of the version: metrics and the CSV's
// SHA-256 go to the server, never rows; the server decides pass/fail.
void draw_attach(AppState& app) {
  const nlohmann::json rec = app.attached();
  if (rec.is_object()) {
    ImGui::Text("attached as test %lld (source browser): %s", static_cast<long long>(rec.value("id", int64_t{0})),
                rec.value("passed", false) ? "passed" : "not passed");
    return;
  }
  if (action_button(app, "Attach to version", "attach")) web::send(app.attach_test());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Sends the metrics and the CSV's SHA-256 (%s...) to the server; the rows stay here.",
                      app.test().data_sha256().substr(0, 12).c_str());
  if (!app.can("deployer")) {
    ImGui::SameLine();
    ImGui::TextDisabled("(needs the deployer role)");
  }
}

}  // namespace

void draw_test(AppState& app) {
  const Route& route = app.route();
  const api::VersionInfo* v = app.selected_version();
  if (route.model.empty() || route.version == 0) {
    ImGui::TextWrapped("Pick a version in Models and choose \"Test in browser\".");
    return;
  }
  ImGui::Text("%s v%lld", route.model.c_str(), static_cast<long long>(route.version));
  if (!v) {
    ImGui::TextDisabled("loading the version...");
    return;
  }
  ImGui::SameLine();
  stage_badge(v->stage);
  ImGui::TextWrapped("The CSV is read and scored in this browser with ONNX Runtime Web; its rows are never sent to the server.");
  if (ImGui::Button("Choose CSV...")) web::pick_csv();
  ImGui::SameLine();
  ImGui::TextDisabled("or drop a file on the page");

  BrowserTest& t = app.test();
  if (const csv::Table* table = t.table()) {
    ImGui::Text("%s: %zu rows, %zu columns", t.file_name().c_str(), table->rows(), table->columns.size());
    draw_preview(*table);
    ImGui::SetNextItemWidth(px(240));
    if (ImGui::BeginCombo("label column", t.label().empty() ? "(choose)" : t.label().c_str())) {
      for (const auto& c : table->columns)
        if (ImGui::Selectable(c.name.c_str(), c.name == t.label())) app.choose_label(c.name);
      ImGui::EndCombo();
    }
  }
  if (t.status() == TestStatus::loading || t.status() == TestStatus::scoring) {
    float f = t.rows_total() ? static_cast<float>(t.rows_scored()) / static_cast<float>(t.rows_total()) : 0;
    std::string text = std::to_string(t.rows_scored()) + " / " + std::to_string(t.rows_total()) + " rows";
    ImGui::ProgressBar(f, ImVec2(px(360), 0), t.status() == TestStatus::loading ? "loading the model..." : text.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) t.cancel();
  }
  if (t.status() == TestStatus::cancelled) ImGui::TextDisabled("cancelled after %zu rows", t.rows_scored());
  if (!t.error().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.35f, 0.30f, 1));
    ImGui::TextWrapped("%s", t.error().c_str());
    ImGui::PopStyleColor();
  }
  if (t.status() == TestStatus::done) {
    ImGui::Text("scored %zu rows against '%s'", t.rows_scored(), t.label().c_str());
    draw_attach(app);
    draw_metric_rows(t.metrics());
    ImGui::Spacing();
    if (t.metrics().contains("confusion_matrix")) draw_confusion(t.metrics()["confusion_matrix"]);
    // Plots side by side, as many as fit the width.
    const float w = px(380), h = px(280);
    const int per_row = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / (w + 8)));
    for (std::size_t i = 0; i < t.plots().size(); ++i) {
      if (i % per_row != 0) ImGui::SameLine();
      draw_plot(t.plots()[i], ImVec2(w, h));
    }
  }
}

}  // namespace mlgate::client::ui
