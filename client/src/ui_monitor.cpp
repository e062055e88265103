// The monitor pane (#/monitor/{name}): traffic, latency, errors and accuracy over a window,
// the drift table with each row's histograms, the model's alerts and its retraining jobs.
// Drawing only: what is shown, and how it is computed, lives in core/monitor_*.
#include <algorithm>

#include "core/monitor_plots.hpp"
#include "core/monitor_summary.hpp"
#include "core/status_tone.hpp"
#include "core/time_text.hpp"
#include "core/monitor_format.hpp"
#include "imgui.h"
#include "plot.hpp"
#include "ui.hpp"
#include "web_bridge.hpp"

namespace mlgate::client::ui {
namespace {

// [SECTION] Helpers

ImVec4 tone_colour(Tone t) {
  switch (t) {
    case Tone::good: return ImVec4(0.35f, 0.80f, 0.40f, 1);
    case Tone::warn: return ImVec4(0.92f, 0.66f, 0.15f, 1);
    case Tone::bad: return ImVec4(0.95f, 0.35f, 0.30f, 1);
    case Tone::neutral: break;
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
}

void toned_text(Tone t, const std::string& text) { ImGui::TextColored(tone_colour(t), "%s", text.c_str()); }

void error_text(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, tone_colour(Tone::bad));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

// A view that is not loaded says why: still loading, or its error, plainly.
template <class T>
bool draw_fetch_state(const Fetched<T>& f, const char* what) {
  if (f.data) return true;
  if (!f.error.empty()) error_text(std::string(what) + ": " + f.error);
  else if (f.loading) ImGui::TextDisabled("loading %s...", what);
  return false;
}

// [SECTION] Header: model picker, window, refresh

void draw_header(AppState& app) {
  MonitorState& m = app.monitor();
  ImGui::SetNextItemWidth(px(220));
  const bool open = ImGui::BeginCombo("##monitormodel", m.model().empty() ? "(choose a model)" : m.model().c_str());
  publish_item(app, "monitor-model");
  if (open) {
    for (const auto& s : app.models()) {
      if (ImGui::Selectable(s.name.c_str(), s.name == m.model())) web::go(Route{Pane::monitor, s.name, 0});
      publish_item(app, "monitor-model:" + s.name);
    }
    ImGui::EndCombo();
  }
  if (m.model().empty()) return;
  ImGui::SameLine();
  ImGui::TextDisabled("window");
  for (MonitorWindow w : kMonitorWindows) {
    ImGui::SameLine();
    const std::string id = std::string("window:") + window_param(w);
    const bool active = w == m.window();
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (action_button(app, window_param(w), id)) web::send(app.set_monitor_window(w));
    if (active) ImGui::PopStyleColor();
  }
  ImGui::SameLine();
  if (action_button(app, "Refresh", "monitor-refresh")) web::send(app.refresh_monitor());
  ImGui::SameLine();
  if (m.loading()) ImGui::TextDisabled("loading...");
  else ImGui::TextDisabled("refreshes every %.0f s", MonitorState::kRefreshSeconds);
}

// [SECTION] Traffic and quality: the summary row and the four plots

void draw_summary(const MonitoringReport& r) {
  const auto figures = summary_figures(r);
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("summary", static_cast<int>(figures.size()), flags)) return;
  for (const auto& f : figures) ImGui::TableSetupColumn(f.name.c_str());
  ImGui::TableHeadersRow();
  ImGui::TableNextRow();
  for (const auto& f : figures) {
    ImGui::TableNextColumn();
    if (f.value) ImGui::TextUnformatted(f.text.c_str());
    else ImGui::TextDisabled("%s", f.text.c_str());
  }
  ImGui::EndTable();
  ImGui::TextDisabled("%s to %s UTC, %s buckets; prediction log: %lld rows dropped, sample rate %s", display_time(r.since).c_str(),
                      display_time(r.until).c_str(), format_duration(r.bucket_ms / 1000.0).c_str(), static_cast<long long>(r.dropped_rows),
                      format_percent(r.sample_rate).c_str());
}

void draw_traffic(AppState& app) {
  const MonitorState& m = app.monitor();
  if (!draw_fetch_state(m.monitoring, "monitoring")) return;
  draw_summary(*m.monitoring.data);
  // Side by side, as many as fit the width (as the test pane's plots).
  const float w = px(380), h = px(240);
  const int per_row = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / (w + 8)));
  for (std::size_t i = 0; i < m.plots().size(); ++i) {
    if (i % per_row != 0) ImGui::SameLine();
    draw_plot(m.plots()[i], ImVec2(w, h));
  }
}

