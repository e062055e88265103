#include "monitoring/window_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "mlgate/metrics.hpp"

namespace mlgate::monitoring {
using nlohmann::json;

namespace {

struct Acc {
  std::vector<double> latencies;
  std::vector<std::string> truth, predicted;  // classification
  std::vector<double> y, yhat;                // regression
  int64_t confidence_rows = 0;
  double confidence_sum = 0;
  Figures f;
};

std::optional<double> number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (*end || !std::isfinite(v)) return std::nullopt;
  return v;
}

void finish(Acc& a, const std::string& task) {
  Figures& f = a.f;
  if (f.requests > 0) f.error_rate = double(f.errors) / double(f.requests);
  f.p50_ms = quantile(a.latencies, 0.50);
  f.p90_ms = quantile(a.latencies, 0.90);
  f.p99_ms = quantile(a.latencies, 0.99);
  if (task == "classification") {
    f.labelled = int64_t(a.truth.size());
    if (!a.truth.empty()) {
      // The classes are whatever was seen: labels may name classes the model never predicts.
      std::vector<std::string> classes = a.predicted;
      classes.insert(classes.end(), a.truth.begin(), a.truth.end());
      std::sort(classes.begin(), classes.end());
      classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
      if (auto m = metrics::classification(classes, a.truth, a.predicted)) {
        f.accuracy = m->accuracy;
        f.f1_macro = m->f1_macro;
      }
    }
    if (a.confidence_rows > 0) f.expected_accuracy = a.confidence_sum / double(a.confidence_rows);
  } else if (task == "regression") {
    f.labelled = int64_t(a.y.size());
    if (!a.y.empty()) {
      if (auto m = metrics::regression(a.y, a.yhat)) {
        f.mae = m->mae;
        f.rmse = m->rmse;
      }
    }
  }
}

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

std::optional<double> quantile(std::vector<double> v, double q) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const double pos = q * double(v.size() - 1);
  const std::size_t lo = std::size_t(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - double(lo));
}

int64_t bucket_ms_for(int64_t since_ms, int64_t until_ms, std::size_t buckets) {
  const int64_t span = std::max<int64_t>(1, until_ms - since_ms);
  return std::max<int64_t>(1, (span + int64_t(buckets) - 1) / int64_t(std::max<std::size_t>(1, buckets)));
}

WindowReport window_report(const WindowInput& in) {
  WindowReport r;
  r.since_ms = in.since_ms;
  r.until_ms = in.until_ms;
  r.bucket_ms = bucket_ms_for(in.since_ms, in.until_ms, in.buckets);
  const std::size_t n = std::size_t((in.until_ms - in.since_ms + r.bucket_ms - 1) / r.bucket_ms);
  std::vector<Acc> b(std::max<std::size_t>(1, n));
  Acc total;
  auto slot = [&](int64_t at) -> Acc* {
    if (at < in.since_ms || at >= in.until_ms) return nullptr;
    return &b[std::min<std::size_t>(b.size() - 1, std::size_t((at - in.since_ms) / r.bucket_ms))];
  };
  for (const auto& q : in.requests) {
    Acc* a = slot(q.at_ms);
    if (!a) continue;
    for (Acc* x : {a, &total}) {
      x->f.requests += 1;
      x->f.rows += q.status < 400 ? q.rows : 0;
      if (q.status >= 400) x->f.errors += 1;
      else x->latencies.push_back(q.latency_ms);
    }
  }
  for (const auto& p : in.labelled) {
    Acc* a = slot(p.at_ms);
    if (!a || !p.label) continue;
    for (Acc* x : {a, &total}) {
      if (in.task == "classification") {
        x->truth.push_back(*p.label);
        x->predicted.push_back(p.output);
      } else if (auto y = number(*p.label), yhat = number(p.output); y && yhat) {
        x->y.push_back(*y);
        x->yhat.push_back(*yhat);
      }
    }
  }
  for (const auto& c : in.confidence) {
    if (c.bucket < 0 || std::size_t(c.bucket) >= b.size() || !c.mean_confidence) continue;
    for (Acc* x : {&b[std::size_t(c.bucket)], &total}) {
      x->confidence_rows += c.rows;
      x->confidence_sum += *c.mean_confidence * double(c.rows);
    }
  }
  for (auto& a : b) {
    finish(a, in.task);
    r.buckets.push_back(a.f);
  }
  finish(total, in.task);
  r.totals = total.f;
  return r;
}

json figures_json(const Figures& f) {
  json latency = f.p50_ms ? json{{"p50", *f.p50_ms}, {"p90", *f.p90_ms}, {"p99", *f.p99_ms}} : json(nullptr);
  return {{"requests", f.requests},          {"rows", f.rows},         {"errors", f.errors},   {"error_rate", opt(f.error_rate)},
          {"latency_ms", latency},           {"labelled", f.labelled}, {"accuracy", opt(f.accuracy)},
          {"f1_macro", opt(f.f1_macro)},     {"mae", opt(f.mae)},      {"rmse", opt(f.rmse)},
          {"expected_accuracy", opt(f.expected_accuracy)}};
}

}  // namespace mlgate::monitoring
