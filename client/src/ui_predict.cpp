// The predict pane: a form generated from the production version's signature, like the
// classic iris demo; the label, its confidence and a bar per class.
#include <cstdio>

#include "imgui.h"
#include "ui.hpp"
#include "web_bridge.hpp"

namespace mlgate::client::ui {

namespace {
// A categorical input: the values the model's encoder knows, as a drop-down. Each open
// option is published as control "option:{feature}:{value}".
void draw_category_combo(AppState& app, const std::string& f, const std::vector<std::string>& values, std::string& value) {
  const bool open = ImGui::BeginCombo(("##" + f).c_str(), value.empty() ? "(choose)" : value.c_str());
  publish_item(app, "feature:" + f);
  if (!open) return;
  for (const auto& c : values) {
    if (ImGui::Selectable(c.c_str(), c == value)) value = c;
    publish_item(app, "option:" + f + ":" + c);
  }
  ImGui::EndCombo();
}
}  // namespace

void draw_predict(AppState& app) {
  const std::string& model = app.route().model;
  if (model.empty()) {
    ImGui::TextWrapped("Choose a model in Models, then Predict.");
    return;
  }
  const api::VersionInfo* v = app.production_version();
  if (!v) {
    ImGui::TextWrapped("%s has no production version yet: promote one first.", model.c_str());
    return;
  }
  ImGui::Text("%s v%lld", model.c_str(), static_cast<long long>(v->version));
  ImGui::SameLine();
  stage_badge(v->stage);
  for (const auto& f : v->signature.features) {
    std::string& value = app.predict_input(f);
    ImGui::SetNextItemWidth(px(200));
    auto cats = v->signature.categories.find(f);
    if (cats != v->signature.categories.end()) {
      draw_category_combo(app, f, cats->second, value);
    } else {
      // No categories known: a free text field.
      char buf[256];
      std::snprintf(buf, sizeof buf, "%s", value.c_str());
      bool text = api::feature_is_text(v->signature, f);
      if (ImGui::InputTextWithHint(("##" + f).c_str(), text ? "text" : "number (empty: missing)", buf, sizeof buf)) value = buf;
      publish_item(app, "feature:" + f);
    }
    ImGui::SameLine();
    ImGui::TextUnformatted(f.c_str());
  }
  if (action_button(app, "Predict", "predict")) web::send(app.send_predict());

  const nlohmann::json& p = app.prediction();
  if (!p.is_object()) return;
  ImGui::Separator();
  if (p.contains("label")) {
    ImGui::Text("label %s, confidence %.4f", p["label"].get<std::string>().c_str(), p["confidence"].get<double>());
    for (auto it = p["probabilities"].begin(); it != p["probabilities"].end(); ++it) {
      float prob = it.value().is_number() ? it.value().get<float>() : 0.0f;
      char overlay[64];
      std::snprintf(overlay, sizeof overlay, "%.4f", prob);
      ImGui::ProgressBar(prob, ImVec2(px(260), 0), overlay);
      ImGui::SameLine();
      ImGui::TextUnformatted(it.key().c_str());
    }
  } else if (p.contains("value") && p["value"].is_number()) {
    ImGui::Text("value %.6g", p["value"].get<double>());
  }
  ImGui::TextDisabled("prediction id %s", p.value("id", "").c_str());
}

}  // namespace mlgate::client::ui
