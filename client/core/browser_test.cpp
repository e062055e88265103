#include "browser_test.hpp"

#include <algorithm>
#include <cmath>

#include "mlgate/metrics.hpp"
#include "mlgate/test_data.hpp"

namespace mlgate::client {

const char* status_name(TestStatus s) {
  switch (s) {
    case TestStatus::idle: return "idle";
    case TestStatus::loading: return "loading";
    case TestStatus::scoring: return "scoring";
    case TestStatus::done: return "done";
    case TestStatus::failed: return "failed";
    case TestStatus::cancelled: return "cancelled";
  }
  return "idle";
}

void BrowserTest::load_csv(const std::string& file_name, const std::string& text, const std::string& sha256) {
  int run = run_id_;
  *this = BrowserTest{};
  run_id_ = run + 1;
  file_name_ = file_name;
  data_sha256_ = sha256;
  auto t = csv::read_table(text);
  if (!t) return fail(file_name + ": " + t.error().message);
  table_ = std::move(t.value());
}

std::string suggest_label_column(const std::vector<std::string>& columns, const api::Signature& sig) {
  if (columns.empty()) return "";
  std::vector<std::string> others;
  for (const auto& c : columns)
    if (std::find(sig.features.begin(), sig.features.end(), c) == sig.features.end()) others.push_back(c);
  if (others.size() == 1) return others[0];
  for (const char* name : {"target", "label", "y", "class"})
    if (std::find(columns.begin(), columns.end(), name) != columns.end()) return name;
  return columns.back();
}

std::string BrowserTest::suggest_label(const api::Signature& sig) const {
  std::vector<std::string> names;
  if (table_)
    for (const auto& c : table_->columns) names.push_back(c.name);
  return suggest_label_column(names, sig);
}

void BrowserTest::start(const api::VersionInfo& version, const std::string& label) {
  ++run_id_;
  version_ = version;
  label_ = label;
  error_.clear();
  metrics_ = nullptr;
  outputs_.clear();
  scored_ = handed_out_ = 0;
  plots_.clear();
  if (!table_) return fail("choose a CSV file first");
  const auto& sig = version.signature;
  if (sig.task != "classification" && sig.task != "regression") return fail("this model is neither a classifier nor a regressor");
  if (sig.input_layout != "tensor" && sig.input_layout != "columns")
    return fail("this model's inputs are neither one [N, F] tensor nor one input per column");
  auto idx = table_->find(label);
  if (!idx) return fail("label column '" + label + "' is not in the CSV header");
  auto sources = test_data::map_columns(*table_, sig, *idx);
  if (!sources) return fail(sources.error().message);
  sources_ = std::move(sources.value());
  if (sig.task == "classification") {
    auto y = test_data::class_labels(*table_, *idx, sig.classes);
    if (!y) return fail(y.error().message);
    y_true_labels_ = std::move(y.value());
  } else {
    auto y = test_data::target_values(*table_, *idx);
    if (!y) return fail(y.error().message);
    y_true_values_ = std::move(y.value());
  }
  status_ = TestStatus::loading;
}

void BrowserTest::model_ready() {
  if (status_ == TestStatus::loading) status_ = TestStatus::scoring;
}

void BrowserTest::fail(const std::string& message) {
  error_ = message;
  status_ = TestStatus::failed;
}

void BrowserTest::cancel() {
  if (status_ == TestStatus::loading || status_ == TestStatus::scoring) status_ = TestStatus::cancelled;
}

bool BrowserTest::next_range(std::size_t& begin, std::size_t& end) const {
  if (status_ != TestStatus::scoring || handed_out_ != scored_ || scored_ >= rows_total()) return false;
  begin = scored_;
  end = std::min(rows_total(), scored_ + kBatchRows);
  return true;
}

std::vector<float> BrowserTest::next_batch(std::size_t& rows) {
  rows = 0;
  std::size_t begin = 0, end = 0;
  if (!next_range(begin, end)) return {};
  auto m = test_data::feature_matrix(*table_, sources_, begin, end);
  if (!m) {
    fail(m.error().message);
    return {};
  }
  rows = end - begin;
  handed_out_ = end;
  return std::move(m.value());
}

namespace {
// One column of the CSV as the data of a feed of `type`, as the server feeds it.
Result<nlohmann::json> feed_data(const csv::Table& t, std::size_t col, const std::string& type, std::size_t begin, std::size_t end) {
  nlohmann::json data = nlohmann::json::array();
  for (std::size_t r = begin; r < end; ++r) {
    if (type == "string") {
      data.push_back(t.columns[col].cells[r]);
      continue;
    }
    auto v = test_data::feature_number(t, col, r);
    if (!v) return v.error();
    const double x = v.value();
    const bool integral = type == "int64" || type == "int32";
    if (integral && (std::isnan(x) || x != std::floor(x)))
      return unprocessable("invalid_feature", "line " + std::to_string(t.lines[r]) + ", column " + std::to_string(col + 1) + " ('" +
                                                  t.columns[col].name + "'): the model reads integers here");
    if (std::isnan(x)) data.push_back(nullptr);
    else if (std::isinf(x)) data.push_back(x > 0 ? "inf" : "-inf");
    else data.push_back(x);
  }
  return data;
}
}  // namespace

nlohmann::json BrowserTest::next_feeds(std::size_t& rows) {
  rows = 0;
  std::size_t begin = 0, end = 0;
  if (!next_range(begin, end)) return nullptr;
  const auto& sig = version_.signature;
  nlohmann::json inputs = nlohmann::json::array();
  for (std::size_t k = 0; k < sig.features.size(); ++k) {
    auto in = std::find_if(sig.inputs.begin(), sig.inputs.end(), [&](const api::TensorInfo& i) { return i.name == sig.features[k]; });
    if (in == sig.inputs.end()) {
      fail("the model has no input named '" + sig.features[k] + "'");
      return nullptr;
    }
    auto data = feed_data(*table_, sources_[k], in->type, begin, end);
    if (!data) {
      fail(data.error().message);
      return nullptr;
    }
    nlohmann::json shape = in->shape.size() == 1 ? nlohmann::json{end - begin} : nlohmann::json{end - begin, 1};
    inputs.push_back({{"name", in->name}, {"type", in->type}, {"shape", shape}, {"data", std::move(data.value())}});
  }
  rows = end - begin;
  handed_out_ = end;
  return {{"inputs", std::move(inputs)}};
}

void BrowserTest::accept_batch(const double* outputs, std::size_t count) {
  if (status_ != TestStatus::scoring) return;
  std::size_t rows = handed_out_ - scored_;
  std::size_t per_row = version_.signature.task == "classification" ? version_.signature.classes.size() : 1;
  if (count != rows * per_row)
    return fail("the model returned " + std::to_string(count) + " values for " + std::to_string(rows) + " rows (expected " +
                std::to_string(rows * per_row) + ")");
  outputs_.insert(outputs_.end(), outputs, outputs + count);
  scored_ = handed_out_;
  if (scored_ == rows_total()) finish();
}

void BrowserTest::finish() {
  const auto& sig = version_.signature;
  if (sig.task == "classification") {
    const std::size_t c = sig.classes.size();
    std::vector<std::string> y_pred;
    y_pred.reserve(scored_);
    std::vector<float> row(c);
    for (std::size_t i = 0; i < scored_; ++i) {
      for (std::size_t k = 0; k < c; ++k) row[k] = static_cast<float>(outputs_[i * c + k]);
      std::size_t best = test_data::argmax_class(row.data(), c);
      y_pred.push_back(sig.classes[best]);
    }
    auto m = metrics::classification(sig.classes, y_true_labels_, y_pred, outputs_);
    if (!m) return fail(m.error().message);
    metrics_ = metrics::to_json(m.value());
    std::vector<std::size_t> true_index;  // labels the model does not know have no curve point
    std::vector<double> known;
    for (std::size_t i = 0; i < scored_; ++i) {
      auto it = std::find(sig.classes.begin(), sig.classes.end(), y_true_labels_[i]);
      if (it == sig.classes.end()) continue;
      true_index.push_back(static_cast<std::size_t>(it - sig.classes.begin()));
      known.insert(known.end(), outputs_.begin() + long(i * c), outputs_.begin() + long(i * c + c));
    }
    plots_ = classification_plots(sig.classes, known, true_index);
  } else {
    auto m = metrics::regression(y_true_values_, outputs_);
    if (!m) return fail(m.error().message);
    metrics_ = metrics::to_json(m.value());
    plots_ = regression_plots(outputs_, y_true_values_);
  }
  status_ = TestStatus::done;
}

nlohmann::json BrowserTest::record_body() const {
  if (status_ != TestStatus::done || data_sha256_.empty()) return nullptr;
  return {{"source", "browser"},
          {"rows", scored_},
          {"label_column", label_},
          {"data_sha256", data_sha256_},
          {"metrics", metrics_}};
}

nlohmann::json BrowserTest::state_json() const {
  return {{"status", status_name(status_)},
          {"file", file_name_},
          {"data_sha256", data_sha256_},
          {"label", label_},
          {"model", version_.model},
          {"version", version_.version ? nlohmann::json(version_.version) : nlohmann::json(nullptr)},
          {"rows_scored", scored_},
          {"rows_total", rows_total()},
          {"metrics", metrics_},
          {"error", error_.empty() ? nlohmann::json(nullptr) : nlohmann::json(error_)}};
}

}  // namespace mlgate::client
