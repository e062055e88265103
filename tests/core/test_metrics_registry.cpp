#include <catch2/catch.hpp>

#include <cmath>
#include <thread>

#include "core/metrics.hpp"

using namespace mlgate::metrics;

TEST_CASE("the exposition is Prometheus text: HELP and TYPE, labelled series, escaped values") {
  Registry r;
  auto& requests = r.counter("mlgate_http_requests_total", "HTTP requests by route and status", {"route", "status"});
  requests.with({"/api/v1/models", "200"}).inc(3);
  requests.with({"/api/v1/models", "404"}).inc();
  r.counter("mlgate_odd_total", "odd label values", {"model"}).with({"a\"b\\c\nd"}).inc();
  r.gauge("mlgate_uptime_seconds", "seconds since start", [] { return 12.5; });
  std::string text = r.exposition();
  CHECK(text.find("# HELP mlgate_http_requests_total HTTP requests by route and status\n# TYPE mlgate_http_requests_total counter\n") !=
        std::string::npos);
  CHECK(text.find("mlgate_http_requests_total{route=\"/api/v1/models\",status=\"200\"} 3\n") != std::string::npos);
  CHECK(text.find("mlgate_http_requests_total{route=\"/api/v1/models\",status=\"404\"} 1\n") != std::string::npos);
  CHECK(text.find("mlgate_odd_total{model=\"a\\\"b\\\\c\\nd\"} 1\n") != std::string::npos);
  CHECK(text.find("# TYPE mlgate_uptime_seconds gauge\nmlgate_uptime_seconds 12.5\n") != std::string::npos);
}

TEST_CASE("histograms are cumulative per bucket, with +Inf, _sum and _count") {
  Registry r;
  static const std::vector<double> bounds = {0.001, 0.01, 0.1};
  auto& h = r.histogram("mlgate_x_seconds", "x", {"route"}, &bounds).with({"/p"});
  for (double v : {0.0005, 0.001, 0.005, 0.05, 3.0}) h.observe(v);
  std::string text = r.exposition();
  CHECK(text.find("mlgate_x_seconds_bucket{route=\"/p\",le=\"0.001\"} 2\n") != std::string::npos);  // le is inclusive
  CHECK(text.find("mlgate_x_seconds_bucket{route=\"/p\",le=\"0.01\"} 3\n") != std::string::npos);
  CHECK(text.find("mlgate_x_seconds_bucket{route=\"/p\",le=\"0.1\"} 4\n") != std::string::npos);
  CHECK(text.find("mlgate_x_seconds_bucket{route=\"/p\",le=\"+Inf\"} 5\n") != std::string::npos);
  CHECK(text.find("mlgate_x_seconds_sum{route=\"/p\"} 3.0565\n") != std::string::npos);
  CHECK(text.find("mlgate_x_seconds_count{route=\"/p\"} 5\n") != std::string::npos);
}

TEST_CASE("quantiles interpolate within buckets as histogram_quantile does") {
  static const std::vector<double> bounds = {1, 2, 4};
  Histogram h(&bounds);
  CHECK(std::isnan(h.quantile(0.5)));
  for (int i = 0; i < 50; ++i) h.observe(0.5);  // bucket (0, 1]
  for (int i = 0; i < 50; ++i) h.observe(3);    // bucket (2, 4]
  CHECK(h.quantile(0.5) == Approx(1.0));
  CHECK(h.quantile(0.75) == Approx(3.0));  // halfway through (2, 4]
  h.observe(100);
  CHECK(h.quantile(1.0) == 4.0);  // beyond the last bound: the last bound
}

TEST_CASE("counts from many threads add up exactly") {
  Registry r;
  auto& fam = r.counter("c_total", "c", {"k"});
  static const std::vector<double> bounds = {1};
  auto& hist = r.histogram("h", "h", {}, &bounds).with({});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100000; ++i) {
        fam.with({"x"}).inc();
        hist.observe(0.5);
      }
    });
  for (auto& t : threads) t.join();
  CHECK(fam.with({"x"}).value() == 400000);
  CHECK(hist.count() == 400000);
  CHECK(hist.sum() == 200000.0);
}
