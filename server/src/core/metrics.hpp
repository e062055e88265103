// Counters, gauges and histograms for GET /metrics, written out in the Prometheus text
// exposition format (version 0.0.4). Updates are lock-free atomics; a labelled series is
// found once under a mutex and may be kept by the caller, since series never move or die.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mlgate::metrics {

class Counter {
 public:
  void inc(uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

class Histogram {
 public:
  explicit Histogram(const std::vector<double>* bounds);
  void observe(double v);
  // Cumulative counts per bound, then +Inf; the sum of observations.
  std::vector<uint64_t> cumulative() const;
  double sum() const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  // The q-quantile estimated from the buckets by linear interpolation (Prometheus'
  // histogram_quantile); NaN when empty.
  double quantile(double q) const;
  const std::vector<double>& bounds() const { return *bounds_; }

 private:
  const std::vector<double>* bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // per bound, then the +Inf overflow
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_bits_{0};  // a double, updated by compare-and-swap
};

// Latency buckets in seconds, 100 µs to 10 s.
const std::vector<double>& latency_buckets();

template <class T>
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> labels, const std::vector<double>* bounds = nullptr)
      : name_(std::move(name)), help_(std::move(help)), labels_(std::move(labels)), bounds_(bounds) {}
  // The series for these label values (in the order of the family's labels).
  T& with(const std::vector<std::string>& values);
  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& labels() const { return labels_; }
  // Calls f(label values, series) for each series, in label order.
  void each(const std::function<void(const std::vector<std::string>&, const T&)>& f) const;

 private:
  std::string name_, help_;
  std::vector<std::string> labels_;
  const std::vector<double>* bounds_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<T>> series_;
};

class Registry {
 public:
  Family<Counter>& counter(const std::string& name, const std::string& help, std::vector<std::string> labels = {});
  Family<Histogram>& histogram(const std::string& name, const std::string& help, std::vector<std::string> labels = {},
                               const std::vector<double>* bounds = &latency_buckets());
  // A value read at scrape time (uptime, loaded models, queue depth); `labels` is a fixed
  // label set in exposition form, e.g. {version="0.1.0"} for build info.
  void gauge(const std::string& name, const std::string& help, std::function<double()> read, std::string labels = "");
  // Everything, in the text exposition format.
  std::string exposition() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Family<Counter>>> counters_;
  std::vector<std::unique_ptr<Family<Histogram>>> histograms_;
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
    std::string labels;
  };
  std::vector<Gauge> gauges_;
};

// Seconds since construction, for observing durations.
class Stopwatch {
 public:
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Label values escaped for the exposition format: backslash, double quote, newline.
std::string escape_label(const std::string& v);

}  // namespace mlgate::metrics
