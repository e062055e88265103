#include "monitor_summary.hpp"

#include "monitor_format.hpp"

namespace mlgate::client {

std::vector<SummaryFigure> summary_figures(const MonitoringReport& r) {
  const MonitorFigures& t = r.totals;
  auto count = [](const char* name, int64_t n) { return SummaryFigure{name, std::to_string(n), static_cast<double>(n)}; };
  auto number = [](const char* name, std::optional<double> v) { return SummaryFigure{name, format_number(v), v}; };
  std::vector<SummaryFigure> out = {
      count("requests", t.requests),
      count("rows", t.rows),
      count("errors", t.errors),
      {"error rate", format_percent(t.error_rate), t.error_rate},
      {"p50", format_ms(t.p50_ms), t.p50_ms},
      {"p90", format_ms(t.p90_ms), t.p90_ms},
      {"p99", format_ms(t.p99_ms), t.p99_ms},
      count("labelled", t.labelled),
  };
  if (is_regression(r)) {
    out.push_back(number("MAE", t.mae));
    out.push_back(number("RMSE", t.rmse));
  } else {
    out.push_back(number("accuracy", t.accuracy));
    out.push_back(number("expected accuracy", t.expected_accuracy));
    out.push_back(number("F1 macro", t.f1_macro));
  }
  return out;
}

}  // namespace mlgate::client
