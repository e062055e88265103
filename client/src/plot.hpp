// A small chart drawn with ImGui's draw lists (ImPlot is not packaged in Debian): frame,
// ticks and labels on both axes, a title, a legend, lines, points or bars, and a tooltip
// with the values of the point under the mouse.
#pragma once
#include "core/test_plots.hpp"
#include "imgui.h"
#include "ui.hpp"

namespace mlgate::client::ui {

void draw_plot(const PlotData& plot, ImVec2 size);

}  // namespace mlgate::client::ui
