#include "core/metrics.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace mlgate::metrics {

Histogram::Histogram(const std::vector<double>* bounds)
    : bounds_(bounds), buckets_(new std::atomic<uint64_t>[bounds->size() + 1]) {
  for (std::size_t i = 0; i <= bounds_->size(); ++i) buckets_[i].store(0);
}

void Histogram::observe(double v) {
  std::size_t i = 0;
  while (i < bounds_->size() && v > (*bounds_)[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  uint64_t old_bits = sum_bits_.load(std::memory_order_relaxed), new_bits;
  do {
    double s;
    std::memcpy(&s, &old_bits, sizeof s);
    s += v;
    std::memcpy(&new_bits, &s, sizeof s);
  } while (!sum_bits_.compare_exchange_weak(old_bits, new_bits, std::memory_order_relaxed));
}

std::vector<uint64_t> Histogram::cumulative() const {
  std::vector<uint64_t> out;
  uint64_t run = 0;
  for (std::size_t i = 0; i <= bounds_->size(); ++i) out.push_back(run += buckets_[i].load(std::memory_order_relaxed));
  return out;
}

double Histogram::sum() const {
  uint64_t bits = sum_bits_.load(std::memory_order_relaxed);
  double s;
  std::memcpy(&s, &bits, sizeof s);
  return s;
}

double Histogram::quantile(double q) const {
  auto cum = cumulative();
  uint64_t total = cum.back();
  if (total == 0) return std::nan("");
  double rank = q * total;
  for (std::size_t i = 0; i < cum.size(); ++i) {
    if (cum[i] < rank) continue;
    if (i == bounds_->size()) return bounds_->empty() ? std::nan("") : bounds_->back();  // in +Inf: the highest bound
    double lo = i == 0 ? 0 : (*bounds_)[i - 1], hi = (*bounds_)[i];
    uint64_t below = i == 0 ? 0 : cum[i - 1], in = cum[i] - below;
    return in == 0 ? hi : lo + (hi - lo) * (rank - below) / in;
  }
  return bounds_->back();
}

const std::vector<double>& latency_buckets() {
  static const std::vector<double> b = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return b;
}

template <class T>
T& Family<T>::with(const std::vector<std::string>& values) {
  std::lock_guard lock(mu_);
  auto& slot = series_[values];
  if (!slot) {
    if constexpr (std::is_same_v<T, Histogram>) slot = std::make_unique<T>(bounds_);
    else slot = std::make_unique<T>();
  }
  return *slot;
}

template <class T>
void Family<T>::each(const std::function<void(const std::vector<std::string>&, const T&)>& f) const {
  std::lock_guard lock(mu_);
  for (const auto& [labels, series] : series_) f(labels, *series);
}

template class Family<Counter>;
template class Family<Histogram>;

Family<Counter>& Registry::counter(const std::string& name, const std::string& help, std::vector<std::string> labels) {
  std::lock_guard lock(mu_);
  counters_.push_back(std::make_unique<Family<Counter>>(name, help, std::move(labels)));
  return *counters_.back();
}

Family<Histogram>& Registry::histogram(const std::string& name, const std::string& help, std::vector<std::string> labels,
                                       const std::vector<double>* bounds) {
  std::lock_guard lock(mu_);
  histograms_.push_back(std::make_unique<Family<Histogram>>(name, help, std::move(labels), bounds));
  return *histograms_.back();
}

void Registry::gauge(const std::string& name, const std::string& help, std::function<double()> read, std::string labels) {
  std::lock_guard lock(mu_);
  gauges_.push_back({name, help, std::move(read), std::move(labels)});
}

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

namespace {
std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  // The shortest text that reads back as the same double: le="0.0001", not 0.00010000000000000001.
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// {a="x",b="y"} with an optional extra label (le for buckets); "" when there are none.
std::string label_set(const std::vector<std::string>& names, const std::vector<std::string>& values, const std::string& extra = "") {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) s += (s.empty() ? "" : ",") + names[i] + "=\"" + escape_label(values[i]) + "\"";
  if (!extra.empty()) s += (s.empty() ? "" : ",") + extra;
  return s.empty() ? "" : "{" + s + "}";
}

void header(std::string& out, const std::string& name, const std::string& help, const char* type) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}
}  // namespace

std::string Registry::exposition() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& g : gauges_) {
    header(out, g.name, g.help, "gauge");
    out += g.name + g.labels + " " + number(g.read()) + "\n";
  }
  for (const auto& f : counters_) {
    header(out, f->name(), f->help(), "counter");
    f->each([&](const std::vector<std::string>& labels, const Counter& c) {
      out += f->name() + label_set(f->labels(), labels) + " " + std::to_string(c.value()) + "\n";
    });
  }
  for (const auto& f : histograms_) {
    header(out, f->name(), f->help(), "histogram");
    f->each([&](const std::vector<std::string>& labels, const Histogram& h) {
      auto cum = h.cumulative();
      for (std::size_t i = 0; i < cum.size(); ++i) {
        std::string le = "le=\"" + (i < h.bounds().size() ? number(h.bounds()[i]) : std::string("+Inf")) + "\"";
        out += f->name() + "_bucket" + label_set(f->labels(), labels, le) + " " + std::to_string(cum[i]) + "\n";
      }
      out += f->name() + "_sum" + label_set(f->labels(), labels) + " " + number(h.sum()) + "\n";
      out += f->name() + "_count" + label_set(f->labels(), labels) + " " + std::to_string(h.count()) + "\n";
    });
  }
  return out;
}

}  // namespace mlgate::metrics
