#include "monitoring/drift_report.hpp"
#include "monitoring/row_cells.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <cmath>

namespace mlgate::monitoring {
using nlohmann::json;

namespace {

json histogram_side(const drift::Histogram& h, const std::vector<double>& shares) { return {{"bins", h.bins}, {"shares", shares}}; }

// One status per column: the test's verdict is the alert; PSI alone can only warn or alert.
std::string status_of(const drift::ColumnDrift& d) {
  if (d.drifted || d.psi_status == "alert") return "alert";
  return d.psi_status == "warn" ? "warn" : "ok";
}

}  // namespace

drift::DatasetDrift parallel_drift(const std::vector<drift::Column>& reference, const std::vector<drift::Column>& current,
                                   const std::optional<drift::Column>& reference_prediction,
                                   const std::optional<drift::Column>& current_prediction) {
  // Columns are independent: judged on every core (a million-row window takes seconds per core).
  std::vector<std::pair<const drift::Column*, const drift::Column*>> work;
  for (std::size_t f = 0; f < reference.size(); ++f) work.push_back({&reference[f], &current[f]});
  if (reference_prediction && current_prediction) work.push_back({&*reference_prediction, &*current_prediction});
  std::vector<drift::ColumnDrift> out(work.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < work.size();) out[k] = drift::column_drift(*work[k].first, *work[k].second);
  };
  const std::size_t n = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), work.size());
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < n; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  std::optional<drift::ColumnDrift> prediction;
  if (reference_prediction && current_prediction) {
    prediction = std::move(out.back());
    out.pop_back();
  }
  return drift::dataset_verdict(std::move(out), std::move(prediction));
}

std::vector<drift::Column> current_columns(const std::vector<StoredPrediction>& rows, const std::vector<std::string>& features) {
  std::vector<drift::Column> out;
  for (const auto& f : features) out.push_back({f, {}});
  for (auto& c : out) c.values.reserve(rows.size());
  for (const auto& r : rows) for_each_cell(r.inputs, out.size(), [&](std::size_t f, std::string_view cell) { out[f].values.emplace_back(cell); });
  return out;
}

json column_json(const drift::ColumnDrift& d) {
  json j = {{"feature", d.feature},
            {"kind", d.kind},
            {"statistic", d.statistic},
            {"value", std::isfinite(d.value) ? json(d.value) : json("inf")},
            {"threshold", d.threshold},
            {"drifted", d.drifted},
            {"status", status_of(d)},
            {"psi", d.psi},
            {"psi_status", d.psi_status},
            {"reference_rows", d.reference_rows},
            {"current_rows", d.current_rows},
            {"missing_current", d.missing_current},
            {"edges", d.histogram.edges},
            {"reference", histogram_side(d.histogram, d.histogram.reference)},
            {"current", histogram_side(d.histogram, d.histogram.current)}};
  if (d.p_value) j["p_value"] = *d.p_value;
  return j;
}

json drift_report_json(const DriftInput& in) {
  json out = {{"model", in.model},           {"version", in.version},   {"window", in.window},
              {"current_rows", in.current.size()}, {"min_rows", in.min_rows}, {"drifting", false},
              {"drifted_features", 0},        {"feature_count", in.features.size()}, {"features", json::array()},
              {"prediction", nullptr}};
  if (!in.reference) {
    out["status"] = "no_reference";
    out["reference"] = nullptr;
    out["message"] = in.no_reference_reason;
    return out;
  }
  const Reference& ref = *in.reference;
  out["reference"] = {{"source", ref.source}, {"rows", ref.features.empty() ? 0 : ref.features[0].values.size()},
                      {"data_rows", ref.data_rows}, {"data_sha256", ref.data_sha256}};
  if (in.current.size() < in.min_rows) {
    out["status"] = "insufficient_data";
    out["message"] = "no verdict yet: " + std::to_string(in.current.size()) + " logged rows in the last " + in.window +
                     ", at least " + std::to_string(in.min_rows) + " are needed";
    return out;
  }
  auto current = current_columns(in.current, in.features);
  std::vector<drift::Column> reference;
  for (const auto& f : in.features) {
    auto it = std::find_if(ref.features.begin(), ref.features.end(), [&](const drift::Column& c) { return c.name == f; });
    reference.push_back(it != ref.features.end() ? *it : drift::Column{f, {}});
  }
  std::optional<drift::Column> current_prediction;
  if (ref.prediction) {
    current_prediction = drift::Column{ref.prediction->name, {}};
    for (const auto& r : in.current) current_prediction->values.push_back(r.output);
  }
  auto d = parallel_drift(reference, current, ref.prediction, current_prediction);
  for (const auto& c : d.features) out["features"].push_back(column_json(c));
  if (d.prediction) out["prediction"] = column_json(*d.prediction);
  out["drifted_features"] = d.drifted_features;
  out["drifting"] = d.drifting;
  out["status"] = d.drifting ? "drifting" : "ok";
  out["message"] = d.drifting ? std::to_string(d.drifted_features) + " of " + std::to_string(d.features.size()) +
                                    " features drift" + (d.prediction && d.prediction->drifted ? ", and so do the predictions" : "")
                              : std::to_string(d.drifted_features) + " of " + std::to_string(d.features.size()) + " features drift";
  return out;
}

}  // namespace mlgate::monitoring
