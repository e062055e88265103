#include "monitor_plots.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "time_text.hpp"

namespace mlgate::client {
namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

double or_gap(std::optional<double> v) { return v ? *v : kNone; }

// A y range from 0 to a little above the largest finite value (1 when there is none).
double headroom(const std::vector<Series>& series) {
  double top = 0;
  for (const auto& s : series)
    for (double y : s.y)
      if (std::isfinite(y)) top = std::max(top, y);
  return top > 0 ? top * 1.15 : 1;
}

}  // namespace

TimeAxis time_axis(int64_t window_ms) {
  if (window_ms <= 2 * 3600000LL) return {60000, "minutes ago"};
  if (window_ms <= 48 * 3600000LL) return {3600000, "hours ago"};
  return {86400000, "days ago"};
}

std::vector<double> bucket_x(const MonitoringReport& r, const TimeAxis& axis) {
  const auto until = parse_rfc3339_ms(r.until);
  const std::size_t n = r.buckets.size();
  std::vector<double> x;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& b = r.buckets[i];
    double before_end = 0;
    if (until && b.start_ms) before_end = static_cast<double>(*until - *b.start_ms) - r.bucket_ms / 2.0;
    else before_end = (static_cast<double>(n - i) - 0.5) * static_cast<double>(r.bucket_ms);  // buckets end at `until`
    x.push_back(before_end / axis.unit_ms);
  }
  return x;
}

std::vector<PlotData> monitoring_plots(const MonitoringReport& r) {
  const TimeAxis axis = time_axis(r.window_ms);
  const std::vector<double> x = bucket_x(r, axis);
  const double left = r.window_ms > 0 ? r.window_ms / axis.unit_ms : (x.empty() ? 1 : x.front() + 0.5);
  std::vector<std::string> names;
  for (const auto& b : r.buckets) names.push_back(b.start_ms ? "from " + format_utc(*b.start_ms) + " UTC" : b.start);

  auto plot = [&](const char* title, const char* y_label) {
    PlotData p{title, axis.label, y_label, {}, false, false, left, 0, 0, 1};
    p.point_names = names;
    return p;
  };
  auto series = [&](const char* name, auto&& value) {
    Series s{name, x, {}};
    for (const auto& b : r.buckets) s.y.push_back(value(b.figures));
    return s;
  };

  // Requests per minute, whatever the bucket's width, so that windows compare; an empty
  // bucket is a real zero, not a gap.
  const double minutes = r.bucket_ms > 0 ? r.bucket_ms / 60000.0 : 1;
  PlotData rate = plot("request rate", "per minute");
  rate.series.push_back(series("requests", [&](const MonitorFigures& f) { return f.requests / minutes; }));
  rate.series.push_back(series("rows", [&](const MonitorFigures& f) { return f.rows / minutes; }));
  rate.y_max = headroom(rate.series);

  PlotData latency = plot("latency", "ms");
  latency.series.push_back(series("p50", [](const MonitorFigures& f) { return or_gap(f.p50_ms); }));
  latency.series.push_back(series("p90", [](const MonitorFigures& f) { return or_gap(f.p90_ms); }));
  latency.series.push_back(series("p99", [](const MonitorFigures& f) { return or_gap(f.p99_ms); }));
  latency.y_max = headroom(latency.series);

  // A bucket without requests has no error rate (a gap), not a rate of 0.
  PlotData errors = plot("error rate", "errors / requests");
  errors.series.push_back(series("error rate", [](const MonitorFigures& f) { return or_gap(f.error_rate); }));
  errors.y_max = std::min(1.0, headroom(errors.series));

  PlotData quality;
  if (is_regression(r)) {
    quality = plot("error from feedback", "error");
    quality.series.push_back(series("MAE", [](const MonitorFigures& f) { return or_gap(f.mae); }));
    quality.series.push_back(series("RMSE", [](const MonitorFigures& f) { return or_gap(f.rmse); }));
    quality.y_max = headroom(quality.series);
  } else {
    quality = plot("accuracy", "accuracy");
    quality.series.push_back(series("accuracy (feedback)", [](const MonitorFigures& f) { return or_gap(f.accuracy); }));
    Series expected = series("expected (label-free)", [](const MonitorFigures& f) { return or_gap(f.expected_accuracy); });
    expected.dashed = true;  // an estimate from the model's confidences, not measured
    quality.series.push_back(std::move(expected));
    quality.y_max = 1;
  }
  return {rate, latency, errors, quality};
}

PlotData histogram_plot(const DriftRow& row) {
  const PairedBins p = pair_bins(row);
  const double n = static_cast<double>(p.bins.size());
  PlotData h{row.feature + ": reference vs current", row.kind == "categorical" ? "category" : "bin", "share", {}, false, true, -0.5,
             std::max(0.5, n - 0.5), 0, 1};
  h.point_names = p.bins;
  Series ref{"reference", {}, p.reference}, cur{"current", {}, p.current};
  for (std::size_t i = 0; i < p.bins.size(); ++i) ref.x.push_back(static_cast<double>(i)), cur.x.push_back(static_cast<double>(i));
  h.series = {std::move(ref), std::move(cur)};
  h.y_max = headroom(h.series);
  return h;
}

}  // namespace mlgate::client
