// Tool results in the chat, drawn as cards by what they hold (a version, metrics, a
// prediction...), and the held-back actions with the only buttons that carry them out.
#include <cstdio>
#include <string>

#include "imgui.h"
#include "ui.hpp"
#include "web_bridge.hpp"

namespace mlgate::client::ui {
using nlohmann::json;

namespace {
std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// "list_tests(model=iris, version=2)": what the agent called, in one line.
std::string call_line(const ChatCard& c) {
  std::string s = c.tool + "(";
  bool first = true;
  if (c.arguments.is_object())
    for (auto it = c.arguments.begin(); it != c.arguments.end(); ++it) {
      s += (first ? "" : ", ") + it.key() + "=" + text_of(it.value());
      first = false;
    }
  return s + ")";
}

// The figures a person looks at first, whatever the task.
void key_metrics(const json& m) {
  std::string line;
  for (const char* k : {"accuracy", "f1_macro", "roc_auc", "log_loss", "r2", "mae", "rmse"})
    if (m.is_object() && m.contains(k) && m[k].is_number()) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s%s %.4f", line.empty() ? "" : ", ", k, m[k].get<double>());
      line += buf;
    }
  ImGui::TextUnformatted(line.empty() ? "(no metrics)" : line.c_str());
}

void version_line(const json& v) {
  ImGui::Text("%s v%s", text_of(v.value("model", json(""))).c_str(), text_of(v.value("version", json(0))).c_str());
  ImGui::SameLine();
  stage_badge(v.value("stage", ""));
  if (v.contains("created_by")) {
    ImGui::SameLine();
    ImGui::TextDisabled("by %s", text_of(v["created_by"]).c_str());
  }
}

void draw_body(const ChatCard& c) {
  const json& r = c.result;
  switch (c.kind) {
    case CardKind::models:
      for (const auto& m : r["models"]) {
        ImGui::BulletText("%s: latest v%s, production %s", text_of(m.value("name", json(""))).c_str(),
                          text_of(m.value("latest_version", json(nullptr))).c_str(),
                          m.value("production_version", json(nullptr)).is_null() ? "none" : ("v" + text_of(m["production_version"])).c_str());
      }
      if (r["models"].empty()) ImGui::TextDisabled("no models yet");
      break;
    case CardKind::model:
      ImGui::Text("%s", text_of(r.value("name", json(""))).c_str());
      for (const auto& v : r["versions"]) version_line(v);
      break;
    case CardKind::version: {
      version_line(r);
      const json sig = r.value("signature", json::object());
      if (sig.contains("features")) ImGui::TextWrapped("features: %s", sig["features"].dump().c_str());
      if (sig.contains("classes") && !sig["classes"].empty()) ImGui::TextWrapped("classes: %s", sig["classes"].dump().c_str());
      break;
    }
    case CardKind::metrics:
      if (r.contains("tests"))
        for (const auto& t : r["tests"]) {
          ImGui::Text("test %s (%s, %s rows): %s", text_of(t.value("id", json(""))).c_str(), text_of(t.value("source", json("server"))).c_str(),
                      text_of(t.value("rows", json(""))).c_str(), t.value("passed", false) ? "passed" : "failed");
          key_metrics(t.value("metrics", json::object()));
        }
      else if (r.contains("metrics"))
        key_metrics(r["metrics"]);
      else
        ImGui::TextWrapped("%s", r.dump(1).c_str());
      break;
    case CardKind::prediction: {
      const json p = r["predictions"].is_array() && !r["predictions"].empty() ? r["predictions"][0] : r;
      if (p.contains("label")) {
        ImGui::Text("label %s, confidence %.4f", text_of(p["label"]).c_str(), p.value("confidence", 0.0));
        if (p.contains("probabilities"))
          for (auto it = p["probabilities"].begin(); it != p["probabilities"].end(); ++it) {
            float prob = it.value().is_number() ? it.value().get<float>() : 0.0f;
            ImGui::ProgressBar(prob, ImVec2(px(200), 0));
            ImGui::SameLine();
            ImGui::TextUnformatted(it.key().c_str());
          }
      } else if (p.contains("value")) {
        ImGui::Text("value %s", text_of(p["value"]).c_str());
      }
      break;
    }
    case CardKind::audit: {
      int shown = 0;
      for (const auto& e : r["events"]) {
        if (++shown > 8) break;
        ImGui::BulletText("%s %s %s v%s", text_of(e.value("at", json(""))).c_str(), text_of(e.value("actor", json(""))).c_str(),
                          text_of(e.value("action", json(""))).c_str(), text_of(e.value("version", json(""))).c_str());
      }
      break;
    }
    case CardKind::error:
      ImGui::TextColored(ImVec4(0.95f, 0.35f, 0.30f, 1), "%s: %s", text_of(r["error"].value("code", json(""))).c_str(),
                         text_of(r["error"].value("message", json(""))).c_str());
      break;
    case CardKind::generic:
      ImGui::TextWrapped("%s", r.dump(1).c_str());
      break;
  }
}
}  // namespace

void draw_chat_card(const ChatCard& card) {
  ImGui::Indent(px(16));
  ImGui::TextDisabled("%s", call_line(card).c_str());
  draw_body(card);
  ImGui::Unindent(px(16));
}

void draw_chat_action(AppState& app, const ChatAction& a) {
  ImGui::Indent(px(16));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.75f, 0.25f, 1));
  ImGui::TextWrapped("Needs your confirmation: %s", a.summary.c_str());
  ImGui::PopStyleColor();
  if (a.status == "pending") {
    if (action_button(app, "Confirm", "confirm:" + a.id)) web::send(app.decide_chat_action(a.id, true));
    ImGui::SameLine();
    if (action_button(app, "Cancel", "cancel:" + a.id)) web::send(app.decide_chat_action(a.id, false));
  } else {
    ImGui::TextDisabled("%s%s%s", a.status.c_str(), a.outcome.empty() ? "" : ": ", a.outcome.c_str());
  }
  ImGui::Unindent(px(16));
}

}  // namespace mlgate::client::ui
