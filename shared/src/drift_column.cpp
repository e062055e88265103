// Choosing the statistic for a column, the verdict, the histograms the UI draws, and the
// model-level verdict.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "mlgate/csv.hpp"
#include "mlgate/drift.hpp"

namespace mlgate::drift {
namespace {

struct Split {
  std::vector<double> numbers;
  std::vector<std::string> texts;  // every non-missing value as text: only for categorical columns
  bool numeric = true;
  std::size_t present = 0, missing = 0;
};

bool dropped(csv::NumberKind k) {
  return k == csv::NumberKind::missing || k == csv::NumberKind::infinite || k == csv::NumberKind::overflow;
}

// Missing (and non-finite) cells are dropped; the column is numeric when every other cell
// reads as a number. Texts are copied only once a cell is not a number: a million-row
// numeric column is never copied as strings.
Split split(const Column& c) {
  Split s;
  s.numbers.reserve(c.values.size());
  for (const auto& cell : c.values) {
    double v = 0;
    auto kind = csv::parse_number(cell, v);
    if (dropped(kind)) {
      ++s.missing;
      continue;
    }
    ++s.present;
    if (kind == csv::NumberKind::finite) {
      s.numbers.push_back(v);
    } else {
      s.numeric = false;
      break;
    }
  }
  if (!s.numeric) {
    s.numbers.clear();
    s.present = s.missing = 0;
    for (const auto& cell : c.values) {
      double v = 0;
      if (dropped(csv::parse_number(cell, v))) {
        ++s.missing;
        continue;
      }
      ++s.present;
      s.texts.push_back(cell);
    }
  }
  return s;
}

// The texts of a column read as numbers, for the categorical statistics of a numeric column
// with few distinct values (a small reference), in the cells' own spelling.
std::vector<std::string> texts_of(const Column& c) {
  std::vector<std::string> out;
  for (const auto& cell : c.values) {
    double v = 0;
    if (!dropped(csv::parse_number(cell, v))) out.push_back(cell);
  }
  return out;
}

std::string edge_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

Histogram numeric_histogram(const std::vector<double>& ref, const std::vector<double>& cur, std::size_t bins) {
  Histogram h;
  double lo = INFINITY, hi = -INFINITY;
  for (const auto* side : {&ref, &cur})
    for (double v : *side) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!(lo <= hi)) return h;
  if (lo == hi) bins = 1;
  const double width = (hi - lo) / bins;
  for (std::size_t b = 0; b <= bins; ++b) h.edges.push_back(b == bins ? hi : lo + b * width);
  for (std::size_t b = 0; b < bins; ++b) h.bins.push_back("[" + edge_text(h.edges[b]) + ", " + edge_text(h.edges[b + 1]) + (b + 1 == bins ? "]" : ")"));
  auto fill = [&](const std::vector<double>& values) {
    std::vector<double> shares(bins, 0.0);
    for (double v : values) {
      auto b = width > 0 ? static_cast<std::size_t>((v - lo) / width) : 0;
      shares[std::min(b, bins - 1)] += 1.0 / values.size();
    }
    return shares;
  };
  h.reference = fill(ref);
  h.current = fill(cur);
  return h;
}

Histogram category_histogram(const std::vector<std::string>& ref, const std::vector<std::string>& cur, std::size_t max_categories) {
  std::map<std::string, std::pair<double, double>> n;
  for (const auto& v : ref) n[v].first += 1;
  for (const auto& v : cur) n[v].second += 1;
  std::vector<std::pair<std::string, std::pair<double, double>>> order(n.begin(), n.end());
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.second.first + a.second.second > b.second.first + b.second.second;
  });
  Histogram h;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const bool other = i >= max_categories;
    if (!other || i == max_categories) {
      h.bins.push_back(other ? "(other)" : order[i].first);
      h.reference.push_back(0);
      h.current.push_back(0);
    }
    h.reference.back() += ref.empty() ? 0 : order[i].second.first / ref.size();
    h.current.back() += cur.empty() ? 0 : order[i].second.second / cur.size();
  }
  return h;
}

