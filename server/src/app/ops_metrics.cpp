#include "app/ops_metrics.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <tuple>

namespace mlgate::app {

OpsMetrics::OpsMetrics()
    : http_requests_(registry_.counter("mlgate_http_requests_total", "HTTP requests by route pattern, method and status",
                                       {"route", "method", "status"})),
      http_seconds_(registry_.histogram("mlgate_http_request_duration_seconds",
                                        "Time from the request's header to its response, by route pattern and method", {"route", "method"})),
      predictions_(registry_.counter("mlgate_predictions_total", "Prediction requests answered, by model and version", {"model", "version"})),
      rows_(registry_.counter("mlgate_rows_scored_total", "Rows scored by predictions, by model and version", {"model", "version"})),
      inference_seconds_(registry_.histogram("mlgate_inference_duration_seconds",
                                             "Time inside ONNX Runtime per prediction request, by model and version", {"model", "version"})),
      prediction_errors_(registry_.counter("mlgate_prediction_errors_total", "Prediction requests refused or failed, by model and status",
                                           {"model", "status"})) {
  static std::atomic<uint64_t> instances{0};
  instance_ = ++instances;
  const auto started = std::chrono::steady_clock::now();
  registry_.gauge("mlgate_uptime_seconds", "Seconds since the server started",
                  [started] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); });
  registry_.gauge("mlgate_build_info", "Build of this binary", [] { return 1.0; }, "{version=\"0.1.0\"}");
}

void OpsMetrics::observe_http(const std::string& route, std::string_view method, int status, double seconds) {
  // Tens of thousands of requests a second: find each series once per thread, not per request.
  // Keyed by instance id, not address: a later instance at the same address must not reuse
  // a destroyed one's series.
  using Key = std::tuple<uint64_t, const std::string*, std::string_view, int>;
  thread_local std::map<Key, std::pair<metrics::Counter*, metrics::Histogram*>> cache;
  auto& slot = cache[Key{instance_, &route, method, status}];
  if (!slot.first) {
    std::string m(method);
    slot = {&http_requests_.with({route, m, std::to_string(status)}), &http_seconds_.with({route, m})};
  }
  slot.first->inc();
  slot.second->observe(seconds);
}

void OpsMetrics::observe_prediction(const std::string& model, int64_t version, std::size_t rows, double inference_seconds) {
  std::vector<std::string> labels{model, std::to_string(version)};
  predictions_.with(labels).inc();
  rows_.with(labels).inc(rows);
  inference_seconds_.with(labels).observe(inference_seconds);
}

void OpsMetrics::observe_prediction_error(const std::string& model, int status) {
  prediction_errors_.with({model, std::to_string(status)}).inc();
}

}  // namespace mlgate::app
