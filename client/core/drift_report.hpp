// GET /api/v1/models/{name}/drift?window=: one row per feature (and one for the
// prediction) with its statistic, PSI, status and the two histograms; and the verdict.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlgate::client {

struct Histogram {
  std::vector<std::string> bins;  // "[4.3, 4.66)" or a category
  std::vector<double> shares;     // same length as bins (missing shares read as 0)
};

struct DriftRow {
  std::string feature, kind, statistic;  // kind "numeric"|"categorical"; statistic "ks"|"chi2"|"wasserstein"|"jensen_shannon"
  std::optional<double> value, p_value, threshold, psi;  // p_value absent for wasserstein and jensen_shannon
  bool drifted = false;
  std::string status, psi_status;  // "ok"|"warn"|"alert"
  int64_t reference_rows = 0, current_rows = 0, missing_current = 0;
  Histogram reference, current;
  bool is_prediction = false;  // the model's output rather than an input feature
};

struct DriftReport {
  std::string model, window;
  int64_t version = 0;
  std::string status;  // "ok"|"drifting"|"insufficient_data"|"no_reference"
  std::string message;
  bool has_reference = false;
  std::string reference_source;  // "test"|"training"
  int64_t reference_rows = 0, current_rows = 0, min_rows = 0;
  bool drifting = false;
  int64_t drifted_features = 0, feature_count = 0;
  std::vector<DriftRow> features;
  std::optional<DriftRow> prediction;
};

struct DriftParse {
  std::optional<DriftReport> report;
  std::string error;
};
DriftParse parse_drift(const std::string& body);

// The table's rows: the features in the server's order, then the prediction.
std::vector<const DriftRow*> drift_rows(const DriftReport& r);
// "drifting: 3 of 4 features", "not drifting (1 of 4 features drifted)"; without a verdict
// (insufficient_data, no_reference) the server's message as it is.
std::string drift_verdict(const DriftReport& r);
// Whether the report has a verdict at all (status ok or drifting).
bool has_verdict(const DriftReport& r);

// The reference and current shares paired by bin label: the reference's bins in its order,
// then any bins only the current window has; a bin one side lacks has share 0.
struct PairedBins {
  std::vector<std::string> bins;
  std::vector<double> reference, current;
};
PairedBins pair_bins(const DriftRow& row);

}  // namespace mlgate::client
