// The per-column statistics of drift.hpp, on values with missing ones already dropped.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "mlgate/drift.hpp"

namespace mlgate::drift {
namespace {
constexpr double kEmptyShare = 0.0001;  // Evidently's stand-in for an empty bin in PSI

std::map<std::string, double> counts(const std::vector<std::string>& values) {
  std::map<std::string, double> c;
  for (const auto& v : values) c[v] += 1;
  return c;
}

// Shares of both sides over the union of their categories, in one order.
void category_shares(const std::vector<std::string>& reference, const std::vector<std::string>& current, std::vector<double>& ref,
                     std::vector<double>& cur) {
  auto rc = counts(reference), cc = counts(current);
  for (const auto& [k, _] : cc) rc.emplace(k, 0.0);
  for (const auto& [k, n] : rc) {
    ref.push_back(reference.empty() ? 0 : n / reference.size());
    auto it = cc.find(k);
    cur.push_back(current.empty() || it == cc.end() ? 0 : it->second / current.size());
  }
}

double psi_of_shares(const std::vector<double>& ref, const std::vector<double>& cur) {
  double psi = 0;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    double r = ref[i] > 0 ? ref[i] : kEmptyShare, c = cur[i] > 0 ? cur[i] : kEmptyShare;
    psi += (c - r) * std::log(c / r);
  }
  return psi;
}

// numpy's default (linear) quantile of sorted values.
double quantile(const std::vector<double>& sorted, double q) {
  double pos = q * (sorted.size() - 1);
  auto lo = static_cast<std::size_t>(std::floor(pos));
  std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}
}  // namespace

TestResult ks_two_sample(std::vector<double> reference, std::vector<double> current) {
  if (reference.empty() || current.empty()) return {0, 1};
  std::sort(reference.begin(), reference.end());
  std::sort(current.begin(), current.end());
  const double n = reference.size(), m = current.size();
  std::size_t i = 0, j = 0;
  double d = 0;
  // Step both empirical CDFs past each distinct value, ties included, then compare.
  while (i < reference.size() && j < current.size()) {
    double x = std::min(reference[i], current[j]);
    while (i < reference.size() && reference[i] == x) ++i;
    while (j < current.size() && current[j] == x) ++j;
    d = std::max(d, std::fabs(i / n - j / m));
  }
  return {d, ks_p_value(d, reference.size(), current.size())};
}

TestResult chi_squared(const std::vector<std::string>& reference, const std::vector<std::string>& current) {
  if (reference.empty() || current.empty()) return {0, 1};
  auto rc = counts(reference), cc = counts(current);
  for (const auto& [k, _] : cc) rc.emplace(k, 0.0);
  if (rc.size() < 2) return {0, 1};  // one category on both sides: nothing can differ
  const double scale = static_cast<double>(current.size()) / reference.size();
  double stat = 0;
  for (const auto& [k, n] : rc) {
    double expected = n * scale, observed = cc.count(k) ? cc[k] : 0;
    if (expected == 0) return {std::numeric_limits<double>::infinity(), 0};
    stat += (observed - expected) * (observed - expected) / expected;
  }
  return {stat, chi2_sf(stat, static_cast<double>(rc.size() - 1))};
}

double wasserstein_normed(std::vector<double> reference, std::vector<double> current) {
  if (reference.empty() || current.empty()) return 0;
  std::sort(reference.begin(), reference.end());
  std::sort(current.begin(), current.end());
  std::vector<double> all;
  all.reserve(reference.size() + current.size());
  std::merge(reference.begin(), reference.end(), current.begin(), current.end(), std::back_inserter(all));
  // W1 = integral of |F_ref - F_cur| over x, both CDFs constant between merged values;
  // the CDFs are walked with one pointer per side rather than searched for each point.
  double w = 0;
  std::size_t i = 0, j = 0;
  for (std::size_t k = 0; k + 1 < all.size(); ++k) {
    while (i < reference.size() && reference[i] <= all[k]) ++i;
    while (j < current.size() && current[j] <= all[k]) ++j;
    double width = all[k + 1] - all[k];
    if (width == 0) continue;
    w += std::fabs(double(i) / reference.size() - double(j) / current.size()) * width;
  }
  double mean = 0;
  for (double v : reference) mean += v;
  mean /= reference.size();
  double var = 0;
  for (double v : reference) var += (v - mean) * (v - mean);
  return w / std::max(std::sqrt(var / reference.size()), 0.001);
}

double jensen_shannon(const std::vector<std::string>& reference, const std::vector<std::string>& current) {
  if (reference.empty() || current.empty()) return 0;
  std::vector<double> p, q;
  category_shares(reference, current, p, q);
  double div = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    double mid = (p[i] + q[i]) / 2;
    if (p[i] > 0) div += p[i] * std::log(p[i] / mid);
    if (q[i] > 0) div += q[i] * std::log(q[i] / mid);
  }
  return std::sqrt(std::max(0.0, div / 2));
}

double psi_numeric(const std::vector<double>& reference, const std::vector<double>& current) {
  if (reference.empty() || current.empty()) return 0;
  std::vector<double> sorted = reference;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> edges;  // inner edges; the outer bins are open-ended
  for (int d = 1; d < 10; ++d) {
    double e = quantile(sorted, d / 10.0);
    if (edges.empty() || e > edges.back()) edges.push_back(e);
  }
  auto shares = [&](const std::vector<double>& values) {
    std::vector<double> s(edges.size() + 1, 0.0);
    for (double v : values) s[std::upper_bound(edges.begin(), edges.end(), v) - edges.begin()] += 1.0 / values.size();
    return s;
  };
  return psi_of_shares(shares(reference), shares(current));
}

double psi_categorical(const std::vector<std::string>& reference, const std::vector<std::string>& current) {
  if (reference.empty() || current.empty()) return 0;
  std::vector<double> ref, cur;
  category_shares(reference, current, ref, cur);
  return psi_of_shares(ref, cur);
}

double expected_accuracy(const std::vector<double>& confidences) {
  if (confidences.empty()) return std::nan("");
  double sum = 0;
  for (double c : confidences) sum += c;
  return sum / confidences.size();
}

}  // namespace mlgate::drift
