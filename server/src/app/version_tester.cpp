#include "app/version_tester.hpp"

#include <cmath>
#include <cstdio>

#include "core/sha256.hpp"
#include "mlgate/csv.hpp"
#include "mlgate/metrics.hpp"

namespace mlgate::app {
namespace {

// Rows are scored in batches so a million-row CSV does not need a million-row tensor.
constexpr size_t kBatchRows = 8192;

// "1.0" in a CSV label column means class "1" when the model's classes are integers.
std::string normalise_label(const std::string& cell, bool integer_classes) {
  if (!integer_classes) return cell;
  double v = 0;
  if (csv::parse_number(cell, v) == csv::NumberKind::finite && v == std::floor(v) && std::abs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    return buf;
  }
  return cell;
}

bool all_integers(const std::vector<std::string>& classes) {
  for (const auto& c : classes) {
    if (c.empty()) return false;
    for (size_t i = 0; i < c.size(); ++i)
      if (!(std::isdigit(static_cast<unsigned char>(c[i])) || (i == 0 && c[i] == '-'))) return false;
  }
  return !classes.empty();
}

// The CSV column index feeding each of the model's features: by name; for a model whose
// feature names were generated (f0..), by the order of the CSV's non-label columns when the
// names are not there and the count fits (DESIGN.md: "else by column order").
Result<std::vector<size_t>> map_columns(const csv::Table& table, const api::Signature& sig, size_t label_idx) {
  std::vector<size_t> out;
  std::string missing;
  for (const auto& f : sig.features) {
    if (auto idx = table.find(f)) out.push_back(*idx);
    else missing += (missing.empty() ? "'" : ", '") + f + "'";
  }
  if (missing.empty()) return out;
  if (sig.feature_names_from == "position") {
    std::vector<size_t> others;
    for (size_t c = 0; c < table.columns.size(); ++c)
      if (c != label_idx) others.push_back(c);
    if (others.size() == sig.features.size()) return others;
    return unprocessable("missing_column", "the model reads " + std::to_string(sig.features.size()) +
                                               " unnamed features, taken in order from the CSV's columns other than the label, but the CSV has " +
                                               std::to_string(others.size()) + " (name them at upload with ?features=a,b,c)");
  }
  return unprocessable("missing_column", "the CSV lacks the model's feature column(s) " + missing);
}

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
        double v = 0;
        switch (csv::parse_number(cells[r], v)) {
          case csv::NumberKind::finite:
          case csv::NumberKind::infinite: col.numbers.push_back(v); break;
          case csv::NumberKind::missing: col.numbers.push_back(std::nan("")); break;
          case csv::NumberKind::overflow:
          case csv::NumberKind::invalid:
            return unprocessable("invalid_feature", "line " + std::to_string(table.lines[r]) + ", column " + std::to_string(idx + 1) +
                                                        " ('" + table.columns[idx].name + "'): '" + cells[r].substr(0, 64) + "' is not a number");
        }
      }
    }
    ft.columns.push_back(std::move(col));
  }
  return ft;
}

}  // namespace

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
  auto sources = map_columns(table, sig, *label_idx);
  if (!sources) return sources.error();

  inference::Predictions all;
  for (size_t begin = 0; begin < table.rows(); begin += kBatchRows) {
    size_t end = std::min(table.rows(), begin + kBatchRows);
    auto ft = features_from(table, sig, sources.value(), begin, end);
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

  api::TestRecord rec;
  rec.model = served.info.model;
  rec.version = served.info.version;
  rec.source = "server";
  rec.rows = static_cast<int64_t>(table.rows());
  rec.label_column = label_column;
  rec.data_sha256 = sha256_hex(csv_text);
  const auto& label_cells = table.columns[*label_idx].cells;

  if (sig.task == "classification") {
    bool ints = all_integers(all.classes);
    std::vector<std::string> y_true;
    y_true.reserve(label_cells.size());
    for (size_t r = 0; r < label_cells.size(); ++r) {
      if (csv::is_missing(label_cells[r]))
        return unprocessable("missing_label", "line " + std::to_string(table.lines[r]) + ": the label '" + label_column + "' is empty");
      y_true.push_back(normalise_label(label_cells[r], ints));
    }
    std::vector<double> proba(all.probabilities.begin(), all.probabilities.end());
    auto m = metrics::classification(all.classes, y_true, all.labels, proba);
    if (!m) return m.error();
    rec.metrics = metrics::to_json(m.value());
    rec.thresholds = {{"min_accuracy", rule.min_accuracy}};
    rec.passed = m->accuracy >= rule.min_accuracy;
  } else {
    auto y_true = table.numbers(*label_idx);
    if (!y_true) return y_true.error();
    for (size_t r = 0; r < y_true->size(); ++r)
      if (!std::isfinite((*y_true)[r]))
        return unprocessable("missing_label", "line " + std::to_string(table.lines[r]) + ": the label '" + label_column + "' is empty or not finite");
    auto m = metrics::regression(y_true.value(), all.values);
    if (!m) return m.error();
    rec.metrics = metrics::to_json(m.value());
    rec.thresholds = {{"min_r2", rule.min_r2}};
    rec.passed = m->r2.has_value() && *m->r2 >= rule.min_r2;
  }
  return rec;
}

}  // namespace mlgate::app
