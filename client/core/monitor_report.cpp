#include "monitor_report.hpp"

#include <nlohmann/json.hpp>

#include "json_read.hpp"
#include "time_text.hpp"

namespace mlgate::client {
namespace {
using nlohmann::json;
using namespace json_read;

MonitorFigures read_figures(const json& j) {
  MonitorFigures f;
  f.requests = integer(j, "requests").value_or(0);
  f.rows = integer(j, "rows").value_or(0);
  f.errors = integer(j, "errors").value_or(0);
  f.labelled = integer(j, "labelled").value_or(0);
  f.error_rate = number(j, "error_rate");
  if (const json* lat = field(j, "latency_ms"); lat && lat->is_object()) {
    f.p50_ms = number(*lat, "p50");
    f.p90_ms = number(*lat, "p90");
    f.p99_ms = number(*lat, "p99");
  }
  f.accuracy = number(j, "accuracy");
  f.f1_macro = number(j, "f1_macro");
  f.expected_accuracy = number(j, "expected_accuracy");
  f.mae = number(j, "mae");
  f.rmse = number(j, "rmse");
  return f;
}

}  // namespace

MonitoringParse parse_monitoring(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return {std::nullopt, "the monitoring reply is not a JSON object"};
  const json* totals = field(j, "totals");
  const json* buckets = field(j, "buckets");
  if (!totals || !totals->is_object() || !buckets || !buckets->is_array())
    return {std::nullopt, "the monitoring reply has no totals or buckets"};
  MonitoringReport r;
  r.model = text(j, "model");
  r.task = text(j, "task");
  r.window = text(j, "window");
  r.window_ms = integer(j, "window_ms").value_or(0);
  r.bucket_ms = integer(j, "bucket_ms").value_or(0);
  r.since = text(j, "since");
  r.until = text(j, "until");
  if (r.window_ms <= 0) {
    // Older replies lack window_ms: the window is since..until.
    auto since = parse_rfc3339_ms(r.since), until = parse_rfc3339_ms(r.until);
    if (since && until && *until > *since) r.window_ms = *until - *since;
  }
  r.totals = read_figures(*totals);
  for (const auto& b : *buckets) {
    MonitorBucket mb{text(b, "start"), std::nullopt, read_figures(b)};
    mb.start_ms = parse_rfc3339_ms(mb.start);
    r.buckets.push_back(std::move(mb));
  }
  if (const json* log = field(j, "log")) {
    r.dropped_rows = integer(*log, "dropped_rows").value_or(0);
    r.sample_rate = number(*log, "sample_rate");
  }
  return {std::move(r), ""};
}

bool is_regression(const MonitoringReport& r) {
  if (r.task == "regression") return true;
  if (r.task == "classification") return false;
  auto regression_figures = [](const MonitorFigures& f) { return f.mae || f.rmse; };
  if (regression_figures(r.totals)) return true;
  for (const auto& b : r.buckets)
    if (regression_figures(b.figures)) return true;
  return false;
}

}  // namespace mlgate::client
