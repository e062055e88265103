#include "monitoring/drift_report.hpp"
#include "monitoring/row_cells.hpp"

#include <algorithm>
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

std::vector<drift::Column> current_columns(const std::vector<StoredPrediction>& rows, const std::vector<std::string>& features) {
  std::vector<drift::Column> out;
  for (const auto& f : features) out.push_back({f, {}});
  for (auto& c : out) c.values.reserve(rows.size());
  for (const auto& r : rows) {
    auto cells = split_cells(r.inputs, features.size());
    for (std::size_t f = 0; f < out.size(); ++f) out[f].values.push_back(std::move(cells[f]));
  }
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
  auto d = drift::dataset_drift(reference, current, ref.prediction, current_prediction);
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
