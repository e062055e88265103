#include "app/version_tester.hpp"

#include <cmath>
#include <cstdio>

#include "core/sha256.hpp"
#include "mlgate/csv.hpp"
#include "mlgate/metrics.hpp"
#include "mlgate/test_data.hpp"

namespace mlgate::app {
namespace {

// Rows are scored in batches so a million-row CSV does not need a million-row tensor.
constexpr size_t kBatchRows = 8192;

Result<inference::FeatureTable> features_from(const csv::Table& table, const api::Signature& sig, const std::vector<size_t>& sources,
                                              size_t begin, size_t end) {
  inference::FeatureTable ft;
  ft.rows = end - begin;
  for (size_t k = 0; k < sig.features.size(); ++k) {
    const std::string& f = sig.features[k];
    const size_t idx = sources[k];
    inference::Column col;
    col.name = f;
    col.is_text = api::feature_is_text(sig, f);
    const auto& cells = table.columns[idx].cells;
    if (col.is_text) {
      col.texts.assign(cells.begin() + long(begin), cells.begin() + long(end));
    } else {
      col.numbers.reserve(end - begin);
      for (size_t r = begin; r < end; ++r) {
        auto v = test_data::feature_number(table, idx, r);
        if (!v) return v.error();
        col.numbers.push_back(v.value());
      }
    }
    ft.columns.push_back(std::move(col));
  }
  return ft;
}

}  // namespace

Result<inference::Predictions> score_table(const Served& served, const csv::Table& table, const std::vector<size_t>& sources) {
  const api::Signature& sig = served.info.signature;
  inference::Predictions all;
  for (size_t begin = 0; begin < table.rows(); begin += kBatchRows) {
    size_t end = std::min(table.rows(), begin + kBatchRows);
    auto ft = features_from(table, sig, sources, begin, end);
    if (!ft) return ft.error();
    auto p = served.model->predict(ft.value());
    if (!p) return p.error();
    auto& b = p.value();
    all.rows += b.rows;
    all.task = b.task;
    all.classes = b.classes;
    all.labels.insert(all.labels.end(), b.labels.begin(), b.labels.end());
    all.probabilities.insert(all.probabilities.end(), b.probabilities.begin(), b.probabilities.end());
    all.values.insert(all.values.end(), b.values.begin(), b.values.end());
  }
  return all;
}

Result<api::TestRecord> run_server_test(const Served& served, std::string_view csv_text, const std::string& label_column,
                                        const PassRule& rule) {
  const api::Signature& sig = served.info.signature;
  if (sig.task != "classification" && sig.task != "regression")
    return unprocessable("not_testable", "this model is neither a classifier nor a regressor; it can only be served through /v2");
  auto parsed = csv::read_table(csv_text);
  if (!parsed) return parsed.error();
  const csv::Table& table = parsed.value();

  auto label_idx = table.find(label_column);
  if (!label_idx) return unprocessable("missing_label", "label column '" + label_column + "' is not in the CSV header");
  auto sources = test_data::map_columns(table, sig, *label_idx);
  if (!sources) return sources.error();

  auto scored = score_table(served, table, sources.value());
  if (!scored) return scored.error();
  const inference::Predictions& all = scored.value();

  api::TestRecord rec;
  rec.model = served.info.model;
  rec.version = served.info.version;
  rec.source = "server";
  rec.rows = static_cast<int64_t>(table.rows());
  rec.label_column = label_column;
  rec.data_sha256 = sha256_hex(csv_text);

  if (sig.task == "classification") {
    auto y_true = test_data::class_labels(table, *label_idx, all.classes);
    if (!y_true) return y_true.error();
    std::vector<double> proba(all.probabilities.begin(), all.probabilities.end());
    auto m = metrics::classification(all.classes, y_true.value(), all.labels, proba);
    if (!m) return m.error();
    rec.metrics = metrics::to_json(m.value());
    rec.thresholds = {{"min_accuracy", rule.min_accuracy}};
    rec.passed = m->accuracy >= rule.min_accuracy;
  } else {
    auto y_true = test_data::target_values(table, *label_idx);
    if (!y_true) return y_true.error();
    auto m = metrics::regression(y_true.value(), all.values);
    if (!m) return m.error();
    rec.metrics = metrics::to_json(m.value());
    rec.thresholds = {{"min_r2", rule.min_r2}};
    rec.passed = m->r2.has_value() && *m->r2 >= rule.min_r2;
  }
  return rec;
}

}  // namespace mlgate::app
