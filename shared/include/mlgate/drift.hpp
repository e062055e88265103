// Data drift statistics, chosen per column the way Evidently does by default, so a drift
// verdict here means what it means there:
// - reference of at most 1,000 rows: two-sample Kolmogorov–Smirnov for numeric columns with
//   more than 5 distinct values, chi-squared goodness of fit for the rest (drift: p < 0.05);
// - larger reference: Wasserstein distance normalised by the reference's standard deviation
//   for numeric columns, Jensen–Shannon distance for the rest (drift: >= 0.1).
// PSI over the reference's deciles is reported for every column (0.1 warn, 0.25 alert).
// Missing values are dropped before any statistic, as Evidently does.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mlgate::drift {

// --- distributions ---------------------------------------------------------------------
// P(X > x) for X ~ chi-squared with `dof` degrees of freedom.
double chi2_sf(double x, double dof);
// Two-sided p-value of the two-sample KS statistic `d` for samples of sizes n and m:
// the Kolmogorov distribution at Stephens' corrected lambda (Numerical Recipes, probks).
double ks_p_value(double d, std::size_t n, std::size_t m);

// --- statistics --------------------------------------------------------------------------
struct TestResult {
  double statistic = 0;
  double p_value = 1;
};
TestResult ks_two_sample(std::vector<double> reference, std::vector<double> current);
// Current counts against the reference's frequencies scaled to the current size, over the
// union of categories (Evidently's chi_stat_test). A category unseen in the reference gives
// an infinite statistic and p = 0.
TestResult chi_squared(const std::vector<std::string>& reference, const std::vector<std::string>& current);
// Earth mover's distance between the two empirical distributions, divided by the
// reference's population standard deviation (at least 0.001).
double wasserstein_normed(std::vector<double> reference, std::vector<double> current);
// Jensen–Shannon distance (natural log; 0 = same, sqrt(ln 2) = disjoint) of category shares.
double jensen_shannon(const std::vector<std::string>& reference, const std::vector<std::string>& current);
// Population stability index, sum of (cur% - ref%) ln(cur% / ref%), empty shares taken as
// 0.0001 (Evidently's rule): numeric over the reference's decile edges, else per category.
double psi_numeric(const std::vector<double>& reference, const std::vector<double>& current);
double psi_categorical(const std::vector<std::string>& reference, const std::vector<std::string>& current);

// --- one column ------------------------------------------------------------------------
// A column's values as text (the CSV's and the prediction log's form); "" is missing.
struct Column {
  std::string name;
  std::vector<std::string> values;
};

struct Histogram {
  std::vector<std::string> bins;  // numeric: "[lo, hi)" edges as text; categorical: the category
  std::vector<double> edges;      // numeric only: bins.size() + 1 edges
  std::vector<double> reference;  // shares, summing to 1 (0 when the side is empty)
  std::vector<double> current;
};

struct ColumnDrift {
  std::string feature;
  std::string kind;       // numeric | categorical
  std::string statistic;  // ks | chi2 | wasserstein | jensen_shannon
  double value = 0;
  std::optional<double> p_value;  // ks and chi2
  double threshold = 0;           // p below it (ks, chi2) or value at/above it: drift
  bool drifted = false;
  double psi = 0;
  std::string psi_status;  // ok | warn | alert
  std::size_t reference_rows = 0, current_rows = 0, missing_current = 0;
  Histogram histogram;
};

struct Options {
  std::size_t small_reference_rows = 1000;  // at most this: KS / chi-squared
  double p_threshold = 0.05;
  double distance_threshold = 0.1;
  double psi_warn = 0.1, psi_alert = 0.25;
  std::size_t numeric_bins = 10;
  std::size_t max_categories = 20;  // histogram keeps the most frequent, then "(other)"
};

ColumnDrift column_drift(const Column& reference, const Column& current, const Options& options = {});

// The model is drifting when at least half of its features drift, or its predictions do.
struct DatasetDrift {
  std::vector<ColumnDrift> features;
  std::optional<ColumnDrift> prediction;
  std::size_t drifted_features = 0;
  bool drifting = false;
};
// The model-level verdict over columns already judged (by column_drift, possibly in parallel).
DatasetDrift dataset_verdict(std::vector<ColumnDrift> features, std::optional<ColumnDrift> prediction);
DatasetDrift dataset_drift(const std::vector<Column>& reference, const std::vector<Column>& current,
                           const std::optional<Column>& reference_prediction, const std::optional<Column>& current_prediction,
                           const Options& options = {});

// Label-free accuracy estimate for a calibrated classifier (NannyML's CBPE): the mean, over
// rows, of the probability of the predicted label.
double expected_accuracy(const std::vector<double>& confidences);

}  // namespace mlgate::drift
