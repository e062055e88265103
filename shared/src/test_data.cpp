#include "mlgate/test_data.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace mlgate::test_data {
namespace {

bool all_integers(const std::vector<std::string>& classes) {
  for (const auto& c : classes) {
    if (c.empty()) return false;
    for (std::size_t i = 0; i < c.size(); ++i)
      if (!(std::isdigit(static_cast<unsigned char>(c[i])) || (i == 0 && c[i] == '-'))) return false;
  }
  return !classes.empty();
}

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

}  // namespace

Result<std::vector<std::size_t>> map_columns(const csv::Table& table, const api::Signature& sig, std::size_t label_column) {
  std::vector<std::size_t> out;
  std::string missing;
  for (const auto& f : sig.features) {
    if (auto idx = table.find(f)) out.push_back(*idx);
    else missing += (missing.empty() ? "'" : ", '") + f + "'";
  }
  if (missing.empty()) return out;
  if (sig.feature_names_from == "position") {
    std::vector<std::size_t> others;
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      if (c != label_column) others.push_back(c);
    if (others.size() == sig.features.size()) return others;
    return unprocessable("missing_column", "the model reads " + std::to_string(sig.features.size()) +
                                               " unnamed features, taken in order from the CSV's columns other than the label, but the CSV has " +
                                               std::to_string(others.size()) + " (name them at upload with ?features=a,b,c)");
  }
  return unprocessable("missing_column", "the CSV lacks the model's feature column(s) " + missing);
}

Result<double> feature_number(const csv::Table& table, std::size_t column, std::size_t row) {
  const std::string& cell = table.columns[column].cells[row];
  double v = 0;
  switch (csv::parse_number(cell, v)) {
    case csv::NumberKind::finite:
    case csv::NumberKind::infinite: return v;
    case csv::NumberKind::missing: return std::nan("");
    default:
      return unprocessable("invalid_feature", "line " + std::to_string(table.lines[row]) + ", column " + std::to_string(column + 1) + " ('" +
                                                  table.columns[column].name + "'): '" + cell.substr(0, 64) + "' is not a number");
  }
}

Result<std::vector<float>> feature_matrix(const csv::Table& table, const std::vector<std::size_t>& sources, std::size_t begin,
                                          std::size_t end) {
  std::vector<float> out;
  out.reserve((end - begin) * sources.size());
  for (std::size_t r = begin; r < end; ++r)
    for (std::size_t c : sources) {
      auto v = feature_number(table, c, r);
      if (!v) return v.error();
      out.push_back(static_cast<float>(v.value()));
    }
  return out;
}

Result<std::vector<std::string>> class_labels(const csv::Table& table, std::size_t label_column, const std::vector<std::string>& classes) {
  const bool ints = all_integers(classes);
  const auto& cells = table.columns[label_column].cells;
  std::vector<std::string> out;
  out.reserve(cells.size());
  for (std::size_t r = 0; r < cells.size(); ++r) {
    if (csv::is_missing(cells[r]))
      return unprocessable("missing_label", "line " + std::to_string(table.lines[r]) + ": the label '" + table.columns[label_column].name + "' is empty");
    out.push_back(normalise_label(cells[r], ints));
  }
  return out;
}

Result<std::vector<double>> target_values(const csv::Table& table, std::size_t label_column) {
  auto y = table.numbers(label_column);
  if (!y) return y.error();
  for (std::size_t r = 0; r < y->size(); ++r)
    if (!std::isfinite((*y)[r]))
      return unprocessable("missing_label", "line " + std::to_string(table.lines[r]) + ": the label '" + table.columns[label_column].name +
                                                "' is empty or not finite");
  return y;
}

std::size_t argmax_class(const float* p, std::size_t n) {
  std::size_t best = 0;
  for (std::size_t k = 1; k < n; ++k)
    if (p[k] > p[best]) best = k;
  return best;
}

}  // namespace mlgate::test_data