// [SECTION] Drift

void draw_drift_row(AppState& app, const DriftRow& r) {
  MonitorState& m = app.monitor();
  ImGui::PushID(r.feature.c_str());
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  const std::string label = r.is_prediction ? r.feature + " (output)" : r.feature;
  if (ImGui::Selectable(label.c_str(), m.selected_feature() == r.feature, ImGuiSelectableFlags_SpanAllColumns)) m.select_feature(r.feature);
  publish_item(app, "drift-row:" + r.feature);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(r.kind.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(r.statistic.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(format_number(r.value).c_str());
  if (r.threshold && ImGui::IsItemHovered()) ImGui::SetTooltip("threshold %s", format_number(r.threshold).c_str());
  ImGui::TableNextColumn();
  if (r.p_value) ImGui::TextUnformatted(format_number(r.p_value).c_str());
  ImGui::TableNextColumn();
  toned_text(drift_tone(r.psi_status), format_number(r.psi));
  ImGui::TableNextColumn();
  toned_text(drift_tone(r.status), r.status);
  ImGui::TableNextColumn();
  ImGui::Text("%lld / %lld", static_cast<long long>(r.reference_rows), static_cast<long long>(r.current_rows));
  if (r.missing_current > 0 && ImGui::IsItemHovered()) ImGui::SetTooltip("%lld current rows missing this feature", static_cast<long long>(r.missing_current));
  ImGui::PopID();
}

void draw_drift(AppState& app) {
  const MonitorState& m = app.monitor();
  if (!draw_fetch_state(m.drift, "drift")) return;
  const DriftReport& d = *m.drift.data;
  // The verdict, or (insufficient_data, no_reference) the server's message as it is.
  if (has_verdict(d)) toned_text(drift_tone(d.status), drift_verdict(d));
  else ImGui::TextWrapped("%s", drift_verdict(d).c_str());
  if (d.has_reference)
    ImGui::TextDisabled("version %lld against its %s data (%lld rows); %lld rows in this window, %lld needed", static_cast<long long>(d.version),
                        d.reference_source.c_str(), static_cast<long long>(d.reference_rows), static_cast<long long>(d.current_rows),
                        static_cast<long long>(d.min_rows));
  const auto rows = drift_rows(d);
  if (rows.empty()) return;
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("drift", 8, flags)) {
    for (const char* h : {"feature", "kind", "statistic", "value", "p-value", "PSI", "status", "rows (ref / cur)"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const DriftRow* r : rows) draw_drift_row(app, *r);
    ImGui::EndTable();
  }
  if (const DriftRow* r = m.selected_row()) draw_plot(histogram_plot(*r), ImVec2(std::min(ImGui::GetContentRegionAvail().x, px(640)), px(260)));
  else ImGui::TextDisabled("select a row for its reference and current histograms");
}

// [SECTION] Alerts

void draw_alerts(AppState& app) {
  const MonitorState& m = app.monitor();
  if (!draw_fetch_state(m.alerts, "alerts")) return;
  if (m.alerts.data->empty()) {
    ImGui::TextDisabled("no alerts for %s", m.model().c_str());
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("alerts", 5, flags)) return;
  for (const char* h : {"fired at", "rule", "message", "value vs threshold", "delivery"}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const auto& a : *m.alerts.data) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(display_time(a.fired_at).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(a.rule.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", a.message.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(value_vs_threshold(a).c_str());
    ImGui::TableNextColumn();
    toned_text(delivery_tone(a.delivery), a.delivery.empty() ? "(not sent)" : a.delivery);
  }
  ImGui::EndTable();
}

// [SECTION] Retraining

void draw_retrain_button(AppState& app) {
  const MonitorState& m = app.monitor();
  if (!app.can("deployer")) return;
  if (action_button(app, "Retrain now", "retrain")) web::send(app.retrain());
  const RetrainOutcome& r = m.retrain();
  if (r.sending || r.job || !r.error.empty()) ImGui::SameLine();
  if (r.sending) ImGui::TextDisabled("sending...");
  else if (r.job) ImGui::Text("job %lld %s (%s)", static_cast<long long>(r.job->id), r.job->status.c_str(), r.job->kind.c_str());
  else if (!r.error.empty()) error_text("retrain: " + r.error);
}

void draw_jobs(AppState& app) {
  MonitorState& m = app.monitor();
  draw_retrain_button(app);
  if (!draw_fetch_state(m.jobs, "jobs")) return;
  if (m.jobs.data->empty()) {
    ImGui::TextDisabled("no training jobs for %s", m.model().c_str());
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("jobs", 7, flags)) {
    for (const char* h : {"id", "kind", "trigger", "status", "created", "duration", "result"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const auto& j : *m.jobs.data) {
      const std::string id = std::to_string(j.id);
      ImGui::PushID(id.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const bool selected = m.selected_job() && m.selected_job()->id == j.id;
      if (ImGui::Selectable(id.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) m.select_job(j.id);
      publish_item(app, "job:" + id);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(j.kind.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(j.trigger.c_str());
      if (!j.actor.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("by %s", j.actor.c_str());
      ImGui::TableNextColumn();
      toned_text(job_tone(j.status), j.status);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(display_time(j.created_at).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(format_duration(j.duration_s).c_str());
      ImGui::TableNextColumn();
      if (auto route = result_route(j)) {
        const std::string link = "v" + std::to_string(route->version);
        if (ImGui::SmallButton(link.c_str())) web::go(*route);
        publish_item(app, "job-version:" + id);
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (const JobRecord* j = m.selected_job()) {
    ImGui::Text("job %lld log", static_cast<long long>(j->id));
    if (!j->error.empty()) error_text(j->error);
    ImGui::BeginChild("joblog", ImVec2(0, px(160)), true, ImGuiWindowFlags_HorizontalScrollbar);
    if (j->log.empty()) ImGui::TextDisabled("(empty log)");
    else ImGui::TextUnformatted(j->log.c_str(), j->log.c_str() + j->log.size());
    ImGui::EndChild();
  }
}

}  // namespace

// [SECTION] The pane

void draw_monitor(AppState& app) {
  web::send(app.monitor_tick(ImGui::GetTime()));
  draw_header(app);
  if (app.monitor().model().empty()) {
    ImGui::TextWrapped("Choose a model to see its traffic, accuracy, drift, alerts and retraining.");
    return;
  }
  // The pane is taller than the window: its own scrolling region under the header.
  ImGui::BeginChild("monitor", ImVec2(0, 0), false);
  if (ImGui::CollapsingHeader("Traffic and accuracy", ImGuiTreeNodeFlags_DefaultOpen)) draw_traffic(app);
  if (ImGui::CollapsingHeader("Drift", ImGuiTreeNodeFlags_DefaultOpen)) draw_drift(app);
  if (ImGui::CollapsingHeader("Alerts", ImGuiTreeNodeFlags_DefaultOpen)) draw_alerts(app);
  if (ImGui::CollapsingHeader("Retraining", ImGuiTreeNodeFlags_DefaultOpen)) draw_jobs(app);
  ImGui::EndChild();
}

}  // namespace mlgate::client::ui