std::size_t distinct(const std::vector<double>& values) { return std::set<double>(values.begin(), values.end()).size(); }
}  // namespace

ColumnDrift column_drift(const Column& reference, const Column& current, const Options& o) {
  Split ref = split(reference), cur = split(current);
  ColumnDrift d;
  d.feature = reference.name;
  d.reference_rows = ref.present;
  d.current_rows = cur.present;
  d.missing_current = cur.missing;
  // Numeric only when both sides read as numbers; a column with few distinct values is a
  // category however it is written (Evidently's rule for small references).
  const bool numeric = ref.numeric && cur.numeric && !ref.numbers.empty();
  const bool small = ref.present <= o.small_reference_rows;
  // A numeric column judged as categories needs its texts after all.
  auto need_texts = [&] {
    if (ref.numeric && ref.texts.empty()) ref.texts = texts_of(reference);
    if (cur.numeric && cur.texts.empty()) cur.texts = texts_of(current);
  };
  d.kind = numeric ? "numeric" : "categorical";
  if (small) {
    if (numeric && distinct(ref.numbers) > 5) {
      auto t = ks_two_sample(ref.numbers, cur.numbers);
      d.statistic = "ks", d.value = t.statistic, d.p_value = t.p_value;
    } else {
      need_texts();
      auto t = chi_squared(ref.texts, cur.texts);
      d.statistic = "chi2", d.value = t.statistic, d.p_value = t.p_value;
    }
    d.threshold = o.p_threshold;
    d.drifted = cur.present > 0 && *d.p_value < o.p_threshold;
  } else {
    if (numeric) d.statistic = "wasserstein", d.value = wasserstein_normed(ref.numbers, cur.numbers);
    else need_texts(), d.statistic = "jensen_shannon", d.value = jensen_shannon(ref.texts, cur.texts);
    d.threshold = o.distance_threshold;
    d.drifted = cur.present > 0 && d.value >= o.distance_threshold;
  }
  if (!numeric) need_texts();
  d.psi = numeric ? psi_numeric(ref.numbers, cur.numbers) : psi_categorical(ref.texts, cur.texts);
  d.psi_status = d.psi >= o.psi_alert ? "alert" : d.psi >= o.psi_warn ? "warn" : "ok";
  d.histogram = numeric ? numeric_histogram(ref.numbers, cur.numbers, o.numeric_bins) : category_histogram(ref.texts, cur.texts, o.max_categories);
  return d;
}

DatasetDrift dataset_verdict(std::vector<ColumnDrift> features, std::optional<ColumnDrift> prediction) {
  DatasetDrift out;
  out.features = std::move(features);
  out.prediction = std::move(prediction);
  for (const auto& f : out.features) out.drifted_features += f.drifted ? 1 : 0;
  out.drifting = (!out.features.empty() && 2 * out.drifted_features >= out.features.size()) || (out.prediction && out.prediction->drifted);
  return out;
}

DatasetDrift dataset_drift(const std::vector<Column>& reference, const std::vector<Column>& current,
                           const std::optional<Column>& reference_prediction, const std::optional<Column>& current_prediction,
                           const Options& options) {
  std::vector<ColumnDrift> features;
  for (const auto& ref : reference) {
    auto cur = std::find_if(current.begin(), current.end(), [&](const Column& c) { return c.name == ref.name; });
    Column empty{ref.name, {}};
    features.push_back(column_drift(ref, cur == current.end() ? empty : *cur, options));
  }
  std::optional<ColumnDrift> prediction;
  if (reference_prediction && current_prediction) prediction = column_drift(*reference_prediction, *current_prediction, options);
  return dataset_verdict(std::move(features), std::move(prediction));
}

}  // namespace mlgate::drift
