// Scoring a labelled CSV in the browser: the data never leaves the machine. This is the
// job's logic — CSV preview, column mapping, batches, metrics with shared/ — without the
// browser: the web bridge feeds it the file and ONNX Runtime Web's outputs.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlgate/api_types.hpp"
#include "mlgate/csv.hpp"
#include "test_plots.hpp"

namespace mlgate::client {

// The label column a person would pick among `columns`: the one column that is not a
// feature of the model, else a column named like a label, else the last.
std::string suggest_label_column(const std::vector<std::string>& columns, const api::Signature& sig);

enum class TestStatus { idle, loading, scoring, done, failed, cancelled };
const char* status_name(TestStatus s);

class BrowserTest {
 public:
  static constexpr std::size_t kBatchRows = 4096;

  // A new CSV replaces the old one and resets the job. Parse errors name line and column.
  // `sha256`: hex SHA-256 of the file's bytes, computed by the page ("" when it could not).
  void load_csv(const std::string& file_name, const std::string& text, const std::string& sha256 = "");
  bool has_csv() const { return table_.has_value(); }
  const std::string& file_name() const { return file_name_; }
  const std::string& data_sha256() const { return data_sha256_; }
  const csv::Table* table() const { return table_ ? &*table_ : nullptr; }

  // The label column a person would pick (see suggest_label_column).
  std::string suggest_label(const api::Signature& sig) const;

  // Prepares scoring `version` against `label`: status loading, then scoring once the
  // model is ready. Mapping problems fail the job with the server's messages.
  void start(const api::VersionInfo& version, const std::string& label);
  void model_ready();
  void fail(const std::string& message);
  void cancel();

  // The next batch's input [rows x features] row-major, empty when all are scored. A bad
  // cell fails the job (the message names its line and column).
  std::vector<float> next_batch(std::size_t& rows);
  // The same for a model with one input per column: one feed per input, typed as the
  // signature says, as JSON for the page: {"inputs": [{"name", "type", "shape", "data"}]}
  // (a missing number is null; strings as the CSV has them). Null when nothing is due.
  nlohmann::json next_feeds(std::size_t& rows);
  // Outputs for the batch just handed out: probabilities [rows x classes] for a classifier,
  // one value per row for a regressor.
  void accept_batch(const double* outputs, std::size_t count);

  TestStatus status() const { return status_; }
  // Bumped by each start(): replies for an earlier run are ignored.
  int run_id() const { return run_id_; }
  std::size_t rows_scored() const { return scored_; }
  std::size_t rows_total() const { return table_ ? table_->rows() : 0; }
  const std::string& error() const { return error_; }
  const std::string& label() const { return label_; }
  const nlohmann::json& metrics() const { return metrics_; }
  const api::VersionInfo& version() const { return version_; }
  // The plots of a finished test (see test_plots.hpp).
  const std::vector<PlotData>& plots() const { return plots_; }
  nlohmann::json state_json() const;

  // The finished test as a browser test record for the tests route (API.md): metrics and
  // the data's hash, never rows. Null unless the test is done and the hash is known.
  nlohmann::json record_body() const;

 private:
  void finish();
  // The rows of the next batch, or false when none is due (all scored, or one is out).
  bool next_range(std::size_t& begin, std::size_t& end) const;

  std::string file_name_;
  std::string data_sha256_;
  std::optional<csv::Table> table_;
  TestStatus status_ = TestStatus::idle;
  int run_id_ = 0;
  api::VersionInfo version_;
  std::string label_;
  std::vector<std::size_t> sources_;
  std::vector<std::string> y_true_labels_;
  std::vector<double> y_true_values_;
  std::vector<double> outputs_;  // probabilities or values, in row order
  std::vector<PlotData> plots_;
  std::size_t scored_ = 0, handed_out_ = 0;
  std::string error_;
  nlohmann::json metrics_ = nullptr;
};

}  // namespace mlgate::client
