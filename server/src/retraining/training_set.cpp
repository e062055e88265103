#include "retraining/training_set.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include "core/sha256.hpp"
#include "mlgate/test_data.hpp"

namespace mlgate::retraining {
namespace {

std::string in_quotes(const std::string& s) { return "'" + s.substr(0, 64) + "'"; }

Status check_name(const std::string& name, std::set<std::string>& seen) {
  const bool padded = !name.empty() && (name.front() == ' ' || name.front() == '\t' || name.back() == ' ' || name.back() == '\t');
  if (name.empty()) return unprocessable("invalid_column_name", "a feature column has an empty name");
  if (name.find(',') != std::string::npos || padded)
    return unprocessable("invalid_column_name", "column name " + in_quotes(name) +
                                                    " cannot be recorded in the model's feature_names (names are comma-separated, "
                                                    "surrounding spaces are dropped): rename the column");
  if (!seen.insert(name).second) return unprocessable("invalid_column_name", "column name " + in_quotes(name) + " appears twice");
  return ok_status();
}

Result<std::vector<std::size_t>> feature_columns(const csv::Table& table, std::size_t label, const DataOptions& options) {
  std::vector<std::size_t> cols;
  if (options.features.empty()) {
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      if (c != label) cols.push_back(c);
  } else {
    std::string missing;
    for (const auto& f : options.features) {
      auto idx = table.find(f);
      if (!idx) missing += (missing.empty() ? "" : ", ") + in_quotes(f);
      else if (*idx == label) return unprocessable("invalid_column_name", "the label column " + in_quotes(f) + " cannot also be a feature");
      else cols.push_back(*idx);
    }
    if (!missing.empty()) return unprocessable("missing_column", "the CSV lacks the feature column(s) " + missing);
  }
  if (cols.empty()) return unprocessable("missing_column", "the CSV has no feature column besides the label " + in_quotes(options.label));
  std::set<std::string> seen;
  for (std::size_t c : cols)
    if (auto st = check_name(table.columns[c].name, seen); !st) return st.error();
  return cols;
}

Status read_features(const csv::Table& table, const std::vector<std::size_t>& cols, TrainingSet& set) {
  const std::size_t n = table.rows(), f = cols.size();
  set.x.assign(n * f, 0.0f);
  for (std::size_t j = 0; j < f; ++j) {
    const std::size_t c = cols[j];
    bool any = false;
    for (std::size_t r = 0; r < n; ++r) {
      auto v = test_data::feature_number(table, c, r);
      if (!v) {
        Error e = v.error();
        e.message += " (the built-in trainers read numeric features only: drop the column or encode it as numbers)";
        return e;
      }
      const double d = v.value();
      const auto where = [&] {
        return "line " + std::to_string(table.lines[r]) + ", column " + std::to_string(c + 1) + " (" + in_quotes(table.columns[c].name) + "): ";
      };
      if (std::isinf(d)) return unprocessable("invalid_feature", where() + in_quotes(table.columns[c].cells[r]) + " is not finite");
      if (!std::isnan(d) && std::fabs(d) > std::numeric_limits<float>::max())
        return unprocessable("invalid_feature", where() + in_quotes(table.columns[c].cells[r]) + " is beyond the float32 range the model reads");
      any = any || !std::isnan(d);
      set.x[r * f + j] = static_cast<float>(d);
    }
    if (!any) return unprocessable("empty_feature", "column " + in_quotes(table.columns[c].name) + " has no value in any row");
  }
  return ok_status();
}

// A label cell as an integer class, when it is one ("2", "2.0", " 2").
bool integer_label(const std::string& cell, long long& out) {
  double v = 0;
  if (csv::parse_number(cell, v) != csv::NumberKind::finite || v != std::floor(v) || std::fabs(v) >= 1e15) return false;
  out = static_cast<long long>(v);
  return true;
}

Task infer_task(const csv::Column& label) {
  std::set<long long> distinct;
  for (const auto& cell : label.cells) {
    if (csv::is_missing(cell)) continue;
    double v = 0;
    if (csv::parse_number(cell, v) != csv::NumberKind::finite) return Task::classification;  // text labels
    long long k = 0;
    if (!integer_label(cell, k)) return Task::regression;
    distinct.insert(k);
  }
  return distinct.size() <= kMaxInferredClasses ? Task::classification : Task::regression;
}

Status read_classes(const csv::Table& table, std::size_t label, TrainingSet& set) {
  const auto& col = table.columns[label];
  for (std::size_t r = 0; r < col.cells.size(); ++r)
    if (csv::is_missing(col.cells[r]))
      return unprocessable("missing_label", "line " + std::to_string(table.lines[r]) + ": the label " + in_quotes(col.name) + " is empty");
  std::vector<long long> ints(col.cells.size());
  set.integer_classes = true;
  for (std::size_t r = 0; r < col.cells.size() && set.integer_classes; ++r) set.integer_classes = integer_label(col.cells[r], ints[r]);

  set.y_class.resize(col.cells.size());
  if (set.integer_classes) {
    std::map<long long, std::int32_t> index;
    for (long long v : ints) index.emplace(v, 0);
    for (auto& [v, i] : index) {
      i = static_cast<std::int32_t>(set.classes.size());
      set.classes.push_back(std::to_string(v));
    }
    for (std::size_t r = 0; r < ints.size(); ++r) set.y_class[r] = index.at(ints[r]);
  } else {
    std::map<std::string, std::int32_t> index;
    for (const auto& c : col.cells) index.emplace(c, 0);
    for (auto& [v, i] : index) {
      i = static_cast<std::int32_t>(set.classes.size());
      set.classes.push_back(v);
    }
    for (std::size_t r = 0; r < col.cells.size(); ++r) set.y_class[r] = index.at(col.cells[r]);
  }
  if (set.classes.size() < 2)
    return unprocessable("single_class", "the label " + in_quotes(col.name) + " has the single value " + in_quotes(set.classes[0]) +
                                             ": a classifier needs at least two classes");
  return ok_status();
}

Status read_values(const csv::Table& table, std::size_t label, TrainingSet& set) {
  auto y = test_data::target_values(table, label);
  if (!y) return y.error();
  for (std::size_t r = 0; r < y->size(); ++r)
    if (std::fabs((*y)[r]) > std::numeric_limits<float>::max())
      return unprocessable("invalid_label", "line " + std::to_string(table.lines[r]) + ": the label " + in_quotes(table.columns[label].name) +
                                                " is beyond the float32 range");
  set.y_value = std::move(y.value());
  return ok_status();
}

void append_cell(std::string& out, const std::string& s) {
  const bool quote = s.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

template <class T>
void append_number(std::string& out, T v) {
  if (std::isnan(v)) return;
  char buf[40];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// Streams the canonical CSV in chunks, so hashing a large set never holds the whole text.
void write_csv(const TrainingSet& set, const std::function<void(std::string_view)>& sink) {
  std::string line;
  for (const auto& f : set.features) {
    append_cell(line, f);
    line += ',';
  }
  append_cell(line, set.label);
  line += '\n';
  for (std::size_t r = 0; r < set.rows(); ++r) {
    const float* x = set.row(r);
    for (std::size_t j = 0; j < set.features.size(); ++j) {
      append_number(line, x[j]);
      line += ',';
    }
    if (set.task == Task::classification) append_cell(line, set.classes[static_cast<std::size_t>(set.y_class[r])]);
    else append_number(line, set.y_value[r]);
    line += '\n';
    if (line.size() > (1u << 16)) {
      sink(line);
      line.clear();
    }
  }
  sink(line);
}

}  // namespace

const char* to_string(Task task) { return task == Task::classification ? "classification" : "regression"; }

Result<TrainingSet> make_training_set(const csv::Table& table, const DataOptions& options) {
  auto label = table.find(options.label);
  if (!label) return unprocessable("missing_label", "label column " + in_quotes(options.label) + " is not in the CSV header");
  auto cols = feature_columns(table, *label, options);
  if (!cols) return cols.error();

  TrainingSet set;
  set.label = options.label;
  for (std::size_t c : cols.value()) set.features.push_back(table.columns[c].name);
  set.lines = table.lines;
  if (auto st = read_features(table, cols.value(), set); !st) return st.error();
  set.task = options.task ? *options.task : infer_task(table.columns[*label]);
  auto st = set.task == Task::classification ? read_classes(table, *label, set) : read_values(table, *label, set);
  if (!st) return st.error();

  Sha256 h;
  write_csv(set, [&](std::string_view chunk) { h.update(chunk); });
  set.sha256 = h.hex();
  return set;
}

std::string training_csv(const TrainingSet& set) {
  std::string out;
  write_csv(set, [&](std::string_view chunk) { out += chunk; });
  return out;
}

}  // namespace mlgate::retraining
