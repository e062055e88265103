// The operations figures behind GET /metrics: requests by route, method and status with
// their latency, and per model version the predictions, rows scored, inference time (apart
// from HTTP time) and errors; uptime, loaded models and build info are read at scrape time.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/metrics.hpp"

namespace mlgate::app {

class OpsMetrics {
 public:
  OpsMetrics();
  // `route` is the route's pattern (bounded: never the raw path); its address must stay
  // valid, as route table patterns do, since series are cached per thread by it.
  void observe_http(const std::string& route, std::string_view method, int status, double seconds);
  void observe_prediction(const std::string& model, int64_t version, std::size_t rows, double inference_seconds);
  void observe_prediction_error(const std::string& model, int status);
  metrics::Registry& registry() { return registry_; }
  std::string exposition() const { return registry_.exposition(); }

 private:
  uint64_t instance_ = 0;
  metrics::Registry registry_;
  metrics::Family<metrics::Counter>& http_requests_;
  metrics::Family<metrics::Histogram>& http_seconds_;
  metrics::Family<metrics::Counter>& predictions_;
  metrics::Family<metrics::Counter>& rows_;
  metrics::Family<metrics::Histogram>& inference_seconds_;
  metrics::Family<metrics::Counter>& prediction_errors_;
};

}  // namespace mlgate::app
