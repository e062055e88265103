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

// A dashed segment: 6 px drawn, 4 px skipped, in screen space.
void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness) {
  const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
  if (len <= 0) return;
  const float on = 6, period = 10;
  for (float t = 0; t < len; t += period) {
    const float e = std::min(len, t + on);
    dl->AddLine(ImVec2(a.x + dx * t / len, a.y + dy * t / len), ImVec2(a.x + dx * e / len, a.y + dy * e / len), col, thickness);
  }
}

bool finite_point(const Series& s, std::size_t i) { return i < s.x.size() && std::isfinite(s.x[i]) && std::isfinite(s.y[i]); }

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
  // Bars with named bins label each bin under the axis (skipping names that would overlap);
  // everything else gets five numeric ticks.
  const bool named_bins = p.bars && !p.point_names.empty();
  for (int i = 0; i <= 4; ++i) {
    double fx = p.x_min + xr * i / 4, fy = p.y_min + yr * i / 4;
    ImVec2 px = to_screen(fx, p.y_min), py = to_screen(p.x_min, fy);
    dl->AddLine(ImVec2(a.x, py.y), ImVec2(b.x, py.y), grid);
    std::string ty = tick_text(fy);
    dl->AddText(ImVec2(a.x - ImGui::CalcTextSize(ty.c_str()).x - 4, py.y - 7), text, ty.c_str());
    if (named_bins) continue;
    dl->AddLine(ImVec2(px.x, a.y), ImVec2(px.x, b.y), grid);
    std::string tx = tick_text(fx);
    dl->AddText(ImVec2(px.x - ImGui::CalcTextSize(tx.c_str()).x / 2, b.y + 3), text, tx.c_str());
  }
  if (named_bins) {
    float free_from = a.x;
    for (std::size_t i = 0; i < p.point_names.size(); ++i) {
      const char* name = p.point_names[i].c_str();
      const float w = ImGui::CalcTextSize(name).x, x = to_screen(static_cast<double>(i), p.y_min).x - w / 2;
      if (x < free_from) continue;
      dl->AddText(ImVec2(x, b.y + 3), text, name);
      free_from = x + w + 6;
    }
  }
  dl->AddText(ImVec2((a.x + b.x - ImGui::CalcTextSize(p.x_label.c_str()).x) / 2, b.y + 18), text, p.x_label.c_str());
  dl->AddText(ImVec2(origin.x, origin.y + 20), text, p.y_label.c_str());

  // Several bar series share each slot side by side (reference and current, say).
  const std::size_t groups = std::max<std::size_t>(1, p.series.size());
  auto bar_rect = [&](std::size_t s, std::size_t i, ImVec2& lo, ImVec2& hi) {
    const Series& ser = p.series[s];
    const float slot = (b.x - a.x) / static_cast<float>(std::max<std::size_t>(1, ser.x.size())) * 0.9f, w = slot / static_cast<float>(groups);
    ImVec2 top_mid = to_screen(ser.x[i], ser.y[i]);
    const float left_x = top_mid.x - slot / 2 + w * static_cast<float>(s);
    lo = ImVec2(left_x, top_mid.y), hi = ImVec2(left_x + w, b.y);
  };
  dl->PushClipRect(a, b, true);
  for (std::size_t s = 0; s < p.series.size(); ++s) {
    const Series& ser = p.series[s];
    ImU32 col = kPalette[s % 6];
    if (p.bars) {
      for (std::size_t i = 0; i < ser.x.size(); ++i) {
        ImVec2 lo, hi;
        bar_rect(s, i, lo, hi);
        dl->AddRectFilled(lo, hi, col);
      }
    } else if (p.points && ser.name != "y = x") {
      for (std::size_t i = 0; i < ser.x.size(); ++i) dl->AddCircleFilled(to_screen(ser.x[i], ser.y[i]), 2.0f, col);
    } else {
      for (std::size_t i = 0; i < ser.x.size(); ++i) {
        if (!finite_point(ser, i)) continue;
        // A point between two gaps has no segment: a dot keeps it visible.
        if ((i == 0 || !finite_point(ser, i - 1)) && !finite_point(ser, i + 1)) dl->AddCircleFilled(to_screen(ser.x[i], ser.y[i]), 2.5f, col);
        if (i == 0 || !finite_point(ser, i - 1)) continue;
        if (ser.dashed) dashed_line(dl, to_screen(ser.x[i - 1], ser.y[i - 1]), to_screen(ser.x[i], ser.y[i]), col, 1.5f);
        else dl->AddLine(to_screen(ser.x[i - 1], ser.y[i - 1]), to_screen(ser.x[i], ser.y[i]), col, 1.5f);
      }
    }
  }
  dl->PopClipRect();

  // Legend, inside the frame's bottom-right corner (curves here hug the top-left); for bars,
  // which stand on the bottom, above the frame's top-right corner.
  if (!p.bars || p.series.size() > 1) {
    float widest = 0;
    for (const auto& ser : p.series) widest = std::max(widest, ImGui::CalcTextSize(ser.name.c_str()).x);
    const float height = 15.0f * static_cast<float>(p.series.size());
    float x = b.x - widest - 26, y = p.bars ? a.y - height - 4 : b.y - height - 4;
    dl->AddRectFilled(ImVec2(x - 4, y - 2), ImVec2(b.x - 2, y + height + 2), IM_COL32(20, 20, 26, 210));
    for (std::size_t s = 0; s < p.series.size(); ++s, y += 15) {
      if (p.series[s].dashed) dashed_line(dl, ImVec2(x, y + 7), ImVec2(x + 10, y + 7), kPalette[s % 6], 2.0f);
      else dl->AddRectFilled(ImVec2(x, y + 4), ImVec2(x + 10, y + 10), kPalette[s % 6]);
      dl->AddText(ImVec2(x + 14, y), text, p.series[s].name.c_str());
    }
  }

  ImGui::InvisibleButton(p.title.c_str(), size);
  if (ImGui::IsItemHovered() && named_bins) {
    // The bin under the mouse (bins sit at x = 0, 1, ...), with every series' value in it.
    const double at_x = p.x_min + (ImGui::GetIO().MousePos.x - a.x) / (b.x - a.x) * xr;
    const long i = std::lround(at_x);
    if (i >= 0 && static_cast<std::size_t>(i) < p.point_names.size()) {
      std::string tip = p.point_names[static_cast<std::size_t>(i)];
      for (const auto& ser : p.series)
        if (static_cast<std::size_t>(i) < ser.y.size()) tip += "\n" + ser.name + " " + tick_text(ser.y[static_cast<std::size_t>(i)]);
      ImGui::SetTooltip("%s", tip.c_str());
    }
  } else if (ImGui::IsItemHovered()) {
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
    // Named points (a bucket's start time) say where they are by name.
    const std::string where = at < p.point_names.size() ? p.point_names[at] : p.x_label + " " + tick_text(hit ? hit->x[at] : 0);
    if (hit) ImGui::SetTooltip("%s\n%s\n%s %s", hit->name.c_str(), where.c_str(), p.y_label.c_str(), tick_text(hit->y[at]).c_str());
  }
}

}  // namespace mlgate::client::ui
