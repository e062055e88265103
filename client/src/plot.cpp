#include "plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mlgate::client::ui {
namespace {

const ImU32 kPalette[] = {IM_COL32(76, 175, 240, 255), IM_COL32(240, 160, 60, 255), IM_COL32(110, 200, 110, 255),
                          IM_COL32(220, 90, 90, 255),  IM_COL32(170, 120, 220, 255), IM_COL32(200, 200, 90, 255)};

std::string tick_text(double v) {
  char buf[32];
  if (std::abs(v) >= 1e4 || (std::abs(v) < 1e-3 && v != 0)) std::snprintf(buf, sizeof buf, "%.1e", v);
  else std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace

void draw_plot(const PlotData& p, ImVec2 size) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float left = px(56), right = px(12), top = px(40), bottom = px(36);
  const ImVec2 a(origin.x + left, origin.y + top), b(origin.x + size.x - right, origin.y + size.y - bottom);
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), grid = IM_COL32(90, 90, 100, 90);
  const double xr = p.x_max - p.x_min, yr = p.y_max - p.y_min;
  auto to_screen = [&](double x, double y) {
    return ImVec2(a.x + static_cast<float>((x - p.x_min) / xr) * (b.x - a.x), b.y - static_cast<float>((y - p.y_min) / yr) * (b.y - a.y));
  };

  dl->AddText(ImVec2(a.x, origin.y + 2), text, p.title.c_str());
  dl->AddRect(a, b, IM_COL32(140, 140, 150, 255));
  for (int i = 0; i <= 4; ++i) {
    double fx = p.x_min + xr * i / 4, fy = p.y_min + yr * i / 4;
    ImVec2 px = to_screen(fx, p.y_min), py = to_screen(p.x_min, fy);
    dl->AddLine(ImVec2(px.x, a.y), ImVec2(px.x, b.y), grid);
    dl->AddLine(ImVec2(a.x, py.y), ImVec2(b.x, py.y), grid);
    std::string tx = tick_text(fx), ty = tick_text(fy);
    dl->AddText(ImVec2(px.x - ImGui::CalcTextSize(tx.c_str()).x / 2, b.y + 3), text, tx.c_str());
    dl->AddText(ImVec2(a.x - ImGui::CalcTextSize(ty.c_str()).x - 4, py.y - 7), text, ty.c_str());
  }
  dl->AddText(ImVec2((a.x + b.x - ImGui::CalcTextSize(p.x_label.c_str()).x) / 2, b.y + 18), text, p.x_label.c_str());
  dl->AddText(ImVec2(origin.x, origin.y + 20), text, p.y_label.c_str());

  dl->PushClipRect(a, b, true);
  for (std::size_t s = 0; s < p.series.size(); ++s) {
    const Series& ser = p.series[s];
    ImU32 col = kPalette[s % 6];
    if (p.bars) {
      float w = (b.x - a.x) / static_cast<float>(std::max<std::size_t>(1, ser.x.size())) * 0.9f;
      for (std::size_t i = 0; i < ser.x.size(); ++i) {
        ImVec2 top_mid = to_screen(ser.x[i], ser.y[i]);
        dl->AddRectFilled(ImVec2(top_mid.x - w / 2, top_mid.y), ImVec2(top_mid.x + w / 2, b.y), col);
      }
    } else if (p.points && ser.name != "y = x") {
      for (std::size_t i = 0; i < ser.x.size(); ++i) dl->AddCircleFilled(to_screen(ser.x[i], ser.y[i]), 2.0f, col);
    } else {
      for (std::size_t i = 1; i < ser.x.size(); ++i) {
        if (!std::isfinite(ser.x[i - 1] + ser.y[i - 1] + ser.x[i] + ser.y[i])) continue;
        dl->AddLine(to_screen(ser.x[i - 1], ser.y[i - 1]), to_screen(ser.x[i], ser.y[i]), col, 1.5f);
      }
    }
  }
  dl->PopClipRect();

  // Legend, inside the frame's bottom-right corner (curves here hug the top-left).
  if (!p.bars) {
    float widest = 0;
    for (const auto& ser : p.series) widest = std::max(widest, ImGui::CalcTextSize(ser.name.c_str()).x);
    float x = b.x - widest - 26, y = b.y - 15.0f * static_cast<float>(p.series.size()) - 4;
    dl->AddRectFilled(ImVec2(x - 4, y - 2), ImVec2(b.x - 2, b.y - 2), IM_COL32(20, 20, 26, 210));
    for (std::size_t s = 0; s < p.series.size(); ++s, y += 15) {
      dl->AddRectFilled(ImVec2(x, y + 4), ImVec2(x + 10, y + 10), kPalette[s % 6]);
      dl->AddText(ImVec2(x + 14, y), text, p.series[s].name.c_str());
    }
  }

  ImGui::InvisibleButton(p.title.c_str(), size);
  if (ImGui::IsItemHovered()) {
    // The nearest point on screen, within 10 px.
    ImVec2 m = ImGui::GetIO().MousePos;
    float best = 100;
    const Series* hit = nullptr;
    std::size_t at = 0;
    for (const auto& ser : p.series)
      for (std::size_t i = 0; i < ser.x.size(); ++i) {
        ImVec2 q = to_screen(ser.x[i], ser.y[i]);
        float d = (q.x - m.x) * (q.x - m.x) + (q.y - m.y) * (q.y - m.y);
        if (d < best) best = d, hit = &ser, at = i;
      }
    if (hit) ImGui::SetTooltip("%s\n%s %s\n%s %s", hit->name.c_str(), p.x_label.c_str(), tick_text(hit->x[at]).c_str(), p.y_label.c_str(),
                               tick_text(hit->y[at]).c_str());
  }
}

}  // namespace mlgate::client::ui
